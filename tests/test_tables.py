"""`dossier export --format csv|geojson|sqlite` (SPEC section 14), run as a user runs it on
the showcase and on tiny dossiers; and the site's `data/` folder."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeDossier

from dossier.cli import main
from dossier.pipeline import build

ROOT = Path(__file__).parent.parent

HEADERS = {
    "actors.csv": "id,name,kind,part_of,country,summary,tags,aliases",
    "places.csv": "id,name,country,latitude,longitude,geo_precision,summary,tags,aliases",
    "sources.csv": "id,title,publisher,author,kind,published,accessed,url,archive_url,"
    "language,via,reliability,confidential",
    "claims.csv": "subject,about,value,low,high,sources,origins,attributed_to,quote",
    "contradictions.csv": "subject,about,kind,claims,values,assessment,preferred",
}
INCIDENT_HEADER = (
    "id,title,date_start,date_end,date_precision,place,latitude,longitude,geo_precision"
)


def export(*args: str) -> str:
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def showcase_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv") / "csv"
    export(str(ROOT), "--format", "csv", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def showcase_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(ROOT, out)
    return out


def test_every_csv_has_its_header(showcase_csv: Path) -> None:
    names = sorted(p.name for p in showcase_csv.iterdir())
    assert names == sorted([*HEADERS, "incidents.csv"])
    for name, header in HEADERS.items():
        assert (showcase_csv / name).read_text(encoding="utf-8").split("\n")[0] == header
    header = (showcase_csv / "incidents.csv").read_text(encoding="utf-8").split("\n")[0]
    assert header.startswith(INCIDENT_HEADER + ",")
    numeric = header.removeprefix(INCIDENT_HEADER + ",").split(",")
    assert numeric[:3] == [f"{numeric[0].rsplit('_', 1)[0]}_{s}" for s in ("low", "best", "high")]
    assert {"killed_low", "killed_best", "killed_high", "wounded_low"} <= set(numeric)


def test_the_al_bab_strike_row(showcase_csv: Path) -> None:
    row = {r["id"]: r for r in rows(showcase_csv, "incidents.csv")}["al-bab-airstrike-2017"]
    assert row["title"] == "Russian air strike kills Turkish soldiers near al-Bab"
    assert row["date_start"] == "2017-02-09T08:40:00+03:00"
    assert (row["date_end"], row["date_precision"], row["place"]) == ("", "time", "al-bab")
    where = (row["latitude"], row["longitude"], row["geo_precision"])
    assert where == ("36.3706", "37.5156", "city")
    # Three against five, assessed: the editor prefers three.
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == ("3", "3", "5")
    # Eleven and "10 or 11": the editor prefers the range, which is no single best figure.
    assert (row["wounded_low"], row["wounded_best"], row["wounded_high"]) == ("10", "", "11")
    undated = {r["id"]: r for r in rows(showcase_csv, "incidents.csv")}["syrian-war"]
    assert undated["killed_low"] == ""


def test_a_row_of_each_other_csv(showcase_csv: Path) -> None:
    places = {r["id"]: r for r in rows(showcase_csv, "places.csv")}
    assert places["al-bab"]["aliases"] == "Al-Bab;al-Bab area"
    assert places["al-bab"]["country"] == "SY"
    actors = {r["id"]: r for r in rows(showcase_csv, "actors.csv")}
    assert actors["associated-press"]["kind"] == "media"
    assert actors["associated-press"]["aliases"] == "AP"
    sources = {r["id"]: r for r in rows(showcase_csv, "sources.csv")}
    assert sources["associated-press-image"]["publisher"] == "Associated Press"
    claims = rows(showcase_csv, "claims.csv")
    wounded = [
        c for c in claims if (c["subject"], c["about"]) == ("al-bab-airstrike-2017", "wounded")
    ]
    assert [(c["value"], c["low"], c["high"]) for c in wounded] == [
        ("11", "11", "11"),
        ("10-11", "10", "11"),
    ]
    assert wounded[1]["sources"] == "report-004;turkish-government-statement"
    assert wounded[1]["quote"] == "another 10 or 11 wounded"
    found = {(c["subject"], c["about"]): c for c in rows(showcase_csv, "contradictions.csv")}
    killed = found["al-bab-airstrike-2017", "killed"]
    assert (killed["kind"], killed["values"], killed["preferred"]) == ("conflict", "3;5", "3")
    # Its claims are rows of claims.csv, counted from 0.
    for index in killed["claims"].split(";"):
        assert claims[int(index)]["about"] == "killed"


def test_values_origins_and_open_ranges_in_one_cell(
    make_dossier: MakeDossier, tmp_path: Path
) -> None:
    root = make_dossier(
        {
            "content/sources/ministry.yml": "title: Statement\n",
            "content/sources/paper.yml": "title: Paper\nvia: [ministry]\n",
            "content/sources/agency.yml": "title: Agency\nvia: [ministry]\n",
            "content/incidents/flood.yml": (
                "title: Flood\ndate: 2019-05\nend_date: 2019-06\nclaims:\n"
                "  - {about: dead, value: {min: 3}, sources: [paper, agency]}\n"
                "  - {about: dead, value: [4, 6], sources: [ministry]}\n"
                "  - {about: began, value: [2019-05, 2019-06-02], sources: [ministry]}\n"
                "  - {about: dead-children, value: 2, sources: [ministry]}\n"
                "  - {about: dead-children, value: 2.0, sources: [paper]}\n"
            ),
        }
    )
    out = tmp_path / "out"
    export(str(root), "--format", "csv", "--out", str(out))
    claims = rows(out, "claims.csv")
    cells = [(c["about"], c["value"], c["low"], c["high"], c["origins"]) for c in claims]
    assert cells == [
        ("began", "2019-05/2019-06-02", "2019-05-01", "2019-06-02", "ministry"),
        ("dead", ">=3", "3", "", "ministry"),
        ("dead", "4-6", "4", "6", "ministry"),
        ("dead-children", "2", "2", "2", "ministry"),
        ("dead-children", "2.0", "2", "2", "ministry"),  # the paper relays it
    ]
    flood = rows(out, "incidents.csv")[0]
    assert (flood["date_start"], flood["date_end"], flood["date_precision"]) == (
        "2019-05",
        "2019-06",
        "month",
    )
    # An open side leaves the low or high empty; the same number from every claim is best.
    assert (flood["dead_low"], flood["dead_best"], flood["dead_high"]) == ("3", "", "")
    assert [flood[f"dead-children_{s}"] for s in ("low", "best", "high")] == ["2", "2", "2"]
    assert "began_low" not in flood  # a date is not a numeric property


def test_csv_and_sqlite_need_out_and_never_write_over_other_files(
    make_dossier: MakeDossier, tmp_path: Path
) -> None:
    root = make_dossier({"content/incidents/x.yml": "title: X\n"})
    for fmt in ("csv", "sqlite"):
        result = CliRunner().invoke(main, ["export", str(root), "--format", fmt])
        assert result.exit_code == 2 and "--out" in result.output
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["export", str(root), "--format", "csv", "--out", str(busy)])
    assert result.exit_code == 2 and "notes.txt" in result.output
    letter = tmp_path / "letter.txt"
    letter.write_text("mine")
    result = CliRunner().invoke(
        main, ["export", str(root), "--format", "sqlite", "--out", str(letter)]
    )
    assert result.exit_code == 2 and "not an SQLite database" in result.output
    assert letter.read_text() == "mine"
    inside = root / "content" / "x.db"
    result = CliRunner().invoke(
        main, ["export", str(root), "--format", "sqlite", "--out", str(inside)]
    )
    assert result.exit_code == 2 and not inside.exists()
    result = CliRunner().invoke(main, ["export", str(root), "--out", str(root / "dossier.yml")])
    assert result.exit_code == 2 and (root / "dossier.yml").read_text() == "title: Test dossier\n"
    # An earlier export is replaced.
    again = tmp_path / "again"
    for _ in range(2):
        export(str(root), "--format", "csv", "--out", str(again))
        export(str(root), "--format", "sqlite", "--out", str(tmp_path / "x.db"))


def test_geojson_is_an_rfc_7946_feature_collection_of_existing_pages(
    showcase_site: Path,
) -> None:
    data = json.loads(export(str(ROOT), "--format", "geojson"))
    assert data["type"] == "FeatureCollection"
    assert set(data) == {"type", "features"}
    kinds = {f["properties"]["kind"] for f in data["features"]}
    assert kinds == {"place", "incident"}
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert set(props) >= {"id", "kind", "title", "date", "url"}
        assert (showcase_site / props["url"]).is_file(), props["url"]
    by_id = {f["id"]: f for f in data["features"]}
    # content/places/al-bab.md says [36.3706, 37.5156]: latitude first; GeoJSON longitude.
    assert by_id["al-bab"]["geometry"]["coordinates"] == [37.5156, 36.3706]
    strike = by_id["al-bab-airstrike-2017"]
    assert strike["geometry"] == by_id["al-bab"]["geometry"]
    assert strike["properties"]["date"] == "2017-02-09T08:40:00+03:00"
    assert strike["properties"]["url"] == "incidents/al-bab-airstrike-2017.html"


def test_sqlite_keeps_its_foreign_keys_and_finds_a_word_of_a_body(tmp_path: Path) -> None:
    out = tmp_path / "dossier.db"
    export(str(ROOT), "--format", "sqlite", "--out", str(out))
    db = sqlite3.connect(out)
    tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    assert {"incidents", "actors", "places", "sources", "claims", "contradictions"} <= tables
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {(t, r[3], r[2]) for t in tables for r in db.execute(f"PRAGMA foreign_key_list('{t}')")}
    assert {("incidents", "place", "places"), ("claims", "attributed_to", "actors")} <= keys
    assert ("claim_sources", "source", "sources") in keys
    # "besieged" is only in the body of al-Bab's page, not in its title or summary.
    body = (ROOT / "content" / "places" / "al-bab.md").read_text()
    assert "besieged" in body
    found = db.execute(
        "select places.id from places_fts join places on places.rowid = places_fts.rowid "
        "where places_fts match 'besieged'"
    ).fetchall()
    assert found == [("al-bab",)]
    found = db.execute(
        "select id from entries where rowid in "
        "(select rowid from entries_fts where entries_fts match 'condolences')"
    ).fetchall()
    assert ("al-bab-airstrike-2017",) in found
    pk = [r for r in db.execute("PRAGMA table_info('incidents')") if r[5]]
    assert [r[1] for r in pk] == ["id"]
    killed = db.execute(
        "select killed_low, killed_best, killed_high from incidents "
        "where id = 'al-bab-airstrike-2017'"
    ).fetchone()
    assert killed == (3, 3, 5)
    db.close()
    again = tmp_path / "again.db"
    export(str(ROOT), "--format", "sqlite", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_the_site_offers_the_exports_linked_from_home_and_each_index(
    showcase_site: Path, showcase_csv: Path
) -> None:
    data = showcase_site / "data"
    assert (data / "dossier.json").read_text() == export(str(ROOT))
    assert (data / "dossier.geojson").read_text() == export(str(ROOT), "--format", "geojson")
    for file in showcase_csv.iterdir():
        assert (data / "csv" / file.name).read_bytes() == file.read_bytes()
    home = (showcase_site / "index.html").read_text()
    for name in ("dossier.json", "dossier.geojson", *(f"csv/{n}" for n in HEADERS)):
        assert f'href="data/{name}"' in home
    incidents = (showcase_site / "incidents" / "index.html").read_text()
    for href in ("../data/csv/incidents.csv", "../data/dossier.geojson", "../data/dossier.json"):
        assert f'href="{href}"' in incidents
    assert 'href="../data/csv/actors.csv"' in (showcase_site / "actors" / "index.html").read_text()


def test_csv_is_utf8_and_reads_back(showcase_csv: Path) -> None:
    text = (showcase_csv / "actors.csv").read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff")
    assert any("Erdoğan" in r["name"] for r in csv.DictReader(io.StringIO(text)))


def test_json_and_geojson_go_to_a_file_with_out(tmp_path: Path) -> None:
    for fmt in ("json", "geojson"):
        out = tmp_path / f"dossier.{fmt}"
        result = CliRunner().invoke(main, ["export", str(ROOT), "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0 and result.stdout == ""
        assert out.read_text(encoding="utf-8") == export(str(ROOT), "--format", fmt)
