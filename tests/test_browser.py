"""The reader's experience in a real browser: the built al-Bab site opened from `file://`.

Debian's chromium, driven by Playwright (never a browser download), checks offline search,
citations and their back-links, that no request leaves the site and no script fails;
axe-core checks WCAG 2.1 A and AA in light and dark; the Nu HTML checker checks validity.

Where chromium, Playwright, Node's packages or Java are missing the tests say why and
skip; under CI (`CI=true`) a missing tool is a failure, since CI must run them.
`make test` installs what they need.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dossier.pipeline import build

ROOT = Path(__file__).parent.parent
TOOLS = Path(__file__).parent / "browser" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "home": "index.html",
    "incident": "incidents/al-bab-airstrike-2017.html",
    "actor": "actors/recep-tayyip-erdogan.html",
    "source": "sources/report-004.html",
    "timeline": "timeline.html",
    "contradictions": "contradictions.html",
    "corrections": "corrections.html",
    "search": "search.html",
}


def need(ok: bool, why: str) -> None:
    """Skip without the tool; under CI, fail: the browser tests must run there."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why} (CI must run the browser tests)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    assert build(ROOT, out).report.errors == 0
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need(Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright for Python is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from disk, with every request and console error it caused."""

    def __init__(self, browser: Any, site: Path, scheme: str = "light", csp: bool = True) -> None:
        self.site = site
        self.context = browser.new_context(color_scheme=scheme, bypass_csp=not csp)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def open(self, path: str) -> Any:
        self.page.goto((self.site / path).as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def outside(self) -> list[str]:
        inside = self.site.as_uri()
        return [url for url in self.requests if not url.startswith(inside)]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, site: Path) -> Iterator[Visit]:
    opened = Visit(browser, site)
    yield opened
    assert opened.outside() == [], "requests left the site"
    assert opened.errors == [], "console errors"
    opened.close()


def search(visit: Visit, query: str) -> list[tuple[str, str]]:
    page = visit.open("search.html")
    page.fill('input[type="search"]', query)
    links = page.locator("[data-search-results] a")
    links.first.wait_for()
    return [(link.inner_text(), link.get_attribute("href")) for link in links.all()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("erdogan", "actors/recep-tayyip-erdogan.html"),
        ("yildirim", "actors/binali-yildirim.html"),
        ("al-Bab", "places/al-bab.html"),
        ("Erdoğan", "actors/recep-tayyip-erdogan.html"),
    ],
)
def test_search_finds_names_however_they_are_typed(visit, query, expected):
    assert expected in [href for _, href in search(visit, query)]


def test_search_finds_a_word_only_a_source_title_has(visit, site):
    docs = json.loads(
        (site / "assets" / "search-index.js")
        .read_text()
        .removeprefix("window.DOSSIER_SEARCH = ")[:-2]
    )
    word, url = _word_only_in_a_source_title(docs)
    hits = search(visit, word)
    assert url in [href for _, href in hits]


def _word_only_in_a_source_title(docs: list[dict[str, str]]) -> tuple[str, str]:
    def words(text: str) -> set[str]:
        return {w.casefold() for w in re.findall(r"[^\W\d_]{6,}", text)}

    for doc in docs:
        if doc["kind"] != "Source":
            continue
        elsewhere = set().union(
            *(words(v) for d in docs for k, v in d.items() if d is not doc or k != "title")
        )
        unique = sorted(words(doc["title"]) - elsewhere)
        if unique:
            return unique[0], doc["url"]
    raise AssertionError("no source title has a word of its own")


def test_without_a_query_the_plain_index_stays(visit):
    page = visit.open("search.html")
    assert page.locator("[data-search-results] a").count() > 50


def test_a_citation_jumps_to_its_note_and_back(visit):
    page = visit.open(PAGES["incident"])
    citation = page.locator("a[data-cite]").first
    anchor = citation.evaluate("a => a.parentElement.id")
    citation.click()
    assert page.evaluate("location.hash").startswith("#note-")
    note = page.locator(":target")
    assert note.get_attribute("id") == page.evaluate("location.hash")[1:]
    back = note.locator(f'a[href="#{anchor}"]')
    assert "Back to citation" in (back.get_attribute("aria-label") or "")
    back.click()
    assert page.evaluate("location.hash") == f"#{anchor}"


def test_focusing_a_citation_previews_its_source(visit):
    page = visit.open(PAGES["incident"])
    citation = page.locator("a[data-cite]").first
    citation.focus()
    preview = page.locator("#cite-preview")
    assert preview.is_visible()
    assert citation.get_attribute("aria-describedby") == "cite-preview"
    assert "About this source" in preview.inner_text()
    page.keyboard.press("Escape")
    assert page.locator("#cite-preview").count() == 0


def test_every_page_loads_only_from_the_site(browser, site):
    opened = Visit(browser, site)
    try:
        for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
            opened.open(path)
        assert opened.outside() == []
        assert opened.errors == []
    finally:
        opened.close()


def axe_violations(browser: Any, site: Path, path: str, scheme: str) -> list[str]:
    """What axe-core finds against WCAG 2.1 A and AA on the page `path` of `site`, in the
    colour scheme `scheme`: one line per rule broken, with its first elements."""
    need(AXE.exists(), "axe-core is not installed (make test runs npm ci in tests/browser)")
    opened = Visit(browser, site, scheme, csp=False)  # the pages' CSP forbids injecting axe
    try:
        page = opened.open(path)
        page.add_script_tag(content=AXE.read_text())
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        assert len(result["passes"]) > 10  # the rules did run
        return [
            f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in result["violations"]
        ]
    finally:
        opened.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_wcag_violation(browser, site, name, scheme):
    assert axe_violations(browser, site, PAGES[name], scheme) == []


def test_the_nu_html_checker_finds_no_error(site):
    need(VNU.exists(), "vnu-jar is not installed (make test runs npm ci in tests/browser)")
    need(shutil.which("java") is not None, "Java is not installed")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "text",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_javascript_the_search_page_says_so_and_lists_everything(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "search.html").as_uri())
        assert "Search needs JavaScript" in page.inner_text("main")
        assert page.locator("[data-search-results] a").count() > 50
    finally:
        context.close()


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dossier with names in Cyrillic and Arabic, and sources with URLs to print."""
    from conftest import write_files

    root = write_files(
        tmp_path_factory.mktemp("scripts"),
        {
            "dossier.yml": "title: Names in every script\n",
            "content/actors/putin.yml": "name: Владимир Путин\naliases: [Vladimir Putin]\n",
            "content/actors/assad.yml": "name: بشار الأسد\naliases: [Bashar al-Assad]\n",
            "content/actors/erdogan.yml": "name: Recep Tayyip Erdoğan\n",
            "content/sources/tass.yml": (
                "title: Заявление Кремля\npublisher: ТАСС\nlanguage: ru\n"
                "url: https://tass.example/1\narchive_url: https://archive.example/tass/1\n"
            ),
            "content/incidents/call.md": (
                "---\ntitle: The call\nclaims: [{about: killed, value: 3, sources: [tass], "
                "quote: несколько турецких военных}]\n---\n"
                "[[putin]] called [[erdogan]][^tass]; [[assad]] was not on the line.\n"
            ),
        },
    )
    out = root / "site"
    assert build(root, out).report.errors == 0
    return out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("путин", "actors/putin.html"),
        ("ПУТИН", "actors/putin.html"),
        ("بشار", "actors/assad.html"),
        ("الاسد", "actors/assad.html"),
        ("кремля", "sources/tass.html"),
        ("erdogan", "actors/erdogan.html"),
    ],
)
def test_search_finds_cyrillic_and_arabic(browser, scripts_site, query, expected):
    opened = Visit(browser, scripts_site)
    try:
        assert expected in [href for _, href in search(opened, query)]
        assert opened.errors == []
    finally:
        opened.close()


def test_a_printed_incident_writes_out_its_source_urls_without_chrome(browser, scripts_site):
    opened = Visit(browser, scripts_site)
    try:
        page = opened.open("incidents/call.html")
        page.emulate_media(media="print")
        hidden = "el => getComputedStyle(el).display === 'none'"
        assert page.locator(".site-nav").evaluate(hidden)
        assert page.locator(".skip-link").evaluate(hidden)
        note = page.locator("#note-1")
        assert "https://tass.example/1" in note.inner_text()
        assert "https://archive.example/tass/1" in note.inner_text()
        page.emulate_media(media="screen")
        assert page.locator(".print-url").first.evaluate(hidden)
    finally:
        opened.close()


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with corrections: the repository of tests/test_history.py."""
    from test_history import make_history

    repo = make_history(tmp_path_factory.mktemp("history") / "dossier")
    out = repo.root.parent / "site"
    assert build(repo.root, out).report.errors == 0
    return out


@pytest.mark.parametrize("page", ["corrections.html", "incidents/air-strike.html"])
def test_axe_finds_no_wcag_violation_in_the_history(browser, history_site, page):
    need(AXE.exists(), "axe-core is not installed (make test runs npm ci in tests/browser)")
    opened = Visit(browser, history_site, "light", csp=False)
    try:
        shown = opened.open(page)
        shown.add_script_tag(content=AXE.read_text())
        result = shown.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        assert [v["id"] for v in result["violations"]] == []
    finally:
        opened.close()


def test_the_nu_html_checker_finds_no_error_in_the_history(history_site):
    need(VNU.exists(), "vnu-jar is not installed (make test runs npm ci in tests/browser)")
    need(shutil.which("java") is not None, "Java is not installed")
    command = ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "text"]
    result = subprocess.run([*command, str(history_site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def media_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An incident with two figures (a landscape photo, a portrait one) and a source with
    preserved copies, one of them published."""
    import hashlib
    import io

    from conftest import write_files
    from PIL import Image

    def image(size: tuple[int, int], kind: str) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", size, (120, 90, 60)).save(out, kind)
        return out.getvalue()

    pdf = b"%PDF-1.4 the statement\n"
    root = write_files(
        tmp_path_factory.mktemp("media"),
        {
            "dossier.yml": "title: Photos and copies\n",
            "media/2020/east.jpg": image((1200, 800), "JPEG"),
            "media/2020/dawn.png": image((800, 1000), "PNG"),
            "media/sources/statement.pdf": pdf,
            "content/sources/statement.yml": (
                "title: The statement\npublisher: City hall\nfiles:\n"
                f"  - path: media/sources/statement.pdf\n"
                f"    sha256: {hashlib.sha256(pdf).hexdigest()}\n    kind: pdf\n"
                "    captured: 2020-08-05T10:15:00+01:00\n    publish: true\n"
                f"  - path: media/sources/statement.pdf\n"
                f"    sha256: {hashlib.sha256(pdf).hexdigest()}\n    kind: archive\n"
            ),
            "content/incidents/fire.md": (
                "---\ntitle: The fire\ndate: 2020-08-04\n---\nIt burned[^statement].\n\n"
                '![Smoke above the east warehouses](../../media/2020/east.jpg "At 21:40")\n\n'
                '![The quay at dawn](../../media/2020/dawn.png "At 06:10 the next day")\n'
            ),
        },
    )
    out = root / "site"
    assert build(root, out).report.errors == 0
    return out


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["incidents/fire.html", "sources/statement.html"])
def test_figures_and_preserved_copies_pass_axe(browser, media_site, path, scheme):
    need(AXE.exists(), "axe-core is not installed (make test runs npm ci in tests/browser)")
    opened = Visit(browser, media_site, scheme, csp=False)
    try:
        page = opened.open(path)
        page.add_script_tag(content=AXE.read_text())
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        assert [v["id"] for v in result["violations"]] == []
    finally:
        opened.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_figures_load_from_disk_at_their_size_within_the_page(browser, media_site, width):
    """Each image loads under the page's CSP from file://, keeps its proportions, and fits
    the column (the portrait one also fits the window's height); the preserved copies fit
    the phone's width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto((media_site / "incidents" / "fire.html").as_uri())
        page.wait_for_load_state("load")
        # The images are lazy: the load event does not wait for them, so wait until each
        # has loaded or failed (a failed one fails the assertions below).
        page.wait_for_function(
            "[...document.querySelectorAll('figure img')].every(img => img.complete)"
        )
        shown = page.evaluate(
            """() => [...document.querySelectorAll('figure img')].map(img => ({
                loaded: img.complete && img.naturalWidth > 0, natural: img.naturalWidth,
                w: img.getBoundingClientRect().width, h: img.getBoundingClientRect().height,
                column: img.closest('section').getBoundingClientRect().width,
                caption: img.nextElementSibling.tagName}))"""
        )
        assert [s["natural"] for s in shown] == [1200, 800]
        for s in shown:
            assert s["loaded"] and s["caption"] == "FIGCAPTION"
            assert s["w"] <= s["column"] + 0.5 and s["h"] <= 900 * 0.75 + 0.5
        assert abs(shown[0]["w"] / shown[0]["h"] - 1.5) < 0.02
        assert abs(shown[1]["w"] / shown[1]["h"] - 0.8) < 0.02
        page.goto((media_site / "sources" / "statement.html").as_uri())
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0
    finally:
        context.close()
