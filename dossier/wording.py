"""How the site words things for a reader: dates at their precision, values, labels."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from .i18n import ENGLISH, N_, Language, primary
from .kinds import Kind
from .model import Entry, Page
from .values import PartialDate, Value, ValueKind, written_text

KIND_LABELS = {
    Kind.INCIDENT: (N_("Incident"), N_("Incidents")),
    Kind.ACTOR: (N_("Actor"), N_("Actors")),
    Kind.PLACE: (N_("Place"), N_("Places")),
    Kind.SOURCE: (N_("Source"), N_("Sources")),
    Kind.PAGE: (N_("Page"), N_("Pages")),
}
"""Each kind's name, one and many, in English: `kind_label` gives them in a language."""
CONFIDENTIAL = N_("A confidential source")
"""How the public site and export name an internal source (SPEC §9); the export and the
data files keep the English, the site's pages say it in the site's language."""

FILE_KIND_LABELS = {
    "pdf": N_("PDF"),
    "screenshot": N_("Screenshot"),
    "image": N_("Image"),
    "video": N_("Video"),
    "archive": N_("Web archive"),
    "document": N_("Document"),
    "other": N_("Other"),
}
"""A preserved copy's `kind`, as the source's page names it."""

SOURCE_KINDS = {
    "news": N_("News"),
    "statement": N_("Statement"),
    "report": N_("Report"),
    "social": N_("Social"),
    "document": N_("Document"),
    "other": N_("Other"),
}
"""A source's `kind`, as its page names it."""

ACTOR_KINDS = {
    "person": N_("Person"),
    "organization": N_("Organization"),
    "state": N_("State"),
    "armed-group": N_("Armed group"),
    "media": N_("Media"),
    "other": N_("Other"),
}
"""An actor's `kind`, as its page names it."""

RELIABILITY = {
    "A": N_("completely reliable"),
    "B": N_("usually reliable"),
    "C": N_("fairly reliable"),
    "D": N_("not usually reliable"),
    "E": N_("unreliable"),
    "F": N_("reliability cannot be judged"),
}
"""The Admiralty scale's grades of a source."""


def kind_label(kind: Kind, lang: Language, plural: bool = False) -> str:
    """`Incident`, or `Incidents` with `plural`, in the language."""
    return lang.gettext(KIND_LABELS[kind][1 if plural else 0])


def date_text(date: PartialDate, lang: Language = ENGLISH) -> str:
    """A date as a reader says it, at its precision: `November 2015`, `24 November 2015`."""
    return lang.date(date)


def value_text(value: Value, lang: Language = ENGLISH) -> str:
    """A claimed value as a reader reads it: `10–11`, `at least 3`, `November 2015`, `yes`."""
    if value.kind is ValueKind.BOOLEAN:
        return lang.gettext("yes") if value.written else lang.gettext("no")
    if value.kind is ValueKind.DATE:
        return "–".join(lang.date(d) for d in value.dates)
    if value.kind is ValueKind.TEXT:
        return str(value)
    return _number_text(value.written, lang)


def _number_text(written: object, lang: Language) -> str:
    def number(n: int | float) -> str:
        return lang.number(n) if isinstance(n, int) or not n.is_integer() else str(n)

    def bound(key: str, text: str) -> str:
        words = lang.gettext("at least %(n)s") if key == "min" else lang.gettext("at most %(n)s")
        return words % {"n": text}

    return written_text(written, number, bound)


def label(slug: str) -> str:
    """`killed` → `Killed`, `shoot-down-date` → `Shoot-down date`."""
    words = slug.replace("-", " ")
    return words[:1].upper() + words[1:]


def when(date: PartialDate | None, lang: Language = ENGLISH) -> dict[str, str] | None:
    """A date for `<time datetime=...>`: machine form and reader's form."""
    if date is None:
        return None
    return {"iso": date.text, "text": lang.date(date), "precision": str(date.precision)}


def authors(author: str | list[str] | None) -> str | None:
    """A source's author or authors as one line: `A. Writer, B. Writer`."""
    if author is None:
        return None
    return author if isinstance(author, str) else ", ".join(author)


def country(code: str | None, lang: Language = ENGLISH) -> dict[str, str] | None:
    """An ISO 3166-1 alpha-2 code with its name for a reader: `TR` → Türkiye."""
    if code is None:
        return None
    return {"code": code, "name": lang.country(code, _country_name(code))}


@cache
def _country_name(code: str) -> str:
    """pycountry's name for a country (a look-up in its table: a site names a few
    countries on thousands of pages)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or getattr(country, "name", code))


def order(entry: Entry) -> int:
    """Where a page sorts in the navigation: by its `order`, the rest after."""
    data = entry.data
    return data.order if isinstance(data, Page) and data.order is not None else 10**6


def language(tag: str | None, lang: Language = ENGLISH) -> dict[str, str] | None:
    """A BCP 47 tag with its name for a reader: `tr` → Turkish."""
    if tag is None:
        return None
    english = iso_639_name(primary(tag)) or tag
    return {"code": tag, "name": lang.language_name(tag, english)}


@cache
def iso_639_name(code: str) -> str | None:
    """The English name ISO 639 gives the language `code` (two letters or three), from
    pycountry's table.

    Only that language's record is read out of the table: the whole of it, as
    `pycountry.languages` loads it, is 4 MB more in every process that renders."""
    import pycountry

    key = "alpha_2" if len(code) == 2 else "alpha_3"
    table = Path(pycountry.DATABASE_DIR, "iso639-3.json").read_text("utf-8")
    value = re.escape(json.dumps(code.lower()))
    found = re.search(r'\{[^{}]*"' + key + r'":\s*' + value + r"[^{}]*\}", table)
    return str(json.loads(found.group())["name"]) if found else None
