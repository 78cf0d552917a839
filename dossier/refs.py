"""The references a Markdown body makes, with their lines and columns, found fast.

`dossier check` must stay fast on thousands of long bodies, so it does not run the full
Markdown parser: it scans for the two syntax additions of SPEC section 4 and for link
URLs, skipping fenced code blocks and code spans as the parser does. The site renderer's
markdown-it plugins see the same references; this scan only locates them for diagnostics.
"""

from __future__ import annotations

import re
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


_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")
_ENTRY = re.compile(r"\[\[([^\[\]|\n]*)(?:\|[^\[\]\n]*)?\]\]")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_NOTE_USE = re.compile(r"\[\^([^\]\s]+)\]")
_INLINE_URL = re.compile(r"\]\(\s*<?([^\s)>]+)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")


def scan(body: str, body_line: int) -> list[Ref]:
    """Every `[[id]]`, source citation and link URL in `body`, in order."""
    lines = body.split("\n")
    refs: list[Ref] = []
    uses: list[tuple[str, int, int]] = []
    local_notes: set[str] = set()
    fence: str | None = None
    for n, line in enumerate(lines, start=body_line):
        if fence is not None:
            if line.lstrip(" ").startswith(fence) and line.strip(fence[0] + " \t") == "":
                fence = None
            continue
        if m := _FENCE_OPEN.match(line):
            fence = m[1]
            continue
        if "[" not in line and "<" not in line:
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m[0]), line) if "`" in line else line
        start = 0
        if m := _NOTE_DEF.match(line):
            local_notes.add(m[1])
            start = m.end()
        for m in _ENTRY.finditer(line):
            refs.append(Ref(RefKind.ENTRY, m[1].strip(), n, m.start() + 1))
        for m in _NOTE_USE.finditer(line, start):
            uses.append((m[1], n, m.start() + 1))
        for pattern in (_INLINE_URL, _AUTOLINK, _REF_DEF):
            for m in pattern.finditer(line):
                refs.append(Ref(RefKind.LINK, m[1], n, m.start(1) + 1))
    refs.extend(Ref(RefKind.CITE, label, n, c) for label, n, c in uses if label not in local_notes)
    refs.sort(key=lambda r: (r.line, r.column))
    return refs


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
SAFE_SCHEMES = ("http", "https", "mailto")


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a link that may not be used (`javascript`, `file`, `data`...), if any."""
    m = _SCHEME.match(url)
    if m is None:
        return None
    scheme = m[1].lower()
    return None if scheme in SAFE_SCHEMES else scheme
