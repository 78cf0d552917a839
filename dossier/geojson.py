"""`dossier export --format geojson` (SPEC section 14): the places with coordinates and the
incidents at them, as an RFC 7946 FeatureCollection for QGIS or any web map.

RFC 7946 puts longitude first (`[lon, lat]`), where the dossier writes `[lat, lon]`.
Places come first, by id, then the incidents, by id; the same dossier gives the same text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import urls
from .jsontext import document
from .model import Incident, Place
from .tables import number

if TYPE_CHECKING:
    from .check import Dossier
    from .model import Entry

Feature = dict[str, object]


def features(dossier: Dossier) -> list[Feature]:
    """A point for every place with coordinates, then one for every incident at one."""
    points: dict[str, tuple[float, float]] = {}
    out = []
    for entry in dossier.entries.values():
        data = entry.data
        if isinstance(data, Place) and data.coordinates is not None:
            lat, lon = data.coordinates
            points[entry.id] = (number(lon), number(lat))
            out.append(_feature(entry, points[entry.id], None))
    for entry in dossier.entries.values():
        data = entry.data
        if isinstance(data, Incident) and data.place in points:
            date = data.date.text if data.date else None
            out.append(_feature(entry, points[data.place], date, place=data.place))
    return out


def _feature(entry: Entry, point: tuple[float, float], date: str | None, **more: object) -> Feature:
    return {
        "type": "Feature",
        "id": entry.id,
        "geometry": {"type": "Point", "coordinates": list(point)},
        "properties": {
            "id": entry.id,
            "kind": str(entry.kind),
            "title": entry.title,
            "date": date,
            "url": urls.entry(entry.kind, entry.id),
            **more,
        },
    }


def to_geojson(dossier: Dossier) -> bytes:
    """The FeatureCollection as a JSON document."""
    return document({"type": "FeatureCollection", "features": features(dossier)})
