"""Claims grouped by (subject, about) and classified as SPEC section 3 says."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lines

from dossier.claims import ContradictionKind, classify
from dossier.pipeline import check
from dossier.values import parse_value

VALID = Path(__file__).parent / "sites" / "valid"


def contradictions(dossier):
    return {(c.subject, c.about): c.kind for c in dossier.claims.contradictions}


def test_harbour_fixture_checks_clean_and_finds_each_kind():
    dossier = check(VALID / "harbour")
    assert lines(dossier) == []
    assert contradictions(dossier) == {
        # {min: 4} and 6 overlap without being equal
        ("harbour-fire", "dead"): ContradictionKind.DISCREPANCY,
        # [20, 30] and {max: 15} cannot both be true
        ("harbour-fire", "injured"): ContradictionKind.CONFLICT,
        # 2020-08-04 lies inside 2020-08, claimed from inside a source entry
        ("harbour-fire", "started"): ContradictionKind.DISCREPANCY,
    }
    held = [c for c in dossier.claims.claims if c.holder == "hospital-report"]
    assert [(c.subject, c.sources) for c in held] == [
        ("harbour-fire", ("hospital-report", "harbour-watch"))
    ]
    dead = next(c for c in dossier.claims.contradictions if c.about == "dead")
    assert dead.assessment is not None
    assert str(dead.assessment.preferred) == "6"


SOURCES = {
    "content/sources/ministry.yml": "title: Ministry statement\nkind: statement\n",
    "content/sources/wire.yml": "title: Wire story\nkind: news\nvia: [ministry]\n",
    "content/sources/paper.yml": "title: Paper\nkind: news\nvia: [wire]\n",
    "content/sources/blog.yml": "title: Blog\nkind: social\n",
}


def test_strings_booleans_and_years(checked):
    dossier = checked(
        SOURCES
        | {
            "content/incidents/raid.yml": """
            title: Raid
            date: 2016-05-01T04:00:00+02:00
            claims:
              - {about: cause, value: "Lack of  coordination", sources: [ministry, blog]}
              - {about: cause, value: "lack of coordination", sources: [paper, wire]}
              - {about: civilian-target, value: true, sources: [ministry, blog]}
              - {about: civilian-target, value: false, sources: [paper, blog]}
              - {about: earlier-strike, value: 2015, sources: [ministry, blog]}
              - {about: earlier-strike, value: '2016', sources: [paper, blog]}
              - {about: earlier-strike-day, value: 2015, sources: [ministry, blog]}
              - {about: earlier-strike-day, value: '2015-11-24', sources: [paper, blog]}
            assessments:
              - {about: civilian-target, note: The ministry retracted.}
              - {about: earlier-strike, note: It was 2015., preferred: '2015-11-24'}
              - {about: earlier-strike-day, note: Same year.}
            """,
        }
    )
    assert lines(dossier) == []
    assert contradictions(dossier) == {
        ("raid", "civilian-target"): ContradictionKind.CONFLICT,
        ("raid", "earlier-strike"): ContradictionKind.CONFLICT,
        ("raid", "earlier-strike-day"): ContradictionKind.DISCREPANCY,
    }


def test_claims_held_in_sources_join_the_subjects_group(checked):
    dossier = checked(
        SOURCES
        | {
            "content/incidents/raid.yml": """
            title: Raid
            claims: [{about: killed, value: 3, sources: [ministry, paper]}]
            """,
            "content/sources/blog.yml": """
            title: Blog
            claims:
              - {subject: raid, about: killed, value: 7, sources: [wire]}
            """,
        }
    )
    assert contradictions(dossier) == {("raid", "killed"): ContradictionKind.CONFLICT}
    blog = next(c for c in dossier.claims.claims if c.holder == "blog")
    assert blog.sources == ("blog", "wire")
    assert lines(dossier) == [
        "content/incidents/raid.yml:2:10: warning: conflict on 'killed' of 'raid' has no "
        "assessment; add one under 'assessments:' in the entry 'raid' [unassessed]",
    ]


CONTESTED_RAID = """
title: Raid
claims:
  - {about: killed, value: 3, sources: [ministry]}
  - {about: killed, value: 5, sources: [blog, paper]}
  - {about: wounded, value: 2, sources: [wire]}
"""


def test_single_source_is_flagged_only_when_contradicted(checked):
    dossier = checked(SOURCES | {"content/incidents/raid.yml": CONTESTED_RAID})
    assert lines(dossier) == [
        "content/incidents/raid.yml:3:5: warning: 'killed' = 3 rests on one source "
        "('ministry') and other claims contradict it; add a second source, or weigh it in "
        "an assessment [single-source]",
        "content/incidents/raid.yml:3:5: warning: conflict on 'killed' of 'raid' has no "
        "assessment; add one under 'assessments:' in the entry 'raid' [unassessed]",
    ]


def test_an_assessment_answers_the_single_source_warning(checked):
    assessed = CONTESTED_RAID + (
        "assessments:\n  - {about: killed, note: The ministry's figure is the only official one.}\n"
    )
    assert lines(checked(SOURCES | {"content/incidents/raid.yml": assessed})) == []


def test_agreeing_claims_are_no_contradiction(checked):
    dossier = checked(
        SOURCES
        | {
            "content/incidents/raid.yml": """
            title: Raid
            claims:
              - {about: killed, value: 3, sources: [ministry]}
              - {about: killed, value: 3, sources: [blog]}
              - {about: killed, value: [3, 3], sources: [paper, wire]}
            """,
        }
    )
    assert dossier.claims.contradictions == []
    assert lines(dossier) == []


def test_claims_are_numbered_in_subject_about_file_order(checked):
    dossier = checked(
        SOURCES
        | {
            "content/incidents/b-raid.yml": """
            title: B
            claims: [{about: z, value: 1, sources: [blog]}, {about: a, value: 1, sources: [blog]}]
            """,
            "content/incidents/a-raid.yml": """
            title: A
            claims: [{about: m, value: 1, sources: [wire]}]
            """,
        }
    )
    order = [(c.position, c.subject, c.about) for c in dossier.claims.claims]
    assert order == [(0, "a-raid", "m"), (1, "b-raid", "a"), (2, "b-raid", "z")]


@pytest.mark.parametrize(
    ("raws", "kind"),
    [
        ([3, 3.0, [3, 3]], None),
        ([2015, "2015", [2015, 2015]], None),
        ([3, 3.0, [3, 4]], ContradictionKind.DISCREPANCY),
        ([3, 3.0, 5], ContradictionKind.CONFLICT),
        # The number 2015 says the same as the date 2015, but only the number cannot be 500.
        (["2015", 2015, 500], ContradictionKind.CONFLICT),
        (["2015", 500], ContradictionKind.DISCREPANCY),
    ],
)
def test_classify_weighs_each_form_of_a_value(raws, kind):
    assert classify([parse_value(r) for r in raws]) is kind
