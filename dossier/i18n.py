"""The language the site writes in (SPEC §10): its messages and CLDR's ways with dates,
numbers and names.

A `Language` is made once per build from `dossier.yml`'s `language` and the project's theme:
the package's compiled catalog (`dossier/locales/<lang>/LC_MESSAGES/messages.mo`), under the
messages a project's theme overrides (`themes/<name>/locales/<lang>/LC_MESSAGES/messages.po`,
read as it is). A language with no shipped catalog writes English words (`ui-language`), with
CLDR's dates and numbers when Babel knows it. Diagnostics are never translated.

English keeps the words and dates the site has always written: `en` (and `en-GB`) formats
with `en_GB`'s CLDR patterns, `9 February 2017`, not the American `February 9, 2017`.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from babel.support import Translations

from . import scripts
from .values import PartialDate, Precision

if TYPE_CHECKING:
    from .config import Config

LOCALES = Path(__file__).resolve().parent / "locales"
"""The package's catalogs: `messages.pot` and `<lang>/LC_MESSAGES/messages.{po,mo}`."""

SHIPPED = ("ar", "de", "en", "es", "fr", "ru", "tr", "uk")
"""The languages whose catalogs the package ships (SPEC §10)."""

SKELETONS = {Precision.YEAR: "y", Precision.MONTH: "yMMMM", Precision.DAY: "yMMMMd"}
"""CLDR skeletons for a date at each precision; a date-time adds `Hm` (docs/languages.md)."""

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def N_(message: str) -> str:
    """Mark a message for extraction, translated later where it is shown."""
    return message


def primary(tag: str) -> str:
    """`pt-BR` → `pt`, `TR` → `tr`."""
    return tag.replace("_", "-").split("-")[0].lower()


def cldr_locale(tag: str) -> Locale | None:
    """Babel's locale for a BCP 47 tag; `en` is `en_GB`; None when CLDR does not know it."""
    parts = tag.replace("_", "-").split("-")
    if primary(tag) == "en" and (len(parts) == 1 or parts[1].upper() == "GB"):
        return Locale("en", "GB")
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse(primary(tag))
        except (UnknownLocaleError, ValueError, TypeError):
            return None


def catalog_language(tag: str) -> str | None:
    """The shipped catalog a tag is written with (`tr-TR` → `tr`), or None."""
    found = primary(tag)
    return found if found in SHIPPED else None


@dataclass(frozen=True)
class Language:
    """The dossier's language: its translations and its CLDR locale."""

    tag: str
    """As `dossier.yml` writes it (the page's `lang`)."""
    translations: gettext.NullTranslations
    locale: Locale
    """CLDR's data; English's (`en_GB`) when CLDR does not know the tag."""
    shipped: bool
    """Whether a catalog, the package's or the project theme's, gives the words (else they
    are English: `ui-language`)."""

    @property
    def direction(self) -> scripts.Direction:
        """`rtl` or `ltr`, from CLDR (`scripts.direction`)."""
        return scripts.direction(self.tag)

    def gettext(self, message: str) -> str:
        """One message in this language."""
        return self.translations.gettext(message)

    def isolate(self, text: str, lang: str | None = None) -> str:
        """` dir="auto"` for a text in another language (`lang`, when known) or written in
        another direction than the page, else nothing: an English title on an English page
        needs no isolation, an Arabic one does (SPEC §10, docs/direction.md)."""
        foreign = lang is not None and primary(lang) != primary(self.tag)
        return ' dir="auto"' if foreign or scripts.against(text, self.direction) else ""

    def pgettext(self, context: str, message: str) -> str:
        """One message in this language, in a context (`compass`: `N`)."""
        return self.translations.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a message for `n`, by the language's plural rules."""
        return self.translations.ngettext(singular, plural, n)

    def count(self, singular: str, plural: str, n: int) -> str:
        """`3 sources`: the form for `n`, with `%(n)s` as the language writes the number."""
        return self.ngettext(singular, plural, n) % {"n": self.number(n)}

    def number(self, n: float) -> str:
        """A number as the language writes it; no grouping, every decimal kept. A whole
        number is its digits (Babel writes Latin ones, ungrouped, for every shipped language,
        and cannot quantize one past 28 digits)."""
        if isinstance(n, int):
            return str(n)
        try:
            return format_decimal(
                n, locale=self.locale, group_separator=False, decimal_quantization=False
            )
        except (ArithmeticError, ValueError):  # past `decimal`'s precision: Python's digits
            return str(n).replace(".", self.locale.number_symbols["latn"]["decimal"])

    def year(self, year: int) -> str:
        """A year alone, as the timeline heads its sections."""
        return format_skeleton("y", dt.date(year, 1, 1), locale=self.locale)

    def date(self, date: PartialDate) -> str:
        """A date at its precision: `9 February 2017`, `Şubat 2017`, `Kasım 2015`;
        a moment with its offset: `24 November 2015, 14:30 UTC+03:00`."""
        return _date_text(self, date)

    def _date(self, date: PartialDate) -> str:
        first = date.first
        skeleton = SKELETONS.get(date.precision, SKELETONS[Precision.DAY])
        text = format_skeleton(skeleton, first, locale=self.locale)
        if date.moment is None:
            return text
        time = format_skeleton("Hm", date.moment, locale=self.locale)
        pattern = str(self.locale.datetime_formats.get("medium", "{1} {0}"))
        return pattern.replace("{1}", text).replace("{0}", time) + " " + self.zone(date.moment)

    def zone(self, moment: dt.datetime) -> str:
        """`UTC`, `UTC+03:00`, the offset in the language's digits."""
        offset = moment.utcoffset() or dt.timedelta(0)
        if not offset:
            return self.gettext("UTC")
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        hours, mins = divmod(abs(minutes), 60)
        digits = self.digits(f"{hours:02d}"), self.digits(f"{mins:02d}")
        return self.gettext("UTC%(offset)s") % {"offset": f"{sign}{digits[0]}:{digits[1]}"}

    def digits(self, text: str) -> str:
        """Latin digits in the language's own, as CLDR formats a number."""
        return "".join(self.number(int(c)) if c.isdigit() else c for c in text)

    def country(self, code: str, english: str) -> str:
        """A country's name in the language (CLDR), else `english` (pycountry's)."""
        if primary(self.tag) == "en":
            return english
        return str(self.locale.territories.get(code.upper(), english))

    def language_name(self, tag: str, english: str) -> str:
        """A language's name in the language (CLDR), else `english`."""
        if primary(self.tag) == "en":
            return english
        names = self.locale.languages
        found = names.get(tag.replace("-", "_")) or names.get(primary(tag))
        return str(found or english)

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """A counted message's form for each CLDR plural category of the language (for the
        browser's `Intl.PluralRules`), worked out from the catalog with a number of each
        category; `%(n)s` stands where the number goes."""
        forms = {
            tag: self.ngettext(singular, plural, sample)
            for tag, sample in plural_samples(self.locale)
        }
        forms.setdefault("other", self.ngettext(singular, plural, 10**6 + 5))
        return forms


@functools.cache
def plural_samples(locale: Locale) -> tuple[tuple[str, int], ...]:
    """A number of each CLDR plural category the locale has, the smallest, in the order of
    `PLURAL_CATEGORIES` (found once: the search tries a thousand numbers for a category
    the language does not have)."""
    rule = locale.plural_form
    found = (
        (tag, next((n for n in range(0, 1200) if rule(n) == tag), None))
        for tag in PLURAL_CATEGORIES
    )
    return tuple((tag, n) for tag, n in found if n is not None)


ENGLISH_LOCALE = Locale("en", "GB")


def package_translations(lang: str | None) -> gettext.NullTranslations:
    """A shipped catalog, compiled; an identity one for English words otherwise."""
    if lang is None:
        return gettext.NullTranslations()
    mo = LOCALES / lang / "LC_MESSAGES" / "messages.mo"
    with mo.open("rb") as fp:
        return Translations(fp, domain="messages")


def theme_catalog(theme_dir: Path, tag: str) -> Path | None:
    """A project theme's own messages for the language: its `.po`, tag first, then the
    primary language (`pt-BR`, then `pt`)."""
    for name in dict.fromkeys((tag, tag.replace("-", "_"), primary(tag))):
        po = theme_dir / "locales" / name / "LC_MESSAGES" / "messages.po"
        if po.is_file():
            return po
    return None


def read_override(po: Path, base: gettext.NullTranslations) -> gettext.NullTranslations:
    """A theme's `.po`, read as it is (no compile step for the user), over `base`."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # only translated, non-fuzzy messages
    buffer.seek(0)
    override = Translations(buffer, domain="messages")
    override.add_fallback(base)
    return override


@functools.lru_cache(maxsize=32)
def _language(tag: str, override: Path | None, stamp: float) -> Language:
    shipped = catalog_language(tag)
    translations = package_translations(shipped)
    if override is not None:
        translations = read_override(override, translations)
    locale = cldr_locale(tag) or ENGLISH_LOCALE
    return Language(tag, translations, locale, shipped is not None or override is not None)


def language(tag: str, theme_dir: Path | None = None) -> Language:
    """The language `tag` (a BCP 47 tag), with the messages of the project's theme folder."""
    po = theme_catalog(theme_dir, tag) if theme_dir is not None else None
    return _language(tag, po, po.stat().st_mtime if po is not None else 0.0)


def project_language(root: Path, config: Config | None) -> Language:
    """The language of the project at `root`: `dossier.yml`'s, with its theme's messages."""
    if config is None:
        return language("en")
    return language(config.language, root / "themes" / config.theme)


ENGLISH = language("en")
"""The default, and the language of tests that need one."""


@functools.lru_cache(maxsize=1 << 16)
def _date_text(lang: Language, date: PartialDate) -> str:
    """`Language.date`, worked out once per language and date: a build words the same
    dates on many pages, and Babel matches a skeleton to a pattern on every call."""
    return lang._date(date)
