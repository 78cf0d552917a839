"""The render cache (docs/cache.md): a body is parsed again only when something it shows
has changed, and every build, warm or not, writes byte for byte the site a cold build
writes. Each case edits what a body shows (its text, a linked entry's title, a cited
source, an image, the language), builds warm and cold, and compares the two sites; a
cache that cannot be trusted or written is ignored."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from caches import HARBOUR, build, edit, png, same_as_cold
from conftest import run_dossier, snapshot

from dossier.buildcache import FOLDER

COUNTS = re.compile(r"render cache: ([\d,]+) hits?, ([\d,]+) miss(?:es)?(?: \(([^)]*)\))?")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(HARBOUR, project)
    return project


def counts(err: str) -> tuple[int, int, str]:
    """The render cache's hits, misses and why, as `--verbose` says them."""
    found = COUNTS.search(err)
    assert found is not None, err
    hits, misses, why = found.groups()
    return int(hits.replace(",", "")), int(misses.replace(",", "")), why or ""


def render_cache(project: Path) -> Path:
    (found,) = (project / FOLDER).glob("render-*.cache")
    return found


def test_a_cold_build_then_a_warm_one_after_each_edit(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert counts(build(project, out)) == (0, 3, "3 new")
    edits = [
        # (file, old, new, the render cache's counts after it)
        ("content/pages/about.md", "A fixture.", "A small fixture.", (2, 1, "1 new")),
        # a title a body's [[fire-brigade]] shows
        ("content/actors/fire-brigade.yml", "Fire brigade", "Harbour brigade", (2, 1, "1 changed")),
        # a cited source's publisher, in the citation's label
        ("content/sources/daily-courier.yml", "Daily Courier", "The Courier", (2, 1, "1 changed")),
        # a summary, which no body shows
        ("content/places/old-harbour.yml", "country:", "summary: Quays.\ncountry:", (3, 0, "")),
    ]  # fmt: skip
    for number, (rel, old, new, expected) in enumerate(edits):
        edit(project, rel, old, new)
        assert counts(build(project, out)) == expected, rel
        same_as_cold(project, out, tmp_path, str(number))


def test_a_cited_source_made_internal_is_rendered_again(project: Path, tmp_path: Path) -> None:
    """The public sees an internal source as a stand-in: `data-cite="confidential"`."""
    out = tmp_path / "site"
    build(project, out)
    source = "content/sources/harbour-watch.yml"
    edit(project, source, "kind: social", "kind: social\nvisibility: internal")
    assert counts(build(project, out))[:2] == (2, 1)  # its stand-in's id is another
    assert b'data-cite="confidential"' in (out / "incidents" / "harbour-fire.html").read_bytes()
    same_as_cold(project, out, tmp_path, "internal")
    edit(project, source, "\nvisibility: internal", "")
    assert counts(build(project, out))[:2] == (2, 1)
    same_as_cold(project, out, tmp_path, "public")


def test_numbers_given_before_the_body_are_its_numbers(project: Path, tmp_path: Path) -> None:
    """The key figures cite first: their order of sources numbers the body's citations,
    which ask nothing else that changes."""
    out = tmp_path / "site"
    build(project, out)
    rel = "content/incidents/harbour-fire.md"
    first = "claims:\n  - {about: arrests, value: 2, sources: [harbour-watch]}"
    edit(project, rel, "claims:", first)
    assert counts(build(project, out)) == (2, 1, "1 changed")
    same_as_cold(project, out, tmp_path, "numbers")


def test_a_linked_entry_of_another_kind_has_another_address(project: Path, tmp_path: Path) -> None:
    """The same id and title in another folder: the link's `href` alone changes."""
    method = project / "content" / "pages" / "method.md"
    method.write_text("---\ntitle: Method\n---\nHow we work.\n", encoding="utf-8")
    edit(project, "content/pages/about.md", "A fixture.", "A fixture, made by [[method]].")
    out = tmp_path / "site"
    build(project, out)
    method.rename(project / "content" / "actors" / "method.md")
    assert counts(build(project, out)) == (2, 2, "1 changed, 1 new")
    assert b'href="../actors/method.html"' in (out / "pages" / "about.html").read_bytes()
    same_as_cold(project, out, tmp_path, "moved")


def test_an_image_of_another_size_is_rendered_again(project: Path, tmp_path: Path) -> None:
    png(project / "media" / "crater.png", (40, 30))
    shown = 'A fixture.\n\n![The crater](../../media/crater.png "From the east")\n'
    edit(project, "content/pages/about.md", "A fixture.", shown)
    out = tmp_path / "site"
    build(project, out)
    assert b'width="40" height="30"' in (out / "pages" / "about.html").read_bytes()
    png(project / "media" / "crater.png", (80, 60))
    assert counts(build(project, out)) == (2, 1, "1 changed")
    assert b'width="80" height="60"' in (out / "pages" / "about.html").read_bytes()
    same_as_cold(project, out, tmp_path, "image")


def test_another_language_renders_what_it_words_again(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    edit(project, "dossier.yml", "language: en", "language: fr")
    hits, misses, why = counts(build(project, out))
    assert misses >= 1 and hits + misses == 3 and "changed" in why  # the notes' words
    same_as_cold(project, out, tmp_path, "fr")
    # Written right to left, the page isolates the English titles its links show: a body
    # whose words are all its own (about.md's) is rendered again for that alone.
    edit(project, "dossier.yml", "language: fr", "language: ar")
    assert counts(build(project, out)) == (0, 3, "3 changed")
    assert b'dir="auto"' in (out / "pages" / "about.html").read_bytes()
    same_as_cold(project, out, tmp_path, "ar")


def test_a_body_moved_to_another_file_is_a_miss(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    old = project / "content" / "pages" / "about.md"
    old.rename(project / "content" / "pages" / "about-us.md")
    assert counts(build(project, out)) == (2, 1, "1 new")
    same_as_cold(project, out, tmp_path, "moved")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: b"\x00\xff not a cache",
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: data.replace(b'"format": 1', b'"format": 99', 1),
        lambda data: re.sub(rb'"grammar": "[0-9a-f]+"', b'"grammar": "0"', data, count=1),
        lambda data: data.replace(b"\n", b"\n[]\n", 1),
        lambda data: data.replace(b"harbour", b"HARBOUR"),  # every record's bytes spoilt
        lambda data: data.replace(b"[1]", b"[9]"),  # a citation's number
    ],
    ids=["garbage", "truncated", "empty", "format", "version", "no-index", "bytes", "number"],
)
def test_a_cache_that_cannot_be_trusted_is_ignored(
    project: Path, tmp_path: Path, spoil: object
) -> None:
    out = tmp_path / "site"
    build(project, out)
    cache = render_cache(project)
    spoilt = spoil(cache.read_bytes())  # type: ignore[operator]
    assert spoilt != cache.read_bytes()
    cache.write_bytes(spoilt)
    edit(project, "content/places/old-harbour.yml", "Old harbour", "Old harbour quay")
    hits, misses, _ = counts(build(project, out))
    assert hits < 3 and hits + misses == 3
    same_as_cold(project, out, tmp_path, "spoilt")
    assert counts(build(project, out, "--clock", "2031-01-01T00:00:00+00:00"))[1] == 0


def test_a_record_with_wrong_answers_is_not_taken(project: Path, tmp_path: Path) -> None:
    """A record whose digest is right but whose recorded answers are not those of now (as a
    cache from a build that asked other questions) is a miss: the answers decide, not the
    file."""
    out = tmp_path / "site"
    build(project, out)
    cache = render_cache(project)
    lines = cache.read_bytes().split(b"\n", 2)
    header = json.loads(lines[0])
    index = json.loads(lines[1])
    data = lines[2]
    records = {
        key: json.loads(data[offset : offset + length])
        for key, (offset, length, _) in index.items()
    }
    for record in records.values():
        record["asks"] = [
            [n, a, "lied"] if n == "title" else [n, a, v] for n, a, v in record["asks"]
        ]
        record["html"] = record["html"].replace("Fire", "Water")
    new_index, blob = {}, b""
    for key, record in records.items():
        raw = json.dumps(record).encode()
        new_index[key] = [len(blob), len(raw), hashlib.blake2b(raw, digest_size=16).hexdigest()]
        blob += raw
    cache.write_bytes(
        json.dumps(header).encode() + b"\n" + json.dumps(new_index).encode() + b"\n" + blob
    )
    (next((project / FOLDER).glob("build-*.json"))).unlink()
    # and the page cache, which would keep every page's file (right) without its body
    (next((project / FOLDER).glob("pages-*.cache"))).unlink()
    _, misses, why = counts(build(project, out))
    assert misses >= 2 and "changed" in why  # the two bodies that show a title
    same_as_cold(project, out, tmp_path, "lied")


def test_no_cache_writes_none_and_an_unwritable_one_costs_a_line(
    project: Path, tmp_path: Path
) -> None:
    err = build(project, tmp_path / "a", "--no-cache")
    assert "render cache" not in err and not (project / FOLDER).exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = run_dossier(
        "build", str(project), "--out", str(tmp_path / "b"), "--cache", str(blocker / "x")
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stderr.count("could not be written") == 1, done.stderr
    assert snapshot(tmp_path / "b") == snapshot(tmp_path / "a")


def test_the_cache_folder_of_ones_own(project: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    build(project, tmp_path / "site", "--cache", str(kept))
    assert not (project / FOLDER).exists()
    assert len(list(kept.glob("render-*.cache"))) == 1
    edit(project, "content/pages/about.md", "A fixture.", "A small fixture.")
    assert counts(build(project, tmp_path / "site", "--cache", str(kept)))[0] == 2


def test_spawned_workers_read_and_write_the_cache(tmp_path: Path) -> None:
    """Enough pages for two processes, started as macOS and Windows start them."""
    project = tmp_path / "project"
    pages = project / "content" / "pages"
    pages.mkdir(parents=True)
    (project / "dossier.yml").write_text("title: Many pages\nlanguage: en\n", encoding="utf-8")
    n = 460
    for i in range(n):
        body = f"Page {i}, before [[p-{(i + 1) % n:04d}]]; see *also* [[p-{(i + 7) % n:04d}]]."
        text = f"---\ntitle: Page {i}\n---\n{body}\n"
        (pages / f"p-{i:04d}.md").write_text(text, encoding="utf-8")
    env = {"DOSSIER_START": "spawn", "DOSSIER_JOBS": "2"}
    out = tmp_path / "site"
    err = build(project, out, **env)
    assert "(spawn)" in err and counts(err) == (0, n, f"{n} new")
    edit(project, "content/pages/p-0001.md", "title: Page 1", "title: Page one")
    assert counts(build(project, out, **env)) == (n - 2, 2, "2 changed")
    same_as_cold(project, out, tmp_path, "spawned")
