"""Right to left, isolated scripts and search in scripts without spaces, in a real browser
(SPEC §10): the Arabic fixture dossier (tests/sites/valid/arabic) and its twin written in
English, opened from `file://`.

The same tools as test_browser.py (Debian's chromium over Playwright, axe-core); the same
skips where they are missing. Boxes are measured at a desktop width, where the facts box is
narrower than the page and the notes stand in two columns.
"""

# ruff: noqa: F811 (the fixtures of test_browser.py, imported, are redefined as arguments)
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitrepo import GitRepo
from test_browser import VNU, Visit, axe_violations, browser, need  # noqa: F401

from dossier.pipeline import build

ARABIC = Path(__file__).parent / "sites" / "valid" / "arabic"
FIRE = "incidents/port-fire-2021.html"
MIXED_TITLE = "حريق مستودع DHL في المرفأ القديم"  # Arabic, a Latin name, Arabic
ENGLISH_TITLE = "Fire at the old port: four dead, Civil Defence says"
PAGES = {
    "home": "index.html",
    "incident": FIRE,
    "timeline": "timeline.html",
    "contradictions": "contradictions.html",
    "search": "search.html",
    "source": "sources/harbour-times.html",
    "actor": "actors/civil-defence.html",
    "place": "places/old-port.html",
    "map": "map.html",
}
DESKTOP = {"width": 1280, "height": 900}
MIRRORED = "matrix(-1, 0, 0, 1, 0, 0)"  # a glyph turned over left to right


def built(root: Path, language: str | None = None) -> Path:
    """The fixture copied to `root` (its `language` changed if given), built."""
    shutil.copytree(ARABIC, root)
    if language:
        config = root / "dossier.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("language: ar", f"language: {language}"),
            encoding="utf-8",
        )
    out = root.parent / f"{root.name}-site"
    assert build(root, out).report.errors == 0
    return out


@pytest.fixture(scope="module")
def rtl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory.mktemp("rtl") / "arabic")


@pytest.fixture(scope="module")
def ltr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same dossier said to be in English: every Arabic text in it is now foreign."""
    return built(tmp_path_factory.mktemp("ltr") / "english", "en")


def opened(browser: Any, site: Path, path: str, scheme: str = "light") -> Visit:
    visit = Visit(browser, site, scheme)
    visit.page.set_viewport_size(DESKTOP)
    visit.open(path)
    return visit


def box(page: Any, selector: str) -> dict[str, float]:
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect(); "
        "return {left: r.left, right: r.right, width: r.width, top: r.top}; }"
    )


def test_every_page_is_right_to_left(browser, rtl):
    visit = Visit(browser, rtl)
    try:
        for path in sorted(p.relative_to(rtl).as_posix() for p in rtl.rglob("*.html")):
            page = visit.open(path)
            assert page.evaluate("document.documentElement.dir") == "rtl", path
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        assert visit.outside() == []
        assert visit.errors == []
    finally:
        visit.close()


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_the_incidents_table_scrolls_in_its_frame_on_a_phone(browser, rtl, ltr, direction):
    """On a phone the table is wider than the screen: it scrolls inside its frame, and the
    page itself neither widens nor cuts the table off, in either direction."""
    visit = Visit(browser, rtl if direction == "rtl" else ltr)
    try:
        visit.page.set_viewport_size({"width": 390, "height": 844})
        page = visit.open("incidents/index.html")
        shown = page.locator(".table-wrap").first.evaluate(
            """e => ({overflow: getComputedStyle(e).overflowX,
                      scrolls: e.scrollWidth > e.clientWidth,
                      page: document.documentElement.scrollWidth - innerWidth})"""
        )
        assert shown == {"overflow": "auto", "scrolls": True, "page": 0}
    finally:
        visit.close()


def test_the_facts_box_stands_on_the_right(browser, rtl, ltr):
    seen = {}
    for name, site in (("rtl", rtl), ("ltr", ltr)):
        visit = opened(browser, site, FIRE)
        try:
            seen[name] = (box(visit.page, ".facts"), box(visit.page, ".entry-header"))
            dt, dd = box(visit.page, ".facts dt"), box(visit.page, ".facts dd")
            if name == "rtl":
                assert dt.get("left") > dd.get("right") - 1  # the label, then its value, leftwards
            else:
                assert dt.get("right") < dd.get("left") + 1
        finally:
            visit.close()
    (facts, header), (ltr_facts, ltr_header) = seen["rtl"], seen["ltr"]
    assert facts["width"] < header["width"] - 100  # narrower than the page: it has a side
    assert abs(facts["right"] - header["right"]) < 1
    assert facts["left"] - header["left"] > 100
    # The mirror image of the English layout: as far from the right as it was from the left.
    assert abs((header["right"] - facts["right"]) - (ltr_facts["left"] - ltr_header["left"])) < 1


def test_the_notes_read_from_the_right(browser, rtl):
    visit = opened(browser, rtl, FIRE)
    try:
        page = visit.page
        notes = page.locator(".source-list > li")
        assert notes.count() == 4
        first, last = (notes.nth(i).evaluate("e => e.getBoundingClientRect().left") for i in (0, 3))
        assert first > last + 100  # the first column is the right-hand one
        listed = box(page, ".source-list")
        item = box(page, ".source-list > li")
        assert listed["right"] - item["right"] > 20  # the numbers' margin is on the right
        back = box(page, ".source-list > li .backrefs")
        assert back["right"] > item["right"] - 15  # each note starts at its right edge
        assert page.locator(".footnotes li").count() == 1
        footnote, footnotes = box(page, ".footnotes li"), box(page, ".footnotes ol")
        assert footnotes["right"] - footnote["right"] > 20
    finally:
        visit.close()


def test_borders_rails_and_marks_move_to_the_right(browser, rtl, ltr):
    checks = [
        (FIRE, ".callout-conflict", "border-{start}-width", "8px"),
        (FIRE, ".disputed-conflict > th[scope=row]", "border-{start}-width", "5px"),
        (FIRE, ".assessment", "border-{start}-width", "4px"),
        ("timeline.html", ".timeline-year .incident-body", "border-{start}-width", "2px"),
    ]
    for site, start, end in ((rtl, "right", "left"), (ltr, "left", "right")):
        visit = Visit(browser, site)
        visit.page.set_viewport_size(DESKTOP)
        try:
            for path, selector, prop, value in checks:
                page = visit.open(path)
                shown = page.locator(selector).first.evaluate(
                    "(e, p) => getComputedStyle(e).getPropertyValue(p)",
                    prop.format(start=start),
                )
                assert shown == value, (site.name, selector, prop)
            # The timeline's dates are set against the rail: at the end of their column.
            date = page.locator(".timeline-year .incident-date").first.evaluate(
                "e => { const r = document.createRange(); r.selectNodeContents(e); "
                "const t = r.getBoundingClientRect(), b = e.getBoundingClientRect(); "
                "return {left: t.left - b.left, right: b.right - t.right}; }"
            )
            assert date[end] < 1 < date[start]
            # The callout's mark sits at the start of the line, inside the callout.
            page = visit.open(FIRE)
            mark = page.locator(".callout").first.evaluate(
                "e => { const c = e.getBoundingClientRect(); "
                "const m = getComputedStyle(e, '::before'); "
                "return {left: m.left, right: m.right, width: c.width}; }"
            )
            assert mark[start] == "16px"
        finally:
            visit.close()


def test_arrows_mirror_right_to_left(browser, rtl, ltr):
    transform = "e => getComputedStyle(e).transform"
    for site, expected in ((rtl, MIRRORED), (ltr, "none")):
        visit = opened(browser, site, FIRE)
        try:
            assert visit.page.locator(".footnote-backref").evaluate(transform) == expected
        finally:
            visit.close()


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Arabic dossier with a history: the radio's toll corrected from six to seven."""
    root = tmp_path_factory.mktemp("corrected") / "dossier"
    shutil.copytree(ARABIC, root)
    repo = GitRepo(root)
    repo.commit("first", "2021-03-06T10:00:00+02:00")
    radio = "\n    sources: [city-radio]"
    repo.edit("content/incidents/port-fire-2021.md", "value: 6" + radio, "value: 7" + radio)
    repo.commit("the radio's toll, corrected", "2021-03-07T10:00:00+02:00")
    out = root.parent / "site"
    assert build(root, out).report.errors == 0
    return out


def test_the_arrow_of_a_correction_points_left(browser, corrected):
    visit = opened(browser, corrected, "corrections.html")
    try:
        page = visit.page
        arrow = page.locator(".correction-change .flow").first
        assert arrow.inner_text() == "→"
        assert arrow.evaluate("e => getComputedStyle(e).transform") == MIRRORED
        old, new = box(page, ".correction-old"), box(page, ".correction-new")
        assert old["left"] > new["right"]  # read from the right: the old value, then the new
    finally:
        visit.close()


def test_a_citation_preview_opens_from_the_citations_right_edge(browser, rtl):
    visit = opened(browser, rtl, FIRE)
    try:
        page = visit.page
        citation = page.locator(".narrative a[data-cite]").first
        citation.focus()
        cited, preview = citation.bounding_box(), page.locator("#cite-preview").bounding_box()
        assert abs((preview["x"] + preview["width"]) - (cited["x"] + cited["width"])) < 1
    finally:
        visit.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_wcag_violation_right_to_left(browser, rtl, name, scheme):
    assert axe_violations(browser, rtl, PAGES[name], scheme) == []


def test_the_nu_html_checker_finds_no_error_right_to_left(rtl):
    need(VNU.exists(), "vnu-jar is not installed (make test runs npm ci in tests/browser)")
    need(shutil.which("java") is not None, "Java is not installed")
    command = ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(rtl)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# Where a text's first word is drawn: at the right of the text when it reads right to left.
FIRST_WORD = """(e, word) => {
  const text = [...e.childNodes].find(n => n.nodeType === 3 && n.data.includes(word));
  const range = document.createRange();
  const at = text.data.indexOf(word);
  range.setStart(text, at);
  range.setEnd(text, at + word.length);
  const w = range.getBoundingClientRect(), whole = range.cloneRange();
  whole.selectNodeContents(e);
  // The element's text on the word's line (a title may wrap).
  const line = [...whole.getClientRects()]
    .filter(r => r.bottom > w.top + 1 && r.top < w.bottom - 1);
  const left = Math.min(...line.map(r => r.left)), right = Math.max(...line.map(r => r.right));
  return {fromLeft: w.left - left, fromRight: right - w.right};
}"""

# The same text put in the page again without isolation: what a reader would see without it.
BARE = """(e) => {
  const bare = document.createElement(e.tagName === "H1" ? "p" : "span");
  bare.textContent = e.textContent;
  bare.id = "bare";
  e.after(bare);
}"""


def test_an_arabic_title_reads_right_to_left_on_an_english_page(browser, ltr):
    visit = opened(browser, ltr, FIRE)
    try:
        page = visit.page
        title = page.locator("h1")
        assert title.inner_text() == MIXED_TITLE
        assert title.evaluate("e => e.matches(':dir(rtl)')")
        shown = title.evaluate(FIRST_WORD, "حريق")
        assert shown["fromRight"] < 2 < shown["fromLeft"]  # "حريق" first, at the right
        title.evaluate(BARE)
        bare = page.locator("#bare").evaluate(FIRST_WORD, "حريق")
        # Unisolated, the line reads left to right: "DHL" and the rest come after "حريق".
        assert bare["fromRight"] > 50
        # The same title linked from another entry's page, inside English prose.
        page = visit.open("incidents/port-inquiry-2021.html")
        link = page.locator("a.entry-link", has_text=MIXED_TITLE)
        assert link.get_attribute("dir") == "auto"
        assert link.evaluate("e => e.matches(':dir(rtl)')")
        assert link.evaluate(FIRST_WORD, "حريق")["fromRight"] < 2
    finally:
        visit.close()


def test_foreign_quotes_and_titles_keep_their_language_and_direction(browser, rtl, ltr):
    visit = opened(browser, rtl, FIRE)
    try:
        page = visit.page
        quote = page.locator("q.claim-quote", has_text="four people died")
        assert quote.get_attribute("lang") == "en"
        assert quote.evaluate("e => e.matches(':dir(ltr)')")
        arabic = page.locator("q.claim-quote", has_text="أسفر الحريق")
        assert arabic.get_attribute("lang") is None  # the page's own language
        title = page.locator(".source-list a.source-title", has_text=ENGLISH_TITLE)
        assert title.get_attribute("lang") == "en"
        assert title.evaluate("e => e.matches(':dir(ltr)')")
        assert title.evaluate(FIRST_WORD, "Fire")["fromLeft"] < 12  # after the opening “
    finally:
        visit.close()
    visit = opened(browser, ltr, FIRE)
    try:
        quote = visit.page.locator("q.claim-quote", has_text="أسفر الحريق")
        assert quote.get_attribute("lang") == "ar"
        assert quote.evaluate("e => e.matches(':dir(rtl)')")
        assert quote.evaluate(FIRST_WORD, "أسفر")["fromRight"] < 12
    finally:
        visit.close()


@pytest.fixture(scope="module")
def unspaced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Titles in Chinese, Japanese and Thai, written without spaces between words."""
    from conftest import write_files

    source = "kind: news\nurl: https://{0}.example/1\narchive_url: https://archive.example/{0}\n"
    root = write_files(
        tmp_path_factory.mktemp("unspaced"),
        {
            "dossier.yml": "title: Scripts without spaces\n",
            "content/sources/xinhua.yml": "title: 俄罗斯战机误炸土耳其士兵\nlanguage: zh\n"
            + source.format("xinhua"),
            "content/sources/nhk.yml": "title: ロシア軍機がトルコ兵を誤爆\nlanguage: ja\n"
            + source.format("nhk"),
            "content/sources/thairath.yml": "title: เครื่องบินรัสเซียโจมตีทหารตุรกี\nlanguage: th\n"
            + source.format("thairath"),
        },
    )
    out = root / "site"
    assert build(root, out).report.errors == 0
    return out


@pytest.mark.parametrize("segmenter", [True, False], ids=["segmenter", "fallback"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("土耳其", "sources/xinhua.html"),  # "Turkey", inside the title
        ("士兵", "sources/xinhua.html"),  # "soldiers", its last word
        ("トルコ", "sources/nhk.html"),  # "Turkey"
        ("誤爆", "sources/nhk.html"),  # "bombing by mistake"
        ("ตุรกี", "sources/thairath.html"),  # "Turkey"
    ],
)
def test_search_finds_a_word_inside_a_title_without_spaces(
    browser, unspaced, query, expected, segmenter
):
    visit = Visit(browser, unspaced)
    try:
        if not segmenter:
            visit.context.add_init_script("delete Intl.Segmenter;")
        page = visit.open("search.html")
        assert page.evaluate("'Segmenter' in Intl") == segmenter
        page.fill('input[type="search"]', query)
        links = page.locator("[data-search-results] a")
        links.first.wait_for()
        assert [link.get_attribute("href") for link in links.all()] == [expected]
        assert visit.errors == []
    finally:
        visit.close()
