"""Checking: load → validate → link → claims → audit. `build.py` renders what this returns."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import yamlread
from .audit import audit
from .claims import Claims, collect
from .config import Config
from .diagnostics import Location, Report, UsageError
from .link import Links, link
from .load import load_content, read_text
from .model import Entry, Kind
from .validate import validate, validate_entries

log = logging.getLogger("dossier")


@dataclass
class Dossier:
    """A checked dossier: the entries as written and everything derived from them."""

    root: Path
    config: Config | None
    entries: dict[str, Entry]
    """By id, sorted."""
    links: Links
    claims: Claims
    report: Report
    unreadable: dict[str, Kind]
    """Entry files that exist but could not be read or checked, by id."""


def check(root: Path) -> Dossier:
    """Read and check the dossier at `root`. Content problems are in `Dossier.report`."""
    with paused_gc():
        return _check(root)


def _check(root: Path) -> Dossier:
    report = Report()
    with stage("config"):
        config = load_config(root, report)
    with stage("load"):
        loaded = load_content(root, report)
    with stage("validate"):
        entries = {
            e.id: e
            for e in sorted(validate_entries(loaded.entries, loaded.unreadable, report), key=_id)
        }
    with stage("link"):
        links = link(entries, loaded.unreadable, report)
    with stage("claims"):
        claims = collect(entries, report)
    with stage("audit"):
        audit(entries, links, claims, report, complete=not loaded.unreadable)
    return Dossier(root, config, entries, links, claims, report, loaded.unreadable)


def load_config(root: Path, report: Report) -> Config | None:
    """`dossier.yml`; its absence means the command was pointed at the wrong folder."""
    file = root / "dossier.yml"
    if not file.is_file():
        raise UsageError(f"no dossier.yml in {root}: is this a dossier folder?")
    text = read_text(file, "dossier.yml", report)
    parsed = yamlread.parse(text, "dossier.yml", report) if text is not None else None
    if parsed is None:
        return None
    data, marks = parsed
    if not isinstance(data, dict):
        report.error(
            Location("dossier.yml"), "not-a-mapping", "dossier.yml must be a mapping of settings"
        )
        return None
    return validate(Config, data, marks, report)


def _id(entry: Entry) -> str:
    return entry.id


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cycle collector while the pipeline builds its many small objects.

    The pipeline makes few reference cycles but hundreds of thousands of objects; with a
    large live heap the collector's passes over it cost more than half of a check."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a stage at debug level (`--verbose`)."""
    start = time.perf_counter()
    yield
    log.debug("%-9s %7.1f ms", name, (time.perf_counter() - start) * 1000)
