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
