"""View data of the entry pages: an incident, actor, place, source or page, with everything
that names it and the key figures claimed about it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import markdown, urls
from .kinds import Kind
from .model import Actor, Entry, Incident, Page, Place, Source

if TYPE_CHECKING:
    from .views import Site
from .wording import KIND_LABELS, RELIABILITY, authors, country, language, when


def entry_page(site: Site, entry: Entry, url: str) -> dict[str, Any]:
    citations = markdown.Citations()
    data = entry.data
    view: dict[str, Any] = {
        "section": f"page:{entry.id}" if entry.kind is Kind.PAGE else entry.kind.folder,
        "id": entry.id,
        "kind": str(entry.kind),
        "kind_label": KIND_LABELS[entry.kind][0],
        "kind_href": urls.relative(urls.index(entry.kind), url),
        "title": entry.title,
        "summary": data.summary,
        "aliases": data.aliases,
        "tags": data.tags,
        "note": data.note,
    }
    # The key figures come before the narrative, so they are cited first.
    view["figures"] = site._figures(entry.id, url, citations)
    if isinstance(data, Incident):
        view |= _incident(site, entry, data, url)
    elif isinstance(data, Actor):
        view |= _actor(site, entry, data, url, citations)
    elif isinstance(data, Place):
        view |= _place(site, entry, data, url)
    elif isinstance(data, Source):
        view |= _source(site, entry, data, url, citations)
    elif isinstance(data, Page):
        view["order"] = data.order
    view["body"] = (
        markdown.render(site.md, entry.body, site.page_context(url, citations)).html
        if entry.body.strip()
        else ""
    )
    backlinks = site.dossier.links.backlinks.get(entry.id, [])
    view["mentioned_in"] = site.links(backlinks, url)
    view["notes"] = site.notes(citations, url)
    return view


def _incident(site: Site, entry: Entry, data: Incident, url: str) -> dict[str, Any]:
    return {
        "date": when(data.date),
        "end_date": when(data.end_date),
        "place": site.link(data.place, url) if data.place else None,
        "actors": [site.link(role.actor, url) | {"role": role.role} for role in data.actors],
        "related": [site._incident_row(site.entries[i], url) for i in data.related],
    }


def _actor(
    site: Site, entry: Entry, data: Actor, url: str, citations: markdown.Citations
) -> dict[str, Any]:
    return {
        "actor_kind": data.kind,
        "country": country(data.country),
        "part_of": site.link(data.part_of, url) if data.part_of else None,
        "members": site.links(site.members[entry.id], url),
        "incidents": [
            site._incident_row(site.entries[i], url) | {"role": role}
            for i, role in site.roles[entry.id]
        ],
        "asserts": [site._claim_row(c, url, citations) for c in site.asserted[entry.id]],
    }


def _place(site: Site, entry: Entry, data: Place, url: str) -> dict[str, Any]:
    coordinates = None
    if data.coordinates:
        lat, lon = data.coordinates
        coordinates = {
            "lat": lat,
            "lon": lon,
            "text": f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, "
            f"{abs(lon):.4f}° {'E' if lon >= 0 else 'W'}",
        }
    return {
        "country": country(data.country),
        "coordinates": coordinates,
        "incidents": [site._incident_row(site.entries[i], url) for i in site.at_place[entry.id]],
    }


def _source(
    site: Site, entry: Entry, data: Source, url: str, citations: markdown.Citations
) -> dict[str, Any]:
    origins = site.dossier.links.origins.get(entry.id, [entry.id])
    return {
        "publisher": data.publisher,
        "author": authors(data.author),
        "published": when(data.published),
        "accessed": data.accessed.isoformat() if data.accessed else None,
        "url": data.url,
        "archive_url": data.archive_url,
        "language": language(data.language),
        "source_kind": data.kind,
        "reliability": (
            {"grade": data.reliability, "text": RELIABILITY[data.reliability]}
            if data.reliability
            else None
        ),
        "via": site.links(data.via, url),
        "relayed_by": site.links(site.relayed_by[entry.id], url),
        "origins": site.links([o for o in origins if o != entry.id], url),
        "supports": [site._claim_row(c, url, None) for c in site.supported[entry.id]],
        "cited_in": site.links(
            sorted({ref.source for ref in site.dossier.links.citations.get(entry.id, [])}),
            url,
        ),
    }
