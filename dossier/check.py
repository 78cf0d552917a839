"""What the check stages share: the checked `Dossier`, the cache a long-running process
keeps, the settings file, and the timing of stages. The stages run in `pipeline.check`."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import yamlread
from .diagnostics import Location, Report, UsageError
from .load import LoadCache, RawEntry, read_text
from .markdown import Ref, RefKind

if TYPE_CHECKING:
    from .claims import Claims
    from .config import Config
    from .history import History
    from .kinds import Kind
    from .link import LinkCache, Links
    from .media import Media, MediaCache
    from .model import Entry
    from .validate import ValidateCache

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
    audience: str = "public"
    """Who it is for (`audience.Audience`): the public dossier holds nothing internal."""
    history: History | None = None
    """What the commits of `content/` changed (SPEC §11), for the audience; None when the
    project is no git repository, or is built without history."""
    media: Media = field(default_factory=lambda: _media())
    """The files of `media/` (SPEC §8), and the problems of the references to them."""
    loaded_clean: bool = False
    """Did the settings, the reading and the schema report nothing: is every diagnostic of
    `report` one of media, `link`, `claims` or `audit` (`checks_hold`)?"""


def _media() -> Media:
    from .media import Media

    return Media()


def _link_cache() -> LinkCache:
    from .link import LinkCache

    return LinkCache()


@dataclass
class Cache:
    """What a long-running process (`dossier serve`) keeps between checks: a file whose time
    and size have not changed is neither read nor checked against the schema again."""

    loaded: LoadCache = field(default_factory=LoadCache)
    validated: ValidateCache = field(default_factory=dict)
    linked: LinkCache = field(default_factory=_link_cache)
    media: MediaCache = field(default_factory=lambda: _media_cache())


def _media_cache() -> MediaCache:
    from .media import MediaCache

    return MediaCache()


NEUTRAL = frozenset({"title", "name", "summary"})
"""Front matter fields that no check reads: `link`, `claims` and `audit` give the same
links, claims and warnings whatever they say (their own problems are the schema's)."""


def checks_hold(
    previous: Dossier, config: Config | None, entries: dict[str, Entry], report: Report
) -> bool:
    """Do the links, claims and warnings of `previous` hold for `entries`: is every change
    since to prose whose references are the same, or to fields no check reads (`NEUTRAL`)
    with the rest of the front matter where it was, with no file come or gone?"""
    if report.diagnostics or previous.report.errors or previous.unreadable:
        return False
    if not previous.loaded_clean:  # its report may hold a warning the edit took away
        return False
    if config != previous.config or entries.keys() != previous.entries.keys():
        return False
    for id_, entry in entries.items():
        old = previous.entries[id_]
        if entry is old:
            continue
        same_front = (
            entry.body_line == old.body_line
            and entry.path == old.path  # relative URLs are read from the file's folder
            and (entry.marks.packed == old.marks.packed or _neutral_edit(entry, old))
        )
        same_refs = _kept(entry.refs) == _kept(old.refs)
        if not (same_front and same_refs):
            return False
    return True


def _neutral_edit(entry: Entry, old: Entry) -> bool:
    """Do the two front matters differ in `NEUTRAL` fields alone, with every other value
    and key at the same line and column (the kept warnings and claims point there)?"""
    if type(entry.data) is not type(old.data):
        return False
    if entry.data.model_dump(exclude=set(NEUTRAL)) != old.data.model_dump(exclude=set(NEUTRAL)):
        return False
    new_doc = yamlread.parse(entry.marks.text, entry.path, Report())
    old_doc = yamlread.parse(old.marks.text, old.path, Report())
    if new_doc is None or old_doc is None:
        return False
    new_data, old_data = new_doc[0], old_doc[0]
    if not (isinstance(new_data, dict) and isinstance(old_data, dict)):
        return False
    rest = {k: v for k, v in old_data.items() if k not in NEUTRAL}
    if rest != {k: v for k, v in new_data.items() if k not in NEUTRAL}:
        return False
    new, was = entry.marks, old.marks  # the entries' own, worked out once for each
    return all(
        new.value(at) == was.value(at) and new.key(at) == was.key(at) for at in _paths(rest, ())
    )


def _paths(value: object, at: yamlread.Path) -> Iterator[yamlread.Path]:
    """`at` and the key path of every value under it."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*at, i))


def _kept(refs: list[Ref]) -> list[tuple[str, str, int]]:
    """What of a body's references the checks of `previous` depend on: their kind and
    target, and where too for a warning of the body itself (nesting too deep): a prose edit
    that moves it must move the warning."""
    return [(r.kind, r.target, r.offset if r.kind == RefKind.DEEP else 0) for r in refs]


def config_file(root: Path) -> Path:
    """`dossier.yml`; its absence means the command was pointed at the wrong folder."""
    file = root / "dossier.yml"
    if not file.is_file():
        raise UsageError(f"no dossier.yml in {root}: is this a dossier folder?")
    return file


def load_config(file: Path, report: Report) -> Config | None:
    """The settings in `dossier.yml`, the `file` that `_config_file` found."""
    from .config import Config
    from .validate import validate

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
    config = validate(Config, data, marks, report)
    if config is not None:
        theme = file.parent / "themes" / config.theme
        ui_language(config.language, theme, marks.value(("language",)), report)
    return config


def ui_language(tag: str, theme: Path, at: Location, report: Report) -> None:
    """Warn when the site cannot speak `tag`, neither by a shipped catalog nor by one of
    the project's `theme`: its words fall back to English (SPEC §10)."""
    from .i18n import SHIPPED, catalog_language, cldr_locale, theme_catalog

    if catalog_language(tag) is not None or theme_catalog(theme, tag) is not None:
        return
    dates = "CLDR's" if cldr_locale(tag) is not None else "English"
    report.warning(
        at,
        "ui-language",
        f"dossier has no catalog for '{tag}': the site's own words are English and its "
        f"dates and numbers {dates}; ship one in themes/<theme>/locales/ or write in one of "
        f"{', '.join(SHIPPED)}",
    )


def shallow_history(root: Path, report: Report) -> None:
    """Warn when the project is a shallow clone: its history, and so the site's corrections
    and dates, stop at the oldest commit it has (SPEC §11)."""
    from .gitlog import is_shallow

    if is_shallow(root):
        report.warning(
            Location("dossier.yml"),
            "shallow-history",
            "this clone is shallow: its history is cut off, so corrections and dates start at "
            "the oldest commit it has; fetch the whole history (git fetch --unshallow, or "
            "fetch-depth: 0 in actions/checkout)",
        )


def prose_of(raw: RawEntry) -> Entry:
    """An entry whose front matter failed the schema, kept for the references of its body."""
    from .model import Entry, EntryData

    return Entry(
        raw.id,
        raw.kind,
        raw.path,
        EntryData.model_construct(),
        raw.packed,
        raw.body_line,
        raw.marks,
        raw.refs,
    )


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
