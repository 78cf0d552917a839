"""Rebuilding after an edit: check again, render again exactly the pages whose inputs changed.

`dossier serve` keeps a `SiteBuilder`. The first build renders every page and records,
for each, the facts it read (`views.Reads`). After an edit, a file whose time and size are
unchanged is not read again (`check.Cache`); the facts that differ between the last good
dossier and the new one are found (`views.changed_facts`), and the pages that read one of
them are rendered again, along with pages that came; pages that went are removed. A change
to `dossier.yml` or to the theme renders everything. A content error keeps the last good
site and is reported.

Under `serve` (`rebuild(defer=True)`) what no page needs to be shown waits: the pages are
written, the browser is told, and `finish()` then writes the search index, `data/` and the
feed (a second on a big dossier), so the page with the edit is served first.

The git history is read once, then only the commits made since (`diffs.Walk`): a new commit
changes the history's facts, and renders again the pages that read them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import markdown, search
from .audience import Audience, for_audience
from .check import Cache, Dossier, paused_gc, stage
from .datafiles import write_data
from .diagnostics import FileError, Report, ThemeError
from .diffs import Walk
from .feed import write_feed
from .gitlog import HistoryError
from .i18n import project_language
from .pipeline import check
from .publish import MediaError, Published, publish, wanted
from .render import PACKAGE_THEMES, FolderSink, Rendered, Theme, render_pages, replace
from .views import Fact, PageView, Reads, Views, changed_facts, plan
from .views.facts import same_tables
from .views.keep import Item, Keep, Key, PageItems, sharing
from .write import MARK, MARK_TEXT, check_output, put, write_extras, write_sitemap, writing


@dataclass
class Rebuild:
    """What one rebuild did."""

    report: Report
    pages: list[str] = field(default_factory=list)
    """The pages rendered again."""
    full: bool = False
    error: str | None = None
    """What stopped the rebuild besides the content, as the line to show: a template that
    failed (`theme: ...`), a file that could not be written (`cannot write ...`), a
    repository that cannot be read."""


_PLANNED_FROM = frozenset({"kind", "tags", "located"})
"""The tables the plan of pages is made from (with whether there is a history): while they
are the same, so is the plan."""


class SiteBuilder:
    """Builds a dossier's site into `out` and rebuilds only what an edit touches."""

    def __init__(
        self,
        root: Path,
        out: Path,
        audience: Audience = Audience.PUBLIC,
        *,
        history: bool = True,
    ) -> None:
        check_output(root, out)
        self.root = root
        self.out = out
        self.audience = audience
        self.cache = Cache()
        self.walk = Walk(root) if history else None
        """The commits read so far, when the site shows its history."""
        self.md = markdown.create()
        self.checked: Dossier | None = None
        """The last good dossier, whole, as `check` gave it."""
        self.dossier: Dossier | None = None
        """The same for the audience: what the site shows."""
        self.theme: Theme | None = None
        self.setup_stamp: tuple[tuple[str, int, int], ...] = ()
        self.read: dict[str, frozenset[Fact]] = {}
        """A page's URL → the facts it read when it was last rendered."""
        self.readers: dict[Fact, set[str]] = {}
        """A fact → the pages that read it."""
        self.tables: dict[str, set[str]] = {}
        """A table → the keys of its facts that pages read (those of `readers`)."""
        self.pages: list[PageView] = []
        """The plan of the site as last built, and its pages' URLs."""
        self.planned: set[str] = set()
        self.docs: dict[str, str] = {}
        """An entry page's URL → its search document as JSON."""
        self.index = ""
        """The search index as last written."""
        self.kept: dict[str, PageItems] = {}
        """A page's URL → the parts its views made, to use again (`views.keep`)."""
        self.media_of: dict[str, tuple[tuple[str, bool], ...]] = {}
        """A page's URL → the files of media/ it shows or links."""
        self.published: Published = {}
        """The files of media/ the site holds, with the version copied."""
        self.unfinished: Dossier | None = None
        """The dossier whose search index, `data/` and feed are still to be written."""

    def rebuild(self, *, defer: bool = False, touched: Collection[str] | None = None) -> Rebuild:
        """Check the dossier and bring the site up to date with it; with `defer`, the pages
        only: `finish()` writes the rest. `touched` are the files (absolute paths) the
        watcher saw change since the last rebuild began, when that is known: the others
        are not looked at again (`load.loading`)."""
        with paused_gc():
            setup = self._setup_stamp()
            history = self.walk is not None
            checked = check(self.root, self.cache, self.checked, history=history, touched=touched)
            report = checked.report
            if report.errors:
                return Rebuild(report)
            if self.walk is not None:
                try:
                    with stage("history"):
                        checked = dataclasses.replace(checked, history=self.walk.update(checked))
                except HistoryError as exc:
                    return Rebuild(report, error=exc.message)
            dossier = for_audience(checked, self.audience)
            previous = self.dossier
            full = previous is None or setup != self.setup_stamp or self.theme is None
            try:
                if full:
                    pages = self._render_all(dossier)
                else:
                    assert previous is not None
                    pages = self._render_changed(previous, dossier)
                    if not defer:
                        self.finish()
            except ThemeError as exc:
                return Rebuild(report, error=f"theme: {exc}")
            except MediaError as exc:
                return Rebuild(report, error=str(exc))
            except FileError as exc:  # the pages written so far stay; the next save tries again
                return Rebuild(report, error=str(exc))
            except OSError as exc:  # reading the theme, say
                return Rebuild(report, error=str(FileError.of(exc, verb="")))
            self.checked, self.dossier, self.setup_stamp = checked, dossier, setup
            return Rebuild(report, pages, full)

    def _setup_stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Time and size of dossier.yml and of every theme file: a change renders everything."""
        files = [self.root / "dossier.yml"]
        for folder in (self.root / "themes", PACKAGE_THEMES):
            if folder.is_dir():
                files += sorted(p for p in folder.rglob("*") if p.is_file())
        out = []
        for file in files:
            try:
                info = file.stat()
            except FileNotFoundError:  # gone meanwhile; a missing dossier.yml `check` reports
                continue
            out.append((str(file), info.st_mtime_ns, info.st_size))
        return tuple(out)

    def _render_all(self, dossier: Dossier) -> list[str]:
        views = Views(Reads(dossier), self.md, Keep(drafts=False))
        config = dossier.config
        lang = project_language(self.root, config)
        theme = Theme.resolve(self.root, config.theme if config else "default", lang)
        pages = plan(views.reads)
        with stage("render"):
            rendered = render_pages(views, theme, pages, FolderSink(self.out), record=True)
            planned = {page.url for page in pages}
            for stale in self.out.rglob("*.html"):  # the page of an entry that went
                rel = stale.relative_to(self.out).as_posix()
                if rel not in planned and not rel.startswith("media/"):  # not a saved page
                    with writing(stale):
                        stale.unlink()
        self.theme, self.read, self.readers, self.docs, self.kept = theme, {}, {}, {}, {}
        self.tables, self.pages, self.planned = {}, pages, planned
        self.unfinished = None
        self.media_of = {}
        self._remember(rendered)
        self._publish(dossier)
        write_extras(self.out, theme, dossier.config, pages)
        write_data(self.out, dossier, only_changed=True)
        write_feed(self.out, dossier)
        self.index = ""
        self._write_index()
        put(self.out / MARK, MARK_TEXT.encode("utf-8"))
        return [page.url for page in pages]

    def _render_changed(self, before: Dossier, after: Dossier) -> list[str]:
        ids = before.entries.keys() | after.entries.keys()
        changed = {i for i in ids if before.entries.get(i) is not after.entries.get(i)}
        media_changed = before.media.files != after.media.files
        same_history = before.history is after.history
        if not changed and not media_changed and same_history:
            return []
        same = same_tables(before, after, changed)
        keep = Keep(self.kept)
        views = Views(Reads(after), self.md, keep)
        kept_plan = same >= _PLANNED_FROM and (before.history is None) == (after.history is None)
        if kept_plan and self.read.keys() == self.planned:
            pages, planned = self.pages, self.planned  # no page came or went
        else:
            pages = plan(views.reads)
            planned = {page.url for page in pages}
            if planned != self.read.keys():
                write_sitemap(self.out, after.config, pages)
            for gone in set(self.read) - planned:
                with writing(self.out / gone):
                    (self.out / gone).unlink(missing_ok=True)
                self._forget(gone)
                self.docs.pop(gone, None)
                self.kept.pop(gone, None)
                self.media_of.pop(gone, None)
        # A change to media/ alone: only what pages show of its files can differ.
        only_media = not changed and same_history
        read = {"media": self.tables.get("media", set())} if only_media else self.tables
        dirty = changed_facts(before, after, read, changed, same)
        keep.dirty = dirty
        wanted = {url for fact in dirty for url in self.readers[fact]}
        todo = [page for page in pages if page.url in wanted or page.url not in self.read]
        assert self.theme is not None
        with stage("render"):
            sink = FolderSink(self.out, only_changed=True)
            rendered = render_pages(views, self.theme, todo, sink, record=True)
        self._remember(rendered)
        self.pages, self.planned = pages, planned
        self._publish(after)
        self.unfinished = after
        return [page.url for page in todo]

    def finish(self) -> None:
        """Write what the last rebuild left: the search index, `data/`, the feed.

        Raises FileError when one cannot be written; it is then still to be written."""
        after = self.unfinished
        if after is None:
            return
        self._write_index()
        write_data(self.out, after, only_changed=True)
        write_feed(self.out, after, only_changed=True)
        self.unfinished = None

    def _publish(self, dossier: Dossier) -> None:
        """Bring the site's media/ in line with what its pages show (only what changed)."""
        with stage("media"):
            shown = wanted(self.media_of.values())
            self.published = publish(self.out, dossier.media, shown, self.published)

    def _remember(self, rendered: Iterable[Rendered]) -> None:
        """Keep what each page read, its search document and its parts."""
        shared: dict[Key, Item] = {}
        for page in rendered:
            assert page.facts is not None
            was = self.read.get(page.url, frozenset())
            self.read[page.url] = page.facts
            for fact in was - page.facts:  # a big index reads much the same facts again
                self._unread(fact, page.url)
            for fact in page.facts - was:
                readers = self.readers.get(fact)
                if readers is None:
                    readers = self.readers[fact] = set()
                    self.tables.setdefault(fact[0], set()).add(fact[1])
                readers.add(page.url)
            if page.document is not None:
                self.docs[page.url] = page.document
            self.media_of[page.url] = page.media
            if page.kept is not None:
                self.kept[page.url] = sharing(page.kept, shared)

    def _forget(self, url: str) -> None:
        for fact in self.read.pop(url, ()):
            self._unread(fact, url)

    def _unread(self, fact: Fact, url: str) -> None:
        readers = self.readers[fact]
        readers.discard(url)
        if not readers:
            del self.readers[fact]
            keys = self.tables[fact[0]]
            keys.discard(fact[1])
            if not keys:
                del self.tables[fact[0]]

    def _write_index(self) -> None:
        docs = [self.docs[url] for url in sorted(self.docs)]  # the build's order: by page
        index = search.index_from_json(docs)
        if index != self.index:
            replace(self.out / "assets" / "search-index.js", index.encode("utf-8"))
            self.index = index
