"""Which way a language is written (dossier/scripts.py), and what a built page says of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier import i18n
from dossier.cli import main
from dossier.pipeline import build
from dossier.scripts import direction

ROOT = Path(__file__).parent.parent
ARABIC = Path(__file__).parent / "sites" / "valid" / "arabic"


@pytest.mark.parametrize(
    "tag",
    ["ar", "fa", "he", "ur", "ps", "sd", "ckb", "yi", "dv", "ug", "syr", "ks", "ar-EG", "AR",
     "fa_IR", "uz-Arab", "pa-Arab", "ff-Adlm", "arc", "xx-Arab"],
)  # fmt: skip
def test_right_to_left(tag):
    assert direction(tag) == "rtl"


@pytest.mark.parametrize(
    "tag",
    ["en", "tr", "ru", "uk", "fr", "es", "de", "zh", "zh-Hant-TW", "ja", "th", "ku", "ha",
     "uz", "az-Latn", "und", "qqq", "en-x-house", "xx-Latn"],
)  # fmt: skip
def test_left_to_right(tag):
    """Kurdish `ku` and Hausa `ha` are written in Latin letters (CLDR), not in Arabic ones."""
    assert direction(tag) == "ltr"


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("arabic") / "site"
    assert build(ARABIC, out).report.errors == 0
    return out


def test_every_arabic_page_says_rtl(arabic_site):
    pages = sorted(arabic_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert page.read_text(encoding="utf-8").startswith(
            '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n'
        ), page


def test_an_english_page_names_no_direction(tmp_path):
    """Left to right is the default: the English showcase's `<html>` is as it was."""
    out = tmp_path / "site"
    assert build(ROOT, out).report.errors == 0
    assert (
        (out / "index.html")
        .read_text(encoding="utf-8")
        .startswith('<!DOCTYPE html>\n<html lang="en">\n')
    )


def test_foreign_words_keep_their_language_and_are_isolated(arabic_site):
    html = (arabic_site / "incidents" / "port-fire-2021.html").read_text(encoding="utf-8")
    assert '<h1 dir="auto">حريق مستودع DHL في المرفأ القديم</h1>' in html
    assert (
        '<q class="claim-quote" lang="en" dir="auto">four people died in the blaze, '
        "the Civil Defence said</q>"
    ) in html
    # In the page's own language and direction, a quote needs no isolation.
    assert '<q class="claim-quote">أسفر الحريق عن مقتل أربعة أشخاص</q>' in html
    assert re.search(
        r'<a class="source-title" href="[^"]+" hreflang="en" lang="en" dir="auto">'
        r"“Fire at the old port: four dead, Civil Defence says”</a>",
        html,
    )
    assert ", <bdi>Jane Doe</bdi>" in html
    assert '<span class="publisher" dir="auto">Harbour Times</span>' in html
    assert re.search(r'<a class="entry-link" href="[^"]+">المرفأ القديم</a>', html)


def test_a_source_page_titles_it_in_its_own_language(arabic_site):
    foreign = (arabic_site / "sources" / "harbour-times.html").read_text(encoding="utf-8")
    assert '<h1 lang="en" dir="auto">Fire at the old port: four dead, Civil Defence says</h1>' in (
        foreign
    )
    own = (arabic_site / "sources" / "city-radio.html").read_text(encoding="utf-8")
    assert "<h1>إذاعة المدينة: ستة قتلى في حريق المرفأ</h1>" in own


def test_the_briefing_of_an_arabic_dossier_is_right_to_left(tmp_path):
    out = tmp_path / "briefing.html"
    result = CliRunner().invoke(main, ["briefing", str(ARABIC), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert '<html lang="ar" dir="rtl">' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "text", "lang", "isolated"),
    [
        ("en", "Recep Tayyip Erdoğan", None, False),  # Latin on a left-to-right page
        ("en", "حريق مستودع", None, True),  # Arabic letters on it
        ("en", "Fire (حريق)", None, True),  # a few are enough
        ("en", "üç asker şehit oldu", "tr", True),  # another language, the same script
        ("en", "eleven wounded", "en-GB", False),  # the page's language
        ("ar", "حريق مستودع", None, False),
        ("ar", "حريق مستودع DHL", None, True),  # Latin letters on a right-to-left page
        ("ar", "2017", None, False),  # digits have no direction of their own
        ("he", "Reuters", None, True),
    ],
)
def test_a_text_is_isolated_when_its_language_or_direction_is_not_the_page_s(
    page, text, lang, isolated
):
    language = i18n.language(page)
    assert (language.isolate(text, lang) == ' dir="auto"') is isolated


def test_an_english_summary_on_an_arabic_page_keeps_its_full_stop_on_the_right(tmp_path):
    """A summary, description or role in another direction than the page is isolated
    wherever it is shown, as titles are, in the briefing too: unisolated, an English
    sentence on a right-to-left page ends with its full stop on the left. One in the
    page's own direction is left alone."""
    project = tmp_path / "arabic"
    shutil.copytree(ARABIC, project)
    english = "The prosecutor opened an inquiry into the fire."
    inquiry = project / "content" / "incidents" / "port-inquiry-2021.md"
    inquiry.write_text(
        re.sub(r"(?m)^summary: .*$", f"summary: {english}", inquiry.read_text("utf-8")),
        encoding="utf-8",
    )
    fire_file = project / "content" / "incidents" / "port-fire-2021.md"
    role = "ran the warehouses (per report 004)"
    fire_file.write_text(
        fire_file.read_text("utf-8").replace("role: تدير المستودعات", f"role: {role}"),
        encoding="utf-8",
    )
    config = project / "dossier.yml"
    described = re.sub(r"(?ms)^description: .*?(?=^language)", "description: A test.\n",
                       config.read_text("utf-8"))  # fmt: skip
    config.write_text(described, encoding="utf-8")
    out = tmp_path / "site"
    assert build(project, out).report.errors == 0

    def page(path: str) -> str:
        return (out / path).read_text(encoding="utf-8")

    assert f'<p class="lede" dir="auto">{english}</p>' in page("incidents/port-inquiry-2021.html")
    fire = page("incidents/port-fire-2021.html")
    assert '<p class="lede">أتى حريق' in fire
    assert f"— <bdi>{english}</bdi></span>" in fire  # the pages that mention it
    assert f'<span class="role">— <bdi>{role}</bdi></span>' in fire
    assert '<span class="role">— أطفأ الحريق</span>' in fire
    assert f'<span class="role">(<bdi>{role}</bdi>)</span>' in page("actors/port-authority.html")
    assert f'<p class="entry-summary" dir="auto">{english}</p>' in page("places/old-port.html")
    home = page("index.html")
    assert '<p class="lede" dir="auto">A test.</p>' in home
    assert f'<p class="entry-summary" dir="auto">{english}</p>' in home
    assert '<p class="entry-summary">أتى حريق' in home
    briefing = tmp_path / "briefing.html"
    result = CliRunner().invoke(main, ["briefing", str(project), "--out", str(briefing)])
    assert result.exit_code == 0, result.output
    text = briefing.read_text(encoding="utf-8")
    assert '<p class="lede" dir="auto">A test.</p>' in text
    assert f'<p class="lede" dir="auto">{english}</p>' in text
    assert f'<span class="role">— <bdi>{role}</bdi></span>' in text
    assert '<h3 id="entry-port-fire-2021-title" dir="auto">' in text  # "DHL" in Arabic
