"""What the pages show of the history: an entry's last change and corrections, and the
corrections page (SPEC §11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..history import Correction
from ..i18n import N_, Language
from ..values import parse_date
from ..wording import date_text, label, value_text
from .parts import Link, Parts

WITHDRAWN = N_("withdrawn")
"""A withdrawn claim's new value, as the site says it."""


@dataclass(frozen=True, slots=True)
class Day:
    """A commit's day for `<time datetime=...>`."""

    iso: str
    text: str


@dataclass(frozen=True, slots=True)
class CorrectionView:
    """One correction: which figure, when, from what to what, and why."""

    hook: str
    """`<subject>:<about>`, for `data-correction`."""
    date: Day
    figure: str
    """The property as a reader reads it, `Killed` (`Killed, preferred value`)."""
    old: str
    new: str
    """The new value, or `withdrawn`."""
    withdrawn: bool
    message: str
    """The first line of the commit's message."""
    commit: str
    """The commit's id, short."""
    entry: Link | None
    """The entry it is about; None when that entry was removed."""
    title: str
    """The entry's title (for a removed entry, its last one)."""
    sources: tuple[Link, ...]
    """The sources of the claim that changed."""


@dataclass(frozen=True, slots=True)
class EntryHistory:
    """An entry's own history, as its page shows it."""

    changed: Day | None
    """The day of the last commit that changed its file; None before its first commit."""
    corrections: tuple[CorrectionView, ...]


@dataclass(frozen=True, slots=True)
class Corrections:
    """The corrections page."""

    section: str
    title: str
    corrections: tuple[CorrectionView, ...]


def day(d: date, lang: Language) -> Day:
    """A day, worded as the site words dates."""
    return Day(d.isoformat(), date_text(parse_date(d.isoformat()), lang))


def entry_history(parts: Parts, id_: str, url: str) -> EntryHistory | None:
    """The entry's last change and its corrections; None when the site has no history."""
    found = parts.reads.history_of(id_)
    if found is None:
        return None
    dates, corrections = found
    changed = day(dates.changed.day, parts.reads.lang) if dates else None
    return EntryHistory(changed, tuple(correction(parts, c, url) for c in corrections))


def corrections(parts: Parts, url: str) -> Corrections:
    """Every correction, newest first."""
    shown = tuple(correction(parts, c, url) for c in parts.reads.corrections())
    return Corrections("corrections", parts.reads.lang.gettext("Corrections"), shown)


def correction(parts: Parts, c: Correction, url: str) -> CorrectionView:
    """One correction as a page lists it."""
    reads, lang = parts.reads, parts.reads.lang
    entry = parts.link(c.subject, url) if reads.has(c.subject) else None
    figure = label(c.about)
    if c.preferred:
        figure = lang.gettext("%(figure)s, preferred value") % {"figure": figure}
    return CorrectionView(
        hook=c.hook,
        date=day(c.commit.day, lang),
        figure=figure,
        old=value_text(c.old, lang),
        new=value_text(c.new, lang) if c.new is not None else lang.gettext(WITHDRAWN),
        withdrawn=c.new is None,
        message=c.commit.title,
        commit=c.commit.id[:12],
        entry=entry,
        title=entry.title if entry else reads.gone_title(c.subject),
        sources=parts.links(list(c.sources), url),
    )
