"""`dossier export --format json` as SPEC section 7 describes it."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.export import export, to_json
from dossier.pipeline import check

HARBOUR = Path(__file__).parent / "sites" / "valid" / "harbour"


def test_shape_follows_the_spec():
    data = json.loads(to_json(check(HARBOUR)))
    assert list(data) == ["version", "dossier", "entries", "claims", "contradictions"]
    assert data["version"] == 1
    assert data["dossier"]["title"] == "The harbour fire"
    ids = [e["id"] for e in data["entries"]]
    assert ids == sorted(ids)
    for contradiction in data["contradictions"]:
        assert contradiction["kind"] in ("conflict", "discrepancy")
        for index in contradiction["claims"]:
            claim = data["claims"][index]
            assert (claim["subject"], claim["about"]) == (
                contradiction["subject"],
                contradiction["about"],
            )


def test_values_are_exported_as_written():
    data = export(check(HARBOUR))
    values = {(c["about"], json.dumps(c["value"])) for c in data["claims"]}
    assert values == {
        ("arson", "false"),
        ("dead", '{"min": 4}'),
        ("dead", "6"),
        ("injured", "[20, 30]"),
        ("injured", '{"max": 15}'),
        ("started", '"2020-08-04"'),
        ("started", '"2020-08"'),
    }


def test_contradictions_carry_their_assessment():
    data = export(check(HARBOUR))
    dead = next(c for c in data["contradictions"] if c["about"] == "dead")
    assert dead["kind"] == "discrepancy"
    assert dead["assessment"] == {
        "about": "dead",
        "note": "Six is the hospital's count; the city's \"at least four\" came first.",
        "preferred": 6,
        "visibility": "public",
    }


def test_entries_keep_their_fields_and_links():
    data = export(check(HARBOUR))
    entries = {e["id"]: e for e in data["entries"]}
    courier = entries["daily-courier"]
    assert courier["kind"] == "source"
    assert courier["source_kind"] == "news"  # the source's own kind does not clobber it
    assert courier["published"] == "2020-08-05T21:00:00+01:00"
    assert courier["accessed"] == "2020-08-06"
    assert courier["via"] == ["city-hall", "hospital-report"]
    assert courier["linked_from"] == ["harbour-fire", "hospital-report"]
    place = entries["old-harbour"]
    assert (place["title"], place["coordinates"]) == ("Old harbour", [38.7, -9.14])
    fire = entries["harbour-fire"]
    assert fire["date"] == "2020-08"
    assert [data["claims"][i]["holder"] for i in fire["claims"]] == ["harbour-fire"] * 6


def test_claims_list_their_independent_origins():
    data = export(check(HARBOUR))
    started = [c for c in data["claims"] if c["about"] == "started"]
    # the courier relays the city hall, also cited: one origin, not two sources
    assert started[0]["sources"] == ["city-hall", "daily-courier"]
    assert started[0]["origins"] == ["city-hall"]
    # the hospital's own claim, backed by the blog: two origins
    assert started[1]["origins"] == ["harbour-watch", "hospital-report"]


SITES = Path(__file__).parent / "sites"


def test_the_export_written_in_pieces_is_the_document_of_the_whole() -> None:
    """`json_pieces` (an entry at a time) gives `document(export(...))`'s bytes exactly."""
    from dossier.jsontext import document

    for root in (
        HARBOUR,
        SITES / "valid" / "arabic",
        SITES / "languages" / "ru",
        SITES.parent.parent,
    ):
        dossier = check(root)
        assert to_json(dossier) == document(export(dossier)), root


def test_pieces_of_every_shape() -> None:
    from dossier.jsontext import document, pieces

    lists = frozenset({"a", "b", "c"})
    shapes: list[dict[str, object]] = [
        {},
        {"a": []},
        {"x": {}, "a": [{}], "b": [[]], "c": [1, 'é\n"', None, {"k": [1, {"m": 2**70}]}]},
        {"x": 1.5, "y": {"z": [1, 2]}, "a": ({"n": n} for n in range(3))},
    ]
    for shape in shapes:
        whole = {k: list(v) if k in lists else v for k, v in shape.items()}  # type: ignore[call-overload]
        again = {k: (iter(v) if k in lists else v) for k, v in whole.items()}
        assert b"".join(pieces(again, lists)) == document(whole), shape
