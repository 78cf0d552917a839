"""Audiences (SPEC §9): the public site holds nothing internal, embargoed or confidential.

One fixture puts a unique canary in every field of an internal entry, an internal claim,
an internal assessment, an embargoed incident and a confidential source. No file of the
public site and nothing of the public export may hold any canary; the internal build
shows them all. A second fixture is the same dossier with the internal material deleted
by hand: the public site of the first must equal it, page for page, but for what the
confidential source still adds (its note, and one more origin).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Files, lines, write_files

from dossier.audience import Audience
from dossier.cli import main
from dossier.incremental import SiteBuilder
from dossier.pipeline import build, check

CANARY = re.compile(r"canary[\w-]*|1903-04-05|1904-01-02|1904-03-02", re.IGNORECASE)
"""Every canary below has `canary` in it (made unique by `_numbered`), or is one of
three dates of 1903 and 1904."""

COMMON: Files = {
    "dossier.yml": "title: Harbour files\nlanguage: en\nbase_url: https://news.example/harbour/\n",
    "content/places/old-harbour.yml": (
        "name: Old harbour\nsummary: The docks.\ncoordinates: [41.0, 28.98]\ntags: [port]\n"
    ),
    "content/actors/port-authority.yml": "name: Port authority\nkind: organization\n",
    "content/sources/city-hall.yml": (
        "title: City statement\npublisher: City hall\nkind: statement\n"
        "url: https://city.example/statement\narchive_url: https://archive.example/city\n"
        "published: 2020-08-05\nreliability: B\n"
    ),
    "content/sources/courier.yml": (
        "title: Harbour ablaze\npublisher: Daily Courier\nkind: news\n"
        "url: https://courier.example/ablaze\narchive_url: https://archive.example/courier\n"
        "published: 2020-08-06\nvia: [city-hall]\n"
    ),
    "content/incidents/dock-strike.md": """\
        ---
        title: Dock strike
        summary: Dockers stopped work the week after.
        date: 2020-08-12
        place: old-harbour
        actors: [{actor: port-authority, role: employer}]
        claims:
          - {about: strikers, value: 200, sources: [courier]}
        ---
        The strike followed the [[harbour-fire]][^courier].
        """,
}

PUBLIC_FIRE = """\
---
title: Harbour fire
summary: Warehouses burned.
date: 2020-08-04
place: old-harbour
actors: [{actor: port-authority, role: operator}]
claims:
  - about: dead
    value: 4
    sources: [city-hall]
    quote: four people died
  - about: dead
    value: [4, 5]
    sources: [courier]
  - about: injured
    value: 20
    sources: [courier%(injured)s]
%(internal_claims)sassessments:
  - about: dead
    note: The city's four is within the paper's range.
    preferred: 4
%(internal_assessments)s---
The [[port-authority]] ran the warehouses[^city-hall]; the [[dock-strike]] came
after[^courier].%(body)s
"""

INTERNAL_CLAIMS = """\
  - about: started-by
    value: canary claim value
    sources: [city-hall]
    quote: canary claim quote
    note: canary claim note
    visibility: internal
  - about: started-by
    value: canary other value
    sources: [courier]
    visibility: internal
  - about: dead
    value: 9
    sources: [courier]
    note: canary contradicting claim
    visibility: internal
"""
INTERNAL_ASSESSMENTS = """\
  - about: started-by
    note: canary assessment note
    visibility: internal
"""

INTERNAL: Files = {
    "content/incidents/harbour-fire.md": PUBLIC_FIRE
    % {
        "injured": ", mole-canaryid",
        "internal_claims": INTERNAL_CLAIMS,
        "internal_assessments": INTERNAL_ASSESSMENTS,
        "body": " An insider confirmed the toll[^mole-canaryid].",
    },
    "content/sources/mole-canaryid.md": """\
        ---
        title: canary source title
        publisher: canary publisher
        author: canary author
        kind: document
        reliability: B
        url: https://canary-url.example/leak
        archive_url: https://canary-archive.example/leak
        published: 1903-04-05
        accessed: 1904-01-02
        aliases: [canary alias]
        note: canary source note
        visibility: internal
        ---
        canary source body.
        """,
    "content/incidents/secret-raid.md": """\
        ---
        title: canary raid title
        summary: canary raid summary
        aliases: [canary raid alias]
        note: canary raid note
        date: 1904-03-02
        place: old-harbour
        actors: [{actor: canary-informant, role: canary role}]
        tags: [port, canary-raid-tag]
        claims:
          - about: canary-property
            value: 3
            sources: [city-hall, mole-canaryid]
            quote: canary raid quote
        visibility: internal
        ---
        canary raid body names [[harbour-fire]][^city-hall].
        """,
    "content/actors/canary-informant.yml": (
        "name: canary informant name\nsummary: canary informant summary\n"
        "kind: person\nvisibility: internal\ntags: [canary-informant-tag]\n"
    ),
    "content/places/canary-safehouse.yml": (
        "name: canary safehouse name\ncoordinates: [41.2, 29.1]\nprecision: exact\n"
        "tags: [canary-safehouse-tag]\nvisibility: internal\n"
    ),
    "content/incidents/night-blast.md": """\
        ---
        title: canary embargoed title
        summary: canary embargoed summary
        date: 2020-08-20
        place: old-harbour
        claims:
          - {about: dead, value: 1, sources: [courier], quote: canary embargoed quote}
        tags: [canary-embargo-tag]
        embargo: 2030-01-01T06:00:00+00:00
        ---
        canary embargoed body[^courier].
        """,
}


def _numbered(files: Files) -> Files:
    """Each free-text `canary` made unique: `canary1`, `canary2`, ... (ids stay as they are)."""
    count = iter(range(1, 1000))
    return {
        path: re.sub(r"canary(?= )", lambda _: f"canary{next(count)}", str(text))
        for path, text in files.items()
    }


INTERNAL = _numbered(INTERNAL)

BY_HAND: Files = {
    "content/incidents/harbour-fire.md": PUBLIC_FIRE
    % {"injured": "", "internal_claims": "", "internal_assessments": "", "body": ""},
}

BEFORE = "2026-12-01T00:00:00+00:00"
"""A clock before the embargo (2030) ends."""
AFTER = "2030-01-01T06:00:00+00:00"


def site(root: Path, out: Path, *args: str) -> dict[str, bytes]:
    """Build `root` into `out` with the CLI; every file of the site by path."""
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return write_files(tmp_path / "mixed", COMMON | INTERNAL)


@pytest.fixture
def by_hand(tmp_path: Path) -> Path:
    return write_files(tmp_path / "by-hand", COMMON | BY_HAND)


def canaries(files: dict[str, bytes]) -> dict[str, list[str]]:
    found = {}
    for path, data in files.items():
        hits = CANARY.findall(data.decode("utf-8", "replace")) + CANARY.findall(path)
        if hits:
            found[path] = sorted(set(hits))
    return found


def test_the_mixed_dossier_checks_clean(mixed: Path) -> None:
    assert lines(check(mixed)) == []


def test_no_canary_reaches_any_file_of_the_public_site(mixed: Path, tmp_path: Path) -> None:
    files = site(mixed, tmp_path / "public", "--clock", BEFORE)
    assert {"incidents/harbour-fire.html", "sitemap.xml", "assets/search-index.js"} <= set(files)
    assert canaries(files) == {}
    fire = files["incidents/harbour-fire.html"].decode()
    assert 'data-cite="confidential"' in fire
    assert "A confidential source</span> (Document; reliability B: usually reliable)." in fire
    assert "data-audience" not in fire


def test_the_internal_build_shows_every_canary(mixed: Path, tmp_path: Path) -> None:
    files = site(mixed, tmp_path / "internal", "--audience", "internal")
    text = "\n".join(data.decode() for data in files.values())
    expected = set(CANARY.findall(json.dumps(COMMON | INTERNAL)))
    shown = set(CANARY.findall(text))
    # Shown somewhere: what a page shows (an actor's role, a claim's property as a label)
    # is worded, so compare case-insensitively with hyphens as spaces.
    missing = {c for c in expected if c.lower() not in {s.lower() for s in shown}}
    assert missing == set()
    for page, data in files.items():
        if page.endswith(".html"):
            assert b'<body data-audience="internal">' in data, page
            assert b'class="audience-banner"' in data, page


def test_the_public_export_holds_no_canary(mixed: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(mixed), "--clock", BEFORE])
    assert result.exit_code == 0, result.output
    assert CANARY.findall(result.output) == []
    data = json.loads(result.output)
    ids = [e["id"] for e in data["entries"]]
    assert "secret-raid" not in ids and "night-blast" not in ids
    # 4 against [4, 5] is a discrepancy; the internal 9 made it a conflict.
    kinds = [(c["subject"], c["about"], c["kind"]) for c in data["contradictions"]]
    assert kinds == [("harbour-fire", "dead", "discrepancy")]
    internal = CliRunner().invoke(main, ["export", str(mixed), "--audience", "internal"])
    assert re.search(r"canary\d+ raid title", internal.output)
    every = json.loads(internal.output)["contradictions"]
    kinds = [(c["subject"], c["about"], c["kind"]) for c in every]
    assert kinds == [
        ("harbour-fire", "dead", "conflict"),
        ("harbour-fire", "started-by", "conflict"),
    ]


def test_the_public_site_equals_the_dossier_with_its_internal_material_deleted(
    mixed: Path, by_hand: Path, tmp_path: Path
) -> None:
    public = site(mixed, tmp_path / "public", "--clock", BEFORE)
    hand = site(by_hand, tmp_path / "hand")
    assert public.keys() == hand.keys()
    differ = sorted(p for p in public if public[p] != hand[p])
    # Only the page that cites the confidential source, the search index (its text), and
    # the data files that list it: its row, the claim resting on it, its entry.
    assert differ == [
        "assets/search-index.js",
        "data/csv/claims.csv",
        "data/csv/sources.csv",
        "data/dossier.json",
        "incidents/harbour-fire.html",
    ]
    claims = [public["data/csv/claims.csv"], hand["data/csv/claims.csv"]]
    injured = [[r for r in c.decode().splitlines() if ",injured," in r] for c in claims]
    assert injured == [
        [
            "harbour-fire,injured,20,20,20,courier;confidential-source-1,"
            "city-hall;confidential-source-1,,"
        ],
        ["harbour-fire,injured,20,20,20,courier,city-hall,,"],
    ]
    ours, theirs = (files["incidents/harbour-fire.html"].decode() for files in (public, hand))
    # The public notes keep their numbers; the confidential source's note comes after them.
    public_cites = [(c, n) for c, n in _cites(ours) if c != "confidential"]
    assert public_cites == _cites(theirs)
    assert {n for c, n in _cites(ours) if c == "confidential"} == {"3"}
    assert _notes(ours)[:2] == _notes(theirs) and len(_notes(ours)) == 3
    # Injured: the paper and the confidential source count as two independent origins.
    assert _corroboration(theirs) == ["1 source, 1 independent origin"] * 3
    assert _corroboration(ours) == ["1 source, 1 independent origin"] * 2 + [
        "2 sources, 2 independent origins"
    ]
    assert _section(ours, "backlinks") == _section(theirs, "backlinks")
    assert _section(ours, "backlinks").count("<li>") == 1  # secret-raid's is gone


def _cites(page: str) -> list[tuple[str, str]]:
    return re.findall(r'data-cite="([^"]*)" data-note="(\d+)"', page)


def _notes(page: str) -> list[str]:
    return re.findall(r'<li id="note-\d+".*?</li>', page, re.S)


def _corroboration(page: str) -> list[str]:
    spans = re.findall(r'<span class="corroboration"[^>]*>(.*?)</span>', page, re.S)
    return [" ".join(span.split()) for span in spans]


def _section(page: str, name: str) -> str:
    at = page.find(f'<section class="{name}"')
    return page[at : page.find("</section>", at)] if at >= 0 else ""


def test_an_embargo_lifts_with_the_clock_and_each_site_is_reproducible(
    mixed: Path, tmp_path: Path
) -> None:
    before = site(mixed, tmp_path / "before", "--clock", BEFORE)
    again = site(mixed, tmp_path / "again", "--clock", BEFORE)
    after = site(mixed, tmp_path / "after", "--clock", AFTER)
    assert before == again
    assert "incidents/night-blast.html" not in before
    assert "incidents/night-blast.html" in after
    assert re.search(rb"canary\d+ embargoed title", after["incidents/night-blast.html"])
    assert before != after == site(mixed, tmp_path / "after2", "--clock", AFTER)


def test_a_clock_without_an_offset_is_a_usage_error(mixed: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(mixed), "--clock", "2026-12-01"])
    assert result.exit_code == 2
    assert "UTC offset" in result.output


@pytest.mark.parametrize(
    ("field", "front"),
    [
        ("body", "title: X\n---\nSee [[secret]].\n"),
        ("place", "title: X\nplace: secret\n---\n"),
        (
            "subject",
            "title: X\nclaims: [{about: a, value: 1, subject: secret, sources: [s]}]\n---\n",
        ),
    ],
)
def test_public_content_naming_an_internal_entry_is_an_error(
    tmp_path: Path, field: str, front: str
) -> None:
    kind = "places" if field == "place" else "incidents"
    root = write_files(
        tmp_path / field,
        {
            "dossier.yml": "title: T\n",
            f"content/{kind}/secret.yml": "title: S\nvisibility: internal\n",
            "content/sources/s.yml": "title: S\n",
            "content/incidents/x.md": "---\n" + front,
        },
    )
    found = lines(check(root))
    assert any("[internal-ref]" in line and "'secret' is internal" in line for line in found)


def test_an_internal_claim_may_name_an_internal_entry(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "ok",
        {
            "dossier.yml": "title: T\n",
            "content/incidents/secret.yml": "title: S\nembargo: 2030-01-01T00:00:00Z\n",
            "content/sources/s.yml": "title: S\n",
            "content/incidents/x.yml": (
                "title: X\nclaims:\n  - {about: a, value: 1, subject: secret, sources: [s],"
                " visibility: internal}\n"
            ),
        },
    )
    assert [line for line in lines(check(root)) if "internal-ref" in line] == []
    out = tmp_path / "site"
    build(root, out)
    assert not (out / "incidents" / "secret.html").exists()


def test_serve_shows_the_internal_audience_by_default_and_previews_the_public(
    mixed: Path, tmp_path: Path
) -> None:
    from test_serve import fetch, free_port, wait_for

    for audience, shown in (None, True), ("public", False):
        port = free_port()
        args = ["serve", str(mixed), "--port", str(port)]
        args += ["--audience", audience] if audience else []
        log = (tmp_path / f"serve-{audience}.log").open("w")
        process = subprocess.Popen([sys.executable, "-m", "dossier", *args], stdout=log, stderr=log)
        home = f"http://127.0.0.1:{port}/index.html"
        try:

            def up(home: str = home) -> bool:
                try:
                    return "Harbour files" in fetch(home)
                except OSError:
                    return False

            wait_for(up, 30)
            page = fetch(home)
            assert ('data-audience="internal"' in page) is shown
            raid = fetch(f"http://127.0.0.1:{port}/incidents/secret-raid.html")
            assert bool(re.search(r"canary\d+ raid title", raid)) is shown
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.close()


def test_a_public_rebuild_under_serve_equals_a_fresh_public_build(
    mixed: Path, tmp_path: Path
) -> None:
    builder = SiteBuilder(mixed, tmp_path / "served", Audience.PUBLIC)
    assert builder.rebuild().report.errors == 0
    fire = mixed / "content" / "incidents" / "harbour-fire.md"
    for old, new in [
        ("An insider confirmed", "A person inside confirmed"),
        (
            "visibility: internal\n  - about: started-by",
            "visibility: public\n  - about: started-by",
        ),
        ("value: 9\n", "value: 4\n"),
    ]:
        fire.write_text(fire.read_text().replace(old, new, 1))
        assert builder.rebuild().report.errors == 0, old
        fresh = tmp_path / f"fresh-{len(old)}"
        build(mixed, fresh)
        assert _files(tmp_path / "served") == _files(fresh), old


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
