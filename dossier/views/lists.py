"""The pages that list entries: home, an index per kind, timeline, contradictions, search,
and the 404 page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import markdown, urls
from ..kinds import Kind
from ..model import Incident
from ..wording import KIND_LABELS
from .figures import ContradictionView, contradiction
from .incidents import IncidentTable, incident_table
from .parts import IncidentRow, Link, Note, Parts

LISTED = (Kind.INCIDENT, Kind.ACTOR, Kind.PLACE, Kind.SOURCE)
"""The kinds counted on the home page and first in the navigation."""


@dataclass(frozen=True, slots=True)
class Count:
    label: str
    count: int
    href: str


@dataclass(frozen=True, slots=True)
class Download:
    """A link to one file of the site's `data/` folder."""

    label: str
    href: str
    kind: str
    """What it is: `csv`, `geojson` or `json`."""


@dataclass(frozen=True, slots=True)
class Home:
    section: str
    title: str
    description: str | None
    counts: tuple[Count, ...]
    incidents: tuple[IncidentRow, ...]
    """The ten latest."""
    contradictions: tuple[ContradictionView, ...]
    """The first ten without an editor's assessment."""
    contradiction_count: int
    contradictions_href: str
    downloads: tuple[Download, ...]
    """Every file of `data/`."""


@dataclass(frozen=True, slots=True)
class KindIndex:
    section: str
    title: str
    kind: str
    rows: tuple[Link, ...]
    table: IncidentTable | None
    """The incidents index's table, with its filters."""
    downloads: tuple[Download, ...]
    """The kind's CSV file (if it has one), the GeoJSON (incidents and places), the JSON."""


@dataclass(frozen=True, slots=True)
class Year:
    year: str
    incidents: tuple[IncidentRow, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    section: str
    title: str
    years: tuple[Year, ...]


@dataclass(frozen=True, slots=True)
class Contradictions:
    section: str
    title: str
    contradictions: tuple[ContradictionView, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    entries: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Search:
    section: str
    title: str
    scripts: tuple[str, ...]
    groups: tuple[Group, ...]
    """Every entry by kind: what the page shows without JavaScript."""


@dataclass(frozen=True, slots=True)
class NotFound:
    section: None
    title: str


def home(parts: Parts, url: str, title: str) -> Home:
    reads = parts.reads
    config = reads.config
    incidents = parts.dated(reads.ids(Kind.INCIDENT))[:10]
    every = reads.contradictions()
    open_ = [c for c in every if c.assessment is None][:10]
    return Home(
        section="home",
        title=title,
        description=config.description if config else None,
        counts=tuple(
            Count(KIND_LABELS[k][1], len(reads.ids(k)), urls.relative(urls.index(k), url))
            for k in LISTED
        ),
        incidents=tuple(parts.row(i, url) for i in incidents),
        contradictions=tuple(contradiction(parts, c, url, None) for c in open_),
        contradiction_count=len(every),
        contradictions_href=urls.relative(urls.CONTRADICTIONS, url),
        downloads=downloads(url, None),
    )


CSV_TABLES = {
    Kind.INCIDENT: "incidents",
    Kind.ACTOR: "actors",
    Kind.PLACE: "places",
    Kind.SOURCE: "sources",
}
"""The kinds with a table of their own in `data/csv/`."""

HOME_CSV = ("incidents", "actors", "places", "sources", "claims", "contradictions")


def downloads(url: str, kind: Kind | None) -> tuple[Download, ...]:
    """The `data/` files a page offers: on the home page all of them (`kind` None)."""
    from ..datafiles import CSV, GEOJSON, JSON

    found = []
    if kind is None:
        found += [Download(f"CSV: {name}", f"{CSV}/{name}.csv", "csv") for name in HOME_CSV]
    elif kind in CSV_TABLES:
        found.append(Download("CSV", f"{CSV}/{CSV_TABLES[kind]}.csv", "csv"))
    if kind in (None, Kind.INCIDENT, Kind.PLACE):
        found.append(Download("GeoJSON", GEOJSON, "geojson"))
    found.append(Download("JSON", JSON, "json"))
    return tuple(replace(d, href=urls.relative(d.href, url)) for d in found)


def kind_index(parts: Parts, url: str, kind: Kind) -> KindIndex:
    title = KIND_LABELS[kind][1]
    if kind is Kind.INCIDENT:
        table = incident_table(parts, url)
        return KindIndex(kind.folder, title, str(kind), (), table, downloads(url, kind))
    rows = parts.links(parts.reads.ids(kind), url)
    return KindIndex(kind.folder, title, str(kind), rows, None, downloads(url, kind))


def timeline(parts: Parts, url: str) -> Timeline:
    years: dict[str, list[IncidentRow]] = {}
    for id_ in parts.dated(parts.reads.ids(Kind.INCIDENT), newest_first=False):
        data = parts.reads.dated(id_).data
        assert isinstance(data, Incident)
        year = str(data.date.first.year) if data.date else "Undated"
        years.setdefault(year, []).append(parts.row(id_, url))
    shown = tuple(Year(y, tuple(rows)) for y, rows in years.items())
    return Timeline("timeline", "Timeline", shown)


def contradictions(parts: Parts, url: str) -> Contradictions:
    citations = markdown.Citations()
    groups = tuple(contradiction(parts, c, url, citations) for c in parts.reads.contradictions())
    return Contradictions("contradictions", "Contradictions", groups, parts.notes(citations, url))


SEARCH_SCRIPTS = ("vendor/minisearch.js", "search-index.js", "search.js")


def search(parts: Parts, url: str) -> Search:
    groups = tuple(
        Group(KIND_LABELS[kind][1], parts.links(parts.reads.ids(kind), url))
        for kind in Kind
        if parts.reads.ids(kind)
    )
    scripts = tuple(urls.relative(urls.asset(name), url) for name in SEARCH_SCRIPTS)
    return Search("search", "Search", scripts, groups)


def not_found() -> NotFound:
    return NotFound(None, "Page not found")
