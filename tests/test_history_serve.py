"""`serve` and the history: read once at start, then only the commits made since; after each
rebuild the site is, byte for byte, the one a fresh build of the same commit writes."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest
from gitrepo import GitRepo
from test_history import RAID, SOURCES, STRIKE, S
from test_incremental import differences, files

from dossier import gitlog
from dossier.incremental import SiteBuilder
from dossier.pipeline import build

_CLOCK = itertools.count(time.time_ns(), 10**9)


def touch(path: Path) -> None:
    """A later modification time: a rebuild never misses an edit of the same size."""
    stamp = next(_CLOCK)
    os.utime(path, ns=(stamp, stamp))


class Served:
    """A repository, the builder `serve` keeps for it, and fresh builds to compare with."""

    def __init__(self, folder: Path) -> None:
        self.repo = GitRepo(folder / "dossier")
        files_ = {"dossier.yml": "title: T\n", S: STRIKE, "content/incidents/raid.yml": RAID}
        self.repo.commit("first", "2017-02-09T10:00:00+03:00", files_ | SOURCES)
        self.folder = folder
        self.builder = SiteBuilder(self.repo.root, folder / "served")
        self.builds = itertools.count()
        assert self.builder.rebuild().full
        self.assert_fresh("the first build")

    def edit(self, rel: str, old: str, new: str) -> None:
        self.repo.edit(rel, old, new)
        touch(self.repo.root / rel)

    def assert_fresh(self, what: str) -> None:
        out = self.folder / f"fresh-{next(self.builds)}"
        assert build(self.repo.root, out).report.errors == 0
        served, fresh = files(self.folder / "served"), files(out)
        assert served == fresh, f"after {what}:\n{differences(served, fresh)}"


@pytest.fixture
def served(tmp_path: Path) -> Served:
    return Served(tmp_path)


def test_a_new_commit_rebuilds_exactly_the_pages_its_history_touches(served):
    served.edit(S, "value: 3, sources: [tsk]", "value: 5, sources: [tsk]")
    served.builder.rebuild()  # the save: the page shows 5, no correction yet
    served.repo.commit("TSK revises the toll", "2017-02-10T10:00:00+03:00")
    result = served.builder.rebuild()  # the commit: the first correction
    served.assert_fresh("the first correction")
    # The navigation gains "Corrections": every page is rendered again.
    assert len(result.pages) > 10
    served.edit(S, "[10, 20]", "[12, 15]")
    served.builder.rebuild()
    served.repo.commit("Narrowed", "2017-02-11T10:00:00+03:00")
    result = served.builder.rebuild()
    served.assert_fresh("a second correction")
    assert sorted(result.pages) == ["corrections.html", "incidents/strike.html"]


def test_an_edit_and_its_commit_in_one_rebuild(served):
    served.edit("content/incidents/raid.yml", "value: 4", "value: 6")
    served.repo.commit("Six arrested", "2017-02-12T10:00:00+03:00")
    served.builder.rebuild()
    served.assert_fresh("an edit committed before the rebuild")


def test_only_the_new_commits_are_read(served, monkeypatch):
    read: list[tuple[bytes | None, bytes | None]] = []
    original = gitlog.Repository.changes

    def counted(self, old, new):  # type: ignore[no-untyped-def]
        read.append((old, new))
        return original(self, old, new)

    monkeypatch.setattr(gitlog.Repository, "changes", counted)
    assert served.builder.rebuild().pages == []  # nothing new: nothing read
    assert read == []
    served.edit(S, "value: 3, sources: [tsk]", "value: 4, sources: [tsk]")
    served.repo.commit("one", "2017-02-10T10:00:00+03:00")
    served.edit(S, "value: 4, sources: [tsk]", "value: 5, sources: [tsk]")
    served.repo.commit("two", "2017-02-11T10:00:00+03:00")
    served.builder.rebuild()
    assert len(read) == 2  # the two new commits, not the first one again
    served.assert_fresh("two new commits")


def test_history_rewritten_is_read_again(served):
    served.edit(S, "value: 3, sources: [tsk]", "value: 5, sources: [tsk]")
    served.repo.commit("five", "2017-02-10T10:00:00+03:00")
    served.builder.rebuild()
    served.repo.git("reset", "-q", "--hard", "HEAD~1")
    touch(served.repo.root / S)
    served.builder.rebuild()
    served.assert_fresh("a reset to an older commit")
    assert "TSK revises" not in (served.folder / "served" / "corrections.html").read_text()


def test_serve_watches_the_repository_for_commits(served):
    watched = {path.name: recursive for path, recursive in gitlog.watched(served.repo.root)}
    assert watched == {".git": False, "refs": True}
