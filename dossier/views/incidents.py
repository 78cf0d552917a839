"""The incidents index as a table a reader can filter and sort (SPEC §13).

The table is plain HTML: every incident is a row, and a reader without JavaScript reads
all of them. Each row carries what the filters compare (`data-actor` holds the row's
actors and every actor they are part of, so that filtering by a state keeps the incidents
of its forces); `site.js` hides the rows a filter leaves out and keeps the filters in the
URL fragment. Each key-figure column shows a property's lead value: the editor's
`preferred` value, else the value every claim shares.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass
from functools import partial

from ..kinds import Kind
from ..model import Incident
from ..values import Value, ValueKind
from ..wording import label, value_text
from .parts import IncidentRow, Parts

MAX_FIGURES = 4
"""Key-figure columns at most: the properties claimed of the most incidents."""


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Filter:
    """One form control: `data-filter="<key>"`, a `<select>` of these options."""

    key: str
    label: str
    any_text: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    sort: str
    """What the column sorts by: a number, or empty (sorted last)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    row: IncidentRow
    actors: str
    """Space-separated actor ids: the row's actors and all they are part of."""
    place: str
    tags: str
    year: str
    disputed: bool
    date_sort: str
    figures: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class IncidentTable:
    filters: tuple[Filter, ...]
    columns: tuple[tuple[str, str], ...]
    """The key-figure columns: (property, its label)."""
    rows: tuple[TableRow, ...]
    shown_some: str
    """The filters' count, `Showing 3 of 8 incidents.`, by CLDR plural category of the
    whole (JSON, for `site.js`); `%(shown)s` and `%(n)s` stand for the numbers."""
    shown_all: str
    """The count when no filter is set: `Showing all 8 incidents.`"""


def lead(values: list[Value], preferred: Value | None) -> Value | None:
    """The value a property leads with: the editor's preferred one, else the one all share."""
    if preferred is not None:
        return preferred
    keys = {v.key for v in values}
    return values[0] if len(keys) == 1 else None


@dataclass(frozen=True, slots=True)
class _Line:
    """What one incident gives the table, whatever its columns."""

    row: IncidentRow
    who: tuple[str, ...]
    """Its actors and all they are part of."""
    place: str
    tags: tuple[str, ...]
    year: str
    disputed: bool
    date_sort: str
    numbers: dict[str, Cell]
    """Each numeric property's cell."""


_EMPTY = Cell("", "")


@dataclass(frozen=True, slots=True)
class _Rows:
    """Every incident's row, and what the filters offer (kept whole: `Parts.kept`)."""

    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    actors: frozenset[str]
    places: frozenset[str]
    tags: frozenset[str]
    years: frozenset[str]


def _rows(parts: Parts, url: str) -> _Rows:
    ids = parts.dated(parts.reads.ids(Kind.INCIDENT))
    lines = [parts.kept(("incident-line", i), partial(_line, parts, i, url)) for i in ids]
    counts = Counter(about for line in lines for about in line.numbers)
    columns = sorted(counts, key=lambda a: (-counts[a], a))[:MAX_FIGURES]
    rows: list[TableRow] = []
    actors: set[str] = set()
    places: set[str] = set()
    tags: set[str] = set()
    years: set[str] = set()
    for line in lines:
        actors.update(line.who)
        tags.update(line.tags)
        if line.place:
            places.add(line.place)
        if line.year:
            years.add(line.year)
        rows.append(
            TableRow(
                row=line.row,
                actors=" ".join(line.who),
                place=line.place,
                tags=" ".join(line.tags),
                year=line.year,
                disputed=line.disputed,
                date_sort=line.date_sort,
                figures=tuple(line.numbers.get(a, _EMPTY) for a in columns),
            )
        )
    return _Rows(
        tuple(columns), tuple(rows), frozenset(actors), frozenset(places), frozenset(tags),
        frozenset(years),
    )  # fmt: skip


def incident_table(parts: Parts, url: str) -> IncidentTable:
    """The table: its rows kept whole while none of their facts changed, the filters made
    again (an actor's new title is in the actor filter, and in no row)."""
    reads = parts.reads
    found = parts.kept(("incident-rows",), partial(_rows, parts, url))
    columns, rows, actors, places, tags, years = (
        found.columns, found.rows, found.actors, found.places, found.tags, found.years
    )  # fmt: skip
    lang = reads.lang
    _ = lang.gettext
    filters = (
        Filter("actor", _("Actor"), _("All actors"), _titled(parts, actors)),
        Filter("place", _("Place"), _("All places"), _titled(parts, places)),
        Filter("tag", _("Tag"), _("All tags"), tuple(Option(t, t) for t in sorted(tags))),
        Filter("year", _("Year"), _("All years"), tuple(Option(y, y) for y in sorted(years))),
    )
    return IncidentTable(
        filters=tuple(f for f in filters if f.options),
        columns=tuple((a, label(a)) for a in columns),
        rows=rows,
        shown_some=_forms(
            lang.plural_forms(
                "Showing %(shown)s of %(n)s incident.", "Showing %(shown)s of %(n)s incidents."
            )
        ),
        shown_all=_forms(
            lang.plural_forms("Showing all %(n)s incident.", "Showing all %(n)s incidents.")
        ),
    )


def _line(parts: Parts, id_: str, url: str) -> _Line:
    """The incident `id_` as the table at `url` shows it (kept: `Parts.kept`)."""
    reads, lang = parts.reads, parts.reads.lang
    numbers: dict[str, Cell] = {}
    for about, claims, contradiction in reads.figures(id_):
        values = [c.value for c in claims if c.value.kind is ValueKind.NUMBER]
        if not values or len(values) != len(claims):
            continue
        assessment = contradiction.assessment if contradiction else None
        found = lead(values, assessment.preferred if assessment else None)
        if found is not None:
            sort = found.low if found.low is not None else found.high
            numbers[about] = Cell(value_text(found, lang), "" if sort is None else f"{sort:g}")
        else:
            shown = dict.fromkeys(value_text(v, lang) for v in values)
            numbers[about] = Cell(" / ".join(shown), "")
    data = reads.dated(id_).data
    assert isinstance(data, Incident)
    return _Line(
        row=parts.row(id_, url),
        who=tuple(_with_ancestors(parts, [r.actor for r in data.actors])),
        place=data.place or "",
        tags=tuple(dict.fromkeys(data.tags)),
        year=str(data.date.first.year) if data.date else "",
        disputed=reads.disputed(id_),
        date_sort=data.date.first.isoformat() if data.date else "",
        numbers=numbers,
    )


def _forms(forms: dict[str, str]) -> str:
    return json.dumps(forms, ensure_ascii=False, sort_keys=True)


def _with_ancestors(parts: Parts, actors: list[str]) -> list[str]:
    """The actors, then every actor they are part of, each once."""
    found: dict[str, None] = {}
    for actor in actors:
        while actor and actor not in found and parts.reads.has(actor):
            found[actor] = None
            actor = parts.reads.part_of(actor) or ""
    return list(found)


def _titled(parts: Parts, ids: Set[str]) -> tuple[Option, ...]:
    shown = [(parts.reads.shown(i).title, i) for i in ids if parts.reads.has(i)]
    return tuple(
        Option(i, title) for title, i in sorted(shown, key=lambda t: (t[0].casefold(), t[1]))
    )
