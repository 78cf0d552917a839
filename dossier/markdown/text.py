"""A body as a reader reads it, for the search index: from the same tokens as its HTML."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .cites import Citations
from .plugins import PageContext

_SEPARATE = frozenset({"softbreak", "hardbreak"})
_CODE = frozenset({"code_block", "fence"})


def token_text(tokens: Sequence[Token], title_of: Callable[[str], str]) -> str:
    """The words of a parsed body: link texts kept, `[[id]]` as its text or `title_of(id)`,
    citations, footnote references and markup dropped, code kept, one space between words."""
    words: list[str] = []
    for token in tokens:
        if token.type == "inline":
            _inline(token.children or (), title_of, words)
        elif token.type in _CODE:
            words.append(token.content)
        else:
            continue
        words.append(" ")  # blocks (and table cells) never run into each other
    return " ".join("".join(words).split())


def _inline(tokens: Sequence[Token], title_of: Callable[[str], str], words: list[str]) -> None:
    for token in tokens:
        kind = token.type
        if kind in ("text", "code_inline"):
            words.append(token.content)
        elif kind in _SEPARATE:
            words.append(" ")
        elif kind == "entry_link":
            text = token.meta["text"]
            words.append(text if text is not None else title_of(token.meta["id"]))
        elif kind == "image":
            _inline(token.children or (), title_of, words)


def plain_text(
    md: MarkdownIt,
    body: str,
    title_of: Callable[[str], str],
    is_source: Callable[[str], bool] = lambda label: True,
) -> str:
    """`body` as `token_text` reads it, parsed on its own (`render` gives it with the HTML).

    `title_of` gives the words for `[[id]]` (an entry's title; the id itself if none);
    `is_source` says which labels `[^label]` cites."""
    page = PageContext(
        href=lambda id_: None,
        title=title_of,
        is_source=is_source,
        citations=Citations(),
        cite_label=lambda id_: id_,
    )
    return token_text(md.parse(body, {"page": page}), title_of)
