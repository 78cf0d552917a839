"""A body's rendering as questions to its page and their answers, recorded, and asked again.

Everything a body's HTML shows besides its own text comes from what the rules ask the page
(`PageContext`: an id's title and address, whether it is a source, a relative URL's file,
the language's words...) and from the page's citations (the numbers given before it). So
a rendering recorded with every answer is the rendering again wherever every question has
the same answer: `rendercache` keeps records so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .cites import Citations, CiteMark, Note
from .local import Local
from .plugins import PageContext

ASKS = (
    *("href", "title", "is_source", "cite_label", "cite_hook", "cite_note", "local"),
    *("gettext", "isolate"),
)
"""The page's questions a body's rendering may ask (`PageContext`), all of them recorded."""


def answer(value: object) -> object:
    """An answer as JSON holds it: a `Local` as its three fields."""
    if isinstance(value, Local):
        return [value.href, value.width, value.height]
    return value


def recording(
    page: PageContext, asks: dict[tuple[str, str], object], cites: list[Any]
) -> PageContext:
    """`page`, with each of its answers recorded in `asks` (the first of each question),
    and each citation numbered in `cites`."""

    def recorded(name: str, ask: Callable[[str], object]) -> Callable[[str], object]:
        def answered(arg: str) -> object:
            found = ask(arg)
            asks.setdefault((name, arg), answer(found))
            return found

        return answered

    changes: dict[str, Any] = {
        name: recorded(name, getattr(page, name))
        for name in ASKS
        if getattr(page, name) is not None
    }
    return replace(page, citations=Citing(page.citations, cites), **changes)


class Citing(Citations):
    """A page's citations, each one numbered there and recorded."""

    def __init__(self, inner: Citations, cites: list[Any]) -> None:
        self.inner, self.cites = inner, cites
        self.notes, self.cited = inner.notes, inner.cited  # the page's own, seen through

    def cite(self, source: str) -> CiteMark:
        mark = self.inner.cite(source)
        self.cites.append([source, mark.number, mark.anchor, mark.letter])
        return mark


def replay(record: dict[str, Any], page: PageContext) -> bool:
    """Does every question of `record` have the same answer on `page`? If so, the page's
    citations are numbered as the record's parse numbered them."""
    try:
        for name, arg, was in record["asks"]:
            if name not in ASKS or not isinstance(arg, str):
                return False
            ask = getattr(page, name)
            if ask is None or answer(ask(arg)) != was:
                return False
        scratch = Citations()
        scratch.notes = {
            s: Note(n.number, s, list(n.marks)) for s, n in page.citations.notes.items()
        }
        sources = []
        for source, number, anchor, letter in record["cites"]:
            mark = scratch.cite(source)
            if [mark.number, mark.anchor, mark.letter] != [number, anchor, letter]:
                return False
            sources.append(source)
        if not isinstance(record["html"], str) or not isinstance(record["text"], str):
            return False
    except Exception:  # a record of another shape, or a question no longer asked so
        return False
    for source in sources:
        page.citations.cite(source)
    return True
