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
    "Draft",
    "Note",
    "PageContext",
    "Ref",
    "RefKind",
    "Rendered",
    "cite_html",
    "create",
    "draft",
    "fill",
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


@dataclass(frozen=True, slots=True)
class Draft:
    """A body rendered but for its entry links: what the page's other entries show (their
    titles, whether they exist) is filled in by `fill`, so a draft holds while they
    change (`dossier serve` keeps it, `views.keep`)."""

    html: tuple[str, ...]
    """The HTML around the links: one piece more than `links`."""
    links: tuple[tuple[str, str | None], ...]
    """Each `[[id]]` or `[[id|text]]` left out of the HTML: its id and text."""
    text: tuple[str, ...]
    """The words around the titles `[[id]]` shows: one piece more than `titled`."""
    titled: tuple[str, ...]
    """The id of each `[[id]]` whose title is left out of the words."""


def draft(md: MarkdownIt, body: str, page: PageContext) -> Draft:
    """Parse `body` once (numbering its citations in `page.citations`) and render it, but
    for its entry links."""
    from .plugins import HOLE, HOLES
    from .text import token_text

    links: list[tuple[str, str | None]] = []
    env = {"page": page, HOLES: links}
    tokens = md.parse(body, env)
    html = md.renderer.render(tokens, md.options, env)
    titled: list[str] = []

    def title(id_: str) -> str:
        titled.append(id_)
        return HOLE

    text = token_text(tokens, title)
    return Draft(tuple(html.split(HOLE)), tuple(links), tuple(text.split(HOLE)), tuple(titled))


def fill(done: Draft, page: PageContext) -> Rendered:
    """The body of `done` with its entry links as `page` shows them."""
    from .plugins import entry_link_html

    html = [done.html[0]]
    for (id_, text), after in zip(done.links, done.html[1:], strict=True):
        html += (entry_link_html(page, id_, text), after)
    if not done.titled:
        return Rendered("".join(html), done.text[0])
    words = [done.text[0]]
    for id_, after in zip(done.titled, done.text[1:], strict=True):
        words += (page.title(id_) if page.href(id_) else id_, after)
    # A title's spaces are the words' (`token_text` makes one space between words).
    return Rendered("".join(html), " ".join("".join(words).split()))


def render(md: MarkdownIt, body: str, page: PageContext) -> Rendered:
    """Parse `body` once (numbering its citations in `page.citations`) and render it."""
    return fill(draft(md, body, page), page)
