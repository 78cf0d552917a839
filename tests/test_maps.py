"""Maps (SPEC §12): map.html, locator maps, markers, precision, from a tiny dossier."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import MakeDossier
from sitecheck import problems

from dossier.cli import main

FILES = {
    "content/places/kilis.yml": (
        "name: Kilis\ncountry: TR\ncoordinates: [36.7184, 37.1212]\nprecision: city\n"
    ),
    "content/places/azaz.yml": (
        "name: Azaz\ncountry: SY\ncoordinates: [36.5866, 37.0463]\nprecision: region\n"
    ),
    "content/places/somewhere.yml": "name: Somewhere unknown\n",
    "content/incidents/shelling.yml": "title: Shelling at Kilis\ndate: 2016-01-18\nplace: kilis\n",
    "content/incidents/convoy.yml": "title: Convoy hit near Azaz\ndate: 2016-02-15\nplace: azaz\n",
    "content/incidents/rumour.yml": "title: A rumour\ndate: 2016-03-01\nplace: somewhere\n",
}


def build(root: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def markers(html: str) -> dict[str, str]:
    return dict(
        (m, h) for h, m in re.findall(r'<a[^>]* href="([^"]+)" data-marker="([^"]+)"', html)
    )


def test_the_map_has_a_marker_linking_each_located_place_and_incident(
    make_dossier: MakeDossier, tmp_path: Path
) -> None:
    site = build(make_dossier(FILES), tmp_path / "site")
    page = (site / "map.html").read_text()
    assert "data-map" in page
    assert markers(page) == {
        "kilis": "places/kilis.html",
        "azaz": "places/azaz.html",
        "shelling": "incidents/shelling.html",
        "convoy": "incidents/convoy.html",
    }
    # Every marker is also text below the map; the place without coordinates is named.
    listing = page[page.index('class="map-list"') :]
    for words in ("Kilis", "Azaz", "Shelling at Kilis", "Convoy hit near Azaz"):
        assert words in listing
    assert 'href="places/somewhere.html">Somewhere unknown</a>' in listing
    assert "A rumour" not in page
    # A region's precision draws a circle of uncertainty; countries named are labelled.
    assert page.count('class="uncertainty"') >= 1
    assert ">Syrian Arab Republic</text>" in page or ">Syria</text>" in page
    assert 'href="map.html"' in (site / "index.html").read_text()
    assert problems(site) == []


def test_place_and_incident_pages_have_a_locator_map(
    make_dossier: MakeDossier, tmp_path: Path
) -> None:
    site = build(make_dossier(FILES), tmp_path / "site")
    for path, place in (("places/kilis.html", "kilis"), ("incidents/shelling.html", "kilis")):
        page = (site / path).read_text()
        assert page.count("data-map") == 1, path
        assert markers(page) == {
            place: "../places/kilis.html" if "incidents" in path else "kilis.html"
        }
    # No coordinates, no map.
    assert "data-map" not in (site / "incidents" / "rumour.html").read_text()
    assert "data-map" not in (site / "places" / "somewhere.html").read_text()


def test_the_maps_are_byte_for_byte_reproducible(make_dossier: MakeDossier, tmp_path: Path) -> None:
    root = make_dossier(FILES)
    one, two = build(root, tmp_path / "one"), build(root, tmp_path / "two")
    for path in ("map.html", "places/azaz.html", "incidents/convoy.html"):
        assert (one / path).read_bytes() == (two / path).read_bytes()


def test_without_coordinates_there_is_no_map(make_dossier: MakeDossier, tmp_path: Path) -> None:
    site = build(
        make_dossier({"content/places/somewhere.yml": "name: Somewhere\n"}), tmp_path / "s"
    )
    assert not (site / "map.html").exists()
    assert "map.html" not in (site / "index.html").read_text()


def test_places_that_would_hide_each_other_are_moved_aside_with_a_leader(
    make_dossier: MakeDossier, tmp_path: Path
) -> None:
    files = dict(FILES)
    files["content/places/far.yml"] = "name: Far away\ncoordinates: [48.0, 2.0]\n"
    files["content/places/kilis-centre.yml"] = (
        "name: Kilis centre\ncoordinates: [36.7190, 37.1220]\n"
    )
    page = (build(make_dossier(files), tmp_path / "site") / "map.html").read_text()
    spots = dict(
        (m, (int(x), int(y)))
        for m, x, y in re.findall(
            r'data-marker="([^"]+)" tabindex="-1"><circle cx="(\d+)" cy="(\d+)" r=', page
        )
    )
    (x1, y1), (x2, y2) = spots["kilis"], spots["kilis-centre"]
    assert abs(x1 - x2) + abs(y1 - y2) >= 10  # not one on top of the other
    assert page.count('class="leader"') >= 2
