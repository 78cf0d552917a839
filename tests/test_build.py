"""`dossier build`: a site that works from disk, keeps its hooks, and never harms a folder."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_dossier, snapshot
from sitecheck import parse, problems

from dossier.diagnostics import UsageError
from dossier.pipeline import build
from dossier.write import MARK

ROOT = Path(__file__).parent.parent
HARBOUR = ROOT / "tests" / "sites" / "valid" / "harbour"


@pytest.fixture(scope="module")
def harbour_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("harbour") / "site"
    dossier = build(HARBOUR, out)
    assert dossier.report.errors == 0
    return out


@pytest.fixture(scope="module")
def showcase_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("showcase") / "site"
    build(ROOT, out)
    return out


@pytest.mark.parametrize("site", ["harbour_site", "showcase_site"])
def test_every_link_works_from_disk(site, request):
    folder = request.getfixturevalue(site)
    assert problems(folder) == []


def test_the_site_has_every_page_the_spec_lists(harbour_site):
    files = {p.relative_to(harbour_site).as_posix() for p in harbour_site.rglob("*") if p.is_file()}
    for page in (
        "index.html",
        "timeline.html",
        "contradictions.html",
        "search.html",
        "404.html",
        ".nojekyll",
        MARK,
        "incidents/index.html",
        "actors/index.html",
        "places/index.html",
        "sources/index.html",
        "pages/index.html",
        "incidents/harbour-fire.html",
        "sources/daily-courier.html",
        "assets/style.css",
    ):
        assert page in files
    assert "sitemap.xml" not in files  # no base_url, no sitemap


def test_hooks_for_themes_and_tests(harbour_site):
    html = (harbour_site / "incidents" / "harbour-fire.html").read_text()
    assert 'data-entry="harbour-fire"' in html
    assert 'data-cite="city-hall"' in html
    for about in ("dead", "injured", "started"):
        assert f'data-contradiction="harbour-fire:{about}"' in html
    search = (harbour_site / "search.html").read_text()
    assert '<input type="search"' in search
    assert "data-search-results" in search
    for entry in harbour_site.glob("*/*.html"):
        if entry.name != "index.html":
            assert f'data-entry="{entry.stem}"' in entry.read_text()


def test_citations_are_numbered_with_backlinks(harbour_site):
    page = parse(harbour_site / "incidents" / "harbour-fire.html")
    html = (harbour_site / "incidents" / "harbour-fire.html").read_text()
    # city-hall is cited first (key figures come first), several times: 1a, 1b, ...
    assert {"note-1", "cite-1a", "cite-1b"} <= page.ids
    assert 'aria-label="Back to citation 1a"' in html
    assert '<a href="#note-1" data-cite="city-hall"' in html
    # the note gives publisher, title, date, links, and the source's own page
    note = html[html.index('id="note-2"') :]
    note = note[: note.index("</li>")]
    assert "Daily Courier" in note
    assert "https://courier.example/harbour-ablaze" in note
    assert "https://archive.example/courier/harbour-ablaze" in note
    assert "../sources/daily-courier.html" in note


def test_incident_page_shows_ranges_and_contradictions(harbour_site):
    html = (harbour_site / "incidents" / "harbour-fire.html").read_text()
    assert "20–30" in html
    assert "at least 4" in html
    assert 'role="note"' in html
    assert "Conflict" in html and "Discrepancy" in html
    assert "Six is the hospital" in html  # the editor's assessment
    assert "independent origin" in html


def test_base_url_gives_canonical_links_and_a_sitemap(tmp_path):
    project = tmp_path / "p"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    config = project / "dossier.yml"
    config.write_text(config.read_text() + "base_url: https://user.github.io/repo/\n")
    build(project, project / "site")
    html = (project / "site" / "incidents" / "harbour-fire.html").read_text()
    assert (
        '<link rel="canonical" href="https://user.github.io/repo/incidents/harbour-fire.html">'
        in html
    )
    sitemap = (project / "site" / "sitemap.xml").read_text()
    assert "<loc>https://user.github.io/repo/index.html</loc>" in sitemap
    assert "404.html" not in sitemap
    # GitHub Pages serves 404.html at any depth: its links must not be relative
    not_found = (project / "site" / "404.html").read_text()
    assert 'href="https://user.github.io/repo/assets/style.css"' in not_found
    assert 'href="https://user.github.io/repo/index.html"' in not_found
    assert problems(project / "site", skip=("404.html",)) == []


# The output guard ----------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    subprocess.run(["cp", "-r", str(HARBOUR), str(project)], check=True)
    return project


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", "it holds the dossier itself"),
        ("content", "it is inside content/"),
        ("content/incidents", "it is inside content/"),
        ("..", "it holds the dossier itself"),
        ("other", "it holds a dossier"),
        ("notes", "it is not empty and was not built by dossier"),
    ],
)
def test_guard_refuses_folders_an_editor_owns(project, out, message):
    other = project / "other"
    other.mkdir()
    (other / "dossier.yml").write_text("title: Another\n")
    notes = project / "notes"
    notes.mkdir()
    (notes / "draft.md").write_text("my notes\n")
    before = snapshot(project)
    result = run_dossier("build", str(project), "--out", str(project / out))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_rebuilding_replaces_only_our_own_output(project):
    out = project / "site"
    assert run_dossier("build", str(project)).returncode == 0
    (out / "stale.html").write_text("from an older build")
    assert run_dossier("build", str(project)).returncode == 0
    assert not (out / "stale.html").exists()
    assert (out / "index.html").exists()


def test_content_errors_write_nothing(project):
    (project / "content" / "places" / "old-harbour.yml").write_text(
        "name: Old harbour\ncountry: no\n"
    )
    result = run_dossier("build", str(project))
    assert result.returncode == 1
    assert "nothing was written" in result.stderr
    assert not (project / "site").exists()


def test_a_failed_build_leaves_the_previous_site(project):
    assert run_dossier("build", str(project)).returncode == 0
    before = snapshot(project / "site")
    broken = project / "themes" / "default" / "templates"
    broken.mkdir(parents=True)
    (broken / "place.html").write_text("{{ no_such_value }}")
    result = run_dossier("build", str(project))
    assert result.returncode == 1
    assert "no_such_value" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_project_themes_override_templates_and_assets(project):
    theme = project / "themes" / "default"
    (theme / "static").mkdir(parents=True)
    (theme / "static" / "style.css").write_text("body { color: rebeccapurple; }\n")
    (theme / "templates").mkdir()
    (theme / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}Lost{% endblock %}'
    )
    build(project, project / "site")
    assert (
        project / "site" / "assets" / "style.css"
    ).read_text() == "body { color: rebeccapurple; }\n"
    assert "Lost" in (project / "site" / "404.html").read_text()


# The theme's symbolic links: as in content/, none leads out of its folder ----------------


@pytest.mark.parametrize(
    ("link", "to", "problem"),
    [
        ("static/hostname.txt", "SECRET", "leads outside themes/"),  # published as an asset
        ("templates/place.html", "SECRET", "leads outside themes/"),  # read as a template
        ("static/private", "OUTSIDE", "leads outside themes/"),  # a folder
        ("static/dossier.txt", "../../../dossier.yml", "leads outside themes/"),  # the project's
        ("static/gone.css", "missing.css", "leads nowhere"),
        ("", "OUTSIDE", "leads outside themes/"),  # the theme folder itself
    ],
)
def test_a_theme_link_out_of_themes_is_an_error_and_nothing_is_built(
    project, tmp_path, link, to, problem
):
    outside = tmp_path / "outside"
    (outside / "templates").mkdir(parents=True)
    (outside / "secret.txt").write_text("the machine's secret\n")
    target = {"SECRET": str(outside / "secret.txt"), "OUTSIDE": str(outside)}.get(to, to)
    path = project / "themes" / "default" / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    rel = path.relative_to(project).as_posix()
    line = f"{rel}:1:1: error: symbolic link to '{target}' {problem}; "
    checked = run_dossier("check", str(project))
    assert checked.returncode == 1
    assert [d for d in checked.stdout.splitlines() if d.startswith(line)], checked.stdout
    built = run_dossier("build", str(project))
    assert built.returncode == 1
    assert "nothing was written" in built.stderr
    assert not (project / "site").exists()


def test_the_themes_folder_itself_may_not_lead_out_of_the_project(project, tmp_path):
    (tmp_path / "elsewhere" / "default" / "static").mkdir(parents=True)
    (project / "themes").symlink_to(tmp_path / "elsewhere")
    checked = run_dossier("check", str(project))
    assert checked.returncode == 1
    assert checked.stdout == (
        f"themes:1:1: error: symbolic link to '{tmp_path / 'elsewhere'}' leads outside the "
        "project; copy the file in instead [symlink]\n"
    )


def test_a_theme_link_inside_themes_is_followed(project):
    shared = project / "themes" / "shared"
    shared.mkdir(parents=True)
    (shared / "print.css").write_text("body { color: black; }\n")
    static = project / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "print.css").symlink_to("../../shared/print.css")
    assert run_dossier("build", str(project)).returncode == 0
    assert (project / "site" / "assets" / "print.css").read_text() == "body { color: black; }\n"


def test_a_theme_is_named_not_given_as_a_path(project):
    settings = project / "dossier.yml"
    settings.write_text(settings.read_text() + "theme: ../../../etc\n")
    checked = run_dossier("check", str(project))
    assert checked.returncode == 1
    assert "'../../../etc' is not a theme name" in checked.stdout
    assert "[invalid-value]" in checked.stdout


def test_the_theme_refuses_such_a_link_where_it_is_resolved(project):
    """The theme's files are vetted again where they are resolved: a caller that skipped
    the check (or a link made in between) still publishes nothing from outside."""
    from dossier.diagnostics import ThemeError
    from dossier.render import Theme

    static = project / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "leak.txt").symlink_to("/proc/self/environ")
    expected = "themes/default/static/leak.txt:1:1: error: symbolic link to '/proc/self/environ'"
    with pytest.raises(ThemeError, match=re.escape(expected)):
        Theme.resolve(project, "default")


def test_two_builds_are_identical_whatever_the_hash_seed_and_time_zone(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    one = run_dossier("build", str(ROOT), "--out", str(first), PYTHONHASHSEED="1", TZ="UTC")
    other = run_dossier(
        "build", str(ROOT), "--out", str(second), PYTHONHASHSEED="999", TZ="Asia/Tokyo"
    )
    assert (one.returncode, other.returncode) == (0, 0)
    assert snapshot(first) == snapshot(second)


def test_committed_site_is_a_fresh_build_of_content(showcase_site):
    """`make site` regenerates site/; this fails when it was not run after a change."""
    assert snapshot(ROOT / "site") == snapshot(showcase_site)


def test_usage_error_is_raised_before_checking(tmp_path):
    with pytest.raises(UsageError):
        build(HARBOUR, HARBOUR)


# Escaping ------------------------------------------------------------------------------

EVIL = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"


def test_every_displayed_field_is_escaped(make_dossier, tmp_path):
    y = EVIL.replace("'", "''")  # inside single-quoted YAML
    root = make_dossier(
        {
            "dossier.yml": f"title: '{y}'\ndescription: '{y}'\n",
            "content/actors/a.yml": f"name: '{y}'\naliases: ['{y}']\nkind: person\n",
            "content/places/p.yml": f"name: '{y}'\naliases: ['{y}']\n",
            "content/sources/s.yml": (
                f"title: '{y}'\npublisher: '{y}'\nauthor: '{y}'\nsummary: '{y}'\n"
                "url: 'https://example.org/?q=\"><script>alert(3)</script>'\n"
                "archive_url: 'https://archive.example/x'\n"
            ),
            "content/incidents/i.md": (
                f"---\ntitle: '{y}'\nsummary: '{y}'\nnote: '{y}'\nplace: p\n"
                f"actors: [{{actor: a, role: '{y}'}}]\n"
                f"claims:\n  - {{about: killed, value: 3, sources: [s], quote: '{y}', "
                f"note: '{y}', attributed_to: a}}\n"
                f"  - {{about: killed, value: '{y}', sources: [s]}}\n"
                f"assessments: [{{about: killed, note: '{y}'}}]\n"
                f"---\nBody [[a]] and [[p|{EVIL}]][^s].\n"
            ),
            "content/pages/pg.md": f"---\ntitle: '{y}'\n---\n{EVIL}\n",
        }
    )
    out = tmp_path / "site"
    dossier = build(root, out)
    assert dossier.report.errors == 0, [d.text() for d in dossier.report.sorted()]
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for file in pages:
        html = file.read_text()
        # only the theme's own script files, no inline script
        scripts = re.findall(r"<script[^>]*>", html)
        assert all(
            re.fullmatch(r'<script src="[./a-z-]*assets/[a-z/-]+\.js"( defer)?>', t)
            for t in scripts
        ), scripts
        assert "<img src=x" not in html, file
        assert "onerror=" not in html.replace("onerror=alert(2)&gt;", ""), file
        tags = _tags_with_event_handlers(html)
        assert tags == [], f"{file}: {tags}"
    incident = (out / "incidents" / "i.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in incident
    assert problems(out) == []


def _tags_with_event_handlers(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(f"<{tag} {name}>" for name, _ in attrs if name.startswith("on"))

    Parser().feed(html)
    return found


def test_every_id_on_a_page_is_unique(showcase_site):
    for file in sorted(showcase_site.rglob("*.html")):
        assert parse(file).duplicate_ids == [], file


def test_quotes_in_another_language_say_so(make_dossier, tmp_path):
    root = make_dossier(
        {
            "content/sources/tsk.yml": "title: TSK açıklaması\nlanguage: tr\n",
            "content/sources/bbc.yml": "title: BBC report\nlanguage: en\n",
            "content/incidents/i.yml": (
                "title: Strike\nclaims:\n"
                "  - {about: killed, value: 3, sources: [tsk], quote: üç asker şehit oldu}\n"
                "  - {about: wounded, value: 11, sources: [bbc], quote: eleven wounded}\n"
            ),
        }
    )
    build(root, tmp_path / "site")
    html = (tmp_path / "site" / "incidents" / "i.html").read_text()
    # A quote in another language is marked and isolated (its direction its own); one in
    # the page's language and direction needs neither.
    assert '<q class="claim-quote" lang="tr" dir="auto">üç asker şehit oldu</q>' in html
    assert '<q class="claim-quote">eleven wounded</q>' in html
    assert 'lang="tr" dir="auto">“TSK açıklaması”' in html
    source = (tmp_path / "site" / "sources" / "tsk.html").read_text()
    assert "<dd>Turkish</dd>" in source


def test_search_documents_hold_the_body_as_plain_text(make_dossier, tmp_path):
    body = (
        "## What happened\n\n"
        "A **strike** hit the _market_ near [[p|the square]], says [the `agency`](https://x.org)"
        "[^s].\n\n"
        "- first\n1. second\n> quoted\n\n"
        "| Source | Killed |\n| --- | ---: |\n| s | 3 |\n"
    )
    root = make_dossier(
        {
            "content/sources/s.yml": "title: S\n",
            "content/places/p.yml": "name: P\n",
            "content/incidents/i.md": f"---\ntitle: I\n---\n{body}",
        }
    )
    build(root, tmp_path / "site")
    script = (tmp_path / "site" / "assets" / "search-index.js").read_text()
    docs = json.loads(script.removeprefix("window.DOSSIER_SEARCH = ").removesuffix(";\n"))
    (incident,) = [doc for doc in docs if doc["id"] == "i"]
    assert incident["body"] == (
        "What happened A strike hit the market near the square, says the agency. "
        "first second quoted Source Killed s 3"
    )
