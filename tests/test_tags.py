"""Tags (SPEC §13): `tags/index.html`, `tags/<tag>.html`, and linked tags on entry pages."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import MakeDossier
from sitecheck import problems

from dossier.cli import main

FILES = {
    "content/incidents/harbour-fire.md": """\
        ---
        title: Harbour fire
        date: 2020-08-04
        tags: [fire, port, fire]
        ---
        Warehouses burned.
        """,
    "content/incidents/dock-strike.yml": "title: Dock strike\ndate: 2020-08-12\ntags: [port]\n",
    "content/actors/port-authority.yml": "name: Port authority\ntags: [port]\n",
    "content/places/old-harbour.yml": "name: Old harbour\n",
}


def build(make_dossier: MakeDossier, files: dict[str, str | bytes]) -> Path:
    root = make_dossier(files)
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    return root / "site"


def test_every_tag_has_a_page_listing_its_entries(make_dossier: MakeDossier) -> None:
    site = build(make_dossier, FILES)
    index = (site / "tags" / "index.html").read_text()
    assert re.findall(r'<a class="tag" href="([^"]+)">([^<]+)</a>', index) == [
        ("fire.html", "fire"),
        ("port.html", "port"),
    ]
    port = (site / "tags" / "port.html").read_text()
    # Incidents first, by date, newest first; then the other kinds by title.
    assert re.findall(r'href="(\.\./[a-z]+/[a-z-]+\.html)"', port.split("<main")[1]) == [
        "../incidents/dock-strike.html",
        "../incidents/harbour-fire.html",
        "../actors/port-authority.html",
    ]
    fire = (site / "tags" / "fire.html").read_text()
    assert "../incidents/harbour-fire.html" in fire
    assert "dock-strike" not in fire
    assert problems(site) == []


def test_an_entry_page_links_each_of_its_tags_once(make_dossier: MakeDossier) -> None:
    site = build(make_dossier, FILES)
    page = (site / "incidents" / "harbour-fire.html").read_text()
    assert re.findall(r'<a class="tag" href="([^"]+)" rel="tag">', page) == [
        "../tags/fire.html",
        "../tags/port.html",
    ]
    # Every page's navigation leads to the tags.
    assert 'href="../tags/index.html"' in page
    assert 'href="tags/index.html"' in (site / "index.html").read_text()


def test_a_dossier_without_tags_has_no_tag_pages(make_dossier: MakeDossier) -> None:
    site = build(make_dossier, {"content/places/old-harbour.yml": "name: Old harbour\n"})
    assert not (site / "tags").exists()
    assert "tags/index.html" not in (site / "index.html").read_text()
    assert problems(site) == []
