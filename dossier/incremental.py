"""Rebuilding after an edit: check again what changed, re-render only the pages it touches.

`dossier serve` keeps a `SiteBuilder`. The first build renders every page; after that, a
file whose time and size are unchanged is not read again (`check.Cache`), and only the
pages that show a changed entry are rendered again: its own page, the pages it names and
that name it (their links, backlinks and figures show its title and claims), the lists
(home, indexes, timeline, contradictions, search) and, when its title, summary or date
changed, the pages one step further that show those. A change to `dossier.yml` or to the
theme renders everything. A content error keeps the last good site and is reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import markdown, render, search, urls
from .build import write_extras, write_pages
from .check import Cache, Dossier, check, paused_gc, stage
from .diagnostics import Report, ThemeError
from .kinds import Kind
from .model import Entry
from .views import PageView, Site
from .write import MARK, MARK_TEXT, check_output


@dataclass
class Rebuild:
    """What one rebuild did."""

    report: Report
    pages: list[str] = field(default_factory=list)
    """The pages rendered again."""
    full: bool = False
    error: str | None = None
    """A theme error, when a template failed."""


class SiteBuilder:
    """Builds a dossier's site into `out` and rebuilds only what an edit touches."""

    def __init__(self, root: Path, out: Path) -> None:
        check_output(root, out)
        self.root = root
        self.out = out
        self.cache = Cache()
        self.dossier: Dossier | None = None
        self.site: Site | None = None
        self.env: jinja2.Environment | None = None
        self.docs: dict[str, str] = {}
        """An entry's page URL → its search document as JSON."""
        self.setup_stamp: tuple[tuple[str, int, int], ...] = ()
        self.index = ""
        """The search index as last written."""
        self.md = markdown.create()

    def rebuild(self) -> Rebuild:
        """Check the dossier and bring the site up to date with it."""
        with paused_gc():
            setup = self._setup_stamp()
            dossier = check(self.root, self.cache, self.dossier)
            report = dossier.report
            if report.errors:
                return Rebuild(report)
            previous = self.dossier
            full = previous is None or setup != self.setup_stamp or self.site is None
            site = Site(dossier, self.md)
            try:
                if full:
                    pages = self._render_all(site, dossier)
                else:
                    assert previous is not None
                    pages = self._render_changed(site, previous, dossier)
            except ThemeError as exc:
                return Rebuild(report, error=str(exc))
            self.dossier, self.site, self.setup_stamp = dossier, site, setup
            return Rebuild(report, pages, full)

    def _setup_stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Time and size of dossier.yml and of every theme file: a change renders everything."""
        files = [self.root / "dossier.yml"]
        for folder in (self.root / "themes", render.PACKAGE_THEMES):
            if folder.is_dir():
                files += sorted(p for p in folder.rglob("*") if p.is_file())
        out = []
        for file in files:
            info = file.stat()
            out.append((str(file), info.st_mtime_ns, info.st_size))
        return tuple(out)

    def _environment(self, dossier: Dossier) -> tuple[jinja2.Environment, list[Path]]:
        theme = dossier.config.theme if dossier.config else "default"
        dirs = render.theme_dirs(self.root, theme)
        return render.environment(dirs), dirs

    def _render_all(self, site: Site, dossier: Dossier) -> list[str]:
        self.env, dirs = self._environment(dossier)
        pages = site.pages()
        with stage("render"):
            self.out.mkdir(parents=True, exist_ok=True)
            docs = write_pages(site, self.env, pages, self.out)
            planned = {page.url for page in pages}
            for stale in self.out.rglob("*.html"):  # the page of an entry that went
                if stale.relative_to(self.out).as_posix() not in planned:
                    stale.unlink()
        self.docs = {url: doc for url, doc in zip(_entry_pages(pages, site), docs, strict=True)}
        write_extras(self.out, dirs, site, pages)
        self.index = ""
        self._write_index()
        (self.out / MARK).write_text(MARK_TEXT, encoding="utf-8")
        return [page.url for page in pages]

    def _render_changed(self, site: Site, before: Dossier, after: Dossier) -> list[str]:
        changed = _changed_entries(before, after)
        if not changed:
            return []
        if set(before.entries) != set(after.entries) or before.unreadable != after.unreadable:
            return self._render_all(site, after)  # an entry came or went: lists everywhere
        wanted: set[str] = set()
        for id_ in changed:
            wanted |= _touched(before, after, id_)
        plan = [view for view in site.pages() if view.url in wanted]  # in the build's order
        assert self.env is not None
        with stage("render"):
            for view in plan:
                _write_if_changed(self.out / view.url, render.render_page(site, self.env, view))
        for id_ in changed:
            entry = after.entries[id_]
            doc = search.document(site, entry, search.body_text(site, entry))
            self.docs[doc["url"]] = search.document_json(doc)
        self._write_index()
        return [view.url for view in plan]

    def _write_index(self) -> None:
        docs = [self.docs[url] for url in sorted(self.docs)]  # the build's order: by page
        index = search.index_from_json(docs)
        if index != self.index:
            _replace(self.out / "assets" / "search-index.js", index.encode("utf-8"))
            self.index = index


def _entry_pages(pages: list[PageView], site: Site) -> list[str]:
    """The URLs of the entry pages among `pages`, in order: the search documents' order."""
    return [page.url for page in pages if page.context.get("id") in site.entries]


def _changed_entries(before: Dossier, after: Dossier) -> set[str]:
    """Entries added, removed, or whose file was read again (a new object)."""
    ids = set(before.entries) | set(after.entries)
    return {i for i in ids if before.entries.get(i) is not after.entries.get(i)}


def _touched(before: Dossier, after: Dossier, id_: str) -> set[str]:
    """The pages that show something of the entry `id_`, which changed between the two."""
    old, new = before.entries[id_], after.entries[id_]

    def pages(ids: set[str]) -> set[str]:
        return {urls.entry(after.entries[i].kind, i) for i in ids if i in after.entries}

    wanted = pages({id_})
    # Entries it stopped or started naming: their "mentioned in" lists changed.
    named_before = set(before.links.outlinks.get(id_, ()))
    wanted |= pages(named_before ^ set(after.links.outlinks.get(id_, ())))
    if _shown_elsewhere(old, new):
        near = _neighbours(before, {id_}) | _neighbours(after, {id_})
        near |= _neighbours(after, near)  # an incident row shows its place's title, too
        wanted |= pages(near)
        # Lists show titles, and incident rows their place's: every list is redone.
        wanted |= {urls.index(kind) for kind in Kind}
        wanted |= {urls.HOME, urls.TIMELINE, urls.SEARCH, urls.CONTRADICTIONS}
    if (old.data.claims, old.data.assessments) != (new.data.claims, new.data.assessments):
        every = (*old.data.claims, *new.data.claims)
        related = {c.subject or id_ for c in every} | {s for c in every for s in c.sources}
        related |= {c.attributed_to for c in every if c.attributed_to}
        wanted |= pages(related) | {urls.CONTRADICTIONS, urls.HOME}
    return wanted


def _neighbours(dossier: Dossier, ids: set[str]) -> set[str]:
    """The entries `ids` name and that name them, with `ids` themselves."""
    near = set(ids)
    for id_ in ids:
        near.update(dossier.links.outlinks.get(id_, ()))
        near.update(dossier.links.backlinks.get(id_, ()))
    return {n for n in near if n in dossier.entries}


def _shown_elsewhere(before: Entry, after: Entry) -> bool:
    """Did what other pages show of the entry change (its title, summary, date, place)?"""

    def shown(entry: Entry) -> tuple[object, ...]:
        data = entry.data
        return (
            entry.title,
            data.summary,
            getattr(data, "date", None),
            getattr(data, "place", None),
            entry.kind is Kind.SOURCE and getattr(data, "publisher", None),
        )

    return shown(before) != shown(after)


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, data)


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # a reader never sees half a page
