"""Markdown → HTML: one MarkdownIt instance, and the two syntax additions as its plugins.

- `[[id]]` and `[[id|text]]` link to any entry (the text defaults to its title);
- `[^id]`, where `id` is a source and no local footnote has that label, cites the source:
  a number per source, per page, in order of first use, shared with every other citation
  on the page (the key-figures table cites through the same `Citations`).

Raw HTML is never passed through (`html` is off) and links may only be relative, http,
https or mailto. Everything a rule needs about the page comes in `env["page"]`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from string import ascii_lowercase

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .refs import ENTRY_LINK, unsafe_scheme


@dataclass(frozen=True, slots=True)
class CiteMark:
    """One place that cites a source."""

    number: int
    anchor: str
    """The id of the citation in the page: `cite-2a`."""
    letter: str
    """`a`, `b`, ... : which of the source's citations on the page this is."""


@dataclass
class Note:
    """One source's note at the foot of a page, with every place that cites it."""

    number: int
    source: str
    marks: list[CiteMark] = field(default_factory=list)


class Citations:
    """The numbered sources of one page, in order of first use."""

    def __init__(self) -> None:
        self.notes: dict[str, Note] = {}

    def cite(self, source: str) -> CiteMark:
        note = self.notes.get(source)
        if note is None:
            note = self.notes[source] = Note(len(self.notes) + 1, source)
        index = len(note.marks)
        letter = _letters(index)
        mark = CiteMark(note.number, f"cite-{note.number}{letter}", letter)
        note.marks.append(mark)
        return mark


def _letters(index: int) -> str:
    """a, b, ... z, aa, ab, ...: the back-link labels Wikipedia uses."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = ascii_lowercase[rest] + out
    return out


@dataclass
class PageContext:
    """What the rules need to know about the page being rendered."""

    href: Callable[[str], str | None]
    """An entry id → its URL relative to this page, None if no such entry."""
    title: Callable[[str], str]
    """An entry id → its title."""
    is_source: Callable[[str], bool]
    citations: Citations
    cite_label: Callable[[str], str]
    """A source id → words for a screen reader: `Daily Sabah, "Title"`."""


def create() -> MarkdownIt:
    """The one parser: CommonMark with tables, local footnotes, heading anchors, our rules."""
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _safe_link  # type: ignore[method-assign]
    md.use(footnote_plugin, inline=False)
    md.use(anchors_plugin, min_level=2, max_level=4, permalink=False)
    md.use(entry_links_plugin)
    md.use(citations_plugin)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("footnote_block_open", _render_footnote_block_open)
    md.add_render_rule("footnote_anchor", _render_footnote_anchor)
    md.add_render_rule("image", _render_image)
    return md


def render(md: MarkdownIt, body: str, page: PageContext) -> str:
    return str(md.render(body, {"page": page}))


def _safe_link(url: str) -> bool:
    return unsafe_scheme(url) is None


_CITE = re.compile(r"\[\^([^\]\s]+)\]")


def entry_links_plugin(md: MarkdownIt) -> None:
    """`[[id]]` and `[[id|text]]`."""
    md.inline.ruler.before("link", "entry_link", _entry_link)
    md.add_render_rule("entry_link", _render_entry_link)


def _entry_link(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    m = ENTRY_LINK.match(state.src, state.pos)
    if m is None:
        return False
    if not silent:
        token = state.push("entry_link", "a", 0)
        text = " ".join(m[2].split()) if m[2] else None
        token.meta = {"id": m[1].strip(), "text": text}
    state.pos = m.end()
    return True


def _render_entry_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    page: PageContext = env["page"]
    meta = tokens[idx].meta
    target, text = meta["id"], meta["text"]
    href = page.href(target)
    label = html.escape(text if text is not None else page.title(target) if href else target)
    if href is None:
        return f'<span class="broken-link">{label}</span>'
    return f'<a class="entry-link" href="{html.escape(href)}">{label}</a>'


def citations_plugin(md: MarkdownIt) -> None:
    """`[^id]` cites the source `id` unless the body defines a footnote `[^id]:`."""
    md.inline.ruler.after("footnote_ref", "cite", _cite)
    md.add_render_rule("cite", _render_cite)


def _cite(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[^", state.pos):
        return False
    m = _CITE.match(state.src, state.pos)
    page: PageContext | None = state.env.get("page")
    if m is None or page is None or not page.is_source(m[1]):
        return False
    if not silent:
        token = state.push("cite", "sup", 0)
        token.meta = {"source": m[1]}
    state.pos = m.end()
    return True


def _render_cite(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    page: PageContext = env["page"]
    source = tokens[idx].meta["source"]
    return cite_html(page.citations.cite(source), source, page.cite_label(source))


def cite_html(mark: CiteMark, source: str, label: str) -> str:
    """An in-text citation: a superscript number linking to the source's note."""
    return (
        f'<sup class="cite" id="{mark.anchor}"><a href="#note-{mark.number}" '
        f'data-cite="{html.escape(source)}" '
        f'aria-label="Source {mark.number}: {html.escape(label)}">[{mark.number}]</a></sup>'
    )


def _footnote_ids(token: Token) -> tuple[int, str]:
    """A local footnote's number, and the id of this reference to it (`fnref2:1`)."""
    n = int(token.meta["id"]) + 1
    sub = token.meta.get("subId", 0)
    return n, f"fnref{n}" + (f":{sub}" if sub > 0 else "")


def _render_footnote_ref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    n, ref_id = _footnote_ids(tokens[idx])
    return (
        f'<sup class="footnote-ref"><a href="#fn{n}" id="{ref_id}" '
        f'aria-label="Note {n}">[note {n}]</a></sup>'
    )


def _render_footnote_block_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<section class="footnotes">\n<h2 class="footnotes-title">Notes</h2>\n<ol>\n'


def _render_footnote_anchor(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    n, ref_id = _footnote_ids(tokens[idx])
    return (
        f' <a href="#{ref_id}" class="footnote-backref" '
        f'aria-label="Back to the text of note {n}">↩</a>'
    )


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Images from outside the site become links: a page never loads anything from outside."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", src) or src.startswith("//"):
        return f'<a class="external-image" href="{html.escape(src)}">{html.escape(alt)}</a>'
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
