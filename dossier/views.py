"""Ready view data for the templates: every link relative, every value worded.

Templates do not compute. A `Site` is built once from the checked dossier (with its
indexes: who appears in which incident, which claims each source supports...), then asked
for one page's context at a time. Each page has its own `Citations`: the key figures and
the narrative share one numbering, in the order they appear on the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markdown_it import MarkdownIt

from . import markdown, urls
from .check import Dossier
from .claims import ClaimRecord, Contradiction
from .entry_views import entry_page
from .kinds import Kind
from .model import Actor, Entry, Incident, Source
from .wording import KIND_LABELS, authors, label, order, value_text, when


@dataclass
class PageView:
    """One page to write: where, with which template, and what it shows."""

    url: str
    template: str
    context: dict[str, Any]


class Site:
    """The checked dossier, indexed once for every page that asks."""

    def __init__(self, dossier: Dossier, md: MarkdownIt) -> None:
        self.dossier = dossier
        self.md = md
        self.entries = dossier.entries
        self.config = dossier.config
        self.by_kind: dict[Kind, list[Entry]] = defaultdict(list)
        for entry in self.entries.values():
            self.by_kind[entry.kind].append(entry)
        self.roles: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        """Actor id → (incident id, role) for every incident the actor takes part in."""
        self.at_place: dict[str, list[str]] = defaultdict(list)
        self.members: dict[str, list[str]] = defaultdict(list)
        self.relayed_by: dict[str, list[str]] = defaultdict(list)
        for entry in self.entries.values():
            data = entry.data
            if isinstance(data, Incident):
                for role in data.actors:
                    self.roles[role.actor].append((entry.id, role.role))
                if data.place:
                    self.at_place[data.place].append(entry.id)
            elif isinstance(data, Actor) and data.part_of:
                self.members[data.part_of].append(entry.id)
            elif isinstance(data, Source):
                for relayed in data.via:
                    self.relayed_by[relayed].append(entry.id)
        self.supported: dict[str, list[ClaimRecord]] = defaultdict(list)
        self.asserted: dict[str, list[ClaimRecord]] = defaultdict(list)
        for claim in dossier.claims.claims:
            for source in claim.sources:
                self.supported[source].append(claim)
            if claim.attributed_to:
                self.asserted[claim.attributed_to].append(claim)
        self.contradictions: dict[tuple[str, str], Contradiction] = {
            (c.subject, c.about): c for c in dossier.claims.contradictions
        }
        self.groups: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
        """Subject id → (property, claim indexes) of every property claimed about it."""
        for (subject, about), members in dossier.claims.groups.items():
            self.groups[subject].append((about, members))
        self._nav: dict[tuple[str, str | None], list[dict[str, Any]]] = {}

    @cached_property
    def title(self) -> str:
        return self.config.title if self.config else "Dossier"

    # Links and names --------------------------------------------------------------------

    def link(self, id_: str, page: str) -> dict[str, Any]:
        """An entry as a link from `page`: title, href, kind."""
        entry = self.entries[id_]
        return {
            "id": id_,
            "title": entry.title,
            "href": urls.relative(urls.entry(entry.kind, id_), page),
            "kind": KIND_LABELS[entry.kind][0],
            "summary": entry.data.summary,
        }

    def links(self, ids: list[str], page: str) -> list[dict[str, Any]]:
        return sorted(
            (self.link(i, page) for i in ids if i in self.entries),
            key=lambda link: (link["title"].casefold(), link["id"]),
        )

    def source_line(self, id_: str) -> str:
        """Publisher and title, for a screen reader's label of a citation."""
        data = self.entries[id_].data
        publisher = getattr(data, "publisher", None)
        return f'{publisher}, "{data.display_title}"' if publisher else f'"{data.display_title}"'

    def foreign_language(self, sources: tuple[str, ...] | list[str]) -> str | None:
        """The language of a claim's first source that says, if not the dossier's own."""
        own = self.config.language if self.config else "en"
        for source in sources:
            data = self.entries[source].data
            if isinstance(data, Source) and data.language:
                return None if data.language == own else data.language
        return None

    def page_context(self, url: str, citations: markdown.Citations) -> markdown.PageContext:
        def href(id_: str) -> str | None:
            entry = self.entries.get(id_)
            return urls.relative(urls.entry(entry.kind, id_), url) if entry else None

        return markdown.PageContext(
            href=href,
            title=lambda id_: self.entries[id_].title,
            is_source=lambda id_: id_ in self.entries and self.entries[id_].kind is Kind.SOURCE,
            citations=citations,
            cite_label=self.source_line,
        )

    def cite(self, source: str, citations: markdown.Citations) -> str:
        """An in-text citation of `source`, numbered on this page."""
        return markdown.cite_html(citations.cite(source), source, self.source_line(source))

    def notes(self, citations: markdown.Citations, page: str) -> list[dict[str, Any]]:
        """The numbered source notes at the foot of a page, with their back-links."""
        out = []
        for note in citations.notes.values():
            data = self.entries[note.source].data
            assert isinstance(data, Source)
            out.append(
                {
                    "number": note.number,
                    "source": self.link(note.source, page),
                    "publisher": data.publisher,
                    "author": authors(data.author),
                    "published": when(data.published),
                    "url": data.url,
                    "archive_url": data.archive_url,
                    "language": data.language,
                    "backrefs": [
                        {"anchor": m.anchor, "letter": m.letter, "number": m.number}
                        for m in note.marks
                    ],
                }
            )
        return out

    # Pages ------------------------------------------------------------------------------

    def pages(self) -> list[PageView]:
        """The plan of the whole site, sorted by URL."""
        plan = [
            PageView(urls.HOME, "home.html", {}),
            PageView(urls.TIMELINE, "timeline.html", {}),
            PageView(urls.CONTRADICTIONS, "contradictions.html", {}),
            PageView(urls.SEARCH, "search.html", {}),
            PageView(urls.NOT_FOUND, "404.html", {}),
        ]
        plan += [PageView(urls.index(kind), "index.html", {"kind": kind}) for kind in Kind]
        plan += [
            PageView(urls.entry(e.kind, e.id), f"{e.kind}.html", {"id": e.id})
            for e in self.entries.values()
        ]
        return sorted(plan, key=lambda p: p.url)

    def context(self, view: PageView) -> dict[str, Any]:
        """Everything the page's template shows."""
        url = view.url
        builders: dict[str, Callable[..., dict[str, Any]]] = {
            "home.html": self.home,
            "timeline.html": self.timeline,
            "contradictions.html": self.all_contradictions,
            "search.html": self.search,
            "404.html": self.not_found,
            "index.html": self.kind_index,
        }
        if "id" in view.context:
            body = entry_page(self, self.entries[view.context["id"]], url)
        else:
            body = builders[view.template](url, **view.context)
        return {"site": self.site_view(url, body.get("section")), **body}

    @cached_property
    def base(self) -> str | None:
        """The published site's address, ending in `/`, when `base_url` is set."""
        config = self.config
        return config.base_url.rstrip("/") + "/" if config and config.base_url else None

    def site_link(self, target: str, url: str) -> str:
        """A link from `url`; from the 404 page, absolute when the address is known, since
        GitHub Pages serves that page at whatever depth the missing address had."""
        if url == urls.NOT_FOUND and self.base:
            return self.base + target
        return urls.relative(target, url)

    def site_view(self, url: str, section: str | None) -> dict[str, Any]:
        config = self.config
        return {
            "title": self.title,
            "description": config.description if config else None,
            "language": config.language if config else "en",
            "home": self.site_link(urls.HOME, url),
            "css": self.site_link(urls.asset("style.css"), url),
            "js": self.site_link(urls.asset("site.js"), url),
            "canonical": self.base + url if self.base and url != urls.NOT_FOUND else None,
            "nav": self.nav(url, section),
        }

    def nav(self, url: str, section: str | None) -> list[dict[str, Any]]:
        """The navigation, made once per folder depth and section, not once per page."""
        key = (urls.root_prefix(url) if url != urls.NOT_FOUND else url, section)
        if key not in self._nav:
            self._nav[key] = [
                {
                    "label": text,
                    "href": self.site_link(target, url),
                    "current": target_section == section,
                }
                for text, target, target_section in self.navigation()
            ]
        return self._nav[key]

    @cached_property
    def _navigation(self) -> list[tuple[str, str, str]]:
        items = [
            (KIND_LABELS[kind][1], urls.index(kind), kind.folder)
            for kind in (Kind.INCIDENT, Kind.ACTOR, Kind.PLACE, Kind.SOURCE)
        ]
        items += [
            ("Timeline", urls.TIMELINE, "timeline"),
            ("Contradictions", urls.CONTRADICTIONS, "contradictions"),
        ]
        pages = sorted(
            self.by_kind[Kind.PAGE],
            key=lambda e: (order(e), e.title.casefold()),
        )
        items += [(e.title, urls.entry(Kind.PAGE, e.id), f"page:{e.id}") for e in pages]
        items.append(("Search", urls.SEARCH, "search"))
        return items

    def navigation(self) -> list[tuple[str, str, str]]:
        return self._navigation

    def home(self, url: str) -> dict[str, Any]:
        incidents = self._dated(self.by_kind[Kind.INCIDENT])
        return {
            "section": "home",
            "title": self.title,
            "description": self.config.description if self.config else None,
            "counts": [
                {
                    "label": KIND_LABELS[k][1],
                    "count": len(self.by_kind[k]),
                    "href": urls.relative(urls.index(k), url),
                }
                for k in (Kind.INCIDENT, Kind.ACTOR, Kind.PLACE, Kind.SOURCE)
            ],
            "incidents": [self._incident_row(e, url) for e in incidents[:10]],
            "contradictions": [
                self._contradiction(c, url, None)
                for c in self.dossier.claims.contradictions
                if c.assessment is None
            ][:10],
            "contradiction_count": len(self.dossier.claims.contradictions),
            "contradictions_href": urls.relative(urls.CONTRADICTIONS, url),
        }

    def kind_index(self, url: str, kind: Kind) -> dict[str, Any]:
        entries = self.by_kind[kind]
        if kind is Kind.INCIDENT:
            rows = [self._incident_row(e, url) for e in self._dated(entries)]
        else:
            rows = self.links([e.id for e in entries], url)
        return {
            "section": kind.folder,
            "title": KIND_LABELS[kind][1],
            "kind": str(kind),
            "rows": rows,
        }

    def timeline(self, url: str) -> dict[str, Any]:
        years: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for entry in self._dated(self.by_kind[Kind.INCIDENT], newest_first=False):
            data = entry.data
            assert isinstance(data, Incident)
            year = str(data.date.first.year) if data.date else "Undated"
            years[year].append(self._incident_row(entry, url))
        return {
            "section": "timeline",
            "title": "Timeline",
            "years": [{"year": y, "incidents": rows} for y, rows in years.items()],
        }

    def all_contradictions(self, url: str) -> dict[str, Any]:
        citations = markdown.Citations()
        groups = [
            self._contradiction(c, url, citations) for c in self.dossier.claims.contradictions
        ]
        return {
            "section": "contradictions",
            "title": "Contradictions",
            "contradictions": groups,
            "notes": self.notes(citations, url),
        }

    def search(self, url: str) -> dict[str, Any]:
        scripts = ("vendor/minisearch.js", "search-index.js", "search.js")
        return {
            "section": "search",
            "title": "Search",
            "scripts": [urls.relative(urls.asset(name), url) for name in scripts],
            "groups": [
                {
                    "label": KIND_LABELS[kind][1],
                    "entries": self.links([e.id for e in self.by_kind[kind]], url),
                }
                for kind in Kind
                if self.by_kind[kind]
            ],
        }

    def not_found(self, url: str) -> dict[str, Any]:
        return {"section": None, "title": "Page not found"}

    # Entry pages ------------------------------------------------------------------------

    # Figures and contradictions -----------------------------------------------------------

    def _figures(
        self, subject: str, url: str, citations: markdown.Citations
    ) -> list[dict[str, Any]]:
        """Every property claimed about `subject`: its values, sources, and disagreement."""
        out: list[dict[str, Any]] = []
        grouped: list[list[ClaimRecord]] = []
        for about, members in self.groups.get(subject, ()):
            contradiction = self.contradictions.get((subject, about))
            claims = [self.dossier.claims.claims[i] for i in members]
            grouped.append(claims)
            out.append(
                {
                    "about": about,
                    "label": label(about),
                    "values": self._values(claims, url, citations),
                    "contradiction": (
                        self._contradiction_summary(contradiction) if contradiction else None
                    ),
                }
            )
        # The callouts follow the table: their citations are further places citing the same
        # sources (cite-1b, not a second cite-1a), lettered after all of the table's.
        for figure, claims in zip(out, grouped, strict=True):
            if figure["contradiction"]:
                figure["callout"] = {
                    "label": figure["label"],
                    "values": self._values(claims, url, citations),
                    "contradiction": figure["contradiction"],
                }
        return out

    def _values(
        self, claims: list[ClaimRecord], url: str, citations: markdown.Citations | None
    ) -> list[dict[str, Any]]:
        """Claims that say the same value, together: the value, who says it, its sources."""
        by_value: dict[object, list[ClaimRecord]] = defaultdict(list)
        for claim in claims:
            by_value[claim.value.key].append(claim)
        rows = []
        for same in by_value.values():
            sources = list(dict.fromkeys(s for c in same for s in c.sources))
            origins = self.dossier.links.independent(sources)
            asserted = list(dict.fromkeys(c.attributed_to for c in same if c.attributed_to))
            rows.append(
                {
                    "text": value_text(same[0].value),
                    "sources": self.links(sources, url) if citations is None else [],
                    "cites": [self.cite(s, citations) for s in sources] if citations else [],
                    "asserted_by": [self.link(a, url) for a in asserted if a in self.entries],
                    "quotes": [
                        {"text": c.quote, "lang": self.foreign_language(c.sources)}
                        for c in same
                        if c.quote
                    ],
                    "notes": [c.note for c in same if c.note],
                    "origins": len(origins),
                    "source_count": len(sources),
                }
            )
        return rows

    def _contradiction_summary(self, group: Contradiction) -> dict[str, Any]:
        assessment = group.assessment
        return {
            "kind": str(group.kind),
            "hook": f"{group.subject}:{group.about}",
            "assessment": (
                {
                    "note": assessment.note,
                    "preferred": value_text(assessment.preferred) if assessment.preferred else None,
                }
                if assessment
                else None
            ),
        }

    def _contradiction(
        self, group: Contradiction, url: str, citations: markdown.Citations | None
    ) -> dict[str, Any]:
        claims = [self.dossier.claims.claims[i] for i in group.claims]
        return {
            "subject": self.link(group.subject, url) if group.subject in self.entries else None,
            "about": group.about,
            "label": label(group.about),
            "values": self._values(claims, url, citations),
            **self._contradiction_summary(group),
        }

    def _claim_row(
        self, claim: ClaimRecord, url: str, citations: markdown.Citations | None
    ) -> dict[str, Any]:
        return {
            "subject": self.link(claim.subject, url) if claim.subject in self.entries else None,
            "label": label(claim.about),
            "value": value_text(claim.value),
            "quote": claim.quote,
            "quote_lang": self.foreign_language(claim.sources),
            "cites": [self.cite(s, citations) for s in claim.sources] if citations else [],
        }

    def _incident_row(self, entry: Entry, url: str) -> dict[str, Any]:
        data = entry.data
        assert isinstance(data, Incident)
        row = self.link(entry.id, url)
        row["date"] = when(data.date)
        row["place"] = self.link(data.place, url) if data.place else None
        return row

    def _dated(self, entries: list[Entry], newest_first: bool = True) -> list[Entry]:
        """Incidents by date (undated last), then by title."""

        def key(entry: Entry) -> tuple[int, str, str]:
            data = entry.data
            assert isinstance(data, Incident)
            day = data.date.first.toordinal() if data.date else 0
            moment = data.date.text if data.date else ""
            return (-day if newest_first else day or 10**9, moment, entry.title.casefold())

        return sorted(entries, key=key)
