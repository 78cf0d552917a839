"""The render cache: an entry's body, once rendered, is not parsed again while nothing it
shows has changed (`docs/cache.md`).

A body's HTML and words are a function of the body, the grammar (this package's Markdown
modules, markdown-it's version) and what the parser asks the page about while it renders:
an id's title and address, whether it names a source, a relative URL's file and size, the
words of the site's language, the citations' numbers. While a body renders, every question
and its answer are recorded. The record is kept under a digest of the grammar, the page,
the file the body is written in and the body; the next build that renders the same body on
the same page asks every question again, and only if each answer is the same does it take
the recorded HTML (and number the page's citations as the parse would have). So a record
can be stale, but it is never taken when it is.

One file per output (`render-<output>.cache`, beside the build's manifest): a header line
(the format and the grammar), an index line (each record's digest key → its place, length
and BLAKE2b digest), then the records, JSON each. Every process (the render's workers too)
opens it itself and reads only the records of the pages it renders. New records go to a
file per process in a temporary folder; after the render, this process writes the next
file from the records the build used, old and new, and replaces the old one. A file that
cannot be read, of another format or grammar, or a record whose digest is wrong, is not used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import __version__, markdown
from .markdown.asked import recording, replay

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .markdown.plugins import PageContext

log = logging.getLogger("dossier")

FORMAT = 1
"""The file's own format; another is ignored. Bump it when what a record holds changes."""
_WARNED: set[str] = set()


def cannot_write(path: Path | str, exc: object) -> None:
    """One line on stderr for a cache folder that cannot be written, once per build."""
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in _WARNED:
        _WARNED.add(folder)
        log.warning("dossier: the build cache %s could not be written (%s)", path, exc)


@cache
def grammar() -> str:
    """What the rendering of a body depends on besides the page's answers: this format,
    dossier's version and its Markdown modules' bytes, markdown-it's and its plugins'."""
    import markdown_it
    import mdit_py_plugins

    digest = hashlib.blake2b(digest_size=16)
    versions = (FORMAT, __version__, markdown_it.__version__, mdit_py_plugins.__version__)
    digest.update(repr((versions, sys.version_info[:2])).encode())
    here = Path(__file__).parent
    for path in [*sorted((here / "markdown").glob("*.py")), Path(__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Stored:
    """A body rendered through the cache: its record's key, and where the record lies."""

    key: str
    miss: str
    """Empty for a hit; else why: `new` (no record) or `changed` (an answer differs)."""
    file: str | None
    """The part file its record was written to (a miss), `` for the cache file read at
    the start (a hit), None when it could not be written."""
    offset: int = 0
    length: int = 0
    digest: str = ""


class RenderCache:
    """The render cache of one output, as this build reads and writes it. It pickles as
    its paths (a spawned worker opens the file itself)."""

    def __init__(self, path: Path, parts: str) -> None:
        self.path = path
        self.parts = parts
        """The temporary folder of this build's new records, one file per process."""
        self._pid = -1
        self._owner = os.getpid()
        self._file: IO[bytes] | None = None
        self._start = 0
        self._index: dict[str, list[Any]] = {}
        self._out: IO[bytes] | None = None
        self._out_path = ""
        self._last: Stored | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"path": self.path, "parts": self.parts}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], state["parts"])  # type: ignore[misc]
        self._owner = -1  # a worker says nothing: this process speaks for the build

    def render(
        self, md: MarkdownIt, body: str, page: PageContext, url: str, holder: str
    ) -> markdown.Rendered:
        """`body` rendered on the page at `url` (written in `holder`), as
        `markdown.render(md, body, page)` gives it: from its record when every question
        the record's rendering asked has the same answer now."""
        key = _key(grammar(), url, holder, str(page.cite_note is None), body)
        found = self._record(key)
        if found is not None and replay(found[0], page):
            record = found[0]
            self._last = Stored(key, "", "", *found[1])
            return markdown.Rendered(record["html"], record["text"])
        asks: dict[tuple[str, str], object] = {}
        cites: list[list[object]] = []
        rendered = markdown.render(md, body, recording(page, asks, cites))
        record = {
            "key": key,
            "html": rendered.html,
            "text": rendered.text,
            "asks": [[name, arg, answer] for (name, arg), answer in asks.items()],
            "cites": cites,
        }
        self._last = self._append(key, record, "changed" if found else "new")
        return rendered

    def held(self, key: str) -> Stored | None:
        """The record under `key` in the cache file, if it is whole, for a body no page
        rendered this time (its page was kept: `pagecache`), so that `save` keeps it."""
        found = self._whole(key)
        return None if found is None else Stored(key, "", "", *found[1])

    def take(self) -> Stored | None:
        """The body the last page rendered through the cache (once)."""
        last, self._last = self._last, None
        return last

    # Reading -------------------------------------------------------------------------------

    def _open(self) -> None:
        """The cache file's index, read once in each process."""
        if self._pid == os.getpid():
            return
        self._pid, self._file, self._index = os.getpid(), None, {}
        try:
            file = open(self.path, "rb")  # noqa: SIM115 (open for the build's length)
        except FileNotFoundError:
            self._say("render cache: none yet in %s", self.path)
            return
        except OSError as exc:
            self._say("render cache ignored: %s cannot be read (%s)", self.path, exc)
            return
        try:
            header = json.loads(file.readline())
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                self._say("render cache ignored: %s is of another format", self.path)
            elif header.get("grammar") != grammar():
                self._say("render cache ignored: %s is of another version", self.path)
            else:
                index = json.loads(file.readline())
                if isinstance(index, dict) and all(_place(v) for v in index.values()):
                    self._file, self._index, self._start = file, index, file.tell()
                    return
                self._say("render cache ignored: %s has no index", self.path)
        except (OSError, ValueError) as exc:
            self._say("render cache ignored: %s cannot be read (%s)", self.path, exc)
        file.close()

    def _say(self, message: str, *args: object) -> None:
        if os.getpid() == self._owner:
            log.debug(message, *args)

    def _whole(self, key: str) -> tuple[bytes, tuple[int, int, str]] | None:
        """The bytes of the record under `key`, if it is there and whole, with its place."""
        self._open()
        place = self._index.get(key)
        if place is None or self._file is None:
            return None
        offset, length, digest = place
        try:
            self._file.seek(self._start + offset)
            data = self._file.read(length)
        except OSError:
            return None
        return (data, (offset, length, digest)) if _digest(data) == digest else None

    def _record(self, key: str) -> tuple[dict[str, Any], tuple[int, int, str]] | None:
        """The record under `key`, if it is there and whole, with its place."""
        found = self._whole(key)
        if found is None:
            return None
        try:
            record = json.loads(found[0])
        except ValueError:
            return None
        if not isinstance(record, dict) or record.get("key") != key:
            return None
        return record, found[1]

    # Writing -------------------------------------------------------------------------------

    def _append(self, key: str, record: dict[str, object], why: str) -> Stored:
        """Write a new record to this process's part file."""
        try:
            data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
            if self._out is None or self._out_path != self._part():
                self._out_path = self._part()
                self._out = open(self._out_path, "wb")  # noqa: SIM115
            offset = self._out.tell()
            self._out.write(data)
            self._out.flush()  # read by this process once the worker is done with it
        except (OSError, UnicodeError, ValueError):
            return Stored(key, why, None)
        return Stored(key, why, self._out_path, offset, len(data), _digest(data))

    def _part(self) -> str:
        return os.path.join(self.parts, f"{os.getpid()}.part")

    def save(self, bodies: Iterable[Stored | None]) -> None:
        """After the render: keep the records of `bodies` (the build's, each page's), and
        no other. Nothing is written when every body was a hit and none was dropped."""
        start = time.perf_counter()
        kept = {b.key: b for b in bodies if b is not None}
        misses = [b.miss for b in kept.values() if b.miss]
        why = {m: misses.count(m) for m in sorted(set(misses))}
        shown = ", ".join(f"{n:,} {m}" for m, n in why.items())
        counts = f"{_count(len(kept) - len(misses), 'hit')}, {_count(len(misses), 'miss')}"
        counts += f" ({shown})" if shown else ""
        self._open()
        if not misses and kept.keys() == self._index.keys():
            log.debug("render cache: %s; nothing to write", counts)
            return
        if any(b.file is None for b in kept.values()):
            cannot_write(self.parts, "a record could not be written")
        try:
            stored = [b for b in kept.values() if b.file is not None]
            written = self._write(sorted(stored, key=lambda b: b.key))
        except OSError as exc:
            cannot_write(self.path, exc)
            return
        elapsed = (time.perf_counter() - start) * 1000
        log.debug(
            "render cache: %s; %s records written in %.1f ms", counts, f"{written:,}", elapsed
        )

    def _write(self, bodies: list[Stored]) -> int:
        """The next cache file, from the old one and the part files; how many records."""
        if self._out is not None:
            self._out.close()
            self._out = None
        sources: dict[str, IO[bytes]] = {}
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as out:
                # The index from what each record's place says; a record whose bytes are
                # no longer those is written as zeros, which no digest matches.
                index, offset = {}, 0
                for body in bodies:
                    index[body.key] = [offset, body.length, body.digest]
                    offset += body.length
                header = {"format": FORMAT, "grammar": grammar(), "version": __version__}
                out.write(json.dumps(header).encode() + b"\n")
                out.write(json.dumps(index, separators=(",", ":")).encode() + b"\n")
                for body in bodies:
                    out.write(self._bytes(body, sources) or bytes(body.length))
        except BaseException:
            _close(sources.values())
            self.close()
            tmp.unlink(missing_ok=True)
            raise
        # On Windows a file open here cannot be replaced.
        _close(sources.values())
        self.close()
        try:
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise
        return len(bodies)

    def close(self) -> None:
        """Close the files this process has open."""
        _close((), self._out, self._file)
        self._out = self._file = None
        self._pid = -1

    def _bytes(self, body: Stored, sources: dict[str, IO[bytes]]) -> bytes | None:
        """A record's bytes, from the old cache file or a part file, if they are whole."""
        assert body.file is not None
        try:
            if body.file == "":
                source, offset = self._file, self._start + body.offset
            else:
                if body.file not in sources:
                    sources[body.file] = open(body.file, "rb")  # noqa: SIM115
                source, offset = sources[body.file], body.offset
            if source is None:
                return None
            source.seek(offset)
            data = source.read(body.length)
        except OSError:
            return None
        return data if _digest(data) == body.digest else None


@contextmanager
def render_cache(path: Path | None) -> Iterator[RenderCache | None]:
    """The render cache at `path` (None: no cache) for one build; its part files removed
    after it."""
    _WARNED.clear()
    if path is None:
        yield None
        return
    try:
        parts = tempfile.mkdtemp(prefix="dossier-render-")
    except OSError as exc:  # no temporary folder to be had: a build without the cache
        cannot_write(tempfile.gettempdir(), exc)
        yield None
        return
    made = RenderCache(path, parts)
    try:
        yield made
    finally:
        made.close()
        shutil.rmtree(parts, ignore_errors=True)


def _close(files: Iterable[IO[bytes]], *more: IO[bytes] | None) -> None:
    for file in [*files, *more]:
        if file is not None:
            file.close()


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}{'es' if word.endswith('s') else 's'}"


def _key(*parts: str) -> str:
    """A digest of `parts`, each one's length first (no two lists of parts share one)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _place(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and all(isinstance(n, int) and n >= 0 for n in value[:2])
        and isinstance(value[2], str)
    )
