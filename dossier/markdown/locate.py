"""The references the parser finds in a body, each at its offset in the body.

This is the exact path of `scan`: the body goes through the same MarkdownIt configuration
as the site's pages (`plugins.create`), with two differences that make it `dossier check`'s
parser: every link is accepted (so that check can name an unsafe scheme rather than let the
renderer quietly print the link as text), and every `[^label]` that is no local footnote is
a citation candidate. Tokens carry no source positions finer than lines, so a few rules are
wrapped to note them: the block rules that make inline content note where each line of it
starts in the body, the inline rules note where in that content their tokens start.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.helpers import parseLinkDestination, parseLinkLabel
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .plugins import SCAN, TOO_DEEP, BlockRule, InlineRule, create, wrap_rule
from .scan import Ref, RefKind

_DEFS = "dossier_definitions"
"""The env key under which the `reference` rule notes each definition's URL."""


def parser_scan(body: str) -> list[Ref]:
    """Every `[[id]]`, citation candidate and link URL the parser finds in `body`, in order."""
    env: dict[str, Any] = {SCAN: True}
    tokens = _parser().parse(body, env)
    refs: list[Ref] = [Ref(RefKind.LINK, target, at) for at, target in env.get(_DEFS, ())]
    if TOO_DEEP in env:
        refs.append(Ref(RefKind.DEEP, "", env[TOO_DEEP]))
    for block in tokens:
        if block.type == "inline" and block.children:
            where = _Where(block)
            refs += (ref._replace(offset=where(ref.offset)) for ref in _inline_refs(block.children))
    refs.sort(key=lambda r: r.offset)
    return refs


def _inline_refs(tokens: list[Token]) -> Iterator[Ref]:
    """The references among inline tokens, at offsets in their inline content."""
    for token in tokens:
        meta = token.meta
        if token.type == "entry_link":
            yield Ref(RefKind.ENTRY, meta["id"], meta["pos"])
        elif token.type == "cite":
            yield Ref(RefKind.CITE, meta["source"], meta["pos"])
        elif "url" in meta:
            yield Ref(RefKind.LINK, meta["url"][1], meta["url"][0])
        if token.type == "image":
            yield Ref(RefKind.IMAGE, meta["alt"], meta["pos"])
            yield from _inline_refs(token.children or [])


class _Where:
    """Offsets in an inline token's content → offsets in the body."""

    def __init__(self, block: Token) -> None:
        # Where each line of the content starts, in the content (the first may start before
        # it: the content is trimmed) and in the body.
        lines: Lines = block.meta.get("lines", ([0], [0]))
        self.content, self.body = lines
        self.deleted: list[int] = block.meta.get("deleted", [])

    def __call__(self, at: int) -> int:
        line = bisect_right(self.content, at) - 1
        return self.body[line] + at - self.content[line] + bisect_right(self.deleted, at)


@cache
def _parser() -> MarkdownIt:
    """The site's parser, as `dossier check` runs it."""
    md = create()
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    block, inline = md.block.ruler, md.inline.ruler
    wrap_rule(block, "paragraph", _note_lines(_paragraph_lines))
    wrap_rule(block, "lheading", _note_lines(_paragraph_lines))
    wrap_rule(block, "heading", _note_lines(_heading_lines))
    wrap_rule(block, "table", _note_table)
    wrap_rule(block, "reference", _note_definition)
    wrap_rule(inline, "link", _note_link(1))
    wrap_rule(inline, "image", _note_link(2))
    wrap_rule(inline, "autolink", _note_autolink)
    return md


# --- Block rules: where each line of inline content starts in the body ----------------

Lines = tuple[list[int], list[int]]
"""Where each line of an inline token's content starts: in the content, in the body."""


def _note_lines(
    lines: Callable[[StateBlock, Token], Lines],
) -> Callable[[BlockRule], BlockRule]:
    def wrapper(rule: BlockRule) -> BlockRule:
        def noted(state: StateBlock, start: int, end: int, silent: bool) -> bool:
            n = len(state.tokens)
            if not rule(state, start, end, silent):
                return False
            if not silent:
                for token in state.tokens[n:]:
                    if token.type == "inline":
                        token.meta["lines"] = lines(state, token)
            return True

        return noted

    return wrapper


def _paragraph_lines(state: StateBlock, token: Token) -> Lines:
    """Paragraphs and setext headings: the content is the token's lines as `getLines` cuts
    them, trimmed. Each cut line ends where its line ends in the body, whatever was cut
    from its start (indentation, a container's marks)."""
    assert token.map is not None
    first, end = token.map
    raw = state.getLines(first, end, state.blkIndent, False)
    lead = len(raw) - len(raw.lstrip(MD_TRIM_CHARS))
    content, body, at = [], [], 0
    for line, text in zip(range(first, end), raw.split("\n"), strict=True):
        content.append(at - lead)
        body.append(state.eMarks[line] - len(text))
        at += len(text) + 1
    return content, body


def _heading_lines(state: StateBlock, token: Token) -> Lines:
    """ATX headings: the content starts after the `#` marks and the white space after them."""
    assert token.map is not None
    pos = state.bMarks[token.map[0]] + state.tShift[token.map[0]]
    while state.src[pos] == "#":
        pos += 1
    rest = state.src[pos : state.eMarks[token.map[0]]]
    return [0], [pos + len(rest) - len(rest.lstrip(MD_TRIM_CHARS))]


def _note_table(rule: BlockRule) -> BlockRule:
    """Table cells: each cell's content starts after its `|`; `\\|` lost its backslash."""

    def noted(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        n = len(state.tokens)
        if not rule(state, start, end, silent):
            return False
        if silent:
            return True
        rows: dict[int, list[Token]] = {}
        for token in state.tokens[n:]:
            if token.type == "inline" and token.map is not None:
                rows.setdefault(token.map[0], []).append(token)
        for line, cells in rows.items():
            for token, (at, text, deleted) in zip(cells, _cells(state, line), strict=False):
                cut = len(text) - len(text.lstrip(MD_TRIM_CHARS))
                if text.strip(MD_TRIM_CHARS) == token.content:
                    token.meta["lines"] = ([0], [at + cut])
                    token.meta["deleted"] = [d - cut for d in deleted]
        return True

    return noted


def _cells(state: StateBlock, line: int) -> list[tuple[int, str, list[int]]]:
    """A table row's cells as the table rule splits them: (start in the body, text, where
    in the text a `|` lost the backslash before it)."""
    src = state.src
    a = state.bMarks[line] + state.tShift[line]
    raw = src[a : state.eMarks[line]]
    a += len(raw) - len(raw.lstrip(MD_TRIM_CHARS))
    b = a + len(raw.strip(MD_TRIM_CHARS))
    cells: list[tuple[int, str, list[int]]] = []
    start = last = a
    current, escaped = "", False
    deleted: list[int] = []
    for pos in range(a, b):
        ch = src[pos]
        if ch == "|":
            if not escaped:
                cells.append((start, current + src[last:pos], deleted))
                current, deleted, start = "", [], pos + 1
            else:
                current += src[last : pos - 1]
                deleted.append(len(current))
            last = pos if escaped else pos + 1
        escaped = ch == "\\"
    cells.append((start, current + src[last:b], deleted))
    if cells and not cells[0][1]:
        cells.pop(0)
    if cells and not cells[-1][1]:
        cells.pop()
    return cells


def _note_definition(rule: BlockRule) -> BlockRule:
    """`[label]: url`: its URL, found in the lines the rule read, as the rule reads them."""

    def noted(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not rule(state, start, end, silent):
            return False
        if not silent:
            pieces: list[tuple[int, int]] = []  # (offset in `text`, offset in the body)
            text = ""
            for line in range(start, state.line):
                at = state.bMarks[line] + state.tShift[line]
                pieces.append((len(text), at))
                text += state.src[at : state.eMarks[line] + 1]
            pos = 1
            while text[pos] != "]":
                pos += 2 if text[pos] == "\\" else 1
            pos += 2
            while text[pos] in " \t\n":
                pos += 1
            found = parseLinkDestination(text, pos, len(text))
            if found.str:
                pos += text[pos] == "<"
                piece = pieces[bisect_right(pieces, (pos, len(state.src))) - 1]
                state.env.setdefault(_DEFS, []).append((piece[1] + pos - piece[0], found.str))
        return True

    return noted


# --- Inline rules: where each token starts in its inline content ----------------------


def _note_link(label: int) -> Callable[[InlineRule], InlineRule]:
    """Links (`label` 1: after `[`) and images (2: after `![`): their URL if written inline;
    an image's alt text was parsed on its own, so its tokens' offsets are shifted to ours."""

    def wrapper(rule: InlineRule) -> InlineRule:
        def noted(state: StateInline, silent: bool) -> bool:
            start, n = state.pos, len(state.tokens)
            if not rule(state, silent):
                return False
            if silent:
                return True
            token = next(t for t in state.tokens[n:] if t.type in ("link_open", "image"))
            url = _inline_url(state, start + label - 1, state.pos, label == 1)
            if url is not None:
                token.meta["url"] = url
            if token.type == "image":  # its alt text as written, and where its `!` is
                alt_end = parseLinkLabel(state, start + 1, False)
                token.meta |= {"alt": state.src[start + 2 : alt_end], "pos": start}
            if token.children:
                _shift(token.children, start + label)
            return True

        return noted

    return wrapper


def _inline_url(state: StateInline, bracket: int, end: int, link: bool) -> tuple[int, str] | None:
    """The offset and text of the URL of the link whose label opens at `bracket`, if inline."""
    src = state.src
    label_end = parseLinkLabel(state, bracket, link)  # as the link and image rules call it
    pos = label_end + 1
    if label_end < 0 or src[end - 1] != ")" or pos >= end or src[pos] != "(":
        return None
    pos += 1
    while src[pos] in " \t\n":
        pos += 1
    found = parseLinkDestination(src, pos, end)
    if not found.ok or not found.str:
        return None
    return pos + (src[pos] == "<"), found.str


def _shift(tokens: list[Token], by: int) -> None:
    """Move offsets noted in a nested parse's tokens into the enclosing content."""
    for token in tokens:
        meta = token.meta
        if "pos" in meta:
            meta["pos"] += by
        if "url" in meta:
            meta["url"] = (meta["url"][0] + by, meta["url"][1])
        if token.children:
            _shift(token.children, by)


def _note_autolink(rule: InlineRule) -> InlineRule:
    def noted(state: StateInline, silent: bool) -> bool:
        start, n = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            token = next(t for t in state.tokens[n:] if t.type == "link_open")
            token.meta["url"] = (start + 1, state.src[start + 1 : state.pos - 1])
        return True

    return noted
