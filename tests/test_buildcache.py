"""The build cache (docs/cache.md): a build with nothing changed writes nothing and prints
what the last one printed; any change to what a build reads (an entry, a theme file, a
commit, the clock past an embargo, a file of the site itself) is a full build, and the
site is then byte for byte a cold build's. A manifest that cannot be trusted is ignored."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from caches import EMBARGOED, HARBOUR
from conftest import run_dossier, snapshot
from gitrepo import GitRepo

from dossier.buildcache import FOLDER, BuildCache

UP_TO_DATE = "nothing changed, the site in"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(HARBOUR, project)
    return project


def times(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*")}


def build(project: Path, out: Path, *more: str) -> tuple[str, str]:
    done = run_dossier("-v", "build", str(project), "--out", str(out), *more)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def cold(project: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """The site a build with no cache writes, in a folder of its own."""
    out = tmp_path / name
    build(project, out, "--no-cache")
    return snapshot(out)


def test_nothing_changed_writes_nothing_and_prints_the_same(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first_out, first_err = build(project, out)
    assert "cache     miss: no build of" in first_err
    before = times(out)
    again_out, again_err = build(project, out)
    assert "cache     hit" in again_err and UP_TO_DATE in again_err
    assert again_out == first_out  # the same warnings, on the same stream
    assert first_err.splitlines()[-1].split(";")[0] == again_err.splitlines()[-1].split(";")[0]
    assert times(out) == before  # not one file written, not even the folder swapped
    assert snapshot(out) == cold(project, tmp_path, "cold")


def test_every_edit_is_a_full_build_equal_to_a_cold_one(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    edits = [
        ("content/places/old-harbour.yml", "name: Old harbour", "name: Old harbour quay"),
        ("content/incidents/harbour-fire.md", "\n---\n", "\n---\nA first sentence.\n\n"),
        ("dossier.yml", "title: The harbour fire", "title: The harbour fire, again"),
    ]
    for number, (rel, old, new) in enumerate(edits):
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        _, err = build(project, out)
        assert f"cache     miss: changed: {rel}" in err
        assert snapshot(out) == cold(project, tmp_path, f"cold-{number}")
        _, err = build(project, out)
        assert "cache     hit" in err


def test_a_new_entry_and_a_removed_one_are_changes(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    new = project / "content" / "pages" / "method.md"
    new.write_text("---\ntitle: Method\n---\nHow we work.\n", encoding="utf-8")
    _, err = build(project, out)
    assert "changed: content/pages/method.md" in err
    assert "pages/method.html" in snapshot(out)
    new.unlink()
    _, err = build(project, out)
    assert "changed: content/pages/method.md" in err
    assert snapshot(out) == cold(project, tmp_path, "cold")


def test_a_theme_file_is_an_input(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    css = project / "themes" / "default" / "static" / "extra.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { margin: 0 }\n", encoding="utf-8")
    _, err = build(project, out)
    assert "changed: themes/default/static/extra.css" in err
    assert snapshot(out)["assets/extra.css"] == b"body { margin: 0 }\n"


def test_a_file_touched_in_the_site_is_put_right(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    (out / "stray.txt").write_text("left here", encoding="utf-8")
    _, err = build(project, out)
    assert "are not those the last build wrote" in err
    assert snapshot(out) == cold(project, tmp_path, "cold")


def test_a_new_commit_is_a_change(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "project")
    shutil.copytree(HARBOUR, repo.root, dirs_exist_ok=True)
    repo.commit("First account", "2024-01-02T10:00:00+00:00")
    out = tmp_path / "site"
    build(repo.root, out)
    _, err = build(repo.root, out)
    assert "cache     hit" in err
    repo.commit("Nothing but a commit", "2024-01-03T10:00:00+00:00")
    _, err = build(repo.root, out)
    assert "changed: HEAD" in err
    assert snapshot(out) == cold(repo.root, tmp_path, "cold")


def test_an_embargo_that_lifts_between_two_builds_is_a_change(
    project: Path, tmp_path: Path
) -> None:
    (project / "content" / "incidents" / "night-blast.md").write_text(EMBARGOED, encoding="utf-8")
    out = tmp_path / "site"
    early = datetime(2029, 12, 31, tzinfo=UTC)
    cache = BuildCache.start(project, out, None, audience="public", history=True, clock=None)
    assert cache.replay(early, strict=False) is None  # no build yet
    build(project, out)  # at the real clock, before the embargo ends
    cache = BuildCache.start(project, out, None, audience="public", history=True, clock=None)
    assert cache.replay(early, strict=False) is not None
    assert cache.replay(datetime(2030, 1, 1, 6, tzinfo=UTC), strict=False) is None


def test_an_untrustworthy_manifest_is_ignored(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    (manifest,) = (project / FOLDER).glob("build-*.json")
    good = json.loads(manifest.read_bytes())
    for bad in (
        b"\x00\xff not json",
        b'{"format": 1, "report": ',
        b"[]",
        json.dumps(good | {"format": 99}).encode(),
        json.dumps(good | {"version": "0.0.1"}).encode(),
        json.dumps(good | {"inputs": "everything"}).encode(),
        json.dumps(good | {"embargoes": [7], "report": None}).encode(),
    ):
        manifest.write_bytes(bad)
        done = run_dossier("-v", "build", str(project), "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr and "cache     hit" not in done.stderr
        assert "site written to" in done.stderr
    assert snapshot(out) == cold(project, tmp_path, "cold")


def test_strict_does_not_replay_warnings(project: Path, tmp_path: Path) -> None:
    unread = "title: An unread note\nkind: document\n"
    (project / "content" / "sources" / "unread.yml").write_text(unread, encoding="utf-8")
    out = tmp_path / "site"
    first, _ = build(project, out)
    assert "[uncited-source]" in first
    done = run_dossier("build", str(project), "--out", str(out), "--strict")
    assert done.returncode == 1 and "nothing was written" in done.stderr


def test_no_cache_and_a_cache_folder_of_ones_own(project: Path, tmp_path: Path) -> None:
    build(project, tmp_path / "a", "--no-cache")
    assert not (project / FOLDER).exists()
    elsewhere = tmp_path / "kept"
    build(project, tmp_path / "b", "--cache", str(elsewhere))
    assert not (project / FOLDER).exists() and len(list(elsewhere.glob("build-*.json"))) == 1
    _, err = build(project, tmp_path / "b", "--cache", str(elsewhere))
    assert "cache     hit" in err


def test_a_cache_that_cannot_be_written_costs_nothing_but_a_line(
    project: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = run_dossier(
        "build", str(project), "--out", str(tmp_path / "site"), "--cache", str(blocker / "x")
    )
    assert done.returncode == 0, done.stderr
    assert "build cache" in done.stderr and "could not be written" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
