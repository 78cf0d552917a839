"""The references a Markdown body makes, with their lines and columns, found fast.

`dossier check` must stay fast on thousands of long bodies, so it does not run the full
Markdown parser: it scans for the two syntax additions of SPEC section 4 and for link
URLs, skipping fenced code blocks and code spans as the parser does. The site renderer's
markdown-it plugins see the same references; this scan only locates them for diagnostics.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum


class RefKind(StrEnum):
    ENTRY = "entry"
    """`[[id]]` or `[[id|text]]`."""
    CITE = "cite"
    """`[^label]` with no local footnote of that label: cites the source `label`."""
    LINK = "link"
    """A link's URL, for the scheme check."""


@dataclass(frozen=True, slots=True)
class Ref:
    kind: RefKind
    target: str
    line: int
    """Line in the file (the body's first line is `body_line`)."""
    column: int


_FENCED = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:.*\n)*?(?: {0,3}(?P=fence)[`~]*[ \t]*$|\Z)",
    re.MULTILINE,
)
_CODE_SPAN = re.compile(r"(`+)(?:[^`\n]|\n(?!\n))*?[^`]?\1(?!`)")
_NEWLINE = re.compile("\n")
_ENTRY = re.compile(r"\[\[([^\[\]|\n]*)(?:\|[^\[\]\n]*)?\]\]")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
_NOTE_USE = re.compile(r"\[\^([^\]\s]+)\](?!:)|^ {0,3}\[\^[^\]\s]+\]:", re.MULTILINE)
_URLS = re.compile(
    r"\]\(\s*<?(?P<inline>[^\s)>]+)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>"
    r"|^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<def>[^\s>]+)",
    re.MULTILINE,
)


def scan(body: str, body_line: int) -> list[Ref]:
    """Every `[[id]]`, source citation and link URL in `body`, in order."""
    if "`" in body or "~~~" in body:
        body = _blank_code(body)
    if "[" not in body and "<" not in body:
        return []
    newlines = [m.start() for m in _NEWLINE.finditer(body)]

    def ref(kind: RefKind, target: str, offset: int) -> Ref:
        line = bisect_right(newlines, offset - 1)
        start = newlines[line - 1] + 1 if line else 0
        return Ref(kind, target, body_line + line, offset - start + 1)

    refs = [ref(RefKind.ENTRY, m[1].strip(), m.start()) for m in _ENTRY.finditer(body)]
    local = set(_NOTE_DEF.findall(body))
    refs += [
        ref(RefKind.CITE, m[1], m.start())
        for m in _NOTE_USE.finditer(body)
        if m[1] is not None and m[1] not in local
    ]
    for m in _URLS.finditer(body):
        group = m.lastgroup or "inline"
        refs.append(ref(RefKind.LINK, m[group], m.start(group)))
    refs.sort(key=lambda r: (r.line, r.column))
    return refs


def _blank_code(body: str) -> str:
    """Code blocks and spans replaced by spaces, lines and columns kept."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m[0])

    return _CODE_SPAN.sub(blank, _FENCED.sub(blank, body))


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
SAFE_SCHEMES = ("http", "https", "mailto")


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a link that may not be used (`javascript`, `file`, `data`...), if any."""
    # The renderer decodes entities before it checks a link: `javascript&#58;` is `javascript:`.
    m = _SCHEME.match(html.unescape(url).strip())
    if m is None:
        return None
    scheme = m[1].lower()
    return None if scheme in SAFE_SCHEMES else scheme
