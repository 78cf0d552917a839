"""The incidents index's filters and the maps in a real browser, from `file://` (SPEC §12, §13).

The same tools as test_browser.py (Debian's chromium over Playwright, axe-core); the same
skips where they are missing.
"""

# ruff: noqa: F811 (the fixtures of test_browser.py, imported, are redefined as arguments)
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_browser import AXE, AXE_TAGS, ROOT, Visit, browser, need, site  # noqa: F401

from dossier.model import Actor, Incident, Place
from dossier.pipeline import check


def expected_rows(actor: str, year: int) -> list[str]:
    """The incidents with `actor` or an actor part of it, in `year`, read from content/."""
    entries = check(ROOT).entries

    def within(id_: str) -> bool:
        seen = set()
        while id_ and id_ not in seen:
            if id_ == actor:
                return True
            seen.add(id_)
            data = entries[id_].data
            id_ = data.part_of if isinstance(data, Actor) and data.part_of else ""
        return False

    found = []
    for entry in entries.values():
        data = entry.data
        if not isinstance(data, Incident) or not data.date or data.date.first.year != year:
            continue
        if any(within(role.actor) for role in data.actors):
            found.append(entry.id)
    return sorted(found)


def shown_rows(page: Any) -> list[str]:
    return sorted(
        page.eval_on_selector_all(
            "tr[data-incident]:not([hidden])", "rows => rows.map(r => r.dataset.incident)"
        )
    )


@pytest.fixture
def opened(browser: Any, site: Path) -> Any:
    visit = Visit(browser, site)
    yield visit
    assert visit.outside() == [], "requests left the site"
    assert visit.errors == [], "console errors"
    visit.close()


def test_filtering_by_actor_and_year_narrows_the_rows_and_the_hash_restores_them(opened):
    page = opened.open("incidents/index.html")
    every = shown_rows(page)
    assert len(every) > 5
    # Turkey itself takes part in few incidents; its armed forces (part_of: turkey) in more.
    expected = expected_rows("turkey", 2017)
    assert 0 < len(expected) < len(every)
    page.select_option('select[data-filter="actor"]', "turkey")
    page.select_option('select[data-filter="year"]', "2017")
    assert shown_rows(page) == expected
    url = page.url
    assert url.endswith("#actor=turkey&year=2017")
    # Opening that URL afresh shows the same rows.
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_load_state("load")
    assert shown_rows(page) == expected
    assert page.input_value('select[data-filter="actor"]') == "turkey"
    assert "Showing" in page.inner_text("[data-filter-count]")
    # The contradiction box keeps only the rows that carry one.
    page.check('input[data-filter="contradiction"]')
    disputed = shown_rows(page)
    assert disputed and set(disputed) <= set(expected)
    assert page.url.endswith("#actor=turkey&year=2017&contradiction=1")
    page.click("button[type=reset]")
    page.wait_for_function("() => location.hash === ''")
    assert shown_rows(page) == every


def test_a_filter_by_a_part_of_an_actor_keeps_only_its_own_rows(opened, site):
    page = opened.open("incidents/index.html")
    every = shown_rows(page)
    page.goto((site / "incidents" / "index.html").as_uri() + "#actor=turkish-armed-forces")
    page.wait_for_load_state("load")
    rows = shown_rows(page)
    assert rows and set(rows) < set(every)


def test_sorting_by_date_and_by_a_key_figure(opened):
    page = opened.open("incidents/index.html")
    page.click("th:has-text('Date') button")
    dates = page.eval_on_selector_all(
        "tbody tr td:first-child", "cells => cells.map(c => c.dataset.sort)"
    )
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    page.click("th:has-text('Date') button")
    dates = page.eval_on_selector_all(
        "tbody tr td:first-child", "cells => cells.map(c => c.dataset.sort)"
    )
    assert [d for d in dates if d] == sorted(dated)
    page.click("th[data-column=killed] button")
    killed = page.eval_on_selector_all(
        "tbody tr td:nth-child(5)", "cells => cells.map(c => c.dataset.sort)"
    )
    numbers = [float(k) for k in killed if k]
    assert numbers and numbers == sorted(numbers, reverse=True)
    assert killed[len(numbers) :] == [""] * (len(killed) - len(numbers))  # blanks last


def test_without_javascript_every_row_is_shown_and_the_filters_are_not(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "incidents" / "index.html").as_uri() + "#year=2017")
        assert page.locator("tr[data-incident]:not([hidden])").count() == len(
            [i for i in (ROOT / "content" / "incidents").iterdir()]
        )
        assert not page.locator("form[data-filters]").is_visible()
    finally:
        context.close()


AXE_PAGES = ["incidents/index.html", "tags/index.html", "tags/turkey.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violation(browser, site, path, scheme):
    need(AXE.exists(), "axe-core is not installed (make test runs npm ci in tests/browser)")
    visit = Visit(browser, site, scheme, csp=False)
    try:
        page = visit.open(path)
        page.add_script_tag(content=AXE.read_text())
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in result["violations"]
        ]
        assert violations == []
    finally:
        visit.close()


def _markers(page: Any) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "[data-map] a[data-marker]",
        "links => links.map(a => [a.dataset.marker, a.href.baseVal || a.getAttribute('href')])",
    )


@pytest.mark.parametrize(
    "path", ["map.html", "places/al-bab.html", "incidents/al-bab-airstrike-2017.html"]
)
def test_every_marker_links_to_its_entry(opened, site, path):
    page = opened.open(path)
    markers = _markers(page)
    assert markers
    for marker, href in markers:
        target = (site / path).parent / href
        assert target.resolve().is_file(), href
        assert f'data-entry="{marker}"' in target.read_text(), (marker, href)
    # A marker takes the reader to its entry.
    first, href = markers[-1]
    page.click(f'[data-marker="{first}"]', force=True)
    page.wait_for_load_state("load")
    assert page.locator(f'[data-entry="{first}"]').count() == 1


def test_the_map_shows_every_located_place_and_its_incidents(opened):
    page = opened.open("map.html")
    marked = {m for m, _ in _markers(page)}
    entries = check(ROOT).entries
    located = {i for i, e in entries.items() if isinstance(e.data, Place) and e.data.coordinates}
    at = {i for i, e in entries.items() if isinstance(e.data, Incident) and e.data.place in located}
    assert marked == located | at
    # The text below the map lists every one of them: places as links a keyboard reaches
    # (a place's page links its incidents), incidents by title.
    listed = page.eval_on_selector_all(
        ".map-list a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert {h.rsplit("/", 1)[-1].removesuffix(".html") for h in listed} >= located
    text = page.inner_text(".map-list")
    assert all(entries[i].title in text for i in at)
    assert page.locator("[data-map] svg").get_attribute("aria-hidden") == "true"


MAP_PAGES = ["map.html", "places/al-bab.html", "incidents/al-bab-airstrike-2017.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", MAP_PAGES)
def test_axe_finds_no_violation_on_the_maps(browser, site, path, scheme):
    test_axe_finds_no_violation(browser, site, path, scheme)
