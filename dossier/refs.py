"""The references a Markdown body makes, with their lines and columns, found fast.

`dossier check` must stay fast on thousands of long bodies, so it does not run the full
Markdown parser: it scans for the two syntax additions of SPEC section 4 and for link
URLs, skipping fenced code blocks and code spans as the parser does. The site renderer's
markdown-it plugins see the same references; this scan only locates them for diagnostics.
"""

from __future__ import annotations

import html
import re
from typing import Final, NamedTuple


class RefKind:
    """What a reference is. Plain strings: refs cross between processes by the ten thousand,
    and an enum member costs a call to rebuild on the other side."""

    ENTRY: Final = "entry"
    """`[[id]]` or `[[id|text]]`."""
    CITE: Final = "cite"
    """`[^label]` with no local footnote of that label: cites the source `label`."""
    LINK: Final = "link"
    """A link's URL, for the scheme check."""


class Ref(NamedTuple):
    kind: str
    """One of `RefKind`."""
    target: str
    offset: int
    """Where in the body it starts; `position` turns it into a line and column."""


_FENCED = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:.*\n)*?(?: {0,3}(?P=fence)[`~]*[ \t]*$|\Z)",
    re.MULTILINE,
)
_CODE_SPAN = re.compile(r"(`+)(?:[^`\n]|\n(?!\n))*?[^`]?\1(?!`)")
ENTRY_LINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|((?:[^\[\]\n]|\n(?!\n))*))?\]\]")
"""`[[id]]` or `[[id|text]]`; the text may wrap onto the next line of its paragraph."""
# Definitions start a line; the patterns look for the newline before them (a literal the
# regex engine finds fast) in the body with a newline put in front.
_NOTE_DEF = re.compile(r"\n {0,3}\[\^([^\]\s]+)\]:")
_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_INLINE_URL = re.compile(r"\]\(\s*<?([^\s)>]+)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_REF_DEF = re.compile(r"\n {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?([^\s>]+)")


def position(body: str, body_line: int, offset: int) -> tuple[int, int]:
    """The file line and column of `offset` in a body that starts on `body_line`."""
    line = body.count("\n", 0, offset)
    return body_line + line, offset - (body.rfind("\n", 0, offset) + 1) + 1


def scan(body: str) -> list[Ref]:
    """Every `[[id]]`, source citation and link URL in `body`, in order."""
    if "`" in body or "~~~" in body:
        body = _blank_code(body)
    if "[" not in body and "<" not in body:
        return []
    ref = Ref
    refs = [ref(RefKind.ENTRY, m[1].strip(), m.start()) for m in ENTRY_LINK.finditer(body)]
    # Each pattern runs only where its telltale is present: most bodies have no footnotes
    # of their own, no reference definitions and no autolinks.
    defines = "]:" in body
    local = set(_NOTE_DEF.findall("\n" + body)) if defines else set()
    for m in _NOTE.finditer(body):
        if m[1] not in local:
            refs.append(ref(RefKind.CITE, m[1], m.start()))
    refs += [ref(RefKind.LINK, m[1], m.start(1)) for m in _INLINE_URL.finditer(body)]
    if "<" in body:
        refs += [ref(RefKind.LINK, m[1], m.start(1)) for m in _AUTOLINK.finditer(body)]
    if defines:
        refs += [ref(RefKind.LINK, m[1], m.start(1) - 1) for m in _REF_DEF.finditer("\n" + body)]
    refs.sort(key=lambda r: r.offset)
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
