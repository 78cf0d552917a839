"""Audiences (SPEC §9) in the data exports (SPEC §14): the public CSV folder, GeoJSON and
SQLite database hold no canary of `test_audience`'s mixed dossier; the internal ones do,
which shows the check can see them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_files
from test_audience import BEFORE, CANARY, COMMON, INTERNAL

from dossier.cli import main

HARBOUR = {"content/places/old-harbour.yml": "name: Old harbour\ncoordinates: [33.9, 35.5]\n"}
"""The harbour on the map, so that the GeoJSON has the incidents there."""

RAID = re.compile(r"canary\d+ raid title")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return write_files(tmp_path / "mixed", COMMON | INTERNAL | HARBOUR)


def export(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_public_csv_folder_holds_no_canary(mixed: Path, tmp_path: Path) -> None:
    for audience in ("public", "internal"):
        out = tmp_path / audience
        export(
            mixed, "--format", "csv", "--out", str(out), "--audience", audience, "--clock", BEFORE
        )
        text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()))
        if audience == "public":
            assert CANARY.findall(text) == []
            assert "confidential-source-1,A confidential source,,,document," in text
        else:
            assert RAID.search(text) and "mole-canaryid" in text


def test_the_public_geojson_holds_no_canary(mixed: Path) -> None:
    public = export(mixed, "--format", "geojson", "--clock", BEFORE)
    assert CANARY.findall(public) == []
    assert '"id": "harbour-fire"' in public and "night-blast" not in public
    internal = export(mixed, "--format", "geojson", "--audience", "internal")
    assert RAID.search(internal)


def test_the_public_database_holds_no_canary(mixed: Path, tmp_path: Path) -> None:
    for audience in ("public", "internal"):
        out = tmp_path / f"{audience}.db"
        export(
            mixed,
            "--format",
            "sqlite",
            "--out",
            str(out),
            "--audience",
            audience,
            "--clock",
            BEFORE,
        )
        db = sqlite3.connect(out)
        cells = []
        tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for row in db.execute(f'select * from "{table}"'):
                cells += [str(c) for c in row if isinstance(c, str)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        db.close()
        # The FTS index's own pages are binary: the raw file is searched as well.
        raw = out.read_bytes().decode("utf-8", "replace")
        if audience == "public":
            assert CANARY.findall("\n".join(cells)) == [] and CANARY.findall(raw) == []
        else:
            assert RAID.search("\n".join(cells))
