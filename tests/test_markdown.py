"""Markdown behaviour as data: tests/fixtures/markdown.txt holds input and expected HTML.

Each case is a title line, then `.`, the Markdown, `.`, the HTML, `.` (markdown-it-py's
fixture format).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mdit_py_plugins.anchors.index import unique_slug

from dossier import markdown
from dossier.markdown.anchors import Slugs
from dossier.markdown.plugins import MAX_EMPTY_CELLS

FIXTURES = Path(__file__).parent / "fixtures" / "markdown.txt"
ENTRIES = {"al-bab": ("places", "al-Bab"), "wire": ("sources", "Wire story")}
ENTRIES["ministry"] = ("sources", "Ministry statement")


def cases() -> list[tuple[str, str, str]]:
    lines = FIXTURES.read_text(encoding="utf-8").split("\n")
    found, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", title
        end = lines.index(".", i + 2)
        source = "\n".join(lines[i + 2 : end]) + "\n"
        close = lines.index(".", end + 1)
        html = "\n".join(lines[end + 1 : close]) + "\n"
        found.append((title, source, html))
        i = close + 1
    return found


def page(citations: markdown.Citations) -> markdown.PageContext:
    def href(id_: str) -> str | None:
        return f"../{ENTRIES[id_][0]}/{id_}.html" if id_ in ENTRIES else None

    return markdown.PageContext(
        href=href,
        title=lambda id_: ENTRIES[id_][1],
        is_source=lambda id_: id_ in ENTRIES and ENTRIES[id_][0] == "sources",
        citations=citations,
        cite_label=lambda id_: f'Agency, "{ENTRIES[id_][1]}"',
    )


@pytest.mark.parametrize(("title", "source", "html"), cases(), ids=[c[0] for c in cases()])
def test_fixture(title, source, html):
    assert markdown.render(markdown.create(), source, page(markdown.Citations())).html == html


def test_one_parser_serves_every_page_without_leaking_between_them():
    md = markdown.create()
    first, second = markdown.Citations(), markdown.Citations()
    markdown.render(md, "A[^wire][^ministry].\n", page(first))
    markdown.render(md, "B[^ministry].\n", page(second))
    assert [(n.source, n.number) for n in second.notes.values()] == [("ministry", 1)]
    assert [m.anchor for m in first.notes["wire"].marks] == ["cite-1a"]


def test_back_link_letters_go_on_past_z():
    citations = markdown.Citations()
    anchors = [citations.cite("wire").anchor for _ in range(28)]
    assert anchors[:2] == ["cite-1a", "cite-1b"]
    assert anchors[25:] == ["cite-1z", "cite-1aa", "cite-1ab"]


@given(st.lists(st.sampled_from(["a", "a-1", "a-1-1", "a-2", "b", "b-1", ""]), max_size=40))
def test_heading_ids_are_those_of_the_anchors_plugin(slugs):
    """The same ids as mdit-py-plugins' `unique_slug`, which tried 1, 2, ... from 1 each time."""
    used: set[str] = set()
    mine = Slugs()
    assert [mine.unique(s) for s in slugs] == [unique_slug(s, used) for s in slugs]


@pytest.mark.slow
def test_every_hostile_body_builds_in_linear_time():
    """For every hostile generator of bench/markdown_growth.py, a body twice as long takes
    at most about twice as long to build: no quadratic path is left in the pipeline a body
    goes through (check, render, search text, write). The bound is generous, 3 rather than
    the bench's 2.5, since the suite shares the machine: a quadratic path gives 4."""
    script = Path(__file__).parent.parent / "bench" / "markdown_growth.py"
    done = subprocess.run(
        [sys.executable, str(script), "--limit", "3"],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "quote-100-deep-lazy-lines" in done.stdout


def test_the_deepest_nesting_allowed_loses_nothing():
    """Ten nested lists with a table in the deepest item: inside markdown-it's `maxNesting`,
    past which it would drop the rest of the body without a word."""
    deep = " " * 2 * markdown.MAX_DEPTH
    source = "- " * markdown.MAX_DEPTH + f"x\n\n{deep}a | b\n{deep}--|--\n{deep}c | d\n\nAfter.\n"
    html = markdown.render(markdown.create(), source, page(markdown.Citations())).html
    assert html.count("<ul>") == markdown.MAX_DEPTH
    assert "<td>d</td>" in html and html.endswith("<p>After.</p>\n")


def test_a_table_fills_its_short_rows_with_a_bounded_number_of_empty_cells():
    """A header of 300 columns over 300 one-cell rows would be 90,000 cells from 2 kB: at
    `MAX_EMPTY_CELLS` empty ones the table ends, and the rest is a paragraph."""
    source = "|a" * 300 + "|\n" + "|-" * 300 + "|\n" + "b|\n" * 300 + "\nAfter.\n"
    html = markdown.render(markdown.create(), source, page(markdown.Citations())).html
    assert html.count("<td></td>") <= MAX_EMPTY_CELLS < html.count("<td></td>") + 300
    assert "b|\nb|" in html and html.endswith("<p>After.</p>\n")
