"""The page cache (docs/cache.md): a build with the cache renders only the pages whose
recorded facts changed and takes the others from the last site, and writes byte for byte
the site a cold build writes. Each case edits something (a body, a title, a source, an
entry added or removed, a template, the config, an image, the clock past an embargo),
builds warm and cold, and compares the two sites file by file; a page cache that cannot
be trusted, or a page touched in the site, is a render."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import caches
import pytest
from caches import EMBARGOED, HARBOUR, edit, png, same_as_cold
from conftest import snapshot
from gitrepo import GitRepo

from dossier.buildcache import FOLDER, BuildCache
from dossier.digest import Undigestable, digest
from dossier.pipeline import build as pipeline_build
from dossier.render import PACKAGE_THEMES

ROOT = Path(__file__).parent.parent
PAGES = re.compile(r"pages: ([\d,]+) rendered, ([\d,]+) kept from the last build")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(HARBOUR, project)
    return project


def build(project: Path, out: Path, *more: str, **env: str) -> str:
    """A build as a user runs it, with `--verbose`: what it printed on stderr (every fact
    had a digest)."""
    err = caches.build(project, out, *more, **env)
    assert "has no digest" not in err
    return err


def pages(err: str) -> tuple[int, int]:
    """How many pages were rendered and kept, as `--verbose` says it."""
    found = PAGES.search(err)
    assert found is not None, err
    rendered, kept = found.groups()
    return int(rendered.replace(",", "")), int(kept.replace(",", ""))


def page_cache(project: Path) -> Path:
    (found,) = (project / FOLDER).glob("pages-*.cache")
    return found


def test_a_warm_build_after_each_edit_is_a_cold_one(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert pages(build(project, out))[1] == 0
    same_as_cold(project, out, tmp_path, "first")
    template = project / "themes" / "default" / "templates" / "page.html"
    about, method, note = (
        "content/pages/about.md",
        "content/pages/method.md",
        "content/sources/note.yml",
    )
    photo = "A small fixture.\n\n![A photo](../../media/photo.png)"

    def write(rel: str, text: str) -> None:
        (project / rel).write_text(text, encoding="utf-8")

    def template_edit() -> None:
        template.parent.mkdir(parents=True, exist_ok=True)
        text = (PACKAGE_THEMES / "default" / "templates" / "page.html").read_text("utf-8")
        write(str(template), text.replace("</article>", "<p>Edited.</p></article>"))

    def image() -> None:
        png(project / "media" / "photo.png", (40, 30))
        edit(project, about, "A small fixture.", photo)

    edits: list[tuple[str, Callable[[], object], int | str]] = [
        # (what, the edit, how many pages it renders: a number, "some" or "all")
        ("prose", lambda: edit(project, about, "A fixture.", "A small fixture."), 1),
        (
            "title",
            lambda: edit(project, "content/actors/fire-brigade.yml", "Fire", "Harbour"),
            "some",
        ),
        (
            "source",
            lambda: edit(project, "content/sources/daily-courier.yml", "Daily ", "The "),
            "some",
        ),
        ("added", lambda: write(note, "title: A note\nkind: document\n"), "some"),
        ("removed", lambda: (project / note).unlink(), "some"),
        (
            "a page, in every page's menu",
            lambda: write(method, "---\ntitle: M\n---\nHow.\n"),
            "all",
        ),
        ("a page removed", lambda: (project / method).unlink(), "all"),
        ("template", template_edit, "all"),
        ("config", lambda: edit(project, "dossier.yml", "A fixture dossier", "A dossier"), "all"),
        ("image", image, 1),
        ("image size", lambda: png(project / "media" / "photo.png", (60, 30)), 1),
    ]
    for name, change, expected in edits:
        change()
        rendered, kept = pages(build(project, out))
        if expected == "all":
            assert kept == 0, name
        elif expected == "some":
            assert 1 < rendered < rendered + kept, name
        else:
            assert rendered == expected, name
        same_as_cold(project, out, tmp_path, name)
    assert b'width="60"' in (out / "pages" / "about.html").read_bytes()


def test_a_prose_edit_renders_one_page_and_a_title_more(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    total, _ = pages(build(project, out))
    edit(project, "content/incidents/harbour-fire.md", "through the night", "all night")
    assert pages(build(project, out)) == (1, total - 1)
    edit(project, "content/actors/port-authority.yml", "name: ", "name: The ")
    rendered, kept = pages(build(project, out))
    assert 1 < rendered < total and rendered + kept == total
    # Nothing changed in the content, a page touched in the site: that page alone.
    before = (out / "pages" / "about.html").read_bytes()
    (out / "pages" / "about.html").write_bytes(before.replace(b"fixture", b"FIXTURE"))
    assert pages(build(project, out)) == (1, total - 1)
    assert (out / "pages" / "about.html").read_bytes() == before
    same_as_cold(project, out, tmp_path, "touched")


def test_kept_pages_are_the_old_files_and_the_old_site_is_never_written(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(project, out)
    held = tmp_path / "held"  # a second name for each file of the old site, to look at after
    old: dict[str, bytes] = {}
    for path in out.rglob("*"):
        if path.is_file():
            rel = path.relative_to(out).as_posix()
            (held / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, held / rel)
            old[rel] = path.read_bytes()
    edit(project, "content/pages/about.md", "A fixture.", "A small fixture.")
    rendered, kept = pages(build(project, out))
    assert rendered == 1 and kept > 1
    assert snapshot(held) == old  # not one byte of the old site's files written through
    linked = [
        rel
        for rel in old
        if rel.endswith(".html") and (out / rel).stat().st_ino == (held / rel).stat().st_ino
    ]
    assert len(linked) == kept and "pages/about.html" not in linked
    same_as_cold(project, out, tmp_path, "linked")


def test_a_page_cache_that_cannot_be_trusted_is_ignored(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    total, _ = pages(build(project, out))
    cache = page_cache(project)
    good = json.loads(cache.read_bytes())
    url = "pages/about.html"
    bad_pages = [
        good["pages"] | {url: ["view", [99999], [], None, None, [1, 2]]},
        good["pages"] | {url: ["view", [0], [[1, 2]], None, None, [1, 2]]},
        good["pages"] | {url: ["view", [0], [], None, [-1, 2, "x"], [1, 2]]},
        good["pages"] | {url: ["short"]},
    ]
    for number, bad in enumerate(
        [
            b"\x00\xff not json",
            cache.read_bytes()[: len(cache.read_bytes()) // 2],
            b"[]",
            json.dumps(good | {"format": 99}).encode(),
            json.dumps(good | {"version": "0.0.1"}).encode(),
            json.dumps(good | {"key": "another"}).encode(),
            json.dumps(good | {"facts": [["link", 3, None]]}).encode(),
            json.dumps(good | {"index": "everything"}).encode(),
            *(json.dumps(good | {"pages": p}).encode() for p in bad_pages),
        ]
    ):
        cache.write_bytes(bad)
        edit(project, "content/pages/about.md", "A fixture", f"A fixture {number}")
        err = build(project, out)
        assert "page cache ignored" in err, number
        assert pages(err) == (total, 0), number
        same_as_cold(project, out, tmp_path, str(number))


def test_a_fact_whose_value_changed_is_a_render(project: Path, tmp_path: Path) -> None:
    """The digests in the file are checked, not trusted: a wrong one is a render."""
    out = tmp_path / "site"
    total, _ = pages(build(project, out))
    cache = page_cache(project)
    found = json.loads(cache.read_bytes())
    about = found["pages"]["pages/about.html"]
    link = found["facts"][about[1][0]]
    link[2] = "0" * 32
    cache.write_bytes(json.dumps(found).encode())
    (out / "stray.txt").write_text("so that the build cache misses", encoding="utf-8")
    readers = [url for url, page in found["pages"].items() if about[1][0] in page[1]]
    assert pages(build(project, out)) == (len(readers), total - len(readers))
    assert 1 <= len(readers) < total
    same_as_cold(project, out, tmp_path, "digest")


def test_a_stand_in_shows_the_grades_of_the_source_it_stands_for(
    project: Path, tmp_path: Path
) -> None:
    """An internal source's stand-in keeps its id and title while the source's grades
    change: the pages that cite it are rendered again, and the source's title is nowhere."""
    out = tmp_path / "site"
    city_hall = "content/sources/city-hall.yml"
    build(project, out)
    edit(project, city_hall, "reliability: B", "visibility: internal\nreliability: B")
    build(project, out)
    same_as_cold(project, out, tmp_path, "internal")
    edit(project, city_hall, "reliability: B", "reliability: E")
    assert pages(build(project, out))[0] > 0
    same_as_cold(project, out, tmp_path, "graded")
    shown = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"reliability E" in shown and b"Statement on the harbour fire" not in shown


def test_an_internal_claim_edited_is_no_render(project: Path, tmp_path: Path) -> None:
    """An entry whose public data is not the data read from its text (an internal claim
    taken out) is compared by that public data: an edit of what the public cannot see
    renders nothing, and an edit of what it can renders its pages."""
    out = tmp_path / "site"
    fire = "content/incidents/harbour-fire.md"
    secret = "  - {about: dead, value: 9, sources: [city-hall], visibility: internal}\n"
    edit(project, fire, "claims:\n", "claims:\n" + secret)
    total, _ = pages(build(project, out))
    same_as_cold(project, out, tmp_path, "internal claim")
    edit(project, fire, "value: 9,", "value: 11,")
    assert pages(build(project, out)) == (0, total)
    same_as_cold(project, out, tmp_path, "internal claim edited")
    edit(project, fire, "value: 6\n", "value: 7\n")
    rendered, kept = pages(build(project, out))
    assert rendered > 0 and rendered + kept == total
    same_as_cold(project, out, tmp_path, "public claim edited")
    shown = b"".join(p.read_bytes() for p in out.rglob("*.html"))
    assert b">11<" not in shown


def test_an_embargo_that_lifts_renders_again(project: Path, tmp_path: Path) -> None:
    """The same options (no `--clock`), the clock past an embargo: a full render."""
    (project / "content" / "incidents" / "night-blast.md").write_text(EMBARGOED, encoding="utf-8")
    out = tmp_path / "site"
    store = BuildCache.start(project, out, None, audience="public", history=True, clock=None).pages
    early, late = datetime(2029, 12, 31, tzinfo=UTC), datetime(2030, 1, 2, tzinfo=UTC)
    pipeline_build(project, out, clock=early, pages=store)
    assert not (out / "incidents" / "night-blast.html").exists()
    pipeline_build(project, out, clock=late, pages=store)
    assert (out / "incidents" / "night-blast.html").exists()
    cold = tmp_path / "cold"
    pipeline_build(project, cold, clock=late)
    assert snapshot(out) == snapshot(cold)
    # and with `--clock` as a user gives it
    build(project, out, "--clock", "2029-12-31T00:00:00+00:00")
    build(project, out, "--clock", "2030-01-02T00:00:00+00:00")
    same_as_cold(project, out, tmp_path, "clock", "--clock", "2030-01-02T00:00:00+00:00")


def test_the_history_is_facts_too(tmp_path: Path) -> None:
    """A commit that corrects a figure changes the pages that show the history."""
    repo = GitRepo(tmp_path / "project")
    shutil.copytree(HARBOUR, repo.root, dirs_exist_ok=True)
    repo.commit("First account", "2024-01-02T10:00:00+00:00")
    out = tmp_path / "site"
    total, _ = pages(build(repo.root, out))
    repo.edit("content/incidents/harbour-fire.md", "value: 6", "value: 7")
    repo.commit("The hospital revises its count", "2024-01-03T10:00:00+00:00")
    build(repo.root, out)  # the first correction: every page's menu links the corrections
    same_as_cold(repo.root, out, tmp_path, "corrected")
    repo.edit("content/incidents/harbour-fire.md", "value: 7", "value: 8")
    repo.commit("And again", "2024-01-03T11:00:00+00:00")
    rendered, _ = pages(build(repo.root, out))
    assert 1 < rendered < total
    same_as_cold(repo.root, out, tmp_path, "corrected again")
    repo.commit("Nothing but a commit", "2024-01-04T10:00:00+00:00")
    build(repo.root, out)
    same_as_cold(repo.root, out, tmp_path, "committed")


def test_the_render_cache_keeps_the_bodies_of_kept_pages(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    edit(project, "content/pages/about.md", "A fixture.", "A small fixture.")
    err = build(project, out)
    assert "render cache: 2 hits, 1 miss (1 new)" in err
    (render,) = (project / FOLDER).glob("render-*.cache")
    with render.open("rb") as file:
        file.readline()
        assert len(json.loads(file.readline())) == 3  # the three bodies, kept or not
    edit(project, "content/incidents/harbour-fire.md", "through the night", "all night")
    assert "render cache: 2 hits, 1 miss (1 new)" in build(project, out)


def test_no_cache_writes_no_page_cache_and_spawned_workers_record(
    project: Path, tmp_path: Path
) -> None:
    build(project, tmp_path / "a", "--no-cache")
    assert not (project / FOLDER).exists()
    out = tmp_path / "b"
    total, _ = pages(build(project, out, DOSSIER_START="spawn"))
    edit(project, "content/pages/about.md", "A fixture.", "A small fixture.")
    assert pages(build(project, out, DOSSIER_START="spawn")) == (1, total - 1)
    same_as_cold(project, out, tmp_path, "spawned")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("a", "b"), ("ab",)),
        ([1], (1,)),
        ({1: 2}, {(1, 2)}),
        (True, 1),
        ("1", 1),
        (1, 1.0),
        (None, "N"),
        ({"a": None}, {"a": "N"}),
        (b"x", "x"),
    ],
)
def test_different_values_have_different_digests(one: object, other: object) -> None:
    assert digest(one) != digest(other)


def test_a_digest_is_the_same_in_every_process() -> None:
    """`repr` of a set is not: its order follows the hashes of its strings."""
    code = (
        "from dossier.digest import digest; "
        "print(digest([{'alpha', 'beta', 'gamma', 'delta'}, frozenset({'x', 'y'}),"
        " {'k': {'b', 'a'}, 'j': 1}]))"
    )
    found = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ | {"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(found) == 1


def test_a_value_of_an_unknown_type_has_no_digest() -> None:
    with pytest.raises(Undigestable):
        digest([object()])
