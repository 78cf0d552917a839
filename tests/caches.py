"""What the tests of the caches share (`test_buildcache`, `test_rendercache`,
`test_pagecache`): the harbour fixture, an embargoed entry to add to it, a build run as a
user runs it, the comparison with a build that has no cache, an edit of one file."""

from __future__ import annotations

from pathlib import Path

from conftest import run_dossier, snapshot
from PIL import Image

ROOT = Path(__file__).parent.parent
HARBOUR = ROOT / "tests" / "sites" / "valid" / "harbour"
EMBARGOED = """\
---
title: Night blast
date: 2020-08-20
place: old-harbour
claims:
  - {about: dead, value: 1, sources: [daily-courier]}
embargo: 2030-01-01T06:00:00+00:00
---
A blast in the night[^daily-courier].
"""
"""An incident of the harbour under embargo until 2030."""


def build(project: Path, out: Path, *more: str, **env: str) -> str:
    """A build as a user runs it, with `--verbose`: what it printed on stderr."""
    done = run_dossier("-v", "build", str(project), "--out", str(out), *more, **env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def same_as_cold(project: Path, out: Path, tmp_path: Path, name: str, *more: str) -> None:
    """The site in `out` is the one a build with no cache writes."""
    cold = tmp_path / f"cold-{name}"
    build(project, cold, "--no-cache", *more)
    assert snapshot(out) == snapshot(cold)


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """`old` replaced by `new` in the file `rel` (where it must be)."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def png(path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 80, 40)).save(path)
