"""The page cache: a build with the cache renders only the pages whose recorded inputs
changed, and takes the other pages' files from the last site (`docs/cache.md`).

A build with the cache renders as `serve` does, recording the facts each page reads
(`views.Reads`). After it, `pages-<output>.cache` beside the build's manifest keeps, for
each page, the facts it read with a digest of each one's value (`digest.py`, the values
`views.changed_facts` compares), the size and time of its file as written, and what its
rendering gave back besides the file: its search document's place in the search index,
the media it shows, its body's record in the render cache.

The next build with the cache plans the site; a page is taken from the last site (a hard
link, or a copy, into the staging folder) when the page cache knows it, every fact it read
has the same digest now, its file in the last site is as written, and what its rendering
gave back is still to be had (its search document whole in the last index, its body in
the render cache). Every other page is rendered. Any doubt is a render: the file is keyed
by what every page depends on beyond its facts (the format, dossier's version and files,
its themes' files, `dossier.yml`, the options), and one that lifts an embargo, cannot be
read, or is of another key is not used at all.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import __version__
from .buildcache import PageStore, embargoes_of, lifted
from .diagnostics import FileError
from .digest import Memo, Undigestable, digest
from .render import replace
from .rendercache import cannot_write
from .search import span_digest
from .views import Fact
from .views.facts import fact_values

if TYPE_CHECKING:
    from .check import Dossier
    from .render import Rendered
    from .rendercache import RenderCache, Stored
    from .search import Span, Spool
    from .views import PageView

log = logging.getLogger("dossier")

FORMAT = 1
"""The file's own format; another is ignored."""
INDEX = "assets/search-index.js"
"""The search index, in the site, which holds each page's search document."""

Media = tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Page:
    """What the page cache knows of one page of the last site."""

    view: str
    """The digest of its `PageView` (its URL, template and subject)."""
    facts: tuple[int, ...]
    """The facts it read, by their place in the file's table of facts."""
    media: Media
    """The files of `media/` it shows (`Rendered.media`)."""
    body: str | None
    """Its body's key in the render cache, if it has a body."""
    document: tuple[int, int, str] | None
    """Its search document in the last site's index: offset, length, digest."""
    file: tuple[int, int]
    """Its file's size and modification time (in nanoseconds) as the build left it."""


@dataclass(frozen=True)
class _Last:
    """The page cache as the last build wrote it."""

    facts: list[tuple[Fact, str | None]]
    pages: dict[str, Page]
    index: tuple[int, int]
    """The size and time of the last site's search index."""


@dataclass
class Reuse:
    """The pages of one build: those taken from the last site, those to render."""

    store: PageStore | None
    todo: Sequence[PageView]
    """The pages to render, in the plan's order."""
    plan: Sequence[PageView] = ()
    kept: dict[str, tuple[list[Fact], Page]] = field(default_factory=dict)
    """The pages taken from the last site: the facts each read, its entry in the cache."""
    media: list[Media] = field(default_factory=list)
    bodies: list[Stored] = field(default_factory=list)
    """The render cache's records of the kept pages' bodies, for it to keep them."""
    digests: dict[Fact, str | None] = field(default_factory=dict)
    """The digest of each fact's value now (None: it has none, and matches nothing)."""
    values: Callable[[Fact], object] | None = None
    memo: Memo = field(default_factory=dict)
    moment: tuple[str, list[str]] = ("", [])
    """The build's clock and the embargoes of the dossier, whole."""

    @classmethod
    def nothing(cls, pages: Sequence[PageView]) -> Reuse:
        """Every page rendered and no page cache written (`--no-cache`)."""
        return cls(None, pages)

    @classmethod
    def plan_of(
        cls,
        store: PageStore,
        site: Path,
        staged: Path,
        pages: Sequence[PageView],
        shown: Dossier,
        whole: Dossier,
        now: datetime,
        cache: RenderCache | None,
        spool: Spool,
    ) -> Reuse:
        """Take into `staged` each page of `pages` whose file in `site` (the last one) is
        still what a render of `shown` would write; the others are to be rendered."""
        until = embargoes_of(whole)
        reuse = cls(store, pages, pages, values=fact_values(shown, whole))
        reuse.moment = (now.isoformat(), until)
        last = _read(store, until, now)
        if last is not None:
            reuse._keep(last, site, staged, cache, spool)
        log.debug(
            "pages: %s rendered, %s kept from the last build",
            f"{len(reuse.todo):,}",
            f"{len(reuse.kept):,}",
        )
        return reuse

    def digest_of(self, fact: Fact) -> str | None:
        """The digest of `fact`'s value now, worked out once."""
        if fact in self.digests:
            return self.digests[fact]
        assert self.values is not None
        try:
            found: str | None = digest(self.values(fact), self.memo)
        except (Undigestable, ValueError, KeyError) as exc:
            log.debug("page cache: the fact %s has no digest (%s)", fact, exc)
            found = None
        self.digests[fact] = found
        return found

    def _keep(
        self, last: _Last, site: Path, staged: Path, cache: RenderCache | None, spool: Spool
    ) -> None:
        start = time.perf_counter()
        same = [d is not None and self.digest_of(f) == d for f, d in last.facts]
        index = _open_index(site / INDEX, last.index)
        documents: list[tuple[str, str]] = []
        todo = []
        try:
            for page in self.plan:
                found = last.pages.get(page.url)
                taken = found is not None and self._take(
                    page, found, same, site, staged, index, cache, documents
                )
                if not taken:
                    todo.append(page)
                    continue
                assert found is not None
                self.kept[page.url] = ([last.facts[i][0] for i in found.facts], found)
                self.media.append(found.media)
        finally:
            if index is not None:
                index.close()
        spool.put(documents, name="kept")
        self.todo = todo
        elapsed = (time.perf_counter() - start) * 1000
        log.debug("page cache: %s facts compared in %.1f ms", f"{len(same):,}", elapsed)

    def _take(
        self,
        page: PageView,
        found: Page,
        same: list[bool],
        site: Path,
        staged: Path,
        index: IO[bytes] | None,
        cache: RenderCache | None,
        documents: list[tuple[str, str]],
    ) -> bool:
        """Take the page from the last site, if nothing it showed has changed."""
        if found.view != digest(page) or not all(same[i] for i in found.facts):
            return False
        body = None
        if found.body is not None and cache is not None:
            body = cache.held(found.body)
            if body is None:  # the render cache would forget it
                return False
        document = None
        if found.document is not None:
            document = _document(index, found.document)
            if document is None:
                return False
        old = site / page.url
        try:
            info = os.lstat(old)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or (info.st_size, info.st_mtime_ns) != found.file:
            return False
        if not _link(old, staged / page.url):
            return False
        if body is not None:
            self.bodies.append(body)
        if document is not None:
            documents.append((page.url, document))
        return True

    def save(self, site: Path, rendered: Iterable[Rendered], spans: dict[str, Span]) -> None:
        """What each page read and wrote, the site written in `site` (the staging folder:
        the swap keeps each file's size and time). Written before the swap, it describes
        the old site too should the swap fail: a page rendered then is a file of another
        time, and a page kept is the old file."""
        if self.store is None:
            return
        start = time.perf_counter()
        table: dict[Fact, int] = {}

        def places(facts: Iterable[Fact]) -> list[int]:
            return [table.setdefault(f, len(table)) for f in sorted(facts)]

        made: dict[str, list[Any]] = {}
        for page in rendered:
            assert page.facts is not None
            body = page.body.key if page.body is not None else None
            made[page.url] = [places(page.facts), [list(m) for m in page.media], body]
        for url, (facts, old) in self.kept.items():
            made[url] = [places(facts), [list(m) for m in old.media], old.body]
        pages = {}
        for view in self.plan:
            try:
                info = os.lstat(site / view.url)
            except OSError:
                continue
            span = spans.get(view.url)
            pages[view.url] = [
                digest(view),
                *made[view.url],
                list(span) if span else None,
                [info.st_size, info.st_mtime_ns],
            ]
        rows = [[t, k, self.digest_of((t, k))] for (t, k) in table]
        try:
            index = os.stat(site / INDEX)
            data = json.dumps(
                {
                    "format": FORMAT,
                    "version": __version__,
                    "key": self.store.key,
                    "clock": self.moment[0],
                    "embargoes": self.moment[1],
                    "index": [index.st_size, index.st_mtime_ns],
                    "facts": rows,
                    "pages": pages,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode("utf-8", "surrogatepass")
            self.store.path.parent.mkdir(parents=True, exist_ok=True)
            replace(self.store.path, data)
        except (OSError, FileError) as exc:
            cannot_write(self.store.path, exc)
            return
        elapsed = (time.perf_counter() - start) * 1000
        log.debug(
            "page cache: %s pages, %s facts written in %.1f ms (%.1f MB)",
            f"{len(pages):,}",
            f"{len(rows):,}",
            elapsed,
            len(data) / 1e6,
        )


def _read(store: PageStore, embargoes: list[str], now: datetime) -> _Last | None:
    """The page cache at `store`, if it is whole, of this key, and no embargo has lifted."""
    try:
        found = json.loads(store.path.read_bytes())
    except FileNotFoundError:
        log.debug("page cache: none yet in %s", store.path)
        return None
    except (OSError, ValueError) as exc:
        log.debug("page cache ignored: %s cannot be read (%s)", store.path, exc)
        return None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        log.debug("page cache ignored: %s is of another format", store.path)
        return None
    if found.get("version") != __version__ or found.get("key") != store.key:
        log.debug("page cache ignored: the program, its theme, dossier.yml or the options changed")
        return None
    if found.get("embargoes") != embargoes:
        log.debug("page cache ignored: the embargoes changed")
        return None
    why = lifted(embargoes, found.get("clock"), now)
    if why:
        log.debug("page cache ignored: %s", why)
        return None
    try:
        return _parsed(found)
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        log.debug("page cache ignored: %s is malformed (%s)", store.path, exc)
        return None


def _parsed(found: dict[str, Any]) -> _Last:
    """The page cache's contents, every part checked for its shape."""
    facts = []
    for table, key, value in found["facts"]:
        if not (isinstance(table, str) and isinstance(key, str)):
            raise TypeError("a fact is not two strings")
        if not (value is None or isinstance(value, str)):
            raise TypeError("a fact's digest is not a string")
        facts.append(((table, key), value))
    pages = {}
    for url, (view, places, media, body, document, file) in found["pages"].items():
        if not all(isinstance(n, int) and 0 <= n < len(facts) for n in places):
            raise ValueError(f"{url}: a fact out of the table")
        shown = tuple((str(path), bool(exact)) for path, exact in media)
        if not all(isinstance(path, str) and isinstance(e, bool) for path, e in media):
            raise TypeError(f"{url}: a media file is not a path and a flag")
        if document is not None:
            offset, length, sum_ = document
            document = (_natural(offset), _natural(length), str(sum_))
        size, mtime = file
        pages[str(url)] = Page(
            str(view),
            tuple(places),
            shown,
            None if body is None else str(body),
            document,
            (_natural(size), _natural(mtime)),
        )
    size, mtime = found["index"]
    return _Last(facts, pages, (_natural(size), _natural(mtime)))


def _natural(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not a size")
    return value


def _open_index(path: Path, recorded: tuple[int, int]) -> IO[bytes] | None:
    """The last site's search index, open, if it is as the last build wrote it."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and (info.st_size, info.st_mtime_ns) == recorded:
            return open(path, "rb")
    except OSError:
        pass
    log.debug("page cache: the search index of the last site is not as written")
    return None


def _document(index: IO[bytes] | None, span: tuple[int, int, str]) -> str | None:
    """A page's search document in the last index, if it is there whole."""
    if index is None:
        return None
    offset, length, sum_ = span
    try:
        index.seek(offset)
        data = index.read(length)
    except OSError:
        return None
    if len(data) != length or span_digest(data) != sum_:
        return None
    return data.decode("utf-8")


def _link(old: Path, new: Path) -> bool:
    """`old` (in the last site) at `new` too: a hard link, else a copy. The builds and
    `serve` write a page as a new file, never through one (`render.FolderSink`), so the
    last site's file stays as it was."""
    try:
        os.link(old, new)
    except OSError:
        try:
            shutil.copy2(old, new)
        except OSError:
            new.unlink(missing_ok=True)
            return False
    return True
