"""What the tag, filter and map facts are computed from: read by `Reads` for a page, and
by the rebuild's comparison of an old and a new dossier (`reads.changed_facts`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Actor, Place

if TYPE_CHECKING:
    from ..check import Dossier


@dataclass(frozen=True, slots=True)
class Location:
    """A place as a map shows it."""

    lat: float
    lon: float
    precision: str | None
    country: str | None


def tags_of(dossier: Dossier) -> dict[str, list[str]]:
    """Every tag of the dossier's listed entries, sorted, with their ids."""
    found: dict[str, list[str]] = {}
    for entry in dossier.entries.values():
        if not entry.confidential:
            for tag in dict.fromkeys(entry.data.tags):
                found.setdefault(tag, []).append(entry.id)
    return {tag: sorted(found[tag]) for tag in sorted(found)}


def part_of(dossier: Dossier, actor: str) -> str | None:
    entry = dossier.entries.get(actor)
    return entry.data.part_of if entry and isinstance(entry.data, Actor) else None


def disputed(dossier: Dossier, subject: str) -> bool:
    claims = dossier.claims
    return any((subject, a) in claims.contradicted for a in claims.by_subject.get(subject, ()))


def location(dossier: Dossier, place: str) -> Location | None:
    entry = dossier.entries.get(place)
    data = entry.data if entry else None
    if not isinstance(data, Place) or not data.coordinates:
        return None
    lat, lon = data.coordinates
    return Location(lat, lon, data.precision, data.country)


def countries(dossier: Dossier) -> list[str]:
    return sorted(
        {
            e.data.country
            for e in dossier.entries.values()
            if isinstance(e.data, Actor | Place) and e.data.country
        }
    )
