"""`dossier export`'s formats (SPEC sections 7 and 14), each from the audience's dossier:
where each goes, and the guard on what it may write over."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import UsageError
from .tables import NAMES

if TYPE_CHECKING:
    from .check import Dossier


def export_to(dossier: Dossier, fmt: str, out: Path | None) -> str | None:
    """Export `dossier` as `fmt` to `out`; without `out`, return the text (json, geojson)."""
    if fmt in ("json", "geojson"):
        if fmt == "json":
            from .export import to_json as document_of
        else:
            from .geojson import to_geojson as document_of
        data = document_of(dossier)
        if out is None:
            return data.decode("utf-8")
        _check_file(dossier.root, out)
        _write(out, data)
        return None
    assert out is not None
    if fmt == "csv":
        from .csvfiles import csv_files

        check_csv_folder(dossier.root, out)
        out.mkdir(parents=True, exist_ok=True)
        for name, data in csv_files(dossier).items():
            _write(out / name, data)
        return None
    from .database import write_database

    _check_inside(dossier.root, out)
    write_database(dossier, out)
    return None


def _write(path: Path, data: bytes) -> None:
    from .render import replace

    path.parent.mkdir(parents=True, exist_ok=True)
    replace(path, data)


def _check_file(root: Path, out: Path) -> None:
    _check_inside(root, out)
    if out.resolve() == (root / "dossier.yml").resolve():
        raise UsageError(f"refusing to write over {out}: it is the dossier's settings")
    if out.is_dir():
        raise UsageError(f"cannot write to {out}: it is a folder; give a file name")


def _check_inside(root: Path, out: Path) -> None:
    """Nothing is exported into `content/`, where it would become part of the dossier."""
    content = (root / "content").resolve()
    target = out.resolve()
    if target == content or target.is_relative_to(content):
        raise UsageError(f"refusing to export into {out}: it is inside content/")


def check_csv_folder(root: Path, out: Path) -> None:
    """The CSV folder may be new, empty, or hold only an earlier CSV export."""
    _check_inside(root, out)
    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"cannot write the CSV files to {out}: it is a file, not a folder")
    ours = {f"{name}.csv" for name in NAMES}
    others = sorted(p.name for p in out.iterdir() if p.name not in ours)
    if others:
        raise UsageError(
            f"refusing to write the CSV files into {out}: it holds other files "
            f"({', '.join(others[:3])}); choose an empty or new folder"
        )
