"""The maps of the site (SPEC §12): `map.html` with every place and every incident at a
place, and a locator map on each place page and each incident page with a located place.

A map is an inline SVG made at build time (`dossier.maps`), hidden from screen readers:
its markers are links for the mouse (`data-marker="<id>"`), and the same entries are
listed as text beside it, which is what a screen reader, a keyboard and a printer read.
Incidents are grouped around their place in rings, so that none hides another; a place's
`precision` draws its circle of uncertainty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import maps, urls
from ..i18n import N_, Language
from ..kinds import Kind
from ..wording import country
from .lookups import Location
from .parts import IncidentRow, Link, Parts, folder_of

MAP_WIDTH = 1000
LOCATOR_WIDTH = 400
PLACE_DOT = 5.0
INCIDENT_DOT = 3.5
PRECISION_TEXT = {
    "exact": N_("exact"),
    "vicinity": N_("within 1 km"),
    "locality": N_("within 5 km"),
    "city": N_("city, within 15 km"),
    "region": N_("region, within 100 km"),
    "country": N_("country only"),
}
CLUSTER_MAX = 8
"""Places moved aside into one ring at most; denser places stay where they are (and a
reader zooms in, or reads the list)."""


@dataclass(frozen=True, slots=True)
class Marker:
    id: str
    href: str
    x: str
    y: str
    r: str


@dataclass(frozen=True, slots=True)
class Group:
    """A place's marker and its incidents' markers around it."""

    place: Marker
    uncertainty: str | None
    """The radius of the place's circle of uncertainty, when it is larger than its dot."""
    incidents: tuple[Marker, ...]
    at: tuple[str, str] | None = None
    """Where the place really is, when its marker was moved aside from places it would
    hide (a leader line joins them); None when it is drawn where it is."""


@dataclass(frozen=True, slots=True)
class Label:
    x: str
    y: str
    text: str


@dataclass(frozen=True, slots=True)
class CountryPath:
    d: str
    named: bool
    """Does the dossier name the country?"""


@dataclass(frozen=True, slots=True)
class MapSvg:
    width: int
    height: int
    countries: tuple[CountryPath, ...]
    labels: tuple[Label, ...]
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class ListedPlace:
    """A place as the text beside the map lists it."""

    link: Link
    country: str | None
    precision: str | None
    incidents: tuple[IncidentRow, ...]


@dataclass(frozen=True, slots=True)
class MapPage:
    section: str
    title: str
    svg: MapSvg
    places: tuple[ListedPlace, ...]
    unmapped: tuple[Link, ...]
    """The places without coordinates."""
    incident_count: int


@dataclass(frozen=True, slots=True)
class Locator:
    svg: MapSvg
    place: Link
    country: str | None
    precision: str | None
    map_href: str


def _country_name(code: str | None, lang: Language) -> str | None:
    found = country(code, lang)
    return found["name"] if found else None


def _precision(precision: str | None, lang: Language) -> str | None:
    return lang.gettext(PRECISION_TEXT[precision]) if precision else None


def _draw(parts: Parts, view: maps.View, groups: tuple[Group, ...]) -> MapSvg:
    named = set(parts.reads.countries())
    shapes, labels = [], []
    for land in maps.land(view):
        shapes.append(CountryPath(land.d, land.code in named))
        name = _country_name(land.code, parts.reads.lang) if land.code in named else None
        if name and land.label_at:
            x, y = land.label_at
            labels.append(Label(maps.number(x), maps.number(y), name))
    return MapSvg(view.width, view.height, tuple(shapes), tuple(labels), groups)


def _group(
    parts: Parts,
    view: maps.View,
    place: str,
    where: Location,
    incidents: list[str],
    url: str,
    shown_at: tuple[float, float] | None = None,
) -> Group:
    true_x, true_y = view.xy(where.lat, where.lon)
    x, y = shown_at or (true_x, true_y)
    link = parts.link(place, url)
    radius = view.km(maps.PRECISION_KM[where.precision]) if where.precision else 0.0
    around = maps.ring_offsets(len(incidents), PLACE_DOT + 6, INCIDENT_DOT * 2 + 2)
    markers = tuple(
        Marker(
            i,
            parts.link(i, url).href,
            _unit(x + dx),
            _unit(y + dy),
            maps.number(INCIDENT_DOT),  # drawn by the stylesheet: `.marker-incident circle`
        )
        for i, (dx, dy) in zip(incidents, around, strict=True)
    )
    moved = shown_at is not None and (x, y) != (true_x, true_y)
    return Group(
        Marker(place, link.href, _unit(x), _unit(y), maps.number(PLACE_DOT)),
        _unit(radius) if radius > PLACE_DOT else None,
        markers,
        (_unit(true_x), _unit(true_y)) if moved else None,
    )


def _unit(value: float) -> str:
    """A marker's coordinate, to the unit: a pixel or so, and a third fewer bytes."""
    return str(round(value))


def _reach(count: int) -> float:
    """How far a place's marker and the ring of its `count` incidents reach."""
    rings = maps.ring_offsets(count, PLACE_DOT + 6, INCIDENT_DOT * 2 + 2)
    far = max((abs(complex(dx, dy)) for dx, dy in rings), default=0.0)
    return max(PLACE_DOT, far + INCIDENT_DOT) + 2


def _spread(points: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Where each place's marker goes: `(x, y, reach)` in, positions out. Places whose
    markers would overlap are gathered (greedily, in order) and set in a ring around their
    middle, far enough apart that none covers another."""
    clusters: list[list[int]] = []
    for i, (x, y, reach) in enumerate(points):
        for cluster in clusters:
            if len(cluster) < CLUSTER_MAX and any(
                abs(complex(x - points[j][0], y - points[j][1])) < reach + points[j][2]
                for j in cluster
            ):
                cluster.append(i)
                break
        else:
            clusters.append([i])
    out: list[tuple[float, float]] = [(x, y) for x, y, _ in points]
    for cluster in clusters:
        if len(cluster) < 2:
            continue
        cx = sum(points[j][0] for j in cluster) / len(cluster)
        cy = sum(points[j][1] for j in cluster) / len(cluster)
        widest = max(points[j][2] for j in cluster)
        radius = max(widest * 1.2, widest / math.sin(math.pi / len(cluster)))
        for n, j in enumerate(cluster):
            angle = 2 * math.pi * n / len(cluster) - math.pi / 2
            out[j] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return out


def map_page(parts: Parts, url: str) -> MapPage:
    reads = parts.reads
    located = [(p, w) for p in reads.located() if (w := reads.location(p))]
    view = maps.fit([(w.lat, w.lon) for _, w in located], MAP_WIDTH, 2.0, 1.3)
    groups, listed, count = [], [], 0
    at_place = [parts.dated(reads.at_place(place)) for place, _ in located]
    spread = _spread(
        [
            (*view.xy(w.lat, w.lon), _reach(len(i)))
            for (_, w), i in zip(located, at_place, strict=True)
        ]
    )
    edge = PLACE_DOT * 2
    spread = [
        (min(max(x, edge), view.width - edge), min(max(y, edge), view.height - edge))
        for x, y in spread
    ]
    for (place, where), incidents, shown_at in zip(located, at_place, spread, strict=True):
        count += len(incidents)
        groups.append(_group(parts, view, place, where, incidents, url, shown_at))
        listed.append(
            ListedPlace(
                parts.link(place, url),
                _country_name(where.country, parts.reads.lang),
                _precision(where.precision, parts.reads.lang),
                tuple(parts.row(i, url) for i in incidents),
            )
        )
    # Drawn south to north, so that a marker further south is drawn over one behind it.
    groups.sort(key=lambda g: (float(g.place.y), g.place.id))
    listed.sort(key=lambda p: (p.link.title.casefold(), p.link.id))
    mapped = {p for p, _ in located}
    unmapped = parts.links([p for p in reads.ids(Kind.PLACE) if p not in mapped], url)
    return MapPage(
        "map",
        parts.reads.lang.gettext("Map"),
        _draw(parts, view, tuple(groups)),
        tuple(listed),
        unmapped,
        count,
    )


def locator(parts: Parts, place: str, url: str) -> Locator | None:
    """The small map of a place page, or of an incident page at `place`: the same on every
    page of one folder, so drawn once for each."""
    return parts.shared(("locator", place, folder_of(url)), lambda: _locator(parts, place, url))


def _locator(parts: Parts, place: str, url: str) -> Locator | None:
    where = parts.reads.location(place)
    if where is None:
        return None
    view = maps.around(where.lat, where.lon, where.precision, LOCATOR_WIDTH)
    group = _group(parts, view, place, where, [], url)
    return Locator(
        _draw(parts, view, (group,)),
        parts.link(place, url),
        _country_name(where.country, parts.reads.lang),
        _precision(where.precision, parts.reads.lang),
        urls.relative(urls.MAP, url),
    )
