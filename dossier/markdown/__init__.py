"""Markdown: one grammar for the site's pages, `dossier check`'s references and search.

- `syntax`: what `[[id]]` and `[^label]` look like, which link schemes are allowed;
- `scan`: the references of a body, found fast (`dossier check`), exactly as the parser
  finds them (`locate`, the parser's path);
- `plugins`: the MarkdownIt configuration and its rules (`anchors`: the headings' ids);
  `cites`: the numbered sources;
- `text`: a body's plain text for the search index.

Importing this package does not import markdown-it: `dossier check` needs only `scan`,
and its fast path needs no parser. The names from the parser's modules load on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .cites import Citations, CiteMark, Note, cite_html
from .scan import Ref, RefKind, position, scan
from .syntax import ENTRY_LINK, MAX_DEPTH, SAFE_SCHEMES, unsafe_scheme

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .plugins import PageContext, create
    from .text import plain_text

__all__ = [
    "ENTRY_LINK",
    "MAX_DEPTH",
    "SAFE_SCHEMES",
    "Citations",
    "CiteMark",
    "Note",
    "PageContext",
    "Ref",
    "RefKind",
    "Rendered",
    "cite_html",
    "create",
    "plain_text",
    "position",
    "render",
    "scan",
    "unsafe_scheme",
]

_LAZY = {"PageContext": "plugins", "create": "plugins", "plain_text": "text"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A body rendered: its HTML and its words, from one parse."""

    html: str
    """The body as HTML."""
    text: str
    """The body as a reader reads it, for the search index (see `text.token_text`)."""


def render(md: MarkdownIt, body: str, page: PageContext) -> Rendered:
    """Parse `body` once (numbering its citations in `page.citations`) and render it."""
    from .text import token_text

    env = {"page": page}
    tokens = md.parse(body, env)
    html = md.renderer.render(tokens, md.options, env)
    return Rendered(
        html, token_text(tokens, lambda id_: page.title(id_) if page.href(id_) else id_)
    )
