"""The one MarkdownIt configuration, and the two syntax additions as its plugins.

- `[[id]]` and `[[id|text]]` link to any entry (the text defaults to its title);
- `[^id]`, where `id` is a source and no local footnote has that label, cites the source:
  a number per source, per page, in order of first use, shared with every other citation
  on the page (the key-figures table cites through the same `Citations`).

Raw HTML is never passed through (`html` is off) and links may only be relative, http,
https or mailto. Everything a rule needs about the page comes in `env["page"]`. Parsing
decides everything (which source a citation is, its number); the render rules only read
what the tokens carry.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .cites import Citations, cite_html
from .local import Local, local_plugin
from .syntax import CITE, ENTRY_LINK, entry_text, unsafe_scheme

SCAN = "dossier_scan"
"""The env key that says a parse is `dossier check`'s: every `[^label]` that is no local
footnote is a citation candidate, whether or not the label names a source."""


@dataclass
class PageContext:
    """What the rules need to know about the page being rendered."""

    href: Callable[[str], str | None]
    """An entry id → its URL relative to this page, None if no such entry."""
    title: Callable[[str], str]
    """An entry id → its title."""
    is_source: Callable[[str], bool]
    """An id → whether it names a source (and so `[^id]` cites it)."""
    citations: Citations
    """The page's numbered sources, which the body's citations add to."""
    cite_label: Callable[[str], str]
    """A source id → words for a screen reader: `Daily Sabah, "Title"`."""
    cite_hook: Callable[[str], str] = str
    """A source id → what its citations' `data-cite` says (`confidential` hides an id)."""
    cite_note: Callable[[str], str] | None = None
    """A source id → HTML put right after each citation of it: the briefing's page
    footnotes (`float: footnote`); the site has none."""
    local: Callable[[str], Local | None] = lambda url: None
    """A link's or image's URL → the file of the project it names, as the site holds it;
    None for a URL that names none (`local.Local`)."""


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
    md.use(local_plugin)
    return md


def _safe_link(url: str) -> bool:
    return unsafe_scheme(url) is None


def entry_links_plugin(md: MarkdownIt) -> None:
    """`[[id]]` and `[[id|text]]`."""
    md.inline.ruler.before("link", "entry_link", _entry_link)
    md.add_render_rule("entry_link", _render_entry_link)


def _entry_link(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    m = ENTRY_LINK.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    if not silent:
        token = state.push("entry_link", "a", 0)
        # `pos` is where it starts in the inline source: `dossier check` locates it so.
        token.meta = {"id": m[1].strip(), "text": entry_text(m[2]), "pos": state.pos}
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
    # Ahead of `link`, which would otherwise try every `[^id]` as a link label first.
    md.inline.ruler.before("link", "cite", _cite)
    # After the footnotes are moved to the end: the tokens are then in reading order.
    md.core.ruler.after("footnote_tail", "number_citations", number_citations)
    md.add_render_rule("cite", _render_cite)


def _cite(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[^", state.pos):
        return False
    m = CITE.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    env = state.env
    if ":" + m[1] in env.get("footnotes", {}).get("refs", {}):
        return False  # a local footnote: the footnote plugin's `footnote_ref` takes it
    page: PageContext | None = env.get("page")
    if not (page.is_source(m[1]) if page is not None else env.get(SCAN, False)):
        return False
    if not silent:
        token = state.push("cite", "sup", 0)
        token.meta = {"source": m[1], "pos": state.pos}
    state.pos = m.end()
    return True


def number_citations(state: StateCore) -> None:
    """Give every citation of the body its number and letter, in reading order."""
    page: PageContext | None = state.env.get("page")
    if page is None:
        return
    for block in state.tokens:
        # Not into an image's children: its alt text is plain text, where a citation is
        # not shown and so takes no number.
        for token in block.children or ():
            if token.type == "cite":
                token.meta["mark"] = page.citations.cite(token.meta["source"])


def _render_cite(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    page: PageContext = env["page"]
    meta = tokens[idx].meta
    source = meta["source"]
    out = cite_html(meta["mark"], page.cite_hook(source), page.cite_label(source))
    return out + page.cite_note(source) if page.cite_note else out


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
