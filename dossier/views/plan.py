"""The plan of the site (every page: its URL, template and what it shows) and the view of
one page, as the template's context."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from .. import search as index
from .. import urls
from ..kinds import Kind
from .chrome import Frame
from .entries import EntryPage, entry_page
from .history import corrections
from .keep import Keep
from .lists import contradictions, home, kind_index, not_found, search, timeline
from .maps import map_page
from .parts import Parts
from .reads import Reads
from .tags import tag_index, tag_page

if TYPE_CHECKING:
    from ..rendercache import RenderCache


@dataclass(frozen=True, slots=True)
class PageView:
    """One page to write: where, with which template, and what it shows."""

    url: str
    template: str
    entry: str | None = None
    """The id of the entry the page is about."""
    kind: Kind | None = None
    """The kind a kind's index lists."""
    tag: str | None = None
    """The tag a tag's page lists."""


def plan(reads: Reads) -> list[PageView]:
    """The plan of the whole site, sorted by URL."""
    pages = [
        PageView(urls.HOME, "home.html"),
        PageView(urls.TIMELINE, "timeline.html"),
        PageView(urls.CONTRADICTIONS, "contradictions.html"),
        PageView(urls.SEARCH, "search.html"),
        PageView(urls.NOT_FOUND, "404.html"),
    ]
    if reads.dossier.history is not None:
        pages.append(PageView(urls.CORRECTIONS, "corrections.html"))
    pages += [PageView(urls.index(kind), "index.html", kind=kind) for kind in Kind]
    tags = reads.tags()
    if tags:
        pages.append(PageView(urls.TAGS, "tags.html"))
        pages += [PageView(urls.tag(t), "tag.html", tag=t) for t in tags]
    if reads.located():
        pages.append(PageView(urls.MAP, "map.html"))
    pages += [
        PageView(urls.entry(e.kind, e.id), f"{e.kind}.html", entry=e.id)
        for e in reads.dossier.entries.values()
        if not e.confidential  # a stand-in for an internal source has no page
    ]
    return sorted(pages, key=lambda p: p.url)


class Views:
    """The views of a checked dossier's pages, one page at a time."""

    def __init__(
        self,
        reads: Reads,
        md: MarkdownIt,
        keep: Keep | None = None,
        cache: RenderCache | None = None,
    ) -> None:
        self.reads = reads
        self.parts = Parts(reads, md, keep, cache)
        self.frame = Frame(self.parts)

    def context(self, page: PageView) -> dict[str, object]:
        """What the page's template shows: `site` (the chrome) and the page's own fields
        (an entry page's `facts` spread among them, as its kind's template reads them)."""
        parts, url = self.parts, page.url
        view: object
        if page.entry is not None:
            view = entry_page(parts, page.entry, url)
        elif page.tag is not None:
            view = tag_page(parts, url, page.tag)
        elif page.kind is not None:
            view = kind_index(parts, url, page.kind)
        elif url == urls.HOME:
            view = home(parts, url, self.frame.title)
        elif url == urls.TIMELINE:
            view = timeline(parts, url)
        elif url == urls.CONTRADICTIONS:
            view = contradictions(parts, url)
        elif url == urls.CORRECTIONS:
            view = corrections(parts, url)
        elif url == urls.SEARCH:
            view = search(parts, url)
        elif url == urls.TAGS:
            view = tag_index(parts, url)
        elif url == urls.MAP:
            view = map_page(parts, url)

        else:
            view = not_found(self.reads.lang)
        context = _fields(view)
        if isinstance(view, EntryPage):
            context |= _fields(view.facts)
        section = context["section"]
        assert section is None or isinstance(section, str)
        context["site"] = self.frame.chrome(url, section)
        return context

    def document(self, page: PageView, context: dict[str, object]) -> str:
        """The search document of an entry's page (whose `context` holds its words)."""
        assert page.entry is not None
        text = context["text"]
        assert isinstance(text, str)
        return index.document_json(index.document(self.reads, page.entry, text))


def _fields(view: object) -> dict[str, object]:
    return {name: getattr(view, name) for name in _names(type(view))}


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(kind: type) -> tuple[str, ...]:
    """The fields of a view's dataclass, looked up once per class."""
    found = _NAMES.get(kind)
    if found is None:
        found = _NAMES[kind] = tuple(f.name for f in fields(kind))
    return found
