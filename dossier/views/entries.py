"""The page of one entry: an incident, actor, place, source or free page.

A page's sections are declared once, in the order the template shows them (`SECTIONS`),
and built in that order, so that its citations are numbered in reading order: the key
figures, their callouts, the narrative, then the kind's own lists.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import partial

from .. import markdown, urls
from ..kinds import Kind
from ..model import Actor, Entry, Incident, Page, Place, Source
from ..wording import (
    ACTOR_KINDS,
    FILE_KIND_LABELS,
    RELIABILITY,
    SOURCE_KINDS,
    authors,
    country,
    kind_label,
    language,
)
from .figures import ClaimRow, Figure, claim_row, figures
from .history import EntryHistory, entry_history
from .maps import Locator, locator
from .parts import IncidentRow, Link, Moment, Note, Parts, moment
from .tags import TagLink, tag_links


@dataclass(frozen=True, slots=True)
class Named:
    """A code with its name for a reader: a country, a language."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Role:
    """An actor in an incident, with its part."""

    href: str
    title: str
    role: str | None


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    date: Moment | None
    end_date: Moment | None
    place: Link | None
    actors: tuple[Role, ...]
    related: tuple[IncidentRow, ...]
    locator: Locator | None


@dataclass(frozen=True, slots=True)
class ActorFacts:
    actor_kind: str | None
    """As a reader reads it: `Armed group`."""
    country: Named | None
    part_of: Link | None
    members: tuple[Link, ...]
    incidents: tuple[IncidentRow, ...]
    asserts: tuple[ClaimRow, ...]


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: float
    lon: float
    text: str
    """`36.3450° N, 37.5180° E`."""


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    country: Named | None
    coordinates: Coordinates | None
    incidents: tuple[IncidentRow, ...]
    locator: Locator | None


@dataclass(frozen=True, slots=True)
class Reliability:
    grade: str
    text: str


@dataclass(frozen=True, slots=True)
class PreservedCopy:
    """A preserved copy of a source, as its page lists it."""

    name: str
    """The file's name: `statement.pdf`."""
    kind: str
    """As a reader reads it: `PDF`, `Screenshot`."""
    captured: Moment | None
    sha256: str
    href: str | None
    """The published file, relative to the page; None when it is only listed."""


@dataclass(frozen=True, slots=True)
class SourceFacts:
    publisher: str | None
    author: str | None
    published: Moment | None
    accessed: str | None
    url: str | None
    archive_url: str | None
    language: Named | None
    source_kind: str | None
    """As a reader reads it: `News`."""
    reliability: Reliability | None
    via: tuple[Link, ...]
    relayed_by: tuple[Link, ...]
    origins: tuple[Link, ...]
    supports: tuple[ClaimRow, ...]
    cited_in: tuple[Link, ...]
    files: tuple[PreservedCopy, ...]


@dataclass(frozen=True, slots=True)
class PageFacts:
    order: int | None


Facts = IncidentFacts | ActorFacts | PlaceFacts | SourceFacts | PageFacts


@dataclass(frozen=True, slots=True)
class EntryPage:
    """Everything an entry's page shows; `facts` holds what its kind adds."""

    section: str
    id: str
    kind: str
    kind_label: str
    kind_href: str
    title: str
    title_lang: str | None
    """The title's language when it is not the dossier's: a source's `language`."""
    summary: str | None
    aliases: tuple[str, ...]
    tags: tuple[TagLink, ...]
    note: str | None
    figures: tuple[Figure, ...]
    body: str
    """The narrative, as HTML."""
    text: str
    """The narrative as a reader reads it: for the search index, not shown."""
    facts: Facts
    mentioned_in: tuple[Link, ...]
    history: EntryHistory | None
    """When it last changed and its corrections; None when the site has no history."""
    notes: tuple[Note, ...]


def entry_page(parts: Parts, id_: str, url: str) -> EntryPage:
    """The view of the entry `id_`'s page at `url`.

    The sections that cite are built in the order entry.html shows them, and that is what
    numbers the citations in reading order: the key figures and their callouts, then the
    narrative, then the kind's own lists (an actor's claims, in `details`)."""
    entry = parts.reads.entry(id_)
    data = entry.data
    citations = markdown.Citations()
    shown = parts.kept(
        ("figures", entry.id), partial(figures, parts, entry.id, url, citations), citations
    )
    text = entry.body
    body = parts.body(text, url, citations, entry.path) if text.strip() else None
    facts = entry_facts(parts, entry, url, citations)
    return EntryPage(
        section=f"page:{entry.id}" if entry.kind is Kind.PAGE else entry.kind.folder,
        id=entry.id,
        kind=str(entry.kind),
        kind_label=kind_label(entry.kind, parts.reads.lang),
        kind_href=urls.relative(urls.index(entry.kind), url),
        title=entry.title,
        title_lang=parts.foreign_language((entry.id,)) if entry.kind is Kind.SOURCE else None,
        summary=data.summary,
        aliases=tuple(data.aliases),
        tags=tag_links(data.tags, url),
        note=data.note,
        figures=shown,
        body=body.html if body else "",
        text=body.text if body else "",
        facts=facts,
        mentioned_in=parts.links(parts.reads.backlinks(entry.id), url),
        history=entry_history(parts, entry.id, url),
        notes=parts.notes(citations, url),
    )


def entry_facts(parts: Parts, entry: Entry, url: str, citations: markdown.Citations) -> Facts:
    """What the entry's kind adds to its page: its facts and lists."""
    data = entry.data
    if isinstance(data, Incident):
        return _incident(parts, data, url)
    if isinstance(data, Actor):
        return _actor(parts, entry, data, url, citations)
    if isinstance(data, Place):
        return _place(parts, entry, data, url)
    if isinstance(data, Source):
        return _source(parts, entry, data, url)
    assert isinstance(data, Page)
    return PageFacts(data.order)


def _incident(parts: Parts, data: Incident, url: str) -> IncidentFacts:
    actors = []
    for role in data.actors:
        link = parts.link(role.actor, url)
        actors.append(Role(link.href, link.title, role.role))
    return IncidentFacts(
        date=moment(data.date, parts.reads.lang),
        end_date=moment(data.end_date, parts.reads.lang),
        place=parts.link(data.place, url) if data.place else None,
        actors=tuple(actors),
        related=tuple(parts.row(i, url) for i in data.related),
        locator=locator(parts, data.place, url) if data.place else None,
    )


def _actor(
    parts: Parts, entry: Entry, data: Actor, url: str, citations: markdown.Citations
) -> ActorFacts:
    reads, lang = parts.reads, parts.reads.lang
    return ActorFacts(
        actor_kind=lang.gettext(ACTOR_KINDS[data.kind]) if data.kind else None,
        country=_named(country(data.country, lang)),
        part_of=parts.link(data.part_of, url) if data.part_of else None,
        members=parts.links(reads.members(entry.id), url),
        incidents=tuple(parts.row(i, url, role) for i, role in reads.roles(entry.id)),
        asserts=tuple(claim_row(parts, c, url, citations) for c in reads.asserted(entry.id)),
    )


def _place(parts: Parts, entry: Entry, data: Place, url: str) -> PlaceFacts:
    coordinates = None
    lang = parts.reads.lang
    if data.coordinates:
        lat, lon = data.coordinates
        north = lang.pgettext("compass", "N") if lat >= 0 else lang.pgettext("compass", "S")
        east = lang.pgettext("compass", "E") if lon >= 0 else lang.pgettext("compass", "W")
        text = f"{abs(lat):.4f}° {north}, {abs(lon):.4f}° {east}"
        coordinates = Coordinates(lat, lon, text)
    return PlaceFacts(
        country=_named(country(data.country, lang)),
        coordinates=coordinates,
        incidents=tuple(parts.row(i, url) for i in parts.reads.at_place(entry.id)),
        locator=locator(parts, entry.id, url),
    )


def _source(parts: Parts, entry: Entry, data: Source, url: str) -> SourceFacts:
    reads, lang = parts.reads, parts.reads.lang
    origins = reads.origins(entry.id)
    return SourceFacts(
        publisher=data.publisher,
        author=authors(data.author),
        published=moment(data.published, lang),
        accessed=data.accessed.isoformat() if data.accessed else None,
        url=data.url,
        archive_url=data.archive_url,
        language=_named(language(data.language, lang)),
        source_kind=lang.gettext(SOURCE_KINDS[data.kind]) if data.kind else None,
        reliability=(
            Reliability(data.reliability, lang.gettext(RELIABILITY[data.reliability]))
            if data.reliability
            else None
        ),
        via=parts.links(data.via, url),
        relayed_by=parts.links(reads.relayed_by(entry.id), url),
        origins=parts.links([o for o in origins if o != entry.id], url),
        supports=tuple(claim_row(parts, c, url, None) for c in reads.supported(entry.id)),
        cited_in=parts.links(reads.cited_in(entry.id), url),
        files=tuple(
            PreservedCopy(
                name=copy.path.rpartition("/")[2],
                kind=lang.gettext(FILE_KIND_LABELS[copy.kind]),
                captured=moment(copy.captured, lang),
                sha256=copy.sha256.lower(),
                href=parts.copy_href(posixpath.normpath(copy.path), url) if copy.publish else None,
            )
            for copy in data.files
        ),
    )


def _named(found: dict[str, str] | None) -> Named | None:
    return Named(found["code"], found["name"]) if found else None
