"""The briefing edition (SPEC section 14): the whole dossier as one document, to read away
from the site, as a PDF or as one self-contained HTML file.

One document, one numbering: its citations share one `Citations`, in reading order (the
incidents in date order, then the actors, places, sources and pages), so every note number
and every anchor is unique in the file. A link to an entry is a link to its section in the
document (`#entry-<id>`). For the PDF, each citation is followed by its source's note, which
the print style floats into a footnote on the page where it is cited.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt

from .. import markdown
from ..kinds import Kind
from ..scripts import direction
from ..wording import CONFIDENTIAL, authors, date_text, kind_label
from .entries import Facts, entry_facts
from .figures import Figure, figures
from .parts import Link, Note, Parts, confidential_words
from .reads import Reads

PAGE = "briefing.html"
"""The document's own name: every link in it is an anchor of this one page."""

ORDER = (Kind.INCIDENT, Kind.ACTOR, Kind.PLACE, Kind.SOURCE, Kind.PAGE)
"""The parts of the document, in reading order."""


def anchor(id_: str) -> str:
    """The id of an entry's section in the document."""
    return f"entry-{id_}"


@dataclass(frozen=True, slots=True)
class Section:
    """One entry in the document."""

    id: str
    anchor: str
    kind: str
    kind_label: str
    title: str
    summary: str | None
    aliases: tuple[str, ...]
    note: str | None
    figures: tuple[Figure, ...]
    body: str
    """The narrative, as HTML."""
    facts: Facts


@dataclass(frozen=True, slots=True)
class Part:
    """The entries of one kind: Incidents, Actors, ..."""

    title: str
    anchor: str
    kind: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything the briefing shows, in order."""

    title: str
    description: str | None
    author: str | None
    license: str | None
    language: str
    direction: str
    """`ltr` or `rtl`, from the language."""
    stamp: str
    """What edition this is: the commit it was made from, or the date it was made."""
    audience: str
    paged: bool
    """For the PDF: source notes as page footnotes; else as notes at the end."""
    parts: tuple[Part, ...]
    notes: tuple[Note, ...]
    """The numbered source notes, at the end of the HTML edition."""
    contradiction_count: int


class BriefingParts(Parts):
    """`Parts` for one document: links to sections, and (paged) notes after citations."""

    def __init__(self, reads: Reads, md: MarkdownIt, paged: bool) -> None:
        super().__init__(reads, md)
        self.paged = paged

    def link(self, id_: str, page: str) -> Link:
        """The entry as a link to its section (a confidential source has none)."""
        found = super().link(id_, page)
        return replace(found, href=f"#{anchor(id_)}") if found.href else found

    def cite_note(self, source: str) -> str:
        """The source's note as a footnote of the PDF: publisher, title, date, URLs."""
        if not self.paged:
            return ""
        entry = self.reads.shown(source)
        if entry.confidential:
            words = confidential_words(entry.data, self.reads.lang)
            name = self.reads.lang.gettext(CONFIDENTIAL)
            text = html.escape(name + (f" ({words})" if words else "")) + "."
            return f'<span class="footnote">{text}</span>'
        data = self.reads.source(source)
        out = [f"{html.escape(data.publisher)}, " if data.publisher else ""]
        out.append(f'<a href="#{anchor(source)}">“{html.escape(entry.title)}”</a>')
        if data.author:
            out.append(f", {html.escape(authors(data.author) or '')}")
        if data.published:
            out.append(f", {html.escape(date_text(data.published, self.reads.lang))}")
        out.append(".")
        if data.url:
            out.append(
                f' <a class="url" href="{html.escape(data.url)}">{html.escape(data.url)}</a>'
            )
        if data.archive_url:
            url = html.escape(data.archive_url)
            archived = html.escape(self.reads.lang.gettext("Archived:"))
            out.append(f' {archived} <a class="url" href="{url}">{url}</a>')
        return f'<span class="footnote">{"".join(out)}</span>'


def briefing(reads: Reads, md: MarkdownIt, *, paged: bool, stamp: str, audience: str) -> Briefing:
    """The view of the whole document."""
    parts = BriefingParts(reads, md, paged)
    citations = markdown.Citations()
    built = []
    for kind in ORDER:
        ids = [i for i in reads.ids(kind) if not reads.shown(i).confidential]
        if kind is Kind.INCIDENT:
            ids = parts.dated(ids, newest_first=False)
        else:
            ids = sorted(ids, key=lambda i: (reads.shown(i).title.casefold(), i))
        if ids:
            sections = tuple(_section(parts, i, citations) for i in ids)
            label = kind_label(kind, reads.lang, True)
            built.append(Part(label, f"part-{kind.folder}", str(kind), sections))
    config = reads.config
    language = config.language if config else "en"
    return Briefing(
        title=config.title if config else "Dossier",
        description=config.description if config else None,
        author=config.author if config else None,
        license=config.license if config else None,
        language=language,
        direction=direction(language),
        stamp=stamp,
        audience=audience,
        paged=paged,
        parts=tuple(built),
        notes=parts.notes(citations, PAGE),
        contradiction_count=len(reads.contradictions()),
    )


def _section(parts: BriefingParts, id_: str, citations: markdown.Citations) -> Section:
    """One entry, its citations numbered after everything before it in the document."""
    entry = parts.reads.entry(id_)
    data = entry.data
    shown = figures(parts, id_, PAGE, citations)
    text = entry.body
    body = parts.body(text, PAGE, citations, entry.path).html if text.strip() else ""
    return Section(
        id=id_,
        anchor=anchor(id_),
        kind=str(entry.kind),
        kind_label=kind_label(entry.kind, parts.reads.lang),
        title=entry.title,
        summary=data.summary,
        aliases=tuple(data.aliases),
        note=data.note,
        figures=shown,
        body=body,
        facts=entry_facts(parts, entry, PAGE, citations),
    )
