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


def test_models_with_the_same_fields_given_share_one_set_of_them(checked):
    """pydantic keeps, per model, the set of fields given: tens of thousands of equal sets
    in a big dossier. Equal ones are one object; what each model says is unchanged, and a
    copy of a model has its own."""
    claim = "  - {about: killed, value: 3, sources: [s, t]}\n"
    dossier = checked(
        {
            "content/sources/s.yml": "title: S\nsummary: s\n",
            "content/sources/t.yml": "title: T\n",
            "content/incidents/a.yml": f"title: A\nclaims:\n{claim}",
            "content/incidents/b.yml": f"title: B\nclaims:\n{claim}{claim}",
        }
    )
    assert lines(dossier) == []
    a, b, s, t = (dossier.entries[i].data for i in "abst")
    claims = [*a.claims, *b.claims]
    assert all(one.model_fields_set is claims[0].model_fields_set for one in claims)
    assert claims[0].model_fields_set == {"about", "value", "sources"}
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == {"title", "claims"}
    assert s.model_fields_set is not t.model_fields_set
    assert s.model_dump(exclude_unset=True) == {"title": "S", "summary": "s"}
    assert t.model_dump(exclude_unset=True) == {"title": "T"}
    copy = t.model_copy(update={"summary": "u"})
    assert copy.model_fields_set is not t.model_fields_set
    assert t.model_fields_set == {"title"}
