"""An entry's key figures on the built page: one row per distinct value (SPEC 3 and 6).

Values that compare equal share one row, so the row counts every source that gives the
value however each writes it: `3`, `3.0` and `[3, 3]` are one value, said by three sources.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from dossier.pipeline import build


class _Figures(HTMLParser):
    """The body rows of the key-figures table (attributes, text) and the callouts' hooks."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[dict[str, str | None], str]] = []
        self.callouts: list[str | None] = []
        self._table = False
        self._body = False
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "figures-table" in (found.get("class") or "").split():
            self._table = True
        elif tag == "tbody" and self._table:
            self._body = True
        elif tag == "tr" and self._body:
            self._row = []
            self.rows.append((found, ""))
        if "data-contradiction" in found:
            self.callouts.append(found["data-contradiction"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = self._body = False
        elif tag == "tr" and self._row is not None:
            attrs, _ = self.rows[-1]
            self.rows[-1] = (attrs, " ".join("".join(self._row).split()))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row.append(data)


def figures(page: Path) -> _Figures:
    parser = _Figures()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_values_that_compare_equal_share_one_row(make_dossier, tmp_path):
    root = make_dossier(
        {
            "content/sources/ministry.yml": "title: Ministry statement\n",
            "content/sources/agency.yml": "title: Agency report\n",
            # The paper relays the ministry: three sources, two independent origins.
            "content/sources/paper.yml": "title: Paper article\nvia: [ministry]\n",
            "content/incidents/strike.md": """\
                ---
                title: Strike
                claims:
                  - {about: killed, value: 3, sources: [ministry]}
                  - {about: killed, value: 3.0, sources: [agency]}
                  - {about: killed, value: [3, 3], sources: [paper]}
                ---
                Three were killed.[^ministry]
                """,
        }
    )
    dossier = build(root, tmp_path / "site")
    assert not dossier.report.errors
    assert dossier.claims.contradictions == []

    found = figures(tmp_path / "site" / "incidents" / "strike.html")
    assert len(found.rows) == 1, found.rows
    attrs, text = found.rows[0]
    assert attrs.get("data-figure") == "strike:killed"
    assert re.search(r"\b3 sources, 2 independent origins\b", text), text
    assert found.callouts == []


def test_values_that_differ_keep_their_rows(make_dossier, tmp_path):
    root = make_dossier(
        {
            "content/sources/ministry.yml": "title: Ministry statement\n",
            "content/sources/agency.yml": "title: Agency report\n",
            "content/incidents/strike.md": """\
                ---
                title: Strike
                claims:
                  - {about: killed, value: 3, sources: [ministry]}
                  - {about: killed, value: [3, 4], sources: [agency]}
                ---
                Three or four were killed.[^ministry]
                """,
        }
    )
    build(root, tmp_path / "site")
    found = figures(tmp_path / "site" / "incidents" / "strike.html")
    assert [attrs.get("data-figure") for attrs, _ in found.rows] == ["strike:killed"] * 2
    assert all("1 source, 1 independent origin" in text for _, text in found.rows)
    assert found.callouts == ["strike:killed"]
