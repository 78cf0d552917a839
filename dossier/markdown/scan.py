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
from typing import Final, NamedTuple

from .syntax import CITE, ENTRY_LINK


class RefKind:
    """What a reference is. Plain strings: refs cross between processes by the ten thousand,
    and an enum member costs a call to rebuild on the other side."""

    ENTRY: Final = "entry"
    """`[[id]]` or `[[id|text]]`."""
    CITE: Final = "cite"
    """`[^label]` with no local footnote of that label: cites the source `label`."""
    LINK: Final = "link"
    """A link's or image's URL (inline, autolink or definition), for the scheme check."""


class Ref(NamedTuple):
    """One reference in a body."""

    kind: str
    """One of `RefKind`."""
    target: str
    """The entry id, the source label, or the URL (escapes and entities decoded)."""
    offset: int
    """Where in the body it starts (a URL: its first character); `position` turns it into
    a line and column."""


def position(body: str, body_line: int, offset: int) -> tuple[int, int]:
    """The file line and column of `offset` in a body that starts on `body_line`."""
    line = body.count("\n", 0, offset)
    return body_line + line, offset - (body.rfind("\n", 0, offset) + 1) + 1


def scan(body: str) -> list[Ref]:
    """Every `[[id]]`, citation candidate and link URL in `body`, in order."""
    refs = fast_scan(body)
    if refs is None:
        from .locate import parser_scan  # markdown-it only for the bodies that need it

        refs = parser_scan(body)
    return refs


_HARD = re.compile(r"[`\\\t\x00-\x08\x0b-\x1f]|~~~|    |<[^<>\x00-\x20]*>")
"""Code (spans, fences, indented by four columns), escapes, autolinks, control characters:
any of them sends the body to the parser. (Raw HTML is not passed through: it is text.)"""
_LINK = re.compile(r"\[(?!\^)[^\[\]\n]*\]\(([^\s()<>\\&]+)\)")
"""`[text](url)` and `![alt](url)` at their simplest: no brackets in the text, nothing in
the URL to decode, no title. Any other `](` sends the body to the parser."""
_NOTE_DEF = re.compile(r"(?:\A|(?<=\n\n))\[\^([^\]\s]+)\]:")
"""A local footnote's definition at the start of a block, after a blank line."""
_TABLE_RULE = re.compile(r"^[ \t]*[-:|][-:| \t]*$", re.MULTILINE)
"""A line that may be a table's delimiter row: table cells are split at `|`."""


def fast_scan(body: str) -> list[Ref] | None:
    """What `scan` finds, by regular expressions alone; None for a body they cannot read."""
    if "[" not in body:
        return None if "<" in body and _HARD.search(body) else []
    if _HARD.search(body):
        return None
    local: set[str] = set()
    if "]:" in body:
        defs = list(_NOTE_DEF.finditer(body))
        if body.count("]:") != len(defs) or any(_has_pipe(body, m.start()) for m in defs):
            return None  # a reference definition, or a footnote that starts no block
        local = {m[1] for m in defs}
    spans: list[tuple[int, int, str, str]] = []
    for m in ENTRY_LINK.finditer(body):
        spans.append((m.start(), m.end(), RefKind.ENTRY, m[1].strip()))
    used: set[str] = set()
    for m in CITE.finditer(body):
        label = m[1]
        if label not in local:
            spans.append((m.start(), m.end(), RefKind.CITE, label))
        elif body.startswith("]:", m.end() - 1):
            pass  # the definition itself
        else:
            used.add(label)
    if local - used:
        return None  # a footnote nothing refers to is dropped, and its references with it
    if "](" in body:
        links = list(_LINK.finditer(body))
        if len(links) != body.count("]("):
            return None
        spans += ((m.start(), m.end(), RefKind.LINK, m[1]) for m in links)
    spans.sort()
    end, pipes = 0, False
    for start, stop, _, _ in spans:
        if start < end:
            return None  # one reference inside another: the parser decides which wins
        end = stop
        text = body[start:stop]
        if "\n" in text:
            return None  # a line that starts a block would cut it
        pipes = pipes or "|" in text
    if pipes and "|" in body and _TABLE_RULE.search(body):
        return None  # a table would cut it at the `|`
    return [
        Ref(kind, target, start if kind != RefKind.LINK else stop - len(target) - 1)
        for start, stop, kind, target in spans
    ]


def _has_pipe(body: str, start: int) -> bool:
    """Whether the line starting at `start` has a `|` (it might then start a table)."""
    end = body.find("\n", start)
    return "|" in body[start : end if end >= 0 else len(body)]
