"""The history of internal material never reaches the public site (SPEC §9, §11).

Each commit below changes something the public must not learn of: an internal claim of a
public entry, a claim in an internal entry, a claim in an embargoed entry, a claim resting
on a confidential source. The values and the commit messages of those commits carry
canaries; the public site (every file of it, the feed included) holds none, and the
internal site holds them all. A public correction made in the same dossier still shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import GitRepo
from test_history import corrections_of, last_changed

from dossier.audience import Audience
from dossier.pipeline import build

CLOCK = "2017-06-01T00:00:00+00:00"
FILES = {
    "dossier.yml": "title: Audiences\n",
    "content/sources/wire.yml": "title: Wire report\npublisher: Wire\n",
    "content/sources/mole.yml": "title: Mole\nkind: other\nreliability: B\nvisibility: internal\n",
    "content/incidents/open.yml": """
        title: Open incident
        date: 2017-01-01
        claims:
          - {about: killed, value: 3, sources: [wire]}
          - {about: secret-count, value: CANARY-CLAIM-OLD, sources: [wire], visibility: internal}
          - {about: tip, value: CANARY-MOLE-OLD, sources: [mole]}
        """,
    "content/incidents/hidden.yml": """
        title: CANARY-HIDDEN-TITLE
        visibility: internal
        claims:
          - {about: killed, value: CANARY-HIDDEN-OLD, sources: [wire]}
        """,
    "content/incidents/scoop.yml": """
        title: CANARY-SCOOP-TITLE
        embargo: 2030-01-01T00:00:00+00:00
        claims:
          - {about: killed, value: CANARY-SCOOP-OLD, sources: [wire]}
        """,
}


def internal_edits(repo: GitRepo) -> None:
    """Four commits, each touching internal material only."""
    inc = "content/incidents/"
    repo.edit(inc + "open.yml", "CANARY-CLAIM-OLD", "CANARY-CLAIM-NEW")
    repo.commit("CANARY-MSG-1 internal figure", "2017-02-02T12:00:00+00:00")
    repo.edit(inc + "hidden.yml", "CANARY-HIDDEN-OLD", "CANARY-HIDDEN-NEW")
    repo.commit("CANARY-MSG-2 internal entry", "2017-02-03T12:00:00+00:00")
    repo.edit(inc + "scoop.yml", "CANARY-SCOOP-OLD", "CANARY-SCOOP-NEW")
    repo.commit("CANARY-MSG-3 embargoed entry", "2017-02-04T12:00:00+00:00")
    repo.edit(inc + "open.yml", "CANARY-MOLE-OLD", "CANARY-MOLE-NEW")
    repo.commit("CANARY-MSG-4 confidential source", "2017-02-05T12:00:00+00:00")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("audience") / "dossier")
    repo.commit("First", "2017-02-01T12:00:00+00:00", FILES)
    internal_edits(repo)
    repo.edit("content/incidents/open.yml", "value: 3,", "value: 4,")
    repo.commit("The wire revises the toll", "2017-02-06T12:00:00+00:00")
    return repo


def built(repo: GitRepo, audience: Audience, name: str) -> Path:
    from datetime import datetime

    out = repo.root.parent / name
    dossier = build(repo.root, out, audience=audience, clock=datetime.fromisoformat(CLOCK))
    assert dossier.report.errors == 0, [d.text() for d in dossier.report.sorted()]
    return out


def every_file(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*"))
        if p.is_file()
    )  # fmt: skip


CANARIES = [
    *("CANARY-CLAIM-OLD", "CANARY-CLAIM-NEW", "CANARY-HIDDEN-OLD", "CANARY-HIDDEN-NEW"),
    *("CANARY-SCOOP-OLD", "CANARY-SCOOP-NEW", "CANARY-MOLE-OLD"),
    *("CANARY-MSG-1", "CANARY-MSG-2", "CANARY-MSG-3", "CANARY-MSG-4"),
    *("CANARY-HIDDEN-TITLE", "CANARY-SCOOP-TITLE"),
]


def test_the_public_site_shows_no_history_of_internal_material(repo):
    site = built(repo, Audience.PUBLIC, "public")
    text = every_file(site)
    for canary in CANARIES:
        assert canary not in text, canary
    # What the public does see: the one public correction, and the confidential source's
    # claim as it stands today (its history is not shown).
    page = (site / "corrections.html").read_text()
    assert corrections_of(page) == [
        ("open:killed", "2017-02-06", "Killed", "3", "4", "The wire revises the toll")
    ]
    assert "CANARY-MOLE-NEW" in (site / "incidents" / "open.html").read_text()
    assert "The wire revises the toll" in (site / "feed.xml").read_text()


def test_the_internal_site_shows_the_whole_history(repo):
    site = built(repo, Audience.INTERNAL, "internal")
    page = (site / "corrections.html").read_text()
    hooks = [(c[0], c[3], c[4]) for c in corrections_of(page)]
    assert hooks == [
        ("open:killed", "3", "4"),
        ("open:tip", "CANARY-MOLE-OLD", "CANARY-MOLE-NEW"),
        ("scoop:killed", "CANARY-SCOOP-OLD", "CANARY-SCOOP-NEW"),
        ("hidden:killed", "CANARY-HIDDEN-OLD", "CANARY-HIDDEN-NEW"),
        ("open:secret-count", "CANARY-CLAIM-OLD", "CANARY-CLAIM-NEW"),
    ]
    for n in range(1, 5):
        assert f"CANARY-MSG-{n}" in page


def test_a_commit_that_changed_only_internal_material_dates_nothing_publicly(tmp_path):
    repo = GitRepo(tmp_path / "d")
    repo.commit("First", "2017-02-01T12:00:00+00:00", FILES)
    repo.edit("content/incidents/open.yml", "CANARY-CLAIM-OLD", "CANARY-CLAIM-NEW")
    repo.commit("CANARY-MSG-1 internal figure", "2017-02-02T12:00:00+00:00")
    public = built(repo, Audience.PUBLIC, "public")
    internal = built(repo, Audience.INTERNAL, "internal")
    assert last_changed((public / "incidents" / "open.html").read_text()) == ["2017-02-01"]
    assert last_changed((internal / "incidents" / "open.html").read_text()) == ["2017-02-02"]
    assert "Corrections</a>" not in (public / "index.html").read_text()
    assert "CANARY" not in every_file(public).replace("CANARY-MOLE-OLD", "")
    # A claim resting on a confidential source is public as it stands: when its value
    # changes, the page changes, and says when (but lists no correction).
    repo.edit("content/incidents/open.yml", "CANARY-MOLE-OLD", "CANARY-MOLE-NEW")
    repo.commit("CANARY-MSG-4 confidential source", "2017-02-05T12:00:00+00:00")
    public = built(repo, Audience.PUBLIC, "public")
    assert last_changed((public / "incidents" / "open.html").read_text()) == ["2017-02-05"]
    assert corrections_of((public / "corrections.html").read_text()) == []


def test_a_claim_made_internal_is_withdrawn_for_the_public_only(tmp_path):
    repo = GitRepo(tmp_path / "d")
    repo.commit("First", "2017-02-01T12:00:00+00:00", FILES)
    repo.edit("content/incidents/open.yml", "value: 3, sources: [wire]}",
              "value: 3, sources: [wire], visibility: internal}")  # fmt: skip
    repo.commit("Hold the toll back", "2017-02-02T12:00:00+00:00")
    public = (built(repo, Audience.PUBLIC, "public") / "corrections.html").read_text()
    internal = (built(repo, Audience.INTERNAL, "internal") / "corrections.html").read_text()
    # Now internal, its history is internal too: the public sees nothing of it.
    assert corrections_of(public) == []
    assert corrections_of(internal) == []  # the same value: no correction


def test_an_embargo_lifted_shows_only_corrections_made_once_it_was_public(tmp_path):
    repo = GitRepo(tmp_path / "d")
    files = dict(FILES)
    files["content/incidents/scoop.yml"] = files["content/incidents/scoop.yml"].replace(
        "2030-01-01", "2017-03-01"
    )
    repo.commit("First", "2017-02-01T12:00:00+00:00", files)
    repo.edit("content/incidents/scoop.yml", "CANARY-SCOOP-OLD", "DRAFT-TWO")
    repo.commit("Before the story runs", "2017-02-10T12:00:00+00:00")
    repo.edit("content/incidents/scoop.yml", "DRAFT-TWO", "AFTER-RUN")
    repo.commit("After the story ran", "2017-03-10T12:00:00+00:00")
    site = built(repo, Audience.PUBLIC, "public")
    assert corrections_of((site / "corrections.html").read_text()) == [
        ("scoop:killed", "2017-03-10", "Killed", "DRAFT-TWO", "AFTER-RUN", "After the story ran")
    ]
    assert "CANARY-SCOOP-OLD" not in every_file(site)
