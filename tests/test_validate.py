"""Schema errors, each at its key or value, one problem reported once."""

from __future__ import annotations

import pytest
from conftest import lines


def test_a_misspelt_required_key_is_one_problem(checked):
    dossier = checked(
        {
            "content/sources/s.yml": "title: S\n",
            "content/incidents/i.yml": (
                "title: I\nclaims:\n  - {about: x, vaule: 3, sources: [s]}\n"
            ),
        }
    )
    assert lines(dossier) == [
        "content/incidents/i.yml:3:16: error: unknown key 'vaule' (did you mean 'value'?) "
        "[unknown-key]",
    ]


def test_a_mapping_where_a_union_wants_text_or_a_list(checked):
    # found by hypothesis: pydantic's union labels are not keys of the mapping
    dossier = checked({"content/sources/a.md": "---\ntitle: A\nauthor: {}\n---\n"})
    assert lines(dossier) == [
        "content/sources/a.md:3:9: error: author: expected text, got a mapping [invalid-value]",
    ]


def test_every_problem_of_an_entry_is_reported_at_once(checked):
    dossier = checked(
        {"content/actors/a.yml": "name: A\nkind: persn\ncountry: tr\npart_of: 3\nsumary: x\n"}
    )
    assert [line.split(": error: ")[1] for line in lines(dossier)] == [
        "kind: expected one of person, organization, state, armed-group, media, other; "
        "got 'persn' (did you mean 'person'?) [invalid-value]",
        "country: 'tr' is not an ISO 3166-1 alpha-2 country code (did you mean 'TR'?) "
        "[invalid-value]",
        "part_of: expected text, got the number 3; put the text in quotes if you meant it "
        "[invalid-value]",
        "unknown key 'sumary' (did you mean 'summary'?) [unknown-key]",
    ]


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("title: '   '", "title: cannot be empty"),
        (
            "title: yes",
            "title: expected text, got the boolean true: YAML reads yes, no, on, off, true "
            "and false as booleans; put the text in quotes if you meant it",
        ),
        (
            "title: S\nsummary: 1.5",
            "summary: expected text, got the number 1.5; put the text in quotes",
        ),
        (
            "title: S\naliases: [a, ~]",
            "aliases[1]: expected text, got nothing (null); put the text",
        ),
        ("title: S\naliases: ['  ']", "aliases[0]: cannot be empty"),
        (
            "title: S\ntags: [Bad Tag]",
            "tags[0]: 'Bad Tag' is not a valid id: use lowercase letters",
        ),
        ('title: S\nvia: ["s\\n"]', "via[0]: 's\\n' is not a valid id"),
        ("title: S\nurl: 3", "url: expected text, got the number 3; put the text in quotes"),
        (
            "title: S\nlanguage: no",
            "language: expected text, got the boolean false: YAML reads yes",
        ),
        (
            "title: S\nclaims: [{about: Killed, value: 3}]",
            "claims[0].about: 'Killed' is not a valid id",
        ),
    ],
)
def test_text_and_ids_are_checked_with_an_editors_explanation(checked, yaml, message):
    dossier = checked({"content/sources/s.yml": yaml + "\n"})
    (line,) = lines(dossier)
    assert line.split(": error: ")[1].startswith(message), line
    assert line.endswith("[invalid-value]")
