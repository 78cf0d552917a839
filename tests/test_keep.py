"""What `dossier serve` keeps of a page's parts (`views.keep`, `markdown.Draft`, the
templates' `remember`) is used again only while it is what a fresh build would make.

Each test builds a small dossier with the builder `serve` keeps, makes edits one after
another (so that the parts kept by one rebuild are those the next one judges), and after
each rebuild compares the whole site with a fresh build, byte for byte. Each also checks
that the edit shows where it should, so that a test cannot pass by rendering nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import snapshot, write_files

from dossier.incremental import SiteBuilder
from dossier.pipeline import build

FILES = {
    "dossier.yml": "title: Kept parts\nlanguage: en\n",
    "content/places/quay.yml": "name: The quay\ncountry: 'PT'\n",
    "content/places/market.yml": "name: The market\ncountry: 'PT'\n",
    "content/actors/police.yml": "name: Harbour police\nkind: state\n",
    "content/actors/union.yml": "name: Dockers' union\nkind: other\n",
    "content/sources/courier.yml": """
        title: Fire at the quay
        publisher: Daily Courier
        url: https://courier.example/fire
        published: '2020-08-05'
        """,
    "content/sources/watch.yml": """
        title: What we saw
        publisher: Harbour Watch
        url: https://watch.example/saw
        published: '2020-08-06'
        """,
    "content/sources/radio.yml": """
        title: Evening bulletin
        publisher: City Radio
        url: https://radio.example/bulletin
        published: '2020-09-02'
        """,
    "content/incidents/fire.md": """
        ---
        title: Fire at the quay
        date: '2020-08-04'
        place: quay
        actors:
          - {actor: police, role: responder}
        claims:
          - {about: killed, value: 3, sources: [courier]}
          - {about: killed, value: 5, sources: [watch]}
        ---
        The [[police]] closed the [[quay]][^courier]. See also [[strike]] and [[clash|the clash]].
        """,
    "content/incidents/strike.md": """
        ---
        title: Strike at the market
        date: '2020-09'
        place: market
        actors:
          - {actor: union, role: organiser}
        claims:
          - {about: arrested, value: 2, sources: [radio]}
        tags: [labour]
        ---
        The [[union]] struck after the [[fire]][^radio].
        """,
    "content/incidents/clash.md": """
        ---
        title: Clash on the quay
        date: '2020-10-01'
        place: quay
        actors:
          - {actor: police, role: responder}
          - {actor: union, role: protester}
        claims:
          - {about: killed, value: 1, sources: [radio]}
          - {about: killed, value: 2, sources: [watch, courier]}
        ---
        After the [[fire]], a clash[^watch][^radio].
        """,
}


class Served:
    """A dossier, the builder `serve` keeps for it, and fresh builds to compare with."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = write_files(folder / "dossier", FILES)
        self.out = folder / "served"
        self.builder = SiteBuilder(self.root, self.out, history=False)
        self.builds = 0
        assert not self.builder.rebuild().report.errors

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace `old` (which must be there) by `new` in one file, and rebuild."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        result = self.builder.rebuild()
        assert not result.report.errors and result.error is None, result

    def page(self, url: str) -> str:
        return (self.out / url).read_text(encoding="utf-8")

    def assert_fresh(self) -> None:
        """The served site is, byte for byte, a fresh build of the content."""
        self.builds += 1
        out = self.folder / f"fresh-{self.builds}"
        assert not build(self.root, out, history=False).report.errors
        fresh, served = snapshot(out), snapshot(self.out)
        shutil.rmtree(out)
        stale = sorted(k for k in fresh.keys() | served.keys() if fresh.get(k) != served.get(k))
        assert not stale, f"differs from a fresh build: {stale}"


@pytest.fixture
def served(tmp_path: Path) -> Served:
    return Served(tmp_path)


def _row(served: Served, id_: str) -> str:
    """The incidents index's row of `id_`."""
    found = re.search(
        rf'<tr data-incident="{id_}".*?</tr>', served.page("incidents/index.html"), re.S
    )
    assert found is not None
    return found[0]


def test_a_title_edit_shows_in_every_list_and_link(served):
    was = "Fire at the quay"
    for n in range(2):  # the second edit judges what the first rebuild kept
        title = f"Blaze number {n}"
        served.edit("content/incidents/fire.md", f"title: {was}", f"title: {title}")
        was = title
        served.assert_fresh()
        assert title in _row(served, "fire")
        assert f">{title}</a>:" in served.page("contradictions.html")
        assert title in served.page("search.html")
        assert f">{title}</a>" in served.page("incidents/strike.html")
        index = served.page("assets/search-index.js")
        assert f'"title":"{title}"' in index
        assert f"struck after the {title}" in index  # the strike's words


def test_an_actor_title_edit_fills_the_kept_narratives(served):
    served.edit("content/actors/union.yml", "name: ", "name: Renamed ")
    served.assert_fresh()
    served.edit("content/actors/union.yml", "name: Renamed ", "name: Twice  renamed ")
    served.assert_fresh()
    assert "Twice  renamed Dockers&#x27; union</a> struck" in served.page("incidents/strike.html")
    assert "The Twice renamed Dockers' union struck" in served.page("assets/search-index.js")


ROW_EDITS = [
    pytest.param("date: '2020-09'", "date: '2019-01-02'", "2 January 2019", id="date"),
    pytest.param("place: market", "place: quay", ">The quay</a>", id="place"),
    pytest.param("value: 2, sources", "value: 7, sources", ">7</td>", id="casualties"),
    pytest.param("tags: [labour]", "tags: [port]", 'data-tag="port"', id="tag"),
    pytest.param("actor: union", "actor: police", 'data-actor="police"', id="actor"),
]


@pytest.mark.parametrize(("old", "new", "shown"), ROW_EDITS)
def test_a_kept_row_is_made_again_when_what_it_shows_changes(served, old, new, shown):
    # A title edit elsewhere renders the index again, keeping the strike's row...
    served.edit("content/incidents/fire.md", "title: ", "title: Renamed ")
    served.assert_fresh()
    assert shown not in _row(served, "strike")
    # ...which must not be used again once what it shows changed.
    served.edit("content/incidents/strike.md", old, new)
    served.assert_fresh()
    assert shown in _row(served, "strike")


def test_a_source_note_is_made_again_when_its_publisher_changes(served):
    served.edit("content/incidents/fire.md", "title: ", "title: Renamed ")
    served.edit("content/sources/radio.yml", "publisher: City Radio", "publisher: Port FM")
    served.assert_fresh()
    assert "Port FM" in served.page("contradictions.html")
    assert "Port FM" in served.page("incidents/clash.html")


def test_citations_numbered_again_after_a_new_source_before_them(served):
    served.edit("content/incidents/fire.md", "title: ", "title: Renamed ")
    before = served.page("contradictions.html")
    # The fire's contradiction comes first and now cites the radio first: every number
    # after it on the contradictions page moves, and so do the fire's narrative's.
    served.edit("content/incidents/fire.md", "sources: [courier]", "sources: [radio, courier]")
    served.assert_fresh()
    assert served.page("contradictions.html") != before
    page = served.page("incidents/fire.html")
    assert 'data-cite="radio" data-note="1"' in page
    assert 'closed the <a class="entry-link"' in page


def test_a_body_edit_is_not_hidden_by_the_kept_narrative(served):
    served.edit("content/actors/police.yml", "name: ", "name: Renamed ")
    served.edit("content/incidents/fire.md", "closed the", "sealed off the")
    served.assert_fresh()
    assert "sealed off the" in served.page("incidents/fire.html")


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """The calls of `views.incidents.<name>` (the index's rows or one row), by their id."""
    import dossier.views.incidents as incidents

    calls: list[str] = []
    real = getattr(incidents, name)

    def counted(parts, *args):  # type: ignore[no-untyped-def]
        calls.append(args[0] if name == "_line" else "rows")
        return real(parts, *args)

    monkeypatch.setattr(incidents, name, counted)
    return calls


def test_the_index_keeps_its_rows_whole_while_only_a_filter_changes(served, monkeypatch):
    """An actor's name is in the actor filter and in no row: the rows are used again
    whole, their markup with them, and the filter shows the new name."""
    rows, lines = _counting(monkeypatch, "_rows"), _counting(monkeypatch, "_line")
    served.edit("content/actors/union.yml", "name: ", "name: Renamed ")
    served.assert_fresh()
    rows.clear(), lines.clear()
    served.edit("content/actors/union.yml", "name: Renamed ", "name: Again ")
    assert ">Again Dockers&#39; union</option>" in served.page("incidents/index.html")
    assert (rows, lines) == ([], [])
    served.assert_fresh()


def test_rows_kept_whole_are_kept_one_by_one_too(served, monkeypatch):
    """After the rows were used again whole, an edit of one incident's row makes the
    rows again with that row alone made again: the others were kept with the whole."""
    served.edit("content/actors/union.yml", "name: ", "name: Renamed ")
    served.edit("content/actors/union.yml", "name: Renamed ", "name: Again ")
    lines = _counting(monkeypatch, "_line")
    served.edit("content/incidents/strike.md", "date: '2020-09'", "date: '2019-01-02'")
    assert lines == ["strike"]
    assert "2 January 2019" in _row(served, "strike")
    served.assert_fresh()
