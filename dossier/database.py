"""`dossier export --format sqlite` (SPEC section 14): the dossier as one SQLite database,
made with sqlite-utils, ready for Datasette.

The six tables of `tables` (`incidents`, `actors`, `places`, `sources`, `claims`,
`contradictions`), each with the page's `url` and, for entries, the `summary` and `body`,
plus what the CSV files join with `;`: `entries` (every entry of every kind, which claims
and contradictions name as their subject), `claim_sources` and `incident_actors`. Every
reference is a foreign key; full-text search (FTS5) covers the titles, summaries and bodies
of `entries` and of each kind's table.

The database is written beside its target and moved into place when complete, and the same
dossier gives the same bytes (one insert after another, in the tables' order).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from . import urls
from .diagnostics import UsageError
from .kinds import Kind
from .model import Incident
from .tables import Cell, Table, tables
from .wording import CONFIDENTIAL

if TYPE_CHECKING:
    from .check import Dossier

HEADER = b"SQLite format 3\x00"

KIND_TABLES = {
    Kind.INCIDENT: "incidents",
    Kind.ACTOR: "actors",
    Kind.PLACE: "places",
    Kind.SOURCE: "sources",
}

FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "incidents": [("place", "places", "id")],
    "actors": [("part_of", "actors", "id")],
    "claims": [
        ("subject", "entries", "id"),
        ("holder", "entries", "id"),
        ("attributed_to", "actors", "id"),
        ("contradiction", "contradictions", "id"),
    ],
    "contradictions": [("subject", "entries", "id")],
    "claim_sources": [("claim", "claims", "id"), ("source", "sources", "id")],
    "incident_actors": [("incident", "incidents", "id"), ("actor", "actors", "id")],
}

REAL = {"latitude", "longitude"}
"""Columns of decimal numbers."""


def _numeric(table: str, column: str) -> bool:
    """Columns of numbers: INTEGER affinity keeps 3 whole and 3.5 as it is (and a claim's
    date bounds, which are not numbers, as text)."""
    if table == "claims":
        return column in {"low", "high", "id", "contradiction"}
    if table == "incidents":
        return column.endswith(("_low", "_best", "_high"))
    return table == "contradictions" and column == "id"


def write_database(dossier: Dossier, out: Path) -> None:
    """Write the database to `out`, replacing an earlier export there (never another file)."""
    if out.is_dir():
        raise UsageError(f"cannot write the database to {out}: it is a folder")
    if out.exists() and not _is_database(out):
        raise UsageError(
            f"refusing to write over {out}: it is not an SQLite database; choose another --out"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.unlink()
        _fill(dossier, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _is_database(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(HEADER)) == HEADER


def _fill(dossier: Dossier, path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        db = sqlite_utils.Database(conn)
        _create(db, _entries(dossier))
        made = {t.name: t for t in tables(dossier)}
        extra = _extra(dossier)
        for name in ("places", "actors", "incidents", "sources", "contradictions", "claims"):
            _create(db, _widen(dossier, made[name], extra))
        _create(db, _claim_sources(dossier))
        _create(db, _incident_actors(dossier))
        for name in ("entries", *KIND_TABLES.values()):
            table = db.table(name)
            title = "title" if "title" in table.columns_dict else "name"  # actors, places
            table.enable_fts([title, "summary", "body"])
        conn.commit()
        conn.execute("VACUUM")


def _create(db: sqlite_utils.Database, table: Table) -> None:
    columns: dict[str, type] = {}
    for column in table.columns:
        real = column in REAL
        columns[column] = float if real else int if _numeric(table.name, column) else str
    pk: str | tuple[str, ...] | None = "id" if "id" in table.columns else None
    made = db.table(table.name)
    made.create(columns, pk=pk, foreign_keys=FOREIGN_KEYS.get(table.name, []))
    records = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    if records:
        made.insert_all(records)


def _entries(dossier: Dossier) -> Table:
    rows = []
    for entry in dossier.entries.values():
        shown = not entry.confidential
        rows.append(
            (
                entry.id,
                str(entry.kind),
                entry.title if shown else CONFIDENTIAL,
                entry.data.summary if shown else None,
                entry.body or None,
                urls.entry(entry.kind, entry.id) if shown else None,
            )
        )
    columns = ("id", "kind", "title", "summary", "body", "url")
    return Table("entries", columns, tuple(rows))


def _extra(dossier: Dossier) -> dict[str, tuple[Cell, ...]]:
    """What the database adds to an entry's row: summary, body, url."""
    out: dict[str, tuple[Cell, ...]] = {}
    for entry in dossier.entries.values():
        if entry.confidential:
            out[entry.id] = (None, None, None)
        else:
            url = urls.entry(entry.kind, entry.id)
            out[entry.id] = (entry.data.summary, entry.body or None, url)
    return out


def _widen(dossier: Dossier, table: Table, extra: dict[str, tuple[Cell, ...]]) -> Table:
    """A CSV table with the database's own columns: ids for claims and contradictions,
    summary, body and url for entries."""
    if table.name == "claims":
        contradicted = {
            i: n for n, group in enumerate(dossier.claims.contradictions) for i in group.claims
        }
        rows = tuple(
            (claim.position, *row, claim.holder, claim.note, contradicted.get(claim.position))
            for claim, row in zip(dossier.claims.claims, table.rows, strict=True)
        )
        columns = ("id", *table.columns, "holder", "note", "contradiction")
        return Table(table.name, columns, rows)
    if table.name == "contradictions":
        rows = tuple((n, *row) for n, row in enumerate(table.rows))
        return Table(table.name, ("id", *table.columns), rows)
    columns = tuple(c for c in table.columns if c != "summary")
    at = table.columns.index("summary") if "summary" in table.columns else None
    widened = []
    for row in table.rows:
        kept = row if at is None else row[:at] + row[at + 1 :]
        widened.append((*kept, *extra[str(row[0])]))
    return Table(table.name, (*columns, "summary", "body", "url"), tuple(widened))


def _claim_sources(dossier: Dossier) -> Table:
    rows = []
    for claim in dossier.claims.claims:
        origins = set(dossier.links.independent(claim.sources))
        rows += [(claim.position, s, int(s in origins)) for s in claim.sources]
    return Table("claim_sources", ("claim", "source", "origin"), tuple(rows))


def _incident_actors(dossier: Dossier) -> Table:
    rows = []
    for entry in dossier.entries.values():
        if isinstance(entry.data, Incident):
            rows += [(entry.id, a.actor, a.role) for a in entry.data.actors]
    return Table("incident_actors", ("incident", "actor", "role"), tuple(rows))
