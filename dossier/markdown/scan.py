"""The references a Markdown body makes, with their lines and columns, found fast.

`dossier check` runs this on every body, so it must be fast, and it must find exactly what
the parser finds (`tests/test_grammar.py` proves it). Most bodies are prose with `[[id]]`,
`[^source]`, lists, headings and plain links: for them a few regular expressions give the
same answer as the parser, about thirty times sooner. A body with any construct that can
change what a bracket means (code, escapes, autolinks, indentation, definitions other than
plain local footnotes...) goes through the parser itself (`locate.parser_scan`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import itemgetter
from typing import Final, NamedTuple

from .syntax import CITE, ENTRY_LINK, MAX_DEPTH


class RefKind:
    """What a reference is. Plain strings: refs cross between processes by the ten thousand,
    and an enum member costs a call to rebuild on the other side."""

    ENTRY: Final = "entry"
    """`[[id]]` or `[[id|text]]`."""
    CITE: Final = "cite"
    """`[^label]` with no local footnote of that label: cites the source `label`."""
    LINK: Final = "link"
    """A link's or image's URL (inline, autolink or definition), for the scheme check and
    for the file a relative URL names."""
    IMAGE: Final = "image"
    """An image, at its `!`; the target is its alt text as written (between `![` and `]`)."""
    DEEP: Final = "deep"
    """No reference: the first mark that would nest a block quote, list item or footnote
    deeper than `syntax.MAX_DEPTH`, and is text instead (the target is empty)."""


class Ref(NamedTuple):
    """One reference in a body."""

    kind: str
    """One of `RefKind`."""
    target: str
    """The entry id, the source label, the URL (escapes and entities decoded), or an
    image's alt text."""
    offset: int
    """Where in the body it starts (a URL: its first character); `position` turns it into
    a line and column."""


def position(body: str, body_line: int, offset: int) -> tuple[int, int]:
    """The file line and column of `offset` in a body that starts on `body_line`."""
    starts = _line_starts(body)
    line = bisect_right(starts, offset) - 1
    return body_line + line, offset - starts[line] + 1


@lru_cache(maxsize=8)
def _line_starts(body: str) -> list[int]:
    """Where each line of `body` starts. Kept for the last few bodies: a body with thousands
    of problems is placed once, not read again from its start for each."""
    return [0, *(m.end() for m in _NEWLINE.finditer(body))]


_NEWLINE = re.compile("\n")


def scan(body: str) -> list[Ref]:
    """Every `[[id]]`, citation candidate and link URL in `body`, in order."""
    refs = fast_scan(body)
    if refs is None:
        from .locate import parser_scan  # markdown-it only for the bodies that need it

        refs = parser_scan(body)
    return refs


_AUTOLINK = re.compile(r"<[^<>\x00-\x20]*>")
_INDENTED = re.compile(r"[ >*+\-\d.)]*    ")
"""Four spaces in the marks and spaces that start a line: code, if in a container. (A
line's leading spaces and marks, not its text: four spaces inside a sentence are text.)"""
_INDENTED_LINE = re.compile("\n" + _INDENTED.pattern)  # a literal first: a fast search
_LEVEL = r"[*+\-\d.)]*[ >]"
_DEEP = re.compile(
    rf"(?:\A|\n)(?:\[\^[^\[\]\s]+\]:(?:{_LEVEL}){{{MAX_DEPTH - 2}}}"
    rf"|(?:{_LEVEL}){{{MAX_DEPTH - 1}}})"
)
"""A line whose marks could nest containers `MAX_DEPTH` deep: every level but the last takes
a `>` or a space of them (a quote's `>`, the space after a list's mark, the spaces that go
on with a list item), and a footnote's `[^label]:` one level (the fast path takes that only
where a block starts). `2015-11-24 ...` or `----------` is no such line."""


def _hard(body: str) -> bool:
    """Whether `body` has code (spans, fences, indented by four columns), escapes or
    autolinks, or may nest too deep: any of them sends it to the parser. (Raw HTML is not
    passed through: it is text.) One character first where it can be: those tests are the
    fast ones."""
    return (
        "`" in body
        or "\\" in body
        or "\t" in body
        or ("~" in body and "~~~" in body)
        or ("<" in body and _AUTOLINK.search(body) is not None)
        or _INDENTED.match(body) is not None
        or _INDENTED_LINE.search(body) is not None
        or _DEEP.search(body) is not None
    )


_LINK = re.compile(r"\[(?!\^)([^\[\]\n]*)\]\(([^\s()<>\\&\x00-\x1f\x7f]+)\)")
"""`[text](url)` and `![alt](url)` at their simplest: no brackets in the text, nothing in
the URL to decode, no title. Any other `](` sends the body to the parser."""
_LABEL_END = re.compile(r"\]:(?<!\]\]:)")
"""Where a definition's label may end: `]:`, not after a `]`, for a label has none (but an
escaped one): `- [[id]]: ...` defines nothing. (The literal first makes the search fast.)"""
_NOTE_DEF = re.compile(r"(?:\A|(?<=\n\n))\[\^([^\[\]\s]+)\]:")
"""A local footnote's definition at the start of a block, after a blank line."""
_TABLE_RULE = re.compile(r"\n[ \t>]*[-:|][-:| \t]*(?=\n|\Z)")
"""A line that may be a table's delimiter row (in a block quote, too): a table splits its
cells at `|`. The row is a table's second line, so a newline comes before it."""
_OFFSET = itemgetter(2)


def fast_scan(body: str) -> list[Ref] | None:
    """What `scan` finds, by regular expressions alone; None for a body they cannot read.

    At each `[` the parser tries `[[id]]`, then `[^label]`, then a link, and goes on after
    the one that matches. Each pattern is run on its own here (one pass each is faster),
    which gives the same matches as long as none starts inside another: the text of
    `[[id|text]]`, of a link and of a label has no `[`, so only a URL with a `[` in it, or
    `[[^`, could; those go to the parser. From each `[`, every pattern reads on at most to
    the next `[` or blank line (a link's URL to its end, but only one `[` reaches each
    URL), and every check reads each block once: the time is linear in the body."""
    if _hard(body):
        return None
    if "[" not in body:
        return []
    local: set[str] = set()
    if _LABEL_END.search(body):
        defs = list(_NOTE_DEF.finditer(body))
        if len(_LABEL_END.findall(body)) != len(defs) or any(
            _has_pipe(body, m.start()) for m in defs
        ):
            return None  # a reference definition, or a footnote that starts no block
        local = {m[1] for m in defs}
        if len(local) != len(defs):
            return None  # a footnote defined twice: the last definition is the one shown
    entries = list(ENTRY_LINK.finditer(body))
    refs = [Ref(RefKind.ENTRY, m[1].strip(), m.start()) for m in entries]
    piped = [m for m in entries if m[2] is not None]
    if any("\n" in m[2] for m in piped):
        return None  # a line that starts a block would cut it
    used: set[str] = set()
    for m in CITE.finditer(body):
        label = m[1]
        if "|" in label or (m.start() and body[m.start() - 1] == "["):
            return None  # `[^a[[b]]`, `[[^a]]`: which one the parser takes is its business
        if label not in local:
            refs.append(Ref(RefKind.CITE, label, m.start()))
        elif not body.startswith(":", m.end()):
            used.add(label)  # a reference to a local footnote, not its definition
    if local - used:
        return None  # a footnote nothing refers to is dropped, and its references with it
    if "(" in body and "](" in body:
        links = list(_LINK.finditer(body))
        if len(links) != body.count("](") or any("[" in m[2] or "|" in m[0] for m in links):
            return None
        refs += (Ref(RefKind.LINK, m[2], m.start(2)) for m in links)
        if "![" in body:  # `!` before a link makes it an image
            at = [m for m in links if m.start() and body[m.start() - 1] == "!"]
            refs += (Ref(RefKind.IMAGE, m[1], m.start() - 1) for m in at)
    if refs:
        tables = _tables(body)
        if tables is None:
            return None  # two delimiter rows in one block: which makes a table is the parser's
        if piped and _in_table(tables, [m.start() for m in piped]):
            return None  # a table would cut `[[id|text]]` at the `|`
        if any(_cells_dropped(body, *table) for table in tables):
            return None  # a row with more cells than its table's columns loses the extra ones
    refs.sort(key=_OFFSET)
    return refs


Table = tuple[int, "re.Match[str]", int]
"""Where a table may be: from the start of the line before a delimiter row (its header),
the delimiter row, to the next blank line (a table ends there, or sooner)."""


def _tables(body: str) -> list[Table] | None:
    """Every place a table may be, in order; None when a block (lines between blank lines)
    has more than one line that may be a delimiter row. Each block is read once."""
    tables: list[Table] = []
    for m in _TABLE_RULE.finditer(body):
        if tables and m.start() < tables[-1][2]:
            return None
        last = body.find("\n\n", m.end())
        tables.append((body.rfind("\n", 0, m.start()) + 1, m, len(body) if last < 0 else last))
    return tables


def _in_table(tables: list[Table], offsets: list[int]) -> bool:
    """Whether any of the (sorted) offsets may be in a table."""
    for first, _, last in tables:
        i = bisect_left(offsets, first)
        if i < len(offsets) and offsets[i] < last:
            return True
    return False


def _cells_dropped(body: str, first: int, rule: re.Match[str], last: int) -> bool:
    """Whether a table has a row with more cells than its delimiter row has columns: the
    parser drops the cells past the last column, and whatever they hold."""
    columns = _cells(rule[0])
    rows = body[rule.end() : last].split("\n")
    return any(_cells(row) > columns for row in rows if row.strip())


def _cells(line: str) -> int:
    """How many cells a table row has (no backslashes reach here: they take the parser)."""
    row = line.strip().lstrip(">").strip()
    row = row.removeprefix("|").removesuffix("|")
    return row.count("|") + 1


def _has_pipe(body: str, start: int) -> bool:
    """Whether the line starting at `start` has a `|` (it might then start a table)."""
    end = body.find("\n", start)
    return "|" in body[start : end if end >= 0 else len(body)]
