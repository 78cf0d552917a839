"""The site's languages (SPEC §10): the catalogs are what the sources give and complete,
dates and numbers are CLDR's, an unshipped language falls back with `ui-language`, and a
project's theme overrides a message."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_skeleton
from babel.messages.plurals import get_plural
from babel.numbers import format_decimal
from click.testing import CliRunner

from dossier import locales
from dossier.cli import main
from dossier.i18n import SHIPPED, cldr_locale, language
from dossier.values import parse_date, parse_value
from dossier.wording import value_text


@functools.cache
def extracted():  # type: ignore[no-untyped-def]
    """Extraction once for the whole module: it reads every template and module."""
    return locales.extracted()


def ids(catalog):  # type: ignore[no-untyped-def]
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


# The catalogs ---------------------------------------------------------------------------


def test_the_pot_is_what_extraction_gives_from_todays_templates_and_python():
    """A word added to a template or the Python without `make messages` fails here."""
    with locales.POT.open("rb") as fp:
        from babel.messages.pofile import read_po

        pot = read_po(fp)
    found = extracted()
    assert ids(pot) == ids(found), "run `make messages`"
    # Byte for byte, but for the Babel version that wrote it.
    assert _unversioned(locales.POT.read_bytes()) == _unversioned(locales.po_text(found))


def _unversioned(text: bytes) -> bytes:
    return re.sub(rb'"Generated-By: Babel [^"]*"\n', b"", text)


def test_the_pot_holds_the_words_of_templates_and_of_python():
    found = {i for _, i in ids(extracted())}
    assert "Key figures" in found  # macros.html
    assert "Page not found" in found  # views/lists.py
    assert "completely reliable" in found  # wording.py
    assert ("%(n)s result", "%(n)s results") in found  # the search page's count
    assert "Back to the text of note %(n)s" in found  # the Markdown's footnotes


def test_every_shipped_language_has_a_catalog():
    assert locales.languages() == sorted(SHIPPED)
    assert {"en", "tr", "ru", "uk", "ar", "fr", "es", "de"} <= set(SHIPPED)


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_catalog_has_every_message_none_fuzzy_with_its_plural_forms(lang):
    catalog = locales.read(lang)
    template = extracted()
    assert ids(catalog) == ids(template), "run `make messages` and translate what is new"
    expected = get_plural(lang).num_plurals
    assert catalog.num_plurals == expected
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        if message.pluralizable:
            assert len(message.string) == expected, message.id
            assert all(message.string), message.id
        else:
            assert message.string, message.id
    # Babel's own checks: the placeholders of each translation are the message's.
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_a_footnote_s_spoken_name_holds_the_words_it_shows(lang):
    """A footnote mark shows `[note 1]` and is named `Note 1`: the name must hold the shown
    words, word for word (axe's label-content-name-mismatch; WCAG 2.5.3)."""
    words = language(lang)
    shown = words.gettext("note %(n)s") % {"n": 1}
    named = words.gettext("Note %(n)s") % {"n": 1}
    assert shown.casefold().split() == named.casefold().split()[-len(shown.split()) :]


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_po_is_up_to_date_and_the_mo_is_what_it_compiles_to(lang):
    """`make messages` run again would change nothing (idempotent)."""
    folder = locales.HERE / lang / "LC_MESSAGES"
    catalog = locales.updated(lang, extracted())
    assert (folder / "messages.po").read_bytes() == locales.po_text(catalog)
    assert (folder / "messages.mo").read_bytes() == locales.mo_bytes(locales.read(lang))


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("ru", {"one": "1 источник", "few": "2 источника", "many": "5 источников"}),
        ("uk", {"one": "1 джерело", "few": "2 джерела", "many": "5 джерел"}),
        ("ar", {"zero": "لا مصادر", "one": "مصدر واحد", "two": "مصدران", "few": "3 مصادر"}),
    ],
)
def test_counts_take_the_languages_plural_forms(lang, forms):
    lang_ = language(lang)
    samples = {"zero": 0, "one": 1, "two": 2, "few": 2 if lang != "ar" else 3, "many": 5}
    for category, text in forms.items():
        assert lang_.count("%(n)s source", "%(n)s sources", samples[category]) == text


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_search_pages_forms_cover_each_cldr_category_as_the_catalog_words_it(lang):
    lang_ = language(lang)
    forms = lang_.plural_forms("%(n)s result", "%(n)s results")
    rule = lang_.locale.plural_form
    for n in (0, 1, 2, 3, 5, 11, 21, 100, 101):
        assert forms[rule(n)] == lang_.ngettext("%(n)s result", "%(n)s results", n)
    assert "other" in forms


# Dates and numbers ----------------------------------------------------------------------

DAY = parse_date("2017-02-09")
MOMENT = parse_date("2015-11-24T14:30:00+03:00")
SKELETONS = {"year": ("2017", "y"), "month": ("2017-02", "yMMMM"), "day": ("2017-02-09", "yMMMMd")}


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize("precision", ["year", "month", "day", "moment"])
def test_dates_at_each_precision_are_babels_own(lang, precision):
    """The table: each shipped language at each precision, against Babel's formatting."""
    lang_ = language(lang)
    locale = cldr_locale(lang)
    assert locale is not None
    if precision == "moment":
        day = format_skeleton("yMMMMd", dt.date(2015, 11, 24), locale=locale)
        time = format_skeleton("Hm", dt.time(14, 30), locale=locale)
        combined = str(locale.datetime_formats["medium"]).format(time, day)
        offset = lang_.gettext("UTC%(offset)s") % {"offset": "+03:00"}
        assert lang_.date(MOMENT) == f"{combined} {offset}"
    else:
        text, skeleton = SKELETONS[precision]
        expected = format_skeleton(skeleton, dt.date(2017, 2, 9), locale=locale)
        assert lang_.date(parse_date(text)) == expected


def test_english_dates_are_the_ones_the_site_always_wrote():
    en = language("en")
    assert en.date(parse_date("2017")) == "2017"
    assert en.date(parse_date("2015-11")) == "November 2015"
    assert en.date(DAY) == "9 February 2017"
    assert en.date(MOMENT) == "24 November 2015, 14:30 UTC+03:00"
    assert en.date(parse_date("2015-11-24T14:30:00Z")) == "24 November 2015, 14:30 UTC"


@pytest.mark.parametrize(
    ("lang", "month", "day"),
    [
        ("tr", "Şubat 2017", "9 Şubat 2017"),
        ("ru", "февраль 2017\u202fг.", "9 февраля 2017\u202fг."),  # CLDR's narrow space
        ("uk", "лютий 2017\u202fр.", "9 лютого 2017\u202fр."),
        ("de", "Februar 2017", "9. Februar 2017"),
        ("fr", "février 2017", "9 février 2017"),
        ("es", "febrero de 2017", "9 de febrero de 2017"),
        ("ar", "فبراير 2017", "9 فبراير 2017"),
    ],
)
def test_dates_read_as_the_language_writes_them(lang, month, day):
    assert language(lang).date(parse_date("2017-02")) == month
    assert language(lang).date(DAY) == day


@pytest.mark.parametrize("lang", SHIPPED)
def test_numbers_and_ranges_are_cldrs(lang):
    lang_ = language(lang)
    locale = cldr_locale(lang)
    decimal = format_decimal(2.5, locale=locale)
    assert value_text(parse_value(2.5), lang_) == decimal
    assert value_text(parse_value(1500), lang_) == "1500"  # a count is never grouped
    assert value_text(parse_value([10, 11]), lang_) == "10–11"
    assert value_text(parse_value({"min": 3}), lang_) == lang_.gettext("at least %(n)s") % {
        "n": "3"
    }


def test_country_and_language_names_are_localized():
    from dossier.wording import country
    from dossier.wording import language as language_name

    assert country("SY", language("ru")) == {"code": "SY", "name": "Сирия"}
    assert country("TR", language("de")) == {"code": "TR", "name": "Türkei"}
    assert country("TR", language("en")) == {"code": "TR", "name": "Türkiye"}  # pycountry's
    assert language_name("ru", language("tr")) == {"code": "ru", "name": "Rusça"}
    assert language_name("tr", language("ar")) == {
        "code": "tr",
        "name": Locale("ar").languages["tr"],
    }
    assert language_name("tr", language("en")) == {"code": "tr", "name": "Turkish"}


# A language with no catalog, and a theme's own messages ---------------------------------

INCIDENT = """---
title: Ataque perto de al-Bab
date: 2017-02-09
---
Três soldados.
"""


def _project(make_dossier, lang: str, extra: dict[str, str] | None = None) -> Path:  # type: ignore[no-untyped-def]
    return make_dossier(
        {
            "dossier.yml": f"title: Dossiê\nlanguage: {lang}\n",
            "content/incidents/strike.md": INCIDENT,
            **(extra or {}),
        }
    )


def test_a_language_with_no_catalog_builds_with_english_words_and_cldr_dates(make_dossier):
    root = _project(make_dossier, "pt-BR")
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        "dossier.yml:2:11: warning: dossier has no catalog for 'pt-BR': the site's own words "
        "are English and its dates and numbers CLDR's" in result.output
    )
    page = (root / "site" / "incidents" / "strike.html").read_text("utf-8")
    assert "9 de fevereiro de 2017" in page
    assert ">When<" in page and "Incidents" in page
    strict = CliRunner().invoke(main, ["check", "--strict", str(root)])
    assert strict.exit_code == 1 and "[ui-language]" in strict.output


@pytest.mark.parametrize("tag", ["tlh", "zz", "qaa-Latn", "und"])
def test_an_unknown_language_tag_builds_without_a_traceback(make_dossier, tag):
    root = _project(make_dossier, tag)
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "[ui-language]" in result.output
    page = (root / "site" / "incidents" / "strike.html").read_text("utf-8")
    assert re.search(r">(9 February 2017|February 9, 2017)<", page)


def test_a_shipped_language_does_not_warn(make_dossier):
    root = _project(make_dossier, "tr-TR")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "ui-language" not in result.output


OVERRIDE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Language: tr\\n"

msgid "Timeline"
msgstr "Kronoloji"

#, fuzzy
msgid "Search"
msgstr "Bir taslak"
"""


def test_a_projects_theme_overrides_one_message_read_from_its_po(make_dossier):
    po = "themes/default/locales/tr/LC_MESSAGES/messages.po"
    root = _project(make_dossier, "tr", {po: OVERRIDE})
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    home = (root / "site" / "index.html").read_text("utf-8")
    assert ">Kronoloji</a>" in home  # the theme's word
    assert ">Zaman çizelgesi<" not in home
    assert ">Olaylar</a>" in home  # the package's Turkish for the rest
    assert ">Arama</a>" in home and "Bir taslak" not in home  # a fuzzy message is not used


def test_a_theme_catalog_for_an_unshipped_language_is_used_and_not_warned(make_dossier):
    po = "themes/default/locales/pt/LC_MESSAGES/messages.po"
    text = OVERRIDE.replace("Language: tr", "Language: pt").replace("Kronoloji", "Cronologia")
    root = _project(make_dossier, "pt-BR", {po: text})
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert "ui-language" not in result.output
    assert ">Cronologia</a>" in (root / "site" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize("n", [10**25, -(10**40), 1e300, 1e-7, 123456789.125])
def test_any_number_is_worded_without_a_traceback(lang, n):
    """Babel cannot quantize past `decimal`'s 28 digits: such numbers are still written."""
    text = value_text(parse_value(n), language(lang))
    assert text and re.search(r"\d", text)


def test_a_constant_message_is_translated_when_the_template_is_compiled(tmp_path: Path) -> None:
    """`words.Constants`: `_("literal")` is the translation in the compiled template, and
    renders exactly as the newstyle call it replaces (markup, `%%` as `%`); a method named
    `_` and a string that merely follows `_` are left alone (a message with variables:
    `test_words.py`)."""
    import jinja2

    from dossier.render import environment

    (tmp_path / "templates").mkdir()
    source = (
        '{{ _("Sources") }}|{{ _("Sources")|length }}|{{ _("Back to citation %(number)s",'
        ' number="<1>") }}|{{ x._("Sources") }}|{{ y }}'
    )
    (tmp_path / "templates" / "t.html").write_text(source, encoding="utf-8")
    german = environment([tmp_path], language("de"))
    assert "yield 'Quellen'" in german.compile('{{ _("Sources") }}', raw=True)  # no call left
    plain = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_gettext_translations(language("de").translations, newstyle=True)  # type: ignore[attr-defined]
    for env in (german, plain):
        env.globals["x"] = type("X", (), {"_": staticmethod(lambda m: f"[{m}]")})()
    expected = plain.from_string(source).render(y="<&>")
    assert german.get_template("t.html").render(y="<&>") == expected
    assert expected.startswith("Quellen|7|") and "&lt;1&gt;" in expected
    assert expected.endswith("|[Sources]|&lt;&amp;&gt;")
