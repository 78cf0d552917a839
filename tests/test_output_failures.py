"""Output that cannot be written (SPEC section 6): a full disk, no permission, a name too
long for the file system, a kill in the middle. Each ends in one line naming the path and
the cause, exit status 1, no traceback; the previous site stays as it was, and no staging
folder is left behind (a killed build's, by the next build).

Root ignores file modes, so most failures are made where the system would make them: the
lowest calls (`os.open`, `os.write`, `os.mkdir`, `os.rename`) refuse, with the errno the
system gives, inside an in-process run of the command. Where the machine allows it, the
same failures are also real: a path longer than the system takes, a tiny full tmpfs, a
read-only mount, a build killed with SIGKILL.

Every build here is a full one (`--no-cache`): a build in which nothing changed writes
nothing (tests/test_buildcache.py), so it could not fail to.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import deep_folder, refuse, run_dossier, snapshot

from dossier.cli import main
from dossier.pipeline import build
from dossier.stage import STAGE_MARK, staged
from dossier.write import MARK

ROOT = Path(__file__).parent.parent
HARBOUR = ROOT / "tests" / "sites" / "valid" / "harbour"
LONG_ID = "a" * 90 + "-" + "b" * 9  # 100 characters: a valid id


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(HARBOUR, project)
    return project


def beside(out: Path) -> list[str]:
    """What a build may have left beside its output folder."""
    return sorted(p.name for p in out.parent.iterdir() if ".new-" in p.name or ".old-" in p.name)


def dossier(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--no-cache"] if args[0] == "build" else list(args))


def assert_failed_cleanly(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == f"dossier: error: {message}"


# Every writer of the build -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "at", "code"),
    [
        ("incidents/harbour-fire.html", "write", errno.ENOSPC),  # a page
        ("index.html", "open", errno.EACCES),
        ("assets/style.css", "write", errno.ENOSPC),  # the theme's assets
        ("assets/vendor", "mkdir", errno.EDQUOT),
        ("assets/search-index.js", "write", errno.ENOSPC),
        ("sitemap.xml", "write", errno.ENOSPC),
        (".nojekyll", "open", errno.EROFS),
        (MARK, "write", errno.EIO),
    ],
)
def test_a_file_the_build_cannot_write_is_named_and_the_site_kept(
    project, monkeypatch, written, at, code
):
    (project / "dossier.yml").write_text(
        (project / "dossier.yml").read_text() + "base_url: https://example.org/harbour/\n"
    )
    out = project / "site"
    assert dossier("build", str(project)).exit_code == 0
    before = snapshot(out)
    refuse(monkeypatch, code, lambda path: path.endswith("/site/" + written), at)
    result = dossier("build", str(project))
    assert_failed_cleanly(
        result,
        f"cannot write {out / written}: {os.strerror(code)}; the previous site is unchanged",
    )
    assert snapshot(out) == before
    assert beside(out) == []


def test_a_first_build_that_fails_leaves_nothing(project, monkeypatch):
    out = project / "www" / "public"  # `www/` is made for it, and taken away again
    refuse(monkeypatch, errno.ENOSPC, lambda path: path.endswith(".html"), "write")
    result = dossier("build", str(project), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dossier: error: cannot write {out}/")
    assert result.stderr.endswith(": No space left on device; no site was written\n")
    assert not (project / "www").exists()


def test_a_full_temporary_folder_is_named_and_the_site_kept(project, monkeypatch, tmp_path):
    # The search documents wait in a temporary folder until the index is written.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    out = project / "site"
    assert dossier("build", str(project)).exit_code == 0
    before = snapshot(out)
    refuse(monkeypatch, errno.ENOSPC, lambda path: path.startswith(f"{temporary}/"), "write")
    result = dossier("build", str(project))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"dossier: error: cannot write {temporary}/dossier-")
    assert result.stderr.endswith(": No space left on device; the previous site is unchanged\n")
    assert snapshot(out) == before
    assert beside(out) == []
    assert list(temporary.iterdir()) == []


def test_no_permission_to_make_the_staging_folder(project, monkeypatch):
    out = project / "site"
    assert dossier("build", str(project)).exit_code == 0
    before = snapshot(out)
    refuse(monkeypatch, errno.EACCES, lambda path: ".site.new-" in path, "mkdir")
    result = dossier("build", str(project))
    assert_failed_cleanly(
        result, f"cannot write {project}/: Permission denied; the previous site is unchanged"
    )
    assert snapshot(out) == before
    assert beside(out) == []


def test_a_swap_that_fails_puts_the_previous_site_back(project, monkeypatch):
    out = project / "site"
    assert dossier("build", str(project)).exit_code == 0
    before = snapshot(out)
    # The old site is moved aside; moving the new one into place fails.
    refuse(
        monkeypatch, errno.EACCES, lambda path: path.endswith("/site") and ".new-" in path, "rename"
    )
    result = dossier("build", str(project))
    assert_failed_cleanly(
        result, f"cannot write {out}: Permission denied; the previous site is unchanged"
    )
    assert snapshot(out) == before
    assert beside(out) == []


def test_a_swap_that_cannot_put_the_previous_site_back_keeps_it_for_the_next_build(
    project, monkeypatch
):
    out = project / "site"
    assert dossier("build", str(project)).exit_code == 0
    before = snapshot(out)
    with monkeypatch.context() as disk:
        refuse(disk, errno.EIO, lambda path: ".site.new-" in path, "rename")  # either way
        result = dossier("build", str(project))
    (kept,) = beside(out)
    assert_failed_cleanly(
        result,
        f"cannot write {out}: Input/output error; the previous site is in "
        f"{project / kept / 'old'}, and the next build puts it back",
    )
    assert not out.exists()
    broken = project / "themes" / "default" / "templates"
    broken.mkdir(parents=True)
    (broken / "place.html").write_text("{{ no_such_value }}")
    assert dossier("build", str(project)).exit_code == 1  # fails, but first puts it back
    assert snapshot(out) == before
    assert beside(out) == []


def test_a_file_system_with_short_names(project, monkeypatch):
    """A file system whose names stop at 64 bytes (some encrypted ones stop at 143): a
    valid id of 100 characters cannot be a page there."""
    (project / "content" / "places" / f"{LONG_ID}.yml").write_text("name: Quay\n")
    out = project / "site"

    def too_long(path: str) -> bool:
        return any(len(part) > 64 for part in Path(path).parts)

    refuse(monkeypatch, errno.ENAMETOOLONG, too_long, "open")
    result = dossier("build", str(project))
    assert_failed_cleanly(
        result, f"cannot write {out}/places/{LONG_ID}.html: File name too long; no site was written"
    )
    assert not out.exists()
    assert beside(out) == []


def test_an_output_folder_whose_name_is_near_the_limit(project):
    """The staging folder's name is made from the output's: it must fit as the output's does."""
    out = project / ("s" * 250)
    assert dossier("build", str(project), "--out", str(out)).exit_code == 0
    assert (out / "index.html").is_file()
    assert dossier("build", str(project), "--out", str(out)).exit_code == 0
    assert beside(out) == []


def test_an_error_that_is_no_write_of_ours_still_ends_in_one_line(project, monkeypatch):
    """The workers' temporary files, say, or a theme file the system will not give: the
    line names the path and the cause, not whether it was a read or a write."""
    out = project / "site"
    assert dossier("build", str(project)).exit_code == 0
    before = snapshot(out)

    def refused(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/tmp/dossier-x/0.pickle")

    monkeypatch.setattr("dossier.views.plan", refused)
    result = dossier("build", str(project))
    assert_failed_cleanly(
        result, "/tmp/dossier-x/0.pickle: Input/output error; the previous site is unchanged"
    )
    assert snapshot(out) == before
    assert beside(out) == []


# Real failures ---------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="Linux's PATH_MAX is 4096")
def test_a_path_too_long_for_the_system(project, tmp_path):
    """A valid id of 100 characters, in an output folder deep enough that its page's path
    passes the 4096 bytes Linux takes (the first build, with short ids, fits)."""
    parent = deep_folder(tmp_path / "deep", 3960)
    out = parent / "site"
    first = run_dossier("build", str(project), "--out", str(out), "--no-cache")
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    (project / "content" / "places" / f"{LONG_ID}.yml").write_text("name: Quay\n")
    result = run_dossier("build", str(project), "--out", str(out), "--no-cache")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        f"dossier: error: cannot write {out}/places/{LONG_ID}.html: File name too long; "
        "the previous site is unchanged\n"
    )
    assert snapshot(out) == before
    assert beside(out) == []


MOUNT_SCRIPT = """
set -u
mount -t tmpfs -o size={size}k tmpfs "$MNT" || exit 77
build() {{ "$DOSSIER" build "$PROJECT" --out "$MNT/site" --no-cache; }}
build > "$LOG/first.out" 2>&1; echo $? > "$LOG/first.rc"
cp -a "$MNT/site" "$LOG/before"
{break_it}
build > "$LOG/second.out" 2>&1; echo $? > "$LOG/second.rc"
cp -a "$MNT/site" "$LOG/after"
ls -a "$MNT" > "$LOG/beside"
"""


def mounted(tmp_path: Path, project: Path, size: int, break_it: str) -> Path:
    """Build twice into a tmpfs of `size` KiB, in a mount namespace of its own (gone with
    it); `break_it` runs between the builds. Skips where no tmpfs can be mounted."""
    if sys.platform != "linux" or not shutil.which("unshare"):
        pytest.skip("needs Linux mount namespaces")
    log, mnt = tmp_path / "log", tmp_path / "mnt"
    log.mkdir()
    mnt.mkdir()
    script = MOUNT_SCRIPT.format(size=size, break_it=break_it)
    env = os.environ | {
        "MNT": str(mnt),
        "LOG": str(log),
        "PROJECT": str(project),
        "DOSSIER": str(Path(sys.executable).with_name("dossier")),
    }
    for user in ([], ["--map-root-user"]):
        done = subprocess.run(
            ["unshare", "--mount", *user, "sh", "-c", script], env=env, capture_output=True
        )
        if done.returncode == 0:
            return log
        shutil.rmtree(log)
        log.mkdir()
    pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')[-200:]}")


def test_a_real_full_disk(project, tmp_path):
    # Full, but for 64 KiB: the next build fills it part of the way through the pages.
    fill = 'dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null; truncate -s -64K "$MNT/filler"'
    log = mounted(tmp_path, project, 512, fill)
    assert (log / "first.rc").read_text() == "0\n", (log / "first.out").read_text()
    second = (log / "second.out").read_text()
    assert (log / "second.rc").read_text() == "1\n", second
    assert "Traceback" not in second
    last = second.splitlines()[-1]
    assert last.startswith(f"dossier: error: cannot write {tmp_path}/mnt/site/")
    assert last.endswith(": No space left on device; the previous site is unchanged")
    assert snapshot(log / "after") == snapshot(log / "before")
    assert (log / "beside").read_text().split() == [".", "..", "filler", "site"]


def test_a_real_read_only_output(project, tmp_path):
    log = mounted(tmp_path, project, 4096, 'mount -o remount,ro "$MNT"')
    assert (log / "first.rc").read_text() == "0\n", (log / "first.out").read_text()
    second = (log / "second.out").read_text()
    assert (log / "second.rc").read_text() == "1\n", second
    assert "Traceback" not in second
    assert second.splitlines()[-1] == (
        f"dossier: error: cannot write {tmp_path}/mnt/: Read-only file system; "
        "the previous site is unchanged"
    )
    assert snapshot(log / "after") == snapshot(log / "before")
    assert (log / "beside").read_text().split() == [".", "..", "site"]


# Killed builds ---------------------------------------------------------------------------


def stages(out: Path) -> list[Path]:
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.new-"))


def test_the_next_build_removes_a_killed_builds_leftovers_and_only_those(tmp_path):
    big, out = tmp_path / "big", tmp_path / "www" / "site"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), str(big), "--entries", "1500"],
        check=True,
        capture_output=True,
    )
    out.parent.mkdir()
    # Look-alikes: the same form of name, but no mark, or the mark of another output.
    unmarked = out.parent / ".site.new-0000dead"
    unmarked.mkdir()
    (unmarked / "notes.txt").write_text("mine")
    foreign = out.parent / ".site.new-0000beef"
    foreign.mkdir()
    (foreign / STAGE_MARK).write_bytes(os.fsencode(tmp_path / "elsewhere" / "site"))
    look_alikes = {unmarked, foreign}

    process = subprocess.Popen(
        [sys.executable, "-m", "dossier", "build", str(big), "--out", str(out), "--no-cache"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the build and its workers, killed together
    )
    try:
        deadline = time.monotonic() + 120
        while not [s for s in stages(out) if s not in look_alikes and (s / "site").is_dir()]:
            assert process.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(0.3)  # into the pages
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    left = [s for s in stages(out) if s not in look_alikes]
    assert len(left) == 1 and (left[0] / STAGE_MARK).is_file()
    assert not out.exists()

    result = run_dossier("build", str(big), "--out", str(out), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and (out / MARK).is_file()
    assert not (out / STAGE_MARK).exists()
    assert set(stages(out)) == look_alikes
    assert (unmarked / "notes.txt").read_text() == "mine"


def test_a_build_killed_mid_swap_gets_its_previous_site_back(project, tmp_path):
    """Killed after the old site was moved aside and before the new one took its place:
    the next build puts the old one back first, so that a failure keeps it."""
    out = project / "site"
    build(project, out)
    before = snapshot(out)
    folder = project / ".site.new-1234abcd"
    folder.mkdir()
    (folder / STAGE_MARK).write_bytes(os.fsencode(out.parent.resolve() / out.name))
    (folder / "site").mkdir()
    out.rename(folder / "old")
    broken = project / "themes" / "default" / "templates"
    broken.mkdir(parents=True)
    (broken / "place.html").write_text("{{ no_such_value }}")
    result = run_dossier("build", str(project), "--no-cache")
    assert result.returncode == 1
    assert "the previous site is unchanged" in result.stderr
    assert snapshot(out) == before
    assert beside(out) == []


def test_a_running_builds_staging_folder_is_left_alone(project):
    """The mark is locked while its build runs: another build into the same output does
    not take the folder for a killed one's."""
    out = project / "site"
    with pytest.raises(Abandoned), staged(project, out) as site:
        (site / "page.html").write_text("being written")
        build(project, out)  # a second build, meanwhile
        assert (site / "page.html").is_file()
        assert (out / "index.html").is_file()
        raise Abandoned
    assert beside(out) == []
    assert (out / "index.html").is_file()


class Abandoned(Exception):
    """A build given up in the middle."""
