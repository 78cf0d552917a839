"""Which files of `content/` are entries: the walk of the kind folders, the names, the ids
and the symbolic links, each problem reported at its file; the walk of `media/`; and the
one rule for a symbolic link in the project, which `content/`, `media/` and the project's
theme all follow: it must lead to a file inside its own folder (`content/`, `media/`,
`themes/`), never out of it, and not nowhere."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from pathlib import Path

from .diagnostics import Location, Report, did_you_mean
from .kinds import FOLDERS, ID_PATTERN, MAX_ID_LENGTH, RESERVED_IDS, Kind

ENTRY_SUFFIXES = (".md", ".yml")
_WRONG_SUFFIXES = {".yaml": ".yml", ".markdown": ".md", ".mdown": ".md", ".txt": ".md"}


def entry_files(
    root: Path, content: Path, report: Report, links: list[str] | None = None
) -> list[tuple[str, str, Kind]]:
    """The entry files to read: those with a valid id, not reserved, not taken by an
    earlier file. The path of each symbolic link met is added to `links`."""
    seen: dict[str, str] = {}
    todo: list[tuple[str, str, Kind]] = []
    for file, rel, kind in _listed(root, content, report, [] if links is None else links):
        name = rel.rpartition("/")[2]
        stem, _, suffix = name.rpartition(".")
        if not ID_PATTERN.match(stem):
            report.error(
                Location(rel, 1, 1),
                "invalid-id",
                f"file name '{name}' is not a valid id: use lowercase letters, digits "
                f"and single hyphens, such as '{_slug(stem)}.{suffix}'",
            )
            continue
        if len(stem) > MAX_ID_LENGTH:
            report.error(
                Location(rel, 1, 1),
                "invalid-id",
                f"file name '{name}' is not a valid id: an id is at most {MAX_ID_LENGTH} "
                f"characters, this one is {len(stem)}; shorten it",
            )
            continue
        if stem in RESERVED_IDS:
            report.error(
                Location(rel, 1, 1),
                "reserved-id",
                f"the id '{stem}' is reserved for {kind.folder}/{stem}.html, the list of "
                f"all {kind.folder}; rename the file to an id of its own",
            )
            continue
        if stem in seen:
            report.error(
                Location(rel, 1, 1),
                "duplicate-id",
                f"id '{stem}' is already used by {seen[stem]}; ids are unique across all kinds",
            )
            continue
        seen[stem] = rel
        todo.append((file, rel, kind))
    return todo


def _listed(
    root: Path, content: Path, report: Report, links: list[str]
) -> list[tuple[str, str, Kind]]:
    """Entry files by kind folder, sorted, with their paths relative to `root`; misplaced
    files and links reported. (Strings and `os.scandir`: this runs on every rebuild.)"""
    found: list[tuple[str, str, Kind]] = []
    inside = content.resolve()
    for top in sorted(os.scandir(content), key=lambda e: e.name):
        rel = f"content/{top.name}"
        if top.name.startswith("."):
            continue
        if top.is_symlink():
            links.append(top.path)
            if _escapes(root, Path(top.path), inside, report):
                continue
            if top.is_dir():  # into content/: its entries would be read twice
                report.warning(
                    Location(rel, 1, 1),
                    "ignored-file",
                    f"'{top.name}' is a symbolic link to a folder and is not followed",
                )
                continue
        if not top.is_dir():
            report.error(
                Location(rel, 1, 1),
                "misplaced-file",
                f"'{top.name}' is not in a kind folder; move it into one of "
                + ", ".join(f"content/{f}/" for f in sorted(FOLDERS)),
            )
            continue
        kind = FOLDERS.get(top.name)
        if kind is None:
            where = (
                "; photos and documents go in media/ beside content/: move the folder there"
                if top.name == "media"
                else f"{did_you_mean(top.name, FOLDERS)}; entry folders are "
                + ", ".join(sorted(FOLDERS))
            )
            report.error(
                Location(rel, 1, 1), "unknown-folder", f"unknown folder 'content/{top.name}'{where}"
            )
            continue
        _walk(root, top.path, rel, kind, inside, found, report, links)
    return found


def _walk(
    root: Path,
    folder: str,
    rel_folder: str,
    kind: Kind,
    inside: Path,
    found: list[tuple[str, str, Kind]],
    report: Report,
    links: list[str],
) -> None:
    with os.scandir(folder) as listing:
        items = sorted(listing, key=lambda e: e.name)
    for item in items:
        name = item.name
        if name.startswith("."):
            continue
        rel = f"{rel_folder}/{name}"
        if item.is_symlink():
            links.append(item.path)
            if _escapes(root, Path(item.path), inside, report):
                continue
            if item.is_dir():
                report.warning(
                    Location(rel, 1, 1),
                    "ignored-file",
                    f"'{name}' is a symbolic link to a folder and is not followed",
                )
                continue
        if item.is_dir(follow_symlinks=False):
            _walk(root, item.path, rel, kind, inside, found, report, links)
        elif _accept(name, rel, item.is_file(), report):
            found.append((item.path, rel, kind))


def _accept(name: str, rel: str, is_file: bool, report: Report) -> bool:
    stem, dot, suffix = name.rpartition(".")
    suffix = dot + suffix if stem else ""
    if suffix in ENTRY_SUFFIXES and is_file:
        return True
    if suffix in _WRONG_SUFFIXES:
        report.error(
            Location(rel, 1, 1),
            "file-name",
            f"rename '{name}' to '{stem}{_WRONG_SUFFIXES[suffix]}': entries are .md or .yml files",
        )
    else:
        report.warning(
            Location(rel, 1, 1),
            "ignored-file",
            f"'{name}' is not an entry (.md or .yml) and is ignored",
        )
    return False


def _escapes(
    root: Path, link: Path, inside: Path, report: Report, within: str = "content/"
) -> bool:
    """Report a symbolic link that leads outside `inside`, the folder `within` (or
    nowhere); True if it does."""
    problem = link_problem(link, inside, within)
    if problem is not None:
        report.error(Location(link.relative_to(root).as_posix(), 1, 1), "symlink", problem)
    return problem is not None


def link_problem(link: Path, inside: Path, within: str) -> str | None:
    """Why the symbolic link `link` may not be followed: it leads nowhere, or out of the
    folder `inside` (which the editor knows as `within`); None when it may."""
    try:
        target = link.resolve()
        written = os.readlink(link).replace(os.sep, "/")  # as it is shown on every system
    except (OSError, RuntimeError) as exc:  # Python 3.13 says ELOOP where 3.11 said RuntimeError
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            return "symbolic link goes round in a loop of links; fix or delete it"
        return f"symbolic link cannot be followed: {exc.strerror}; fix or delete it"
    if not target.exists():
        return f"symbolic link to '{written}' leads nowhere; fix or delete it"
    if not target.is_relative_to(inside):
        return f"symbolic link to '{written}' leads outside {within}; copy the file in instead"
    return None


def theme_links(root: Path, theme: str, report: Report) -> None:
    """Report every symbolic link of the project's own theme `themes/<theme>/` that leads
    outside `themes/`, or nowhere: its templates are read and its assets published, and
    a link to `/etc/hostname` or `/proc/self/environ` would publish that file."""
    themes = root / "themes"
    top = themes / theme
    if not top.is_dir():
        return
    if themes.is_symlink() and _escapes(root, themes, root.resolve(), report, "the project"):
        return
    inside = themes.resolve()
    if top.is_symlink() and _escapes(root, top, inside, report, "themes/"):
        return
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(folder, name)
            if path.is_symlink():
                _escapes(root, path, inside, report, "themes/")


def media_files(root: Path, report: Report) -> dict[str, tuple[str, os.stat_result]]:
    """Every file of `media/` by its path in the project (`media/2017/crater.jpg`), with
    the file to read (a symbolic link's target) and its status. Hidden files are skipped;
    symbolic links follow the rules of `content/`, kept inside `media/`."""
    found: dict[str, tuple[str, os.stat_result]] = {}
    folder = root / "media"
    if folder.is_dir():
        _walk_media(root, str(folder), "media", folder.resolve(), found, report)
    return found


def _walk_media(
    root: Path,
    folder: str,
    rel_folder: str,
    inside: Path,
    found: dict[str, tuple[str, os.stat_result]],
    report: Report,
) -> None:
    try:
        with os.scandir(folder) as listing:
            items = sorted(listing, key=lambda e: e.name)
    except OSError as exc:  # no permission to list it, say
        reason = exc.strerror or type(exc).__name__
        report.error(Location(rel_folder, 1, 1), "unreadable", f"cannot read the folder: {reason}")
        return
    for item in items:
        if item.name.startswith("."):
            continue
        rel = f"{rel_folder}/{item.name}"
        if item.is_symlink():
            if _escapes(root, Path(item.path), inside, report, "media/"):
                continue
            if item.is_dir():
                report.warning(
                    Location(rel, 1, 1),
                    "ignored-file",
                    f"'{item.name}' is a symbolic link to a folder and is not followed",
                )
                continue
            with contextlib.suppress(OSError):  # gone since it was listed
                found[rel] = (os.path.realpath(item.path), item.stat())
        elif item.is_dir(follow_symlinks=False):
            _walk_media(root, item.path, rel, inside, found, report)
        elif item.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                found[rel] = (item.path, item.stat(follow_symlinks=False))


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "entry"
