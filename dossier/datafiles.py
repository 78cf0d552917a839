"""The site's `data/` folder (SPEC section 14): the exports of the site's own audience,
for readers to download: `data/dossier.json`, `data/dossier.geojson`, `data/csv/*.csv`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .csvfiles import csv_files
from .export import json_pieces, to_json
from .geojson import to_geojson

if TYPE_CHECKING:
    from .check import Dossier

DATA = "data"
JSON = f"{DATA}/dossier.json"
GEOJSON = f"{DATA}/dossier.geojson"
CSV = f"{DATA}/csv"


def data_files(dossier: Dossier) -> dict[str, bytes]:
    """Each file of `data/` by its URL, made from `dossier` (the one the site shows)."""
    return {JSON: to_json(dossier)} | _others(dossier)


def _others(dossier: Dossier) -> dict[str, bytes]:
    files = {GEOJSON: to_geojson(dossier)}
    files |= {f"{CSV}/{name}": data for name, data in csv_files(dossier).items()}
    return files


def write_data(folder: Path, dossier: Dossier, only_changed: bool = False) -> None:
    """Write `data/` under `folder`; with `only_changed` (serve), a file whose bytes are the
    same is not written again. A build writes the JSON an entry at a time, never the whole
    export in memory."""
    from .render import replace
    from .write import make_folder, put, put_pieces

    if only_changed:
        files = data_files(dossier)
    else:
        make_folder((folder / JSON).parent)
        put_pieces(folder / JSON, json_pieces(dossier))
        files = _others(dossier)
    for url, data in files.items():
        path = folder / url
        make_folder(path.parent)
        if only_changed:
            if path.is_file() and path.read_bytes() == data:
                continue
            replace(path, data)
        else:
            put(path, data)
