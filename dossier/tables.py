"""The dossier as tables, for analysts (SPEC section 14): the rows of the CSV files and of
the SQLite database.

A table is plain data: a name, its columns, its rows of cells (text, numbers or nothing),
every list already joined with `;`. The CSV writer and the database read the same rows, so
the two exports cannot disagree. Every table comes in a fixed order (entries by id, claims
in the export's order), so the same dossier gives the same bytes.

The incidents' numeric columns follow UCDP GED (`best`, `low`, `high`): for each numeric
property claimed of any incident, `<about>_low` and `<about>_high` are the smallest and
largest values any claim allows (empty where a claim leaves that side open), and
`<about>_best` is the editor's `preferred` value, else the one value every claim shares.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .kinds import Kind
from .model import Actor, Incident, Place, Source
from .values import Value, ValueKind
from .wording import CONFIDENTIAL

if TYPE_CHECKING:
    from .check import Dossier
    from .claims import ClaimRecord, Contradiction

Cell = str | int | float | None
"""One cell: text, a number, or nothing (an empty CSV cell, NULL in SQLite)."""

JOIN = ";"
"""What joins a list in one cell."""

NAMES = ("incidents", "actors", "places", "sources", "claims", "contradictions")
"""The tables of both exports, in this order."""


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the export."""

    name: str
    """`incidents`, `actors`, ...: the CSV file's stem and the SQLite table's name."""
    columns: tuple[str, ...]
    """The header row."""
    rows: tuple[tuple[Cell, ...], ...]
    """One per record, each as long as `columns`."""


def tables(dossier: Dossier) -> list[Table]:
    """The six tables of `dossier` (the one its audience may see), in `NAMES`' order."""
    return [
        incidents(dossier),
        actors(dossier),
        places(dossier),
        sources(dossier),
        claims(dossier),
        contradictions(dossier),
    ]


def _of(dossier: Dossier, kind: Kind) -> list[str]:
    return [id_ for id_, entry in dossier.entries.items() if entry.kind is kind]


def joined(items: Iterable[object]) -> str | None:
    """A list as one cell: `a;b`; nothing for an empty list."""
    text = JOIN.join(str(item) for item in items)
    return text or None


def number(n: float | int) -> int | float:
    """A whole number as an int (`3`, not `3.0`)."""
    return int(n) if float(n).is_integer() else n


INCIDENT_COLUMNS = (
    "id",
    "title",
    "date_start",
    "date_end",
    "date_precision",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
)


def numeric_properties(dossier: Dossier) -> list[str]:
    """The properties that some claim about an incident gives a number, sorted."""
    found = set()
    for claim in dossier.claims.claims:
        subject = dossier.entries.get(claim.subject)
        if (
            subject is not None
            and subject.kind is Kind.INCIDENT
            and claim.value.kind is ValueKind.NUMBER
        ):
            found.add(claim.about)
    return sorted(found)


def incidents(dossier: Dossier) -> Table:
    """One row per incident: when, where, and low, best and high of each numeric property."""
    properties = numeric_properties(dossier)
    columns = INCIDENT_COLUMNS + tuple(
        f"{about}_{side}" for about in properties for side in ("low", "best", "high")
    )
    rows = []
    for id_ in _of(dossier, Kind.INCIDENT):
        entry = dossier.entries[id_]
        data = entry.data
        assert isinstance(data, Incident)
        lat, lon, precision = _where(dossier, data.place)
        row: list[Cell] = [
            id_,
            entry.title,
            data.date.text if data.date else None,
            data.end_date.text if data.end_date else None,
            str(data.date.precision) if data.date else None,
            data.place,
            lat,
            lon,
            precision,
        ]
        for about in properties:
            row += figures(dossier, id_, about)
        rows.append(tuple(row))
    return Table("incidents", columns, tuple(rows))


def _where(dossier: Dossier, place: str | None) -> tuple[float | None, float | None, str | None]:
    entry = dossier.entries.get(place) if place else None
    if entry is None or not isinstance(entry.data, Place):
        return None, None, None
    return (*_coordinates(entry.data), _precision(entry.data))


def _coordinates(place: Place) -> tuple[float | None, float | None]:
    if place.coordinates is None:
        return None, None
    lat, lon = place.coordinates
    return number(lat), number(lon)


def _precision(place: Place) -> str | None:
    # `precision` on places comes with SPEC section 12; until then the column stays empty.
    precision = getattr(place, "precision", None)
    return None if precision is None else str(precision)


def figures(dossier: Dossier, subject: str, about: str) -> list[Cell]:
    """`low`, `best`, `high` of one numeric property of one subject (UCDP GED's columns)."""
    members = [dossier.claims.claims[i] for i in dossier.claims.groups.get((subject, about), [])]
    values = [c.value for c in members if c.value.kind is ValueKind.NUMBER]
    if not values:
        return [None, None, None]
    lows, highs = [v.low for v in values], [v.high for v in values]
    low = None if None in lows else min(n for n in lows if n is not None)
    high = None if None in highs else max(n for n in highs if n is not None)
    best: Cell = None
    assessment = dossier.claims.assessments.get((subject, about))
    if assessment is not None and assessment.preferred is not None:
        best = _point(assessment.preferred)
    elif len({c.value.key for c in members}) == 1:
        best = _point(members[0].value)
    return [
        None if low is None else number(low),
        best,
        None if high is None else number(high),
    ]


def _point(value: Value) -> int | float | None:
    """The single number a value says, if it says one."""
    if value.kind is not ValueKind.NUMBER or value.low is None or value.low != value.high:
        return None
    return number(value.low)


def actors(dossier: Dossier) -> Table:
    """One row per actor."""
    columns = ("id", "name", "kind", "part_of", "country", "summary", "tags", "aliases")
    rows = []
    for id_ in _of(dossier, Kind.ACTOR):
        entry = dossier.entries[id_]
        data = entry.data
        assert isinstance(data, Actor)
        rows.append(
            (
                id_,
                entry.title,
                data.kind,
                data.part_of,
                data.country,
                data.summary,
                joined(data.tags),
                joined(data.aliases),
            )
        )
    return Table("actors", columns, tuple(rows))


def places(dossier: Dossier) -> Table:
    """One row per place."""
    columns = (
        "id",
        "name",
        "country",
        "latitude",
        "longitude",
        "geo_precision",
        "summary",
        "tags",
        "aliases",
    )
    rows = []
    for id_ in _of(dossier, Kind.PLACE):
        entry = dossier.entries[id_]
        data = entry.data
        assert isinstance(data, Place)
        lat, lon = _coordinates(data)
        rows.append(
            (
                id_,
                entry.title,
                data.country,
                lat,
                lon,
                _precision(data),
                data.summary,
                joined(data.tags),
                joined(data.aliases),
            )
        )
    return Table("places", columns, tuple(rows))


SOURCE_COLUMNS = (
    "id",
    "title",
    "publisher",
    "author",
    "kind",
    "published",
    "accessed",
    "url",
    "archive_url",
    "language",
    "via",
    "reliability",
    "confidential",
)


def sources(dossier: Dossier) -> Table:
    """One row per source; a confidential source shows only its kind and reliability."""
    rows = []
    for id_ in _of(dossier, Kind.SOURCE):
        entry = dossier.entries[id_]
        data = entry.data
        assert isinstance(data, Source)
        if entry.confidential:
            row: tuple[Cell, ...] = (id_, CONFIDENTIAL, None, None, data.kind)
            row += (None,) * 6 + (data.reliability, "yes")
        else:
            author = [data.author] if isinstance(data.author, str) else data.author or []
            row = (
                id_,
                entry.title,
                data.publisher,
                joined(author),
                data.kind,
                data.published.text if data.published else None,
                data.accessed.isoformat() if data.accessed else None,
                data.url,
                data.archive_url,
                data.language,
                joined(data.via),
                data.reliability,
                None,
            )
        rows.append(row)
    return Table("sources", SOURCE_COLUMNS, tuple(rows))


CLAIM_COLUMNS = (
    "subject",
    "about",
    "value",
    "low",
    "high",
    "sources",
    "origins",
    "attributed_to",
    "quote",
)


def claims(dossier: Dossier) -> Table:
    """One row per claim, in the JSON export's order (its index is its row, from 0)."""
    rows = tuple(claim_row(dossier, claim) for claim in dossier.claims.claims)
    return Table("claims", CLAIM_COLUMNS, rows)


def claim_row(dossier: Dossier, claim: ClaimRecord) -> tuple[Cell, ...]:
    low, high = bounds(claim.value)
    return (
        claim.subject,
        claim.about,
        written(claim.value),
        low,
        high,
        joined(claim.sources),
        joined(dossier.links.independent(claim.sources)),
        claim.attributed_to,
        claim.quote,
    )


def written(value: Value) -> str:
    """A value in one cell: `3`, `10-11`, `>=3`, `<=5`, `2015-11`, `2015/2016`, `true`."""
    w = value.written
    if isinstance(w, bool):
        return "true" if w else "false"
    if isinstance(w, list):
        sep = "/" if value.kind is ValueKind.DATE else "-"
        return sep.join(str(end) for end in w)
    if isinstance(w, dict):
        if "min" in w and "max" in w:
            return f"{w['min']}-{w['max']}"
        return f">={w['min']}" if "min" in w else f"<={w['max']}"
    return str(w)


def bounds(value: Value) -> tuple[Cell, Cell]:
    """The smallest and largest value a claim allows: numbers, or dates as ISO days."""
    if value.kind is ValueKind.NUMBER:
        return (
            None if value.low is None else number(value.low),
            None if value.high is None else number(value.high),
        )
    if value.kind is ValueKind.DATE and value.dates:
        return value.dates[0].first.isoformat(), value.dates[-1].last.isoformat()
    return None, None


CONTRADICTION_COLUMNS = (
    "subject",
    "about",
    "kind",
    "claims",
    "values",
    "assessment",
    "preferred",
)


def contradictions(dossier: Dossier) -> Table:
    """One row per contradiction: its claims as row indexes of `claims.csv` (from 0)."""
    rows = tuple(contradiction_row(dossier, c) for c in dossier.claims.contradictions)
    return Table("contradictions", CONTRADICTION_COLUMNS, rows)


def contradiction_row(dossier: Dossier, group: Contradiction) -> tuple[Cell, ...]:
    values = dict.fromkeys(written(dossier.claims.claims[i].value) for i in group.claims)
    assessment = group.assessment
    preferred = assessment.preferred if assessment else None
    return (
        group.subject,
        group.about,
        str(group.kind),
        joined(group.claims),
        joined(values),
        assessment.note if assessment else None,
        None if preferred is None else written(preferred),
    )
