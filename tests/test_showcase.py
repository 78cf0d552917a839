"""The al-Bab dossier in content/: the showcase must stay clean and keep its contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.check import Dossier
from dossier.kinds import Kind
from dossier.pipeline import check

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def showcase() -> Dossier:
    return check(ROOT)


def test_checks_clean_even_under_strict(showcase):
    assert [d.text() for d in showcase.report.sorted()] == []


def test_keeps_the_disagreements_of_the_seed_reports(showcase):
    groups = {
        (c.subject, c.about): (
            c.kind,
            sorted(str(showcase.claims.claims[i].value) for i in c.claims),
        )
        for c in showcase.claims.contradictions
    }
    assert groups[("al-bab-airstrike-2017", "killed")] == ("conflict", ["3", "5"])
    assert groups[("al-bab-airstrike-2017", "wounded")] == ("discrepancy", ["10–11", "11"])
    kind, values = groups[("russian-jet-shootdown-2015", "date")]
    assert kind == "conflict"
    assert {"2015", "2016"} <= set(values)
    for contradiction in showcase.claims.contradictions:
        assert contradiction.assessment is not None


def test_every_source_is_cited(showcase):
    sources = {e.id for e in showcase.entries.values() if e.kind is Kind.SOURCE}
    cited = set(showcase.links.citations) | {
        c.holder for c in showcase.claims.claims if c.holder in sources
    }
    assert sources - cited == set()


def test_names_are_spelled_as_their_owners_spell_them(showcase):
    erdogan = showcase.entries["recep-tayyip-erdogan"]
    assert erdogan.title == "Recep Tayyip Erdoğan"
    assert "Erdogan" in erdogan.data.aliases
    yildirim = showcase.entries["binali-yildirim"]
    assert yildirim.title == "Binali Yıldırım"
    assert "Yildirim" in yildirim.data.aliases
