"""Heading anchors: each `##` to `####` heading gets an `id` from its text, unique on the page.

The ids are those of mdit-py-plugins' `anchors_plugin` (GitHub's slugs: lower case, spaces
to hyphens, punctuation dropped; a repeated slug gets `-1`, `-2`...), but made in linear
time: that plugin tries `slug-1`, `slug-2`... from 1 again for every heading, so a page of
thousands of equal headings took time in the square of their number. Here each slug
remembers the last number it was given, and goes on from there.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

LEVELS = frozenset({"h2", "h3", "h4"})
"""The headings that get an anchor (`#` is the page's own title)."""

_DROPPED = re.compile(r"[^\w\u4e00-\u9fff\- ]")


def slugify(title: str) -> str:
    """A heading's text as a slug, as GitHub (and `anchors_plugin`) make it."""
    return _DROPPED.sub("", title.lower().replace(" ", "-"))


class Slugs:
    """The slugs given on one page: each new one is unique among them."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}
        """A slug → the number to try next after it. The numbers tried before were taken,
        and stay taken: trying them again is what made the old way quadratic."""

    def unique(self, slug: str) -> str:
        """`slug`, or `slug-N` with the lowest N that makes it unique (as `unique_slug`)."""
        n = self.next.get(slug, 0)
        found = slug if n == 0 else f"{slug}-{n}"
        while found in self.used:
            n += 1
            found = f"{slug}-{n}"
        self.next[slug] = n + 1
        self.used.add(found)
        return found


def anchors_plugin(md: MarkdownIt) -> None:
    """Give every `##` to `####` heading its `id`, in reading order."""
    md.core.ruler.push("anchor", _anchors)


def _anchors(state: StateCore) -> None:
    slugs = Slugs()
    tokens = state.tokens
    for idx, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in LEVELS:
            continue
        children = tokens[idx + 1].children or ()
        title = "".join(c.content for c in children if c.type in ("text", "code_inline"))
        token.attrSet("id", slugs.unique(slugify(title)))
