"""The pieces many pages show: links to entries, incident rows, dates, source notes.

A `Parts` is made once per build from the dossier's `Reads`. A link to an entry is the same
on every page of one folder, so each is made once per folder and shared; every use is
still recorded as a read of the page that uses it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast
from urllib.parse import quote

from markdown_it import MarkdownIt

from .. import markdown, urls
from ..i18n import ENGLISH, Language
from ..kinds import Kind
from ..markdown.local import Local
from ..media import target
from ..model import EntryData, Incident, Source
from ..values import PartialDate
from ..wording import CONFIDENTIAL, RELIABILITY, SOURCE_KINDS, authors, kind_label
from .keep import Item, Keep, Key, started
from .reads import Reads

if TYPE_CHECKING:
    from ..rendercache import RenderCache

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Link:
    """An entry as a link from one page."""

    id: str
    title: str
    href: str
    """Relative to the page that shows the link; empty for a confidential source, which
    has no page."""
    kind: str
    """The kind as a reader reads it: `Incident`."""
    summary: str | None


@dataclass(frozen=True, slots=True)
class Moment:
    """A date for `<time datetime=...>`: the machine's form and the reader's."""

    iso: str
    text: str
    precision: str


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """An incident in a list: its link, date and place (and, on an actor's page, its role)."""

    id: str
    title: str
    href: str
    kind: str
    summary: str | None
    date: Moment | None
    place: Link | None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Backref:
    """A link from a source note back to one place that cites it."""

    anchor: str
    letter: str
    number: int


@dataclass(frozen=True, slots=True)
class Note:
    """A numbered source note at the foot of a page."""

    number: int
    source: Link
    confidential: str | None
    """For a confidential source, the words that describe it: its kind and reliability
    (and nothing else is set)."""
    publisher: str | None = None
    author: str | None = None
    published: Moment | None = None
    url: str | None = None
    archive_url: str | None = None
    language: str | None = None
    backrefs: tuple[Backref, ...] = ()


def moment(date: PartialDate | None, lang: Language = ENGLISH) -> Moment | None:
    """A date worded at its precision, or None."""
    if date is None:
        return None
    return Moment(date.text, lang.date(date), str(date.precision))


def confidential_words(data: EntryData, lang: Language = ENGLISH) -> str | None:
    """A confidential source's kind and reliability, the only things the public sees."""
    assert isinstance(data, Source)
    words = [lang.gettext(SOURCE_KINDS[data.kind])] if data.kind else []
    if data.reliability:
        grade = lang.gettext(RELIABILITY[data.reliability])
        words.append(
            lang.gettext("reliability %(grade)s: %(text)s")
            % {"grade": data.reliability, "text": grade}
        )
    return "; ".join(words) or None


def folder_of(url: str) -> str:
    """The folder part of a page's URL, `incidents/` or `` at the root."""
    return url[: url.rfind("/") + 1]


class Parts:
    """What every page is made of, made once per folder and shared by its pages."""

    def __init__(
        self,
        reads: Reads,
        md: MarkdownIt,
        keep: Keep | None = None,
        cache: RenderCache | None = None,
    ) -> None:
        self.reads = reads
        self.md = md
        self.keep = keep
        """What pages made last time, under `serve` (`keep.Keep`)."""
        self.cache = cache
        """Where bodies rendered before are kept (`build`'s; `rendercache`)."""
        # By folder, then id: a dict per folder, not a key tuple per entry and folder (a
        # worker keeps a link to every entry for every folder it renders a page of).
        self._links: defaultdict[str, dict[str, Link]] = defaultdict(dict)
        self._rows: defaultdict[str, dict[str, IncidentRow]] = defaultdict(dict)
        self._shared: dict[tuple[str, ...], Item] = {}

    def shared(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """What `make()` gives, made once per build for `key`, which names everything it
        depends on besides the dossier (a place and the folder of the page, for links
        relative to it). What it read is recorded again on every page that uses it."""
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = self._item(("shared", *key), make)
        elif self.keep is not None:
            self.keep.put(("shared", *key), found)
        self.reads.note(found.facts, found.media)
        return cast(T, found.value)

    def kept(
        self, key: Key, make: Callable[[], T], citations: markdown.Citations | None = None
    ) -> T:
        """What `make()` gives, a part of one page named by `key` (which names everything it
        depends on besides the dossier), made again only when a fact it read changed since
        the page was last rendered (`keep.Keep`). With `citations`, what it cites is
        numbered in them, and it is used again only where it would be numbered the same."""
        if self.keep is None:
            return make()
        found = self._item(key, make, citations)
        self.reads.note(found.facts, found.media)
        return cast(T, found.value)

    def _item(
        self, key: Key, make: Callable[[], T], citations: markdown.Citations | None = None
    ) -> Item:
        found = self.keep.get(key, citations) if self.keep is not None else None
        if found is not None:
            return found
        cited = len(citations.cited) if citations else 0
        notes = len(citations.notes) if citations else 0
        before = len(self.keep.made) if self.keep is not None else 0
        with self.reads.recording() as facts, self.reads.showing() as media:
            made = make()
        cites = tuple(citations.cited[cited:]) if citations else ()
        start = started(citations, cites, notes) if citations and cites else (-1, ())
        inner = self.keep.made_since(before) if self.keep is not None else ()
        found = Item(made, frozenset(facts), tuple(media.items()), cites, start, inner)
        if self.keep is not None:
            self.keep.put(key, found)
        return found

    def link(self, id_: str, page: str) -> Link:
        """The entry `id_` as a link from the page at `page`."""
        entry = self.reads.shown(id_)
        links = self._links[folder_of(page)]
        found = links.get(id_)
        if found is None:
            lang = self.reads.lang
            kind = kind_label(entry.kind, lang)
            if entry.confidential:
                words = confidential_words(entry.data, lang)
                found = Link(id_, lang.gettext(CONFIDENTIAL), "", kind, words)
            else:
                href = urls.relative(urls.entry(entry.kind, id_), page)
                found = Link(id_, entry.title, href, kind, entry.data.summary)
            links[id_] = found
        return found

    def links(self, ids: list[str], page: str) -> tuple[Link, ...]:
        """Links to the entries `ids` that exist, by title (then id)."""
        found = [self.link(i, page) for i in ids if self.reads.has(i)]
        return tuple(sorted(found, key=lambda link: (link.title.casefold(), link.id)))

    def row(self, id_: str, page: str, role: str | None = None) -> IncidentRow:
        """An incident as a row of a list on the page at `page`."""
        entry = self.reads.dated(id_)
        data = entry.data
        assert isinstance(data, Incident)
        place = self.link(data.place, page) if data.place else None
        if role is not None:
            return self._row(entry.id, page, data, place, role)
        rows = self._rows[folder_of(page)]
        found = rows.get(id_)
        if found is None:
            found = rows[id_] = self._row(entry.id, page, data, place, None)
        return found

    def _row(
        self, id_: str, page: str, data: Incident, place: Link | None, role: str | None
    ) -> IncidentRow:
        link = self.link(id_, page)
        return IncidentRow(
            id_,
            link.title,
            link.href,
            link.kind,
            link.summary,
            moment(data.date, self.reads.lang),
            place,
            role,
        )

    def dated(self, ids: list[str], newest_first: bool = True) -> list[str]:
        """Incidents by date (undated last), then by title."""

        def key(id_: str) -> tuple[int, str, str]:
            entry = self.reads.dated(id_)
            data = entry.data
            assert isinstance(data, Incident)
            day = data.date.first.toordinal() if data.date else 0
            when = data.date.text if data.date else ""
            return (-day if newest_first else day or 10**9, when, entry.title.casefold())

        return sorted(ids, key=key)

    # Citations ------------------------------------------------------------------------------

    def source_line(self, id_: str) -> str:
        """Publisher and title, for a screen reader's label of a citation."""
        if self.reads.shown(id_).confidential:
            return self.reads.lang.gettext(CONFIDENTIAL)
        data = self.reads.source(id_)
        title = data.display_title
        return f'{data.publisher}, "{title}"' if data.publisher else f'"{title}"'

    def cite(self, source: str, citations: markdown.Citations) -> str:
        """An in-text citation of `source`, numbered on this page."""
        mark = citations.cite(source)
        out = markdown.cite_html(
            mark, self.cite_hook(source), self.source_line(source), self.reads.lang.gettext
        )
        return out + self.cite_note(source)

    def cite_note(self, source: str) -> str:
        """HTML after each citation of `source`: nothing on the site (the briefing's PDF
        puts the source's note there, as a page footnote)."""
        return ""

    def cite_hook(self, source: str) -> str:
        """What a citation's `data-cite` says: the source's id, or `confidential`."""
        return "confidential" if self.reads.shown(source).confidential else source

    def foreign_language(self, sources: tuple[str, ...]) -> str | None:
        """The language of a claim's first source that says, if not the dossier's own."""
        config = self.reads.config
        own = config.language if config else "en"
        for source in sources:
            language = self.reads.source(source).language
            if language:
                return None if language == own else language
        return None

    def notes(self, citations: markdown.Citations, page: str) -> tuple[Note, ...]:
        """The numbered source notes at the foot of a page, with their back-links."""
        out = []
        for note in citations.notes.values():
            data = self.reads.source(note.source)
            link = self.link(note.source, page)
            backrefs = tuple(Backref(m.anchor, m.letter, m.number) for m in note.marks)
            if not link.href:  # a confidential source: a stand-in has nothing else to show
                out.append(Note(note.number, link, link.summary or "", backrefs=backrefs))
                continue
            out.append(
                Note(
                    number=note.number,
                    source=link,
                    confidential=None,
                    publisher=data.publisher,
                    author=authors(data.author),
                    published=moment(data.published, self.reads.lang),
                    url=data.url,
                    archive_url=data.archive_url,
                    language=data.language,
                    backrefs=backrefs,
                )
            )
        return tuple(out)

    def body(
        self, text: str, page: str, citations: markdown.Citations, holder: str
    ) -> markdown.Rendered:
        """An entry's Markdown (written in the file `holder`) as HTML and as words for
        search, from one parse; its citations numbered after those before it on the page.
        The parse is kept without its entry links (`markdown.Draft`), which are filled in
        on every rendering: another entry's title changes them alone."""
        context = self._context(page, citations, holder)
        if self.keep is None or not self.keep.drafts:
            if self.cache is not None:
                return self.cache.render(self.md, text, context, page, holder)
            return markdown.render(self.md, text, context)
        done = self.kept(
            ("body", holder, text), lambda: markdown.draft(self.md, text, context), citations
        )
        return markdown.fill(done, context)

    def _context(
        self, page: str, citations: markdown.Citations, holder: str
    ) -> markdown.PageContext:
        reads = self.reads

        def href(id_: str) -> str | None:
            return self.link(id_, page).href if reads.has(id_) else None

        def is_source(id_: str) -> bool:
            return reads.has(id_) and reads.shown(id_).kind is Kind.SOURCE

        return markdown.PageContext(
            href=href,
            title=lambda id_: reads.shown(id_).title,
            is_source=is_source,
            citations=citations,
            cite_label=self.source_line,
            cite_hook=self.cite_hook,
            cite_note=self.cite_note,
            local=lambda url: self.local(url, holder, page),
            gettext=self.reads.lang.gettext,
            isolate=self.reads.lang.isolate,
        )

    def local(self, url: str, holder: str, page: str) -> Local | None:
        """What a relative URL written in `holder` names, as a link from `page`: a file of
        media/ (an image with its size), or the page of the entry whose file it names."""
        found = target(url, holder)
        if found is None:
            return None
        entry = self.reads.entry_at(found.path)
        if entry is not None:
            href = self.link(entry, page).href
            return Local(href + found.suffix if href else None)
        file = self.reads.media(found.path)
        if file is None:
            return Local(None)
        href = urls.relative(quote(file.path), page) + found.suffix
        image = file.image
        return Local(href, image.width, image.height) if image else Local(href)

    def copy_href(self, path: str, page: str) -> str | None:
        """The link from `page` to a source's preserved copy, published as it is."""
        file = self.reads.media(path, evidence=True)
        return urls.relative(quote(file.path), page) if file else None
