"""What a template keeps of the markup it made, to give again (`once`, `remember`).

Both are template globals (`render.environment`): a macro's markup for a key, made once.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import jinja2
from markupsafe import Markup


class Once:
    """A template's `once(key, macro, *args)`: the markup `macro(*args)` gave the first
    time `key` was asked for. A key names everything the markup shows (a source note's
    source and the link to it), and holds for one rendering of the dossier: each starts
    with `Once.forget(env)`, since `serve` renders a changed dossier with the same theme."""

    def __init__(self) -> None:
        self.done: dict[object, bytes] = {}
        """As UTF-8: a source note's curly quotes would make the string two bytes a letter,
        and each rendering process keeps thousands of notes."""

    def __call__(self, key: object, macro: Callable[..., Markup], /, *args: object) -> Markup:
        found = self.done.get(key)
        if found is None:
            made = macro(*args)
            self.done[key] = made.encode("utf-8")
            return made
        return Markup(found.decode("utf-8"))

    @staticmethod
    def forget(env: jinja2.Environment) -> None:
        once = env.globals["once"]
        assert isinstance(once, Once)
        once.done.clear()


class Remember:
    """A template's `remember(key, macro, *args)`: the markup `macro(*args)` gave for an
    equal `key`, whatever rendering of the dossier gave it. The key is the view data the
    markup shows (frozen dataclasses compare and hash by value), so it holds for as long
    as the templates do: `serve` renders an incidents index again with one row changed,
    and the other rows' markup is the same. The markup must come from the key alone (and
    the theme and language, which make a new environment when they change)."""

    LIMIT = 20_000
    """Keys at most in each of the two generations: markup not asked for during a whole
    generation is forgotten."""

    def __init__(self) -> None:
        self.new: dict[object, Markup] = {}
        self.old: dict[object, Markup] = {}
        self.last: dict[object, tuple[tuple[object, ...], Markup]] = {}  # `same`'s
        self.keeping = False
        """Only `serve` renders the same pages again (`render_pages(record=True)`); a build
        would hash and keep every row for nothing."""

    def __call__(self, key: object, macro: Callable[..., Markup], /, *args: object) -> Markup:
        if not self.keeping:
            return macro(*args)
        found = self.new.get(key)
        if found is None:
            found = self.old.pop(key, None)
            if found is None:
                found = macro(*args)
            if len(self.new) >= self.LIMIT:
                self.old, self.new = self.new, {}
            self.new[key] = found
        return found

    def same(
        self, key: tuple[object, ...], macro: Callable[..., Markup], /, *args: object
    ) -> Markup:
        """`remember_same(key, macro, *args)`: the last call's markup if its key held the very
        same (frozen) objects: a block kept whole (the index's rows), not hashed again."""
        if not self.keeping:
            return macro(*args)
        was, found = self.last.get(key[0], ((), None))
        if found is None or len(was) != len(key) or any(map(operator.is_not, was, key)):
            found = macro(*args)
            self.last[key[0]] = (key, found)
        return found
