"""The pages that list entries: home, an index per kind, timeline, contradictions, search,
and the 404 page."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import partial

from .. import markdown, urls
from ..i18n import N_, Language
from ..kinds import Kind
from ..model import Incident
from ..wording import kind_label
from .figures import ContradictionView, contradiction, listed_contradiction
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
    results: str
    """The result count's forms by CLDR plural category, as JSON, for `search.js`."""


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
            Count(
                kind_label(k, reads.lang, True),
                len(reads.ids(k)),
                urls.relative(urls.index(k), url),
            )
            for k in LISTED
        ),
        incidents=tuple(parts.row(i, url) for i in incidents),
        contradictions=tuple(contradiction(parts, c, url, None) for c in open_),
        contradiction_count=len(every),
        contradictions_href=urls.relative(urls.CONTRADICTIONS, url),
        downloads=downloads(url, None, reads.lang),
    )


CSV_TABLES = {
    Kind.INCIDENT: "incidents",
    Kind.ACTOR: "actors",
    Kind.PLACE: "places",
    Kind.SOURCE: "sources",
}
"""The kinds with a table of their own in `data/csv/`."""

HOME_CSV = {
    "incidents": N_("incidents"),
    "actors": N_("actors"),
    "places": N_("places"),
    "sources": N_("sources"),
    "claims": N_("claims"),
    "contradictions": N_("contradictions"),
}
"""The tables of `data/csv/`, each as the home page's download link names it."""


def downloads(url: str, kind: Kind | None, lang: Language) -> tuple[Download, ...]:
    """The `data/` files a page offers: on the home page all of them (`kind` None)."""
    from ..datafiles import CSV, GEOJSON, JSON

    found = []
    if kind is None:
        found += [
            Download(f"CSV: {lang.gettext(text)}", f"{CSV}/{name}.csv", "csv")
            for name, text in HOME_CSV.items()
        ]
    elif kind in CSV_TABLES:
        found.append(Download("CSV", f"{CSV}/{CSV_TABLES[kind]}.csv", "csv"))
    if kind in (None, Kind.INCIDENT, Kind.PLACE):
        found.append(Download("GeoJSON", GEOJSON, "geojson"))
    found.append(Download("JSON", JSON, "json"))
    return tuple(replace(d, href=urls.relative(d.href, url)) for d in found)


def kind_index(parts: Parts, url: str, kind: Kind) -> KindIndex:
    title = kind_label(kind, parts.reads.lang, True)
    if kind is Kind.INCIDENT:
        table = incident_table(parts, url)
        return KindIndex(
            kind.folder, title, str(kind), (), table, downloads(url, kind, parts.reads.lang)
        )
    rows = parts.links(parts.reads.ids(kind), url)
    return KindIndex(
        kind.folder, title, str(kind), rows, None, downloads(url, kind, parts.reads.lang)
    )


def timeline(parts: Parts, url: str) -> Timeline:
    years: dict[str, list[IncidentRow]] = {}
    lang = parts.reads.lang
    for id_ in parts.dated(parts.reads.ids(Kind.INCIDENT), newest_first=False):
        data = parts.reads.dated(id_).data
        assert isinstance(data, Incident)
        year = lang.year(data.date.first.year) if data.date else lang.gettext("Undated")
        years.setdefault(year, []).append(parts.row(id_, url))
    shown = tuple(Year(y, tuple(rows)) for y, rows in years.items())
    return Timeline("timeline", lang.gettext("Timeline"), shown)


def contradictions(parts: Parts, url: str) -> Contradictions:
    citations = markdown.Citations()
    groups = tuple(
        parts.kept(
            ("contradiction", c.subject, c.about),
            partial(listed_contradiction, parts, c.subject, c.about, url, citations),
            citations,
        )
        for c in parts.reads.contradictions()
    )
    return Contradictions(
        "contradictions",
        parts.reads.lang.gettext("Contradictions"),
        groups,
        parts.notes(citations, url),
    )


SEARCH_SCRIPTS = ("vendor/minisearch.js", "search-index.js", "search.js")


def search(parts: Parts, url: str) -> Search:
    groups = tuple(
        parts.kept(("group", kind.value), partial(_group, parts, kind, url))
        for kind in Kind
        if parts.reads.ids(kind)
    )
    scripts = tuple(urls.relative(urls.asset(name), url) for name in SEARCH_SCRIPTS)
    lang = parts.reads.lang
    forms = lang.plural_forms("%(n)s result", "%(n)s results")
    results = json.dumps(forms, ensure_ascii=False, sort_keys=True)
    return Search("search", lang.gettext("Search"), scripts, groups, results)


def _group(parts: Parts, kind: Kind, url: str) -> Group:
    """Every entry of `kind` on the search page (kept: `Parts.kept`)."""
    return Group(kind_label(kind, parts.reads.lang, True), parts.links(parts.reads.ids(kind), url))


def not_found(lang: Language) -> NotFound:
    return NotFound(None, lang.gettext("Page not found"))
