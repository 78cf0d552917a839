"""Shared fixtures: tiny dossiers written from a dict, so each test shows its own input."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.check import Dossier
from dossier.pipeline import check

Files = dict[str, str | bytes]
MakeDossier = Callable[[Files], Path]


def write_files(root: Path, files: Files) -> Path:
    """Write `files` (relative path → text or bytes) under `root`; text is dedented."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_dossier(tmp_path: Path) -> MakeDossier:
    """A dossier folder with a default `dossier.yml`, plus the files given."""

    def make(files: Files) -> Path:
        root = tmp_path / "dossier"
        base: Files = {"dossier.yml": "title: Test dossier\n"}
        return write_files(root, base | files)

    return make


@pytest.fixture
def checked(make_dossier: MakeDossier) -> Callable[[Files], Dossier]:
    """Check a dossier made from `files`."""
    return lambda files: check(make_dossier(files))


def lines(dossier: Dossier) -> list[str]:
    """The diagnostics as `dossier check` prints them."""
    return [d.text() for d in dossier.report.sorted()]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its path there: a site's whole output, to compare."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def run_dossier(
    *args: str, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """The `dossier` command as a user runs it: its exit status and what it printed."""
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ | env,
        check=False,
    )


def refuse(
    monkeypatch: pytest.MonkeyPatch, code: int, match: Callable[[str], bool], at: str
) -> None:
    """Make the system refuse, with `code`, what is done `at` ("open", "write", "mkdir",
    "rename") to a path that `match`es; a failed write names no file, as the real one."""
    real_open, real_write, real_close = os.open, os.write, os.close
    real_mkdir, real_rename = os.mkdir, os.rename
    doomed: set[int] = set()

    def fail(path: object = None) -> OSError:
        return OSError(code, os.strerror(code), *([os.fsdecode(path)] if path else []))  # type: ignore[arg-type]

    def fake_open(path, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        writes = flags & (os.O_WRONLY | os.O_RDWR)
        if writes and at == "open" and match(os.fsdecode(path)):
            raise fail(path)
        fd = real_open(path, flags, mode, dir_fd=dir_fd)
        if writes and at == "write" and match(os.fsdecode(path)):
            doomed.add(fd)
        return fd

    def fake_write(fd, data):  # type: ignore[no-untyped-def]
        if fd in doomed:
            raise fail()
        return real_write(fd, data)

    def fake_close(fd):  # type: ignore[no-untyped-def]
        doomed.discard(fd)
        return real_close(fd)

    def fake_mkdir(path, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        if at == "mkdir" and match(os.fsdecode(path)):
            raise fail(path)
        return real_mkdir(path, mode, dir_fd=dir_fd)

    def fake_rename(src, dst, **kwargs):  # type: ignore[no-untyped-def]
        if at == "rename" and match(os.fsdecode(src)):
            raise fail(src)
        return real_rename(src, dst, **kwargs)

    for name, fake in [
        ("open", fake_open),
        ("write", fake_write),
        ("close", fake_close),
        ("mkdir", fake_mkdir),
        ("rename", fake_rename),
    ]:
        monkeypatch.setattr(os, name, fake)


def deep_folder(base: Path, length: int) -> Path:
    """A folder whose absolute path is `length` characters long."""
    folder = base
    while len(str(folder)) < length - 256:
        folder = folder / ("d" * 250)
    folder = folder / ("e" * (length - len(str(folder)) - 1))
    folder.mkdir(parents=True)
    assert len(str(folder)) == length
    return folder
