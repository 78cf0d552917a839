"""Walk `content/`, read each entry file and parse its YAML, keeping every position.

Nothing here knows the schema: a `RawEntry` is the file's id, kind, plain YAML value with
its marks, and Markdown body. Files that cannot be read are reported and left out, but
their ids are kept (`Loaded.unreadable`) so references to them do not cascade into errors.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any, NamedTuple

from . import yamlread
from .chars import FORBIDDEN, forbidden_name
from .diagnostics import Diagnostic, Location, Report
from .files import entry_files
from .kinds import Kind
from .markdown import Ref, position, scan
from .packed import pack
from .parallel import Spread, map_in_order
from .values import describe

_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# A numeric character reference, as the Markdown renderer decodes it (it takes at most 6
# hex or 7 decimal digits; a few more are matched here, and never too few).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")


class RawEntry(NamedTuple):
    """One entry file, read and parsed, not yet checked against the schema.

    A named tuple: it may come back from a worker process, and tuples pickle fast."""

    id: str
    kind: Kind
    path: str
    data: Any
    marks: yamlread.Marks
    packed: bytes
    """The Markdown body, packed (`packed.pack`): it crosses from the worker so, and stays so."""
    body_line: int
    refs: list[Ref]
    """What the body refers to, scanned here where the work is spread over the cores."""


@dataclass
class Loaded:
    entries: list[RawEntry] = field(default_factory=list)
    unreadable: dict[str, Kind] = field(default_factory=dict)
    """Ids of entry files that exist but could not be read, parsed or validated."""

    def add(self, batch: Loaded) -> None:
        self.entries += batch.entries
        self.unreadable.update(batch.unreadable)

    def sort(self) -> None:
        """By path and by id: batches may arrive in any order."""
        self.entries.sort(key=_path)
        self.unreadable = dict(sorted(self.unreadable.items()))


def read_text(file: str | Path, rel: str, report: Report) -> str | None:
    """The file as UTF-8 text with newlines normalised, or None with the problem reported."""
    try:
        raw = _read_bytes(file)
    except OSError as exc:  # no permission to read it, say
        reason = exc.strerror or type(exc).__name__
        report.error(Location(rel, 1, 1), "unreadable", f"cannot read the file: {reason}")
        return None
    return decode(raw, rel, report)


def decode(raw: bytes, rel: str, report: Report) -> str | None:
    """The bytes of a file (or of a blob of its history) as text with newlines
    normalised, or None with the problem reported at `rel`."""
    if raw.isascii() and not raw.translate(None, _PLAIN_ASCII):
        # Most files: plain ASCII with no control character, known at bytes speed.
        text = raw.decode("ascii")
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _end_of(raw[: exc.start])
        report.error(
            Location(rel, line, column),
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        )
        return None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Forbidden characters (SPEC 2), the line separators among them: YAML counts those as
    # line breaks, so that they would shift every line number after them.
    if m := FORBIDDEN.search(text):
        line, column = position(text, 1, m.start())
        report.error(
            Location(rel, line, column),
            "control-char",
            f"{forbidden_name(m[0])} is not allowed; delete it or use a plain space",
        )
        return None
    return text


def _end_of(before: bytes) -> tuple[int, int]:
    """The line and column just after `before`, the valid UTF-8 start of a file, counted as
    the text is read: a byte-order mark dropped, `\\r\\n` and a lone `\\r` line ends."""
    text = before.decode("utf-8").removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return position(text, 1, len(text))


def check_references(body: str, body_line: int, rel: str, report: Report) -> None:
    """Report each character reference in a Markdown body that the renderer would decode
    into a character no text may hold (`&#x202e;`, `&#27;`, `&#0;`), at the reference.

    Wherever it is written, a code span included (where it would be shown as written):
    one rule an editor can keep, and no second reading of the Markdown grammar."""
    for m in _CHAR_REF.finditer(body):
        code = int(m[1], 16) if m[1] else int(m[2])
        if code >= 0x110000 or not FORBIDDEN.match(chr(code)):
            continue
        report.error(
            Location(rel, *position(body, body_line, m.start())),
            "control-char",
            f"'{m[0]}' is {forbidden_name(chr(code))}, which the page may not hold; delete it",
        )


def _read_bytes(file: str | Path) -> bytes:
    """The file's bytes by plain system calls: a third of the time `Path.read_bytes` takes,
    which counts when every check reads thousands of files."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def parse_entry_text(text: str, rel: str, markdown: bool, report: Report) -> Any:
    """Split front matter from body and parse the YAML: (data, marks, body, body_line)."""
    if not markdown:
        return yamlread.parse(text, rel, report), "", 1
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        report.error(
            Location(rel, 1, 1),
            "front-matter",
            "a .md entry starts with a '---' line, its YAML front matter, then another '---' line",
        )
        return None, "", 1
    close = _FENCE.search(rest)
    if close is None:
        report.error(
            Location(rel, 1, 1),
            "front-matter",
            "front matter opened on line 1 is never closed with a '---' line",
        )
        return None, "", 1
    front = rest[: close.start()]
    body_line = 2 + front.count("\n") + 1
    body = rest[close.end() + 1 :]
    return yamlread.parse(front, rel, report, first_line=2), body, body_line


def load_entry(file: str, rel: str, kind: Kind, report: Report) -> RawEntry | None:
    """Read and parse one entry file; None (with the problems reported) if it cannot be."""
    text = read_text(file, rel, report)
    if text is None:
        return None
    return entry_from_text(text, rel, kind, report)


def entry_from_text(
    text: str, rel: str, kind: Kind, report: Report, refs: bool = True
) -> RawEntry | None:
    """Parse the text of the entry file `rel`; None (with the problems reported) if it
    cannot be. The history reads each past version of a file with this too, without the
    body's references (`refs`): it compares bodies as text."""
    markdown = rel.endswith(".md")
    parsed, body, body_line = parse_entry_text(text, rel, markdown, report)
    if parsed is None:
        return None
    data, marks = parsed
    if "&#" in body:
        check_references(body, body_line, rel, report)
    if not isinstance(data, dict):
        where = "the front matter" if markdown else "the file"
        needs = "'name:'" if kind in (Kind.ACTOR, Kind.PLACE) else "'title:'"
        message = (
            f"{where} is empty; an entry needs at least {needs}"
            if data is None
            else f"{where} must be a mapping of keys to values, got {describe(data)}"
        )
        report.error(marks.value(()), "not-a-mapping", message)
        return None
    refs_found = [r._replace(target=intern(r.target)) for r in scan(body)] if refs else []
    return RawEntry(_stem(rel), kind, rel, data, marks, pack(body), body_line, refs_found)


Stamp = tuple[int, int]
"""A file's modification time (ns) and size: unchanged, it is not read again."""
Loads = dict[str, tuple[Stamp, "RawEntry | None", list[Diagnostic]]]
Todo = list[tuple[str, str, Kind]]
"""Entry files to read: the file, its path in the project, its kind."""


@dataclass(frozen=True)
class Listing:
    """What the last walk of `content/` found: still what a walk would find while no
    file that it listed or reported is touched, and no other file comes."""

    todo: Todo
    problems: list[Diagnostic]
    """What the walk reported."""
    listed: frozenset[str]
    reported: frozenset[str]
    """The paths (in the project) of the files it listed, and of those it reported."""


@dataclass
class LoadCache:
    """What a long-running `dossier serve` keeps between loads."""

    files: Loads = field(default_factory=dict)
    """Each entry file's stamp, as read last, and what reading it gave."""
    listing: Listing | None = None
    """The last walk, when a load that made it was done and met no symbolic link."""


@contextmanager
def loading(
    root: Path,
    report: Report,
    cache: LoadCache | None = None,
    touched: Collection[str] | None = None,
) -> Iterator[Iterator[Loaded]]:
    """Every entry under `root/content`: the files are found, and the workers set on them.

    What is yielded gives the entries in batches, in no set order, as they are read; the
    files no worker has begun are read here, as the batches are taken. With a `cache`
    (kept by a long-running `dossier serve`), only files whose stamp changed are read and
    parsed again; given what the watcher saw `touched` since the last load (absolute
    paths of files), the folder is not walked again nor its files' stamps looked at:
    the touched files are read again, stamp or not, and the others kept."""
    content = root / "content"
    if not content.is_dir():
        report.error(Location("content", 1, 1), "no-content", "there is no content/ folder")
        yield iter(())
        return
    if cache is not None:
        listing, cache.listing = cache.listing, None  # kept again once this load is done
        again = None if touched is None else _in_content(root, touched)
        walk = listing is None or again is None or _walk_again(root, listing, again)
        if walk:
            walked, links = Report(), list[str]()
            todo = entry_files(root, content, walked, links)
            listing = None if links else _listing(todo, walked.diagnostics)
            problems = walked.diagnostics
        else:
            assert listing is not None
            todo, problems = listing.todo, listing.problems
        report.diagnostics += problems
        results = _load_cached(todo, cache.files, again or set(), every=walk)
        yield iter([_gather(todo, results, report)])
        cache.listing = listing
        return
    todo = entry_files(root, content, report)
    with Spread(_load_entries, todo) as spread:
        yield (_gather(todo[start : start + len(part)], part, report) for start, part in spread)


def _listing(todo: Todo, problems: list[Diagnostic]) -> Listing:
    listed = frozenset(rel for _, rel, _ in todo)
    return Listing(todo, problems, listed, frozenset(d.path for d in problems))


def _in_content(root: Path, touched: Collection[str]) -> set[str]:
    """The paths in the project of the files of `touched` (absolute paths) in `content/`."""
    base = str(root.resolve()) + os.sep
    found = set()
    for path in touched:
        rel = path[len(base) :].replace(os.sep, "/") if path.startswith(base) else ""
        if rel.startswith("content/"):  # media/ and the themes are looked at whole
            found.add(rel)
    return found


def _walk_again(root: Path, listing: Listing, touched: set[str]) -> bool:
    """May a walk find other files than `listing` did, now that the files `touched` (paths
    in the project) changed: is one it listed no plain file now, one it reported touched,
    or one there now that it did not list? A touched file that is not there and was not
    listed is the editor's, gone: the walk would not see it either."""
    for rel in touched:
        path = root / rel
        if rel in listing.listed:
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    return True
            except OSError:  # gone
                return True
        elif rel in listing.reported or os.path.lexists(path):
            return True
    return False


def _gather(
    todo: Todo,
    results: list[tuple[RawEntry | None, list[Diagnostic]]],
    report: Report,
) -> Loaded:
    loaded = Loaded()
    for (_, rel, kind), (entry, problems) in zip(todo, results, strict=True):
        report.diagnostics.extend(problems)
        if entry is None:
            loaded.unreadable[_stem(rel)] = kind
        else:
            loaded.entries.append(entry)
    return loaded


def _load_cached(
    todo: Todo, cache: Loads, again: set[str], *, every: bool
) -> list[tuple[RawEntry | None, list[Diagnostic]]]:
    """What each file of `todo` gives: read again if it is one of `again` (the watcher saw
    it touched), or if its stamp changed; with `every`, each file's stamp is looked at,
    else the others are taken to be as they were."""
    stamps = {}
    for file, rel, _ in todo if every else [item for item in todo if item[1] in again]:
        info = os.stat(file)
        stamps[rel] = (info.st_mtime_ns, info.st_size)
    stale = [
        item
        for item in todo
        if item[1] in stamps
        and (item[1] in again or cache.get(item[1], (None,))[0] != stamps[item[1]])
    ]
    for (_, rel, _), result in zip(stale, map_in_order(_load_entries, stale), strict=True):
        cache[rel] = (stamps[rel], *result)
    if every:
        for rel in set(cache) - set(stamps):
            del cache[rel]
    return [(cache[rel][1], cache[rel][2]) for _, rel, _ in todo]


def _load_entries(
    todo: Sequence[tuple[str, str, Kind]],
) -> list[tuple[RawEntry | None, list[Diagnostic]]]:
    """Load each file with a report of its own (this may run in a worker process)."""
    results = []
    for file, rel, kind in todo:
        report = Report()
        results.append((load_entry(file, rel, kind, report), report.diagnostics))
    return results


def _stem(rel: str) -> str:
    """The id of an entry file: its name without the suffix."""
    return rel.rpartition("/")[2].rpartition(".")[0]


def _path(entry: RawEntry) -> str:
    return entry.path
