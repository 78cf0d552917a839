"""The shipped borders (dossier/atlas.py): TopoJSON decoded by hand, and the distance of a
point from a country that `outside-country` reads."""

from __future__ import annotations

import pytest
from conftest import MakeDossier, lines

from dossier import atlas
from dossier.pipeline import check

# Two arcs, quantized and delta-encoded, sharing the edge x = 1: the left square walks
# arc 0 then arc 1; the right one walks arc 1 backwards (~1) then arc 2.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (1,0) (0,0) (0,1) (1,1) in degrees
        [[2, 2], [0, -2]],  # (1,1) → (1,0)
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (1,1) (2,1) (2,0) (1,0)
    ],
}


def test_arcs_are_delta_decoded_and_transformed() -> None:
    decoded = atlas.Arcs(TOPOLOGY)
    assert decoded[0].tolist() == [[11.0, 20.0], [10.0, 20.0], [10.0, 21.0], [11.0, 21.0]]
    assert decoded[1].tolist() == [[11.0, 21.0], [11.0, 20.0]]


def test_a_ring_walks_its_arcs_and_a_negative_index_walks_one_backwards() -> None:
    decoded = atlas.Arcs(TOPOLOGY)
    left = atlas.shape({"type": "Polygon", "arcs": [[0, 1]]}, decoded)
    right = atlas.shape({"type": "Polygon", "arcs": [[~1, 2]]}, decoded)
    assert left.area == pytest.approx(1.0) and right.area == pytest.approx(1.0)
    assert left.bounds == (10.0, 20.0, 11.0, 21.0)
    assert right.bounds == (11.0, 20.0, 12.0, 21.0)
    assert left.touches(right)


def test_the_shipped_atlas_codes_countries_as_iso_alpha_2() -> None:
    codes = {c.code for c in atlas.countries()}
    assert {"TR", "SY", "UA", "RU", "FR", "XK"} <= codes
    assert any(s.covers(atlas_point(39.93, 32.85)) for s in atlas.shapes_of("TR"))


def atlas_point(lat: float, lon: float):  # type: ignore[no-untyped-def]
    from shapely import Point

    return Point(lon, lat)


def test_the_distance_outside_a_country_is_in_kilometres() -> None:
    assert atlas.distance_km(39.93, 32.85, "TR") == 0.0  # Ankara
    # Aleppo is some 45 km south of the Turkish border.
    assert 30 < atlas.distance_km(36.20, 37.16, "TR") < 60
    assert atlas.distance_km(0.0, 0.0, "ZZ") is None


def test_a_border_town_a_few_kilometres_across_is_not_reported(make_dossier: MakeDossier) -> None:
    root = make_dossier(
        {
            # Just south of the border at Kilis, in Syria, but filed under Turkey.
            "content/places/kilis.yml": "name: Kilis\ncountry: TR\ncoordinates: [36.62, 37.12]\n",
            "content/places/aleppo.yml": "name: Aleppo\ncountry: TR\ncoordinates: [36.20, 37.16]\n",
        }
    )
    found = lines(check(root))
    assert len(found) == 1 and "aleppo.yml" in found[0] and "[outside-country]" in found[0]


@pytest.mark.parametrize("name", [atlas.DRAW, atlas.CHECK])
def test_the_shipped_arcs_read_from_the_text_are_those_json_gives(name):
    """The arcs are read from the file's text by the array, never as lists: the same
    numbers, arc by arc, and the same countries, as reading the whole file as JSON."""
    import json

    whole = json.loads((atlas.ATLAS / name).read_text(encoding="utf-8"))
    geometries, read = atlas._topology(name)
    listed = atlas.Arcs(whole)
    assert read.ends.tolist() == listed.ends.tolist()
    assert read.points.tolist() == listed.points.tolist()
    assert geometries == whole["objects"]["countries"]["geometries"]


@pytest.mark.parametrize(
    "text",
    [
        '{"objects":{"a":{"arcs":[[0]]}},"arcs":[[[1,2],[3,4]],[[5,6]]]}',  # read as text
        '{"objects":{}, "arcs": [ [ [1, 2], [3, 4] ] ] }',  # with spaces
        '{"objects":{},"arcs":[[[1,2,3],[4,5,6]]]}',  # points of three numbers
        '{"arcs":[[[1,2]]],"objects":{"a":{"arcs":[[[0]]]}}}',  # a geometry's arcs last
        '{"objects":{},"arcs":[],"transform":{"scale":[1,1],"translate":[0,0]}}',
    ],
)
def test_any_topology_decodes_as_reading_it_whole_as_json_does(text):
    import json

    whole = json.loads(text)
    topology, read = atlas.decode(text)
    if whole["arcs"]:
        listed = atlas.Arcs(whole)
        assert read.ends.tolist() == listed.ends.tolist()
        assert read.points.tolist() == listed.points.tolist()
    else:
        assert read.ends.tolist() == []
    del whole["arcs"]
    assert topology == whole
