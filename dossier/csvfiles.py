"""The CSV files of `dossier export --format csv` and of the site's `data/csv/` (SPEC
section 14): the rows of `tables`, UTF-8 without a byte-order mark, a header row, `\\n`
line ends, quoted only where a cell needs it."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from .tables import Cell, Table, number, tables

if TYPE_CHECKING:
    from .check import Dossier


def cell_text(cell: Cell) -> str:
    """A cell as CSV text: nothing is empty; a whole float has no `.0`."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return repr(number(cell))
    return str(cell)


def to_csv(table: Table) -> str:
    """The table as CSV: a header row, one row per record, `\\n` line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([cell_text(c) for c in row] for row in table.rows)
    return out.getvalue()


def csv_files(dossier: Dossier) -> dict[str, bytes]:
    """`incidents.csv`, ... → its bytes (UTF-8, no byte-order mark)."""
    return {f"{t.name}.csv": to_csv(t).encode("utf-8") for t in tables(dossier)}
