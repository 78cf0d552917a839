"""Maps drawn at build time (SPEC §12): a view of the world, its countries as SVG paths
clipped and simplified to it, and where markers go.

The projection is equirectangular around the view's middle latitude (a degree of longitude
is shortened by that latitude's cosine), which keeps a region's shapes right and is simple
enough to be exact and reproducible: the same places give the same view, and the same
view the same paths, to the tenth of a unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from . import atlas

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from shapely.geometry.base import BaseGeometry

PRECISION_KM = {
    "exact": 0.05,
    "vicinity": 1.0,
    "locality": 5.0,
    "city": 15.0,
    "region": 100.0,
    "country": 300.0,
}
"""The radius of the circle of uncertainty that each `precision` draws."""
DETAILED_BELOW = 30.0
"""A view narrower than this many degrees is drawn from the 1:50m borders, else 1:110m."""


@dataclass(frozen=True, slots=True)
class View:
    """A rectangle of the world, in degrees, drawn `width` units wide."""

    west: float
    south: float
    east: float
    north: float
    width: int

    @property
    def k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        """Units per degree of latitude."""
        return self.width / ((self.east - self.west) * self.k)

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return ((lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale)

    def km(self, km: float) -> float:
        """A distance on the ground in units."""
        return km / atlas.KM_PER_DEGREE * self.scale


def fit(points: list[tuple[float, float]], width: int, span: float, ratio: float) -> View:
    """The view that holds every `(lat, lon)` with a margin, at least `span` degrees of
    latitude tall, and no taller than `width / ratio` nor much wider than twice that."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    mid_lat, mid_lon = (south + north) / 2, (west + east) / 2
    k = math.cos(math.radians(mid_lat))
    tall = max(span, (north - south) * 1.25)
    wide = max((east - west) * 1.2 * k, tall * ratio)  # as degrees of latitude
    tall = max(tall, wide / (ratio * 1.6))
    tall, wide = min(tall, 170.0), min(wide, 360.0 * k)
    south, north = _within(mid_lat - tall / 2, mid_lat + tall / 2, -85.0, 85.0)
    west, east = _within(mid_lon - wide / k / 2, mid_lon + wide / k / 2, -180.0, 180.0)
    return View(round(west, 4), round(south, 4), round(east, 4), round(north, 4), width)


def _within(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float]:
    """The interval moved (not shrunk, unless it must be) to lie within floor..ceiling."""
    if low < floor:
        low, high = floor, min(ceiling, high + floor - low)
    if high > ceiling:
        low, high = max(floor, low - (high - ceiling)), ceiling
    return low, high


def around(lat: float, lon: float, precision: str | None, width: int) -> View:
    """A locator's view: the place in the middle, wide enough to see where it is."""
    span = {"region": 10.0, "country": 18.0}.get(precision or "", 6.0)
    # The middle snapped to a grid a tenth of the view wide: the place stays near the
    # middle, and nearby places share one view, whose borders are drawn once.
    step = span / 10
    lat, lon = round(lat / step) * step, round(lon / step) * step
    return fit([(lat, lon)], width, span, 1.6)


@dataclass(frozen=True, slots=True)
class Land:
    """One country as the view draws it."""

    code: str | None
    d: str
    """The SVG path."""
    label_at: tuple[float, float] | None
    """Where its name goes, when there is room for it."""


@lru_cache(maxsize=4096)
def land(view: View) -> tuple[Land, ...]:
    """Every country inside the view, clipped to it (a little beyond, so that no border
    runs along its edge) and simplified to half a unit."""
    from shapely import clip_by_rect

    pad_x, pad_y = (view.east - view.west) * 0.02, (view.north - view.south) * 0.02
    rect = (view.west - pad_x, view.south - pad_y, view.east + pad_x, view.north + pad_y)
    west, south, east, north = rect
    detailed = view.east - view.west < DETAILED_BELOW
    out = []
    for country, (minx, miny, maxx, maxy) in _bounded():
        if minx > east or maxx < west or miny > north or maxy < south:
            continue  # its bounding box and the view's share no point
        shape = _detailed(country.code) if detailed and country.code else None
        shape = shape or country.shape
        clipped = clip_by_rect(shape, *rect)
        if clipped.is_empty:
            continue
        flat = _project(clipped, view)
        simple = flat.simplify(0.5, preserve_topology=True)
        d = path(simple)
        if d:
            out.append(Land(country.code, d, _label_at(flat, view)))
    return tuple(out)


@cache
def _bounded() -> tuple[tuple[atlas.Country, tuple[float, float, float, float]], ...]:
    """Every country with its bounding box, west, south, east, north."""
    return tuple((country, country.shape.bounds) for country in atlas.countries())


@lru_cache(maxsize=512)
def _detailed(code: str) -> BaseGeometry | None:
    """A country at 1:50m, its parts joined, made once."""
    from shapely import prepare, union_all

    shapes = atlas.shapes_of(code)
    if not shapes:
        return None
    shape = shapes[0] if len(shapes) == 1 else union_all(shapes)
    prepare(shape)
    return shape


def _project(geometry: BaseGeometry, view: View) -> BaseGeometry:
    from shapely import transform

    k, scale = view.k * view.scale, view.scale

    def to_units(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        import numpy as np

        return np.column_stack(((xy[:, 0] - view.west) * k, (view.north - xy[:, 1]) * scale))

    return transform(geometry, to_units)


def _polygons(geometry: BaseGeometry) -> list[BaseGeometry]:
    if geometry.geom_type == "Polygon":
        return [geometry]
    return [g for part in getattr(geometry, "geoms", ()) for g in _polygons(part)]


def path(geometry: BaseGeometry) -> str:
    """An SVG path of the polygons of `geometry`, to a tenth of a unit."""
    rings = []
    for polygon in _polygons(geometry):
        for ring in (polygon.exterior, *polygon.interiors):  # type: ignore[attr-defined]
            points = list(ring.coords)[:-1]
            if len(points) >= 3:
                rings.append("M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return _WHOLE.sub("", "".join(rings))  # as `_n` writes each number


_WHOLE = re.compile(r"\.0(?![0-9])")
"""The `.0` of a number written to a tenth (`12.0 -3.5` → `12 -3.5`)."""


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def number(value: float) -> str:
    """A coordinate for an SVG attribute."""
    return _n(value)


def _label_at(flat: BaseGeometry, view: View) -> tuple[float, float] | None:
    """Inside the country's largest part in the view, if that part is big enough."""
    parts = _polygons(flat)
    if not parts:
        return None
    largest = max(parts, key=lambda p: p.area)
    minx, miny, maxx, maxy = largest.bounds
    if maxx - minx < view.width * 0.08 or maxy - miny < view.width * 0.025:
        return None
    point = largest.representative_point()
    return (round(point.x, 1), round(point.y, 1))


def ring_offsets(count: int, inner: float, step: float) -> list[tuple[float, float]]:
    """Where `count` markers go around one point so that none hides another: rings of
    growing radius, each holding as many as fit, starting at the top, clockwise."""
    out: list[tuple[float, float]] = []
    radius = inner
    while len(out) < count:
        fits = max(6, int(2 * math.pi * radius / step))
        take = min(fits, count - len(out))
        for i in range(take):
            angle = 2 * math.pi * i / take - math.pi / 2
            out.append((radius * math.cos(angle), radius * math.sin(angle)))
        radius += step
    return out
