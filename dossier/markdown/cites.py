"""The numbered sources of a page: one note per source, a lettered mark per citation.

Numbers are given in reading order by the parser's `number_citations` core rule (and by the
views, for the citations outside the body, such as the key-figures table), never while
HTML is written.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from string import ascii_lowercase


@dataclass(frozen=True, slots=True)
class CiteMark:
    """One place that cites a source."""

    number: int
    """The number of the source's note on the page."""
    anchor: str
    """The id of the citation in the page: `cite-2a`."""
    letter: str
    """`a`, `b`, ... : which of the source's citations on the page this is."""


@dataclass
class Note:
    """One source's note at the foot of a page, with every place that cites it."""

    number: int
    """Its number: sources are numbered by first use on the page."""
    source: str
    """The id of the source."""
    marks: list[CiteMark] = field(default_factory=list)
    """Every citation of the source on the page, in reading order."""


class Citations:
    """The numbered sources of one page, in order of first use."""

    def __init__(self) -> None:
        self.notes: dict[str, Note] = {}
        """Source id → its note, in order of first use."""
        self.cited: list[str] = []
        """The source of every citation, in reading order."""

    def cite(self, source: str) -> CiteMark:
        """Number one more citation of `source`: its note's number and its own letter."""
        note = self.notes.get(source)
        if note is None:
            note = self.notes[source] = Note(len(self.notes) + 1, source)
        letter = _letters(len(note.marks))
        mark = CiteMark(note.number, f"cite-{note.number}{letter}", letter)
        note.marks.append(mark)
        self.cited.append(source)
        return mark


def _letters(index: int) -> str:
    """a, b, ... z, aa, ab, ...: the back-link labels Wikipedia uses."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = ascii_lowercase[rest] + out
    return out


def cite_html(mark: CiteMark, source: str, label: str, gettext: Callable[[str], str] = str) -> str:
    """An in-text citation: a superscript number linking to the source's note (its
    `aria-label` in the site's language, through `gettext`)."""
    _ = gettext
    words = _("Source %(number)s: %(source)s") % {"number": mark.number, "source": label}
    return (
        f'<sup class="cite" id="{mark.anchor}"><a href="#note-{mark.number}" '
        f'data-cite="{html.escape(source)}" data-note="{mark.number}" '
        f'aria-label="{html.escape(words)}">[{mark.number}]</a></sup>'
    )
