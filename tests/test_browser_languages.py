"""The site in Turkish, Russian and Arabic, read in Chromium from `file://` (SPEC §10).

Each fixture dossier of tests/sites/languages/ (an incident, actors, a place, two sources
that contradict, a timeline) is written wholly in its language, so any English message of
the catalog left on its pages, in their text or in an `aria-label`, `title`, `alt` or
`placeholder`, is a word the site forgot to translate. The search page's count takes each
language's plural forms, chosen by the browser's `Intl.PluralRules`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_browser import Visit, browser  # noqa: F401 (the fixture)

from dossier import locales
from dossier.i18n import language
from dossier.pipeline import build

SITES = Path(__file__).parent / "sites" / "languages"
PAGES = {
    "tr": ["index.html", "incidents/el-bab-saldirisi.html", "contradictions.html"],
    "ru": ["index.html", "incidents/udar-u-el-baba.html", "contradictions.html"],
    "ar": ["index.html", "incidents/ghara-al-bab.html", "contradictions.html"],
}
SHARED = ["timeline.html", "search.html", "incidents/index.html", "places/index.html", "404.html"]
QUERY = {"tr": "El Bab", "ru": "Эль-Баба", "ar": "الباب"}
"""A word of each fixture that several entries hold."""

WORDS = """() => {
  const parts = [document.body.innerText, document.title];
  for (const el of document.querySelectorAll("[aria-label],[title],[alt],[placeholder]")) {
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join("\\n");
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for lang in PAGES:
        site = tmp_path_factory.mktemp(f"site-{lang}") / "site"
        assert build(SITES / lang, site).report.errors == 0
        out[lang] = site
    return out


def english_fragments(lang: str) -> list[str]:
    """The English catalog's messages, cut at their placeholders and tags, that the
    language's catalog does not write the same way (`PDF`, `UTC`)."""
    catalog = locales.read(lang)
    fragments: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        translated = [message.string] if isinstance(message.string, str) else message.string
        for text in english:
            if text in translated:
                continue
            for piece in re.split(r"%\(\w+\)s|<[^>]+>", text):
                piece = piece.strip(" :.,;()“”")
                if len(piece) >= 2 and re.search(r"[A-Za-z]", piece):
                    fragments.add(piece)
    return sorted(fragments)


def leftovers(text: str, fragments: list[str]) -> list[str]:
    return [f for f in fragments if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text)]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_no_english_ui_word_is_left_on_the_pages(browser, sites, lang):  # noqa: F811
    visit = Visit(browser, sites[lang])
    fragments = english_fragments(lang)
    assert "Key figures" in fragments and "Timeline" in fragments
    found = {}
    for path in PAGES[lang] + SHARED:
        page = visit.open(path)
        if path == "search.html":
            page.fill('input[type="search"]', QUERY[lang])
            page.locator("[data-search-results] a").first.wait_for()
        text = page.evaluate(WORDS)
        assert page.evaluate("document.documentElement.lang") == lang
        left = leftovers(text, fragments)
        if left:
            found[path] = left
    assert visit.errors == [] and visit.outside() == []
    visit.close()
    assert found == {}


def test_the_check_finds_an_english_word_when_one_is_left():
    """The comparison itself works: English text gives its words back."""
    fragments = english_fragments("ru")
    left = leftovers("Key figures\nSkip to content\nHas a contradiction", fragments)
    assert {"Key figures", "Skip to content", "Has a contradiction"} <= set(left)
    assert leftovers("Ключевые цифры · Хронология", fragments) == []


COUNTS = (0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111)


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_result_count_reads_in_the_languages_plural_forms(browser, sites, lang):  # noqa: F811
    visit = Visit(browser, sites[lang])
    page = visit.open("search.html")
    shown: dict[int, Any] = page.evaluate(
        "counts => Object.fromEntries(counts.map(n => [n, window.DOSSIER_COUNTED(n)]))",
        list(COUNTS),
    )
    lang_ = language(lang)
    expected = {
        str(n): lang_.ngettext("%(n)s result", "%(n)s results", n) % {"n": n} for n in COUNTS
    }
    assert shown == expected
    # And a real search: the status line says the count of the results shown.
    page.fill('input[type="search"]', QUERY[lang])
    page.locator("[data-search-results] a").first.wait_for()
    hits = page.locator("[data-search-results] a").count()
    assert hits >= 2
    assert page.locator(".search-status").inner_text() == expected[str(hits)]
    visit.close()


def test_the_plural_forms_are_the_languages_own():
    """Spelled out, so that a mistaken rule cannot agree with itself."""
    ru, ar = language("ru"), language("ar")
    assert [ru.count("%(n)s result", "%(n)s results", n) for n in (1, 2, 5, 11, 21, 22)] == [
        "1 результат",
        "2 результата",
        "5 результатов",
        "11 результатов",
        "21 результат",
        "22 результата",
    ]
    assert [ar.count("%(n)s result", "%(n)s results", n) for n in (0, 1, 2, 5, 11, 100)] == [
        "لا نتائج",
        "نتيجة واحدة",
        "نتيجتان",
        "5 نتائج",
        "11 نتيجةً",
        "100 نتيجة",
    ]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_incident_filters_count_in_the_language(browser, sites, lang):  # noqa: F811
    visit = Visit(browser, sites[lang])
    page = visit.open("incidents/index.html")
    count = page.locator("[data-filter-count]")
    lang_ = language(lang)
    every = lang_.ngettext("Showing all %(n)s incident.", "Showing all %(n)s incidents.", 2)
    assert count.inner_text() == every % {"n": 2}
    page.check('input[data-filter="contradiction"]')
    some = lang_.ngettext(
        "Showing %(shown)s of %(n)s incident.", "Showing %(shown)s of %(n)s incidents.", 2
    )
    assert count.inner_text() == some % {"shown": 1, "n": 2}
    assert visit.errors == []
    visit.close()
