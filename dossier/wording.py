"""How the site words things for a reader: dates at their precision, values, labels."""

from __future__ import annotations

from .kinds import Kind
from .model import Entry, Page
from .values import PartialDate, Precision, Value, ValueKind

KIND_LABELS = {
    Kind.INCIDENT: ("Incident", "Incidents"),
    Kind.ACTOR: ("Actor", "Actors"),
    Kind.PLACE: ("Place", "Places"),
    Kind.SOURCE: ("Source", "Sources"),
    Kind.PAGE: ("Page", "Pages"),
}
CONFIDENTIAL = "A confidential source"
"""How the public site and export name an internal source (SPEC §9)."""

FILE_KIND_LABELS = {
    "pdf": "PDF",
    "screenshot": "Screenshot",
    "image": "Image",
    "video": "Video",
    "archive": "Web archive",
    "document": "Document",
    "other": "Other",
}
"""A preserved copy's `kind`, as the source's page names it."""

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def date_text(date: PartialDate) -> str:
    """A date as a reader says it, at its precision: `November 2015`, `24 November 2015`."""
    first = date.first
    if date.precision is Precision.YEAR:
        return str(first.year)
    if date.precision is Precision.MONTH:
        return f"{_MONTHS[first.month - 1]} {first.year}"
    day = f"{first.day} {_MONTHS[first.month - 1]} {first.year}"
    if date.moment is None:
        return day
    offset = date.moment.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{day}, {date.moment.strftime('%H:%M')} {zone}"


def value_text(value: Value) -> str:
    """A claimed value as a reader reads it: `10–11`, `at least 3`, `November 2015`, `yes`."""
    if value.kind is ValueKind.BOOLEAN:
        return "yes" if value.written else "no"
    if value.kind is ValueKind.DATE:
        return "–".join(date_text(d) for d in value.dates)
    return str(value)


def label(slug: str) -> str:
    """`killed` → `Killed`, `shoot-down-date` → `Shoot-down date`."""
    words = slug.replace("-", " ")
    return words[:1].upper() + words[1:]


def when(date: PartialDate | None) -> dict[str, str] | None:
    """A date for `<time datetime=...>`: machine form and reader's form."""
    if date is None:
        return None
    return {"iso": date.text, "text": date_text(date), "precision": str(date.precision)}


def authors(author: str | list[str] | None) -> str | None:
    """A source's author or authors as one line: `A. Writer, B. Writer`."""
    if author is None:
        return None
    return author if isinstance(author, str) else ", ".join(author)


def country(code: str | None) -> dict[str, str] | None:
    """An ISO 3166-1 alpha-2 code with its name for a reader: `TR` → Türkiye."""
    if code is None:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    name = str(getattr(country, "common_name", None) or getattr(country, "name", code))
    return {"code": code, "name": name}


def order(entry: Entry) -> int:
    """Where a page sorts in the navigation: by its `order`, the rest after."""
    data = entry.data
    return data.order if isinstance(data, Page) and data.order is not None else 10**6


def language(tag: str | None) -> dict[str, str] | None:
    """A BCP 47 tag with its name for a reader: `tr` → Turkish."""
    if tag is None:
        return None
    import pycountry

    primary = tag.split("-")[0].lower()
    found = pycountry.languages.get(alpha_2=primary) if len(primary) == 2 else None
    found = found or pycountry.languages.get(alpha_3=primary)
    return {"code": tag, "name": str(getattr(found, "name", tag))}
