"""`dossier serve` as a user runs it: serve, edit, see the edit; break it, see why."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import deep_folder, refuse

from dossier.incremental import SiteBuilder

HARBOUR = Path(__file__).parent / "sites" / "valid" / "harbour"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except urllib.error.HTTPError as exc:
        return str(exc.read().decode())


def wait_for(condition: Callable[[], bool], seconds: float) -> float:
    """How long `condition` took to hold; fails after `seconds`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.05)
    return time.monotonic() - start


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = tmp_path / "harbour"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "dossier", "serve", str(project), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return "Fire broke out" in fetch(f"{base}/incidents/harbour-fire.html")
        except OSError:
            return False

    try:
        wait_for(up, 30)
        yield project, base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_an_edit_shows_within_two_seconds(served):
    project, base = served
    page = f"{base}/incidents/harbour-fire.html"
    assert '<script src="/.dossier/livereload.js' in fetch(page)  # a file: the CSP forbids inline
    entry = project / "content" / "incidents" / "harbour-fire.md"
    entry.write_text(entry.read_text().replace("Fire broke out", "A blaze broke out"))
    wait_for(lambda: "A blaze broke out" in fetch(page), 2)


def test_serve_rebuilds_on_the_watchers_events_once_per_save(served, tmp_path):
    """The system's watcher, not a poll; a rebuild reads files but its reads are no edits
    (inotify reports them: a rebuild that took them for one rebuilt for ever); one save is
    one rebuild; the search index follows the page."""
    project, base = served
    log = tmp_path / "serve.log"
    assert "watching PollingObserver" not in log.read_text()
    if sys.platform == "linux":
        assert "watching InotifyObserver" in log.read_text()
    page = f"{base}/incidents/harbour-fire.html"
    for _ in range(3):
        fetch(page)
    entry = project / "content" / "incidents" / "harbour-fire.md"
    entry.write_text(entry.read_text().replace("Fire broke out", "A blaze broke out"))
    wait_for(lambda: "A blaze broke out" in fetch(page), 5)
    index = f"{base}/assets/search-index.js"
    wait_for(lambda: "A blaze broke out" in fetch(index), 10)
    time.sleep(1)  # a rebuild its own reads started would have come by now
    assert log.read_text().count("rebuilt") == 1, log.read_text()


def test_a_broken_edit_shows_why_and_keeps_the_last_good_page(served):
    project, base = served
    page = f"{base}/incidents/harbour-fire.html"
    place = project / "content" / "places" / "old-harbour.yml"
    good = place.read_text()
    place.write_text(good + "country: no\n")
    wait_for(lambda: "dossier-serve-errors" in fetch(page), 3)
    html = fetch(page)
    assert "content/places/old-harbour.yml:" in html
    assert "Fire broke out" in html  # the last good page, still served
    place.write_text(good)
    wait_for(lambda: "dossier-serve-errors" not in fetch(page), 3)


def test_serve_watches_on_when_content_goes_and_comes_back(served):
    """A `git checkout` of another branch removes content/ for a moment: the pages say so
    while it is gone, and the edits made meanwhile, and after, are served."""
    project, base = served
    page = f"{base}/incidents/harbour-fire.html"
    content, away = project / "content", project / "content-elsewhere"
    content.rename(away)
    wait_for(lambda: "there is no content/ folder" in fetch(page), 5)
    assert "Fire broke out" in fetch(page)  # the last good page, with the banner
    fire = away / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("Fire broke out", "A blaze broke out"))
    away.rename(content)
    wait_for(lambda: "A blaze broke out" in fetch(page), 5)
    wait_for(lambda: "dossier-serve-errors" not in fetch(page), 5)

    # The folder that came back is watched: an edit in it shows.
    fire = content / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("A blaze broke out", "Flames broke out"))
    wait_for(lambda: "Flames broke out" in fetch(page), 5)

    # Removed and written again (a new folder, not the same one renamed back).
    copy = project.parent / "content-copy"
    shutil.copytree(content, copy)
    shutil.rmtree(content)
    wait_for(lambda: "there is no content/ folder" in fetch(page), 5)
    fire = copy / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("Flames broke out", "Smoke rose"))
    shutil.copytree(copy, content)
    wait_for(lambda: "Smoke rose" in fetch(page) and "dossier-serve-errors" not in fetch(page), 5)
    fire = content / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("Smoke rose", "Fire spread"))
    wait_for(lambda: "Fire spread" in fetch(page), 5)


def test_serve_watches_on_after_quick_comings_and_goings(served):
    """content/ away and back between two looks of the watcher, at every phase of them."""
    project, base = served
    page = f"{base}/incidents/harbour-fire.html"
    content, away = project / "content", project / "content-elsewhere"
    for pause in (0.05, 0.15, 0.25, 0.35, 0.45, 0.6):
        content.rename(away)
        time.sleep(pause)
        away.rename(content)
        time.sleep(pause)
    fire = content / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("Fire broke out", "A blaze broke out"))
    wait_for(lambda: "A blaze broke out" in fetch(page), 5)
    wait_for(lambda: "dossier-serve-errors" not in fetch(page), 5)


def test_serve_watches_a_themes_folder_made_after_it_started(served):
    project, base = served
    assert not (project / "themes").exists()
    static = project / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "style.css").write_text("/* the project's own style */\n")
    wait_for(lambda: "the project's own style" in fetch(f"{base}/assets/style.css"), 5)


def test_serve_shows_a_missing_dossier_yml_and_recovers(served):
    project, base = served
    page = f"{base}/incidents/harbour-fire.html"
    settings = project / "dossier.yml"
    text = settings.read_text()
    settings.unlink()
    wait_for(lambda: "no dossier.yml in" in fetch(page), 5)
    settings.write_text(text)
    wait_for(lambda: "dossier-serve-errors" not in fetch(page), 5)
    fire = project / "content" / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("Fire broke out", "A blaze broke out"))
    wait_for(lambda: "A blaze broke out" in fetch(page), 5)


# The rebuild itself, without a server -----------------------------------------------------


def test_an_edit_rerenders_only_the_pages_that_show_it(tmp_path):
    project = tmp_path / "harbour"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    builder = SiteBuilder(project, tmp_path / "site")
    first = builder.rebuild()
    assert first.full and "incidents/harbour-fire.html" in first.pages
    assert builder.rebuild().pages == []  # nothing changed, nothing rendered

    fire = project / "content" / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("Fire broke out", "A blaze broke out"))
    assert builder.rebuild().pages == ["incidents/harbour-fire.html"]
    assert (
        "A blaze broke out" in (tmp_path / "site" / "incidents" / "harbour-fire.html").read_text()
    )
    assert "A blaze broke out" in (tmp_path / "site" / "assets" / "search-index.js").read_text()

    watch = project / "content" / "sources" / "harbour-watch.yml"
    watch.write_text(watch.read_text().replace("What we saw", "What we saw that night"))
    touched = builder.rebuild().pages
    assert "sources/harbour-watch.html" in touched
    assert "incidents/harbour-fire.html" in touched  # its notes show the source's title
    assert len(touched) < len(first.pages)


def test_the_rebuilt_site_equals_a_fresh_build(tmp_path):
    from dossier.pipeline import build

    project = tmp_path / "harbour"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    builder = SiteBuilder(project, tmp_path / "served")
    builder.rebuild()
    for name, old, new in [
        ("incidents/harbour-fire.md", "Fire broke out", "A blaze broke out"),
        ("places/old-harbour.yml", "Old harbour", "The old harbour"),
        ("incidents/harbour-fire.md", "value: 6\n", "value: 7\n"),
        ("pages/about.md", "A fixture.", "A fixture naming [[fire-brigade]]."),
        ("sources/daily-courier.yml", "via: [city-hall, hospital-report]", "via: [city-hall]"),
        ("actors/new-actor.yml", None, "name: A new actor\n"),
        ("pages/about.md", None, None),
    ]:
        path = project / "content" / name
        if old is not None:
            path.write_text(path.read_text().replace(old, new, 1))
        elif new is not None:
            path.write_text(new)
        else:
            path.unlink()
        assert builder.rebuild().report.errors == 0, name
    build(project, tmp_path / "fresh")

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert files(tmp_path / "served") == files(tmp_path / "fresh")


def test_a_prose_edit_moves_a_warning_about_the_body(tmp_path):
    """A prose edit keeps the last check's links and warnings; not a warning placed in the
    body that the edit moved."""
    project = tmp_path / "harbour"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    about = project / "content" / "pages" / "about.md"
    about.write_text(about.read_text() + "\n\n" + "> " * 11 + "Deep.\n")
    builder = SiteBuilder(project, tmp_path / "site")

    def deep() -> list[str]:
        return [d.text() for d in builder.rebuild().report.sorted() if d.code == "deep-nesting"]

    assert [line.split(": warning")[0] for line in deep()] == ["content/pages/about.md:8:21"]
    about.write_text(about.read_text().replace("\n\n> ", "\n\nA new line.\n\n> "))
    assert [line.split(": warning")[0] for line in deep()] == ["content/pages/about.md:10:21"]


# Files that cannot be written: the error is shown, the server keeps serving ---------------

LONG_ID = "q" * 100  # a valid id


def test_a_page_that_cannot_be_written_is_shown_and_the_next_save_recovers(tmp_path, monkeypatch):
    project = tmp_path / "harbour"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    builder = SiteBuilder(project, tmp_path / "site")
    assert builder.rebuild().report.errors == 0
    fire = project / "content" / "incidents" / "harbour-fire.md"
    fire.write_text(fire.read_text().replace("Fire broke out", "A blaze broke out"))
    page = tmp_path / "site" / "incidents" / "harbour-fire.html"
    with monkeypatch.context() as disk:
        refuse(disk, errno.ENOSPC, lambda path: path.endswith("harbour-fire.html.tmp"), "write")
        failed = builder.rebuild()
    assert failed.error == f"cannot write {page}: No space left on device"
    assert "Fire broke out" in page.read_text()  # the last good page, whole
    assert builder.rebuild().pages == ["incidents/harbour-fire.html"]  # the next save
    assert "A blaze broke out" in page.read_text()


@pytest.mark.skipif(sys.platform != "linux", reason="Linux's PATH_MAX is 4096")
def test_serve_keeps_serving_when_a_page_cannot_be_written(tmp_path):
    """A real failure: serve writes its site under TMPDIR, here so deep that the page of a
    valid id of 100 characters is past the 4096 bytes of a path Linux takes."""
    project = tmp_path / "harbour"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    quay = project / "content" / "places" / f"{LONG_ID}.yml"
    quay.write_text("name: Quay\n")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "dossier", "serve", str(project), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ | {"TMPDIR": str(deep_folder(tmp_path / "tmp", 3990))},
        )
        try:

            def shows(text: str) -> Callable[[], bool]:
                def check() -> bool:
                    try:
                        return text in fetch(f"{base}/index.html")
                    except OSError:
                        return False

                return check

            wait_for(shows("File name too long"), 30)
            assert process.poll() is None
            quay.unlink()  # the editor gives up on the long name
            wait_for(lambda: "dossier-serve-errors" not in fetch(f"{base}/index.html"), 10)
            assert "Fire broke out" in fetch(f"{base}/incidents/harbour-fire.html")
        finally:
            process.terminate()
            process.wait(timeout=10)
    output = log_path.read_text()
    assert f"/places/{LONG_ID}.html: File name too long" in output
    assert "Traceback" not in output


def test_what_stops_a_rebuild_is_shown_escaped_on_one_line_each():
    """A file's name holding an escape sequence or a line break cannot drive the terminal
    serve prints to, nor forge a line of its banner."""
    from dossier.diagnostics import UsageError
    from dossier.serve import _problem

    refused = OSError(errno.EACCES, "Permission denied", "site/\x1b[2J\nfake.html")
    assert _problem(refused) == "site/\\x1b[2J\\nfake.html: Permission denied"
    gone = UsageError("no dossier.yml in /tmp/\x1b]0;title\x07x")
    assert _problem(gone) == "no dossier.yml in /tmp/\\x1b]0;title\\x07x"


def test_serve_sees_files_come_go_and_change_by_the_watchers_events(served):
    """The rebuilds after the first take the watcher's word on what changed: a file that
    comes is found, one that goes is gone, and one written with its time and size kept
    is read again."""
    project, base = served
    page = f"{base}/incidents/harbour-fire.html"
    entry = project / "content" / "incidents" / "harbour-fire.md"
    entry.write_text(entry.read_text().replace("Fire broke out", "A blaze broke out"))
    wait_for(lambda: "A blaze broke out" in fetch(page), 5)
    actor = project / "content" / "actors" / "night-watchman.yml"
    actor.write_text("name: The night watchman\nkind: organization\n")
    wait_for(lambda: "The night watchman" in fetch(f"{base}/actors/night-watchman.html"), 5)
    actor.unlink()
    wait_for(lambda: "The night watchman" not in fetch(f"{base}/actors/index.html"), 5)
    stamp = entry.stat()
    entry.write_text(entry.read_text().replace("A blaze broke out", "A blaze BROKE out"))
    os.utime(entry, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    wait_for(lambda: "A blaze BROKE out" in fetch(page), 5)
