"""Relative links and images (SPEC §8): the site's address of the file they name; figures.

A relative URL in a body names a file of the project, read from the folder of the file
that holds the body (`../../media/2017/crater.jpg`). The page's `local` says what it is on
the site: the file's address relative to the page (with the image's size), or the page of
the entry whose file it names. A core rule rewrites each URL, after parsing and before
anything is rendered; another makes an image alone in its paragraph, with a title, a
`<figure>` captioned by that title. The render rule only reads what the tokens carry.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

if TYPE_CHECKING:
    from .plugins import PageContext


@dataclass(frozen=True, slots=True)
class Local:
    """A file of the project that a relative URL names, as the site holds it."""

    href: str | None
    """Its address relative to the page (`#fragment` kept); None when the site has no
    such file (the check reports it: `missing-file`), and then the URL is not kept."""
    width: int | None = None
    """An image's size in pixels."""
    height: int | None = None


def local_plugin(md: MarkdownIt) -> None:
    """Relative URLs to the site's files; figures; images with their sizes."""
    md.core.ruler.push("local_files", local_files)
    md.add_render_rule("image", _render_image)


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def local_files(state: StateCore) -> None:
    """Give every relative link and image the site's address of its file; then make each
    image alone in its paragraph, with a title, a figure."""
    page: PageContext | None = state.env.get("page")
    if page is None:
        return
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open":
                found = page.local(str(token.attrGet("href") or ""))
                if found is not None:
                    token.attrs.pop("href", None)
                    if found.href is not None:
                        token.attrSet("href", found.href)
            elif token.type == "image":
                found = page.local(str(token.attrGet("src") or ""))
                if found is not None:
                    token.meta["local"] = found
    tokens = state.tokens
    for i in range(len(tokens) - 2):
        opening, inline = tokens[i], tokens[i + 1]
        if opening.type != "paragraph_open" or opening.hidden or not inline.children:
            continue
        image = inline.children[0]
        caption = image.attrGet("title")
        if len(inline.children) == 1 and "local" in image.meta and caption:
            image.meta["caption"] = str(caption)
            opening.tag = tokens[i + 2].tag = "figure"


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Images from outside the site become links: a page never loads anything from outside.
    The site's own images are lazy, with their size; a figure's title is its caption."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
    found: Local | None = token.meta.get("local")
    if found is None and (_ABSOLUTE.match(src) or src.startswith("//")):
        return f'<a class="external-image" href="{html.escape(src)}">{alt}</a>'
    if found is None:
        return f'<img src="{html.escape(src)}" alt="{alt}">'
    if found.href is None:
        return f'<span class="missing-image">{alt}</span>'
    return image_html(token, alt, found.href, found)


def image_html(token: Token, alt: str, src: str, found: Local) -> str:
    """A site's image at `src` (its `alt` escaped already), with its size, and in a figure
    its caption: the site's pages and the briefing (where `src` is a `data:` URI) share it."""
    size = f' width="{found.width}" height="{found.height}"' if found.width else ""
    caption = token.meta.get("caption")
    title = token.attrGet("title")
    shown = f' title="{html.escape(str(title))}"' if title and not caption else ""
    img = f'<img src="{html.escape(src)}" alt="{alt}"{size}{shown} loading="lazy">'
    return img + (f"<figcaption>{html.escape(caption)}</figcaption>" if caption else "")
