"""The one MarkdownIt configuration, and the two syntax additions as its plugins.

- `[[id]]` and `[[id|text]]` link to any entry (the text defaults to its title);
- `[^id]`, where `id` is a source and no local footnote has that label, cites the source:
  a number per source, per page, in order of first use, shared with every other citation
  on the page (the key-figures table cites through the same `Citations`).

Raw HTML is never passed through (`html` is off) and links may only be relative, http,
https or mailto. Everything a rule needs about the page comes in `env["page"]`. Parsing
decides everything (which source a citation is, its number); the render rules only read
what the tokens carry.

Every body is read in time linear in its size, whatever it holds: block quotes, lists and
footnotes nest `syntax.MAX_DEPTH` deep at most (`nesting_plugin`), a footnote's label holds
no `[` (as a citation's), and heading anchors are made unique with a counter per slug
(`anchors`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from .anchors import anchors_plugin
from .cites import Citations, cite_html
from .local import Local, local_plugin
from .syntax import CITE, ENTRY_LINK, MAX_DEPTH, entry_text, unsafe_scheme

HOLE = "\x00"
"""What a draft holds in place of an entry link or its title: a character no content may
hold (`chars.FORBIDDEN`), so that splitting at it finds exactly the holes."""
HOLES = "dossier_holes"
"""The env key of the entry links a draft left out (`markdown.draft`)."""
SCAN = "dossier_scan"
"""The env key that says a parse is `dossier check`'s: every `[^label]` that is no local
footnote is a citation candidate, whether or not the label names a source."""
MAX_EMPTY_CELLS = 4096
"""How many empty cells markdown-it may add to one table's short rows (its own limit is
65,536): a header of 256 columns over 256 one-cell rows, 1.8 kB, made 65,536 cells, and a
table of c columns and r rows costs c x r, its size squared. At this many the table ends
there, and its other lines are a paragraph."""
MAX_LEVELS = 32
"""markdown-it's `maxNesting`: how many levels of tokens may be open (see `create`)."""
DEPTH = "dossier_depth"
"""The env key of how many block quotes, list items and footnotes are open around the line
being parsed."""
TOO_DEEP = "dossier_too_deep"
"""The env key of the offset in the body of the first mark that would have opened a
container past `MAX_DEPTH` (and was read as text): `dossier check` warns there."""


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
    gettext: Callable[[str], str] = str
    """A message → the site's language's words for it (the footnotes' labels)."""
    isolate: Callable[[str], str] = lambda text: ""
    """A title → ` dir="auto"` when it is written the other way than the page."""
    """A link's or image's URL → the file of the project it names, as the site holds it;
    None for a URL that names none (`local.Local`)."""


def create() -> MarkdownIt:
    """The one parser: CommonMark with tables, local footnotes, heading anchors, our rules."""
    # maxNesting bounds how deep the inline parser looks into brackets inside brackets: each
    # of a run of unclosed `[` costs that many steps (the preset's 100 made 8,000 of them
    # take a second). The block parser drops what it would parse deeper than it: ten nested
    # lists (`MAX_DEPTH`) parse their deepest content at level 20, well inside 32.
    md = MarkdownIt(
        "js-default",
        {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_LEVELS},
    )
    md.validateLink = _safe_link  # type: ignore[method-assign]
    # The table rule reads the limit from its module each time (markdown-it-py 3 and 4);
    # `rules_block.table` is the rule itself, hence the module by name.
    table_rule: Any = import_module("markdown_it.rules_block.table")
    table_rule.MAX_AUTOCOMPLETED_CELLS = MAX_EMPTY_CELLS
    md.use(footnote_plugin, inline=False)
    md.use(footnote_labels_plugin)
    md.use(nesting_plugin)
    md.use(anchors_plugin)
    md.use(entry_links_plugin)
    md.use(citations_plugin)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("footnote_block_open", _render_footnote_block_open)
    md.add_render_rule("footnote_anchor", _render_footnote_anchor)
    md.use(local_plugin)
    return md


def _safe_link(url: str) -> bool:
    return unsafe_scheme(url) is None


def wrap_rule(ruler: Ruler[Any], name: str, wrapper: Callable[[Any], Any]) -> None:
    """Replace rule `name` by `wrapper(rule)`, keeping the rules it may interrupt."""
    rule = next(r for r in ruler.__rules__ if r.name == name)
    ruler.at(name, wrapper(rule.fn), {"alt": rule.alt})


BlockRule = Callable[[StateBlock, int, int, bool], bool]
InlineRule = Callable[[StateInline, bool], bool]


def nesting_plugin(md: MarkdownIt) -> None:
    """Block quotes, list items and footnotes nest `MAX_DEPTH` deep at most: past that, the
    mark that would open one more is text (and the first such place is noted in the env)."""
    for name in ("blockquote", "list", "footnote_def"):
        wrap_rule(md.block.ruler, name, _capped)


def _capped(rule: BlockRule) -> BlockRule:
    def capped(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        env = state.env
        depth = env.get(DEPTH, 0)
        if depth >= MAX_DEPTH:
            # Refused in silent mode too, so that it cannot end a paragraph either: the line
            # is then read exactly as if the mark were a letter.
            if rule(state, start, end, True):
                at = state.bMarks[start] + state.tShift[start]
                env[TOO_DEEP] = min(env.get(TOO_DEEP, at), at)
            return False
        if silent:
            return rule(state, start, end, True)
        env[DEPTH] = depth + 1
        try:
            return rule(state, start, end, False)
        finally:
            env[DEPTH] = depth

    return capped


def footnote_labels_plugin(md: MarkdownIt) -> None:
    """A footnote's label holds no `[`, as a citation's (`syntax.CITE`): `[^a[^b]` refers to
    `b` alone. It also keeps a run of `[^a[^a[^a...` linear: each `[^` reads on only to the
    next `[`, where a label that may hold one read on to the run's end."""
    wrap_rule(md.inline.ruler, "footnote_ref", _bracketless)
    wrap_rule(md.block.ruler, "footnote_def", _bracketless_def)


_LABEL_STOP = re.compile(r"[\[\] \n]")
"""Where the footnote plugin's label scan stops (a space or a newline ends it unmatched)."""


def _bracketless(rule: InlineRule) -> InlineRule:
    def bracketless(state: StateInline, silent: bool) -> bool:
        if not state.src.startswith("[^", state.pos):
            return False
        stop = _LABEL_STOP.search(state.src, state.pos + 2, state.posMax)
        if stop is not None and stop[0] == "[":
            return False
        return rule(state, silent)

    return bracketless


def _bracketless_def(rule: BlockRule) -> BlockRule:
    def bracketless(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        if not state.src.startswith("[^", pos):
            return False
        stop = _LABEL_STOP.search(state.src, pos + 2, state.eMarks[start])
        if stop is not None and stop[0] == "[":
            return False
        return rule(state, start, end, silent)

    return bracketless


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
    meta = tokens[idx].meta
    holes = env.get(HOLES)
    if holes is not None:  # a draft: filled in later (`markdown.fill`)
        holes.append((meta["id"], meta["text"]))
        return HOLE
    return entry_link_html(env["page"], meta["id"], meta["text"])


def entry_link_html(page: PageContext, target: str, text: str | None) -> str:
    """`[[target]]` or `[[target|text]]` as a link from `page` (a broken link's text when
    there is no such entry)."""
    href = page.href(target)
    shown = text if text is not None else page.title(target) if href else target
    label = html.escape(shown)
    if href is None:
        return f'<span class="broken-link">{label}</span>'
    return f'<a class="entry-link" href="{html.escape(href)}"{page.isolate(shown)}>{label}</a>'


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
    out = cite_html(meta["mark"], page.cite_hook(source), page.cite_label(source), page.gettext)
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
    _ = _gettext(env)
    label, text = _("Note %(n)s") % {"n": n}, _("note %(n)s") % {"n": n}
    return (
        f'<sup class="footnote-ref"><a href="#fn{n}" id="{ref_id}" '
        f'aria-label="{html.escape(label)}">[{html.escape(text)}]</a></sup>'
    )


def _render_footnote_block_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    _ = _gettext(env)
    title = html.escape(_("Notes"))
    return f'<section class="footnotes">\n<h2 class="footnotes-title">{title}</h2>\n<ol>\n'


def _render_footnote_anchor(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    n, ref_id = _footnote_ids(tokens[idx])
    _ = _gettext(env)
    label = _("Back to the text of note %(n)s") % {"n": n}
    return f' <a href="#{ref_id}" class="footnote-backref" aria-label="{html.escape(label)}">↩</a>'


def _gettext(env: EnvType) -> Callable[[str], str]:
    """The page's language's words, English where the body is parsed with no page."""
    page: PageContext | None = env.get("page")
    return page.gettext if page is not None else str
