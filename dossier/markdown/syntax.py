"""What the two syntax additions look like, and which link schemes are allowed.

The inline rules of `plugins` and the fast path of `scan` both match these patterns, so
an id or a label means the same thing to the renderer and to `dossier check`.
"""

from __future__ import annotations

import html
import re

ENTRY_LINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|((?:[^\[\]\n]|\n(?!\n))*))?\]\]")
"""`[[id]]` or `[[id|text]]`; the text may wrap onto the next line of its paragraph."""

CITE = re.compile(r"\[\^([^\[\]\s]+)\]")
"""`[^label]`: a local footnote's reference if the body defines `[^label]:`, else a citation
of the source `label`. The label has no white space, as a footnote's label, and no bracket,
as a link's label: `[^a[^b]` is `[^a` then the citation `[^b]`. (A label that could hold a
`[` made every `[^` of `[^a[^a[^a...` read on to the end of the run: time in its square.)"""

MAX_DEPTH = 10
"""How deep block quotes, list items and footnotes may nest inside one another. The parser
reads every line of a container again at each level it is nested in, so depth costs time
over every line it holds; a mark that would open a container deeper than this is text, and
`dossier check` warns (`deep-nesting`)."""

SAFE_SCHEMES = ("http", "https", "mailto")
"""The schemes a link may use; a link with no scheme is relative, and allowed too."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a link that may not be used (`javascript`, `file`, `data`...), if any."""
    # The renderer decodes entities before it checks a link: `javascript&#58;` is `javascript:`.
    m = _SCHEME.match(html.unescape(url).strip())
    if m is None:
        return None
    scheme = m[1].lower()
    return None if scheme in SAFE_SCHEMES else scheme


def entry_text(text: str | None) -> str | None:
    """The given text of `[[id|text]]` as it reads: its line breaks and runs of spaces one space."""
    return " ".join(text.split()) if text else None
