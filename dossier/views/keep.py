"""What a page's last rendering made, kept for the next one while the facts it read hold.

`serve` renders a page again when a fact it read changed (`changed_facts`), but most of a
big page does not read that fact: one incident's title changes one row of the incidents
index, not the other two thousand. So what the views make for a part of a page (a row, a
contradiction, a narrative) is kept with the facts it read (`Item`), and on the page's
next rendering it is used again unless one of them is among the changed ones. That holds
because a page not rendered again read no changed fact, and the kept parts read only
facts of their page: the facts an item read are recorded on its page too.

An item is made from the dossier and its key alone; the key names whatever else it
depends on. Citations are the one state a page builds up in reading order: an item that
cites records where it found the page's `Citations` and what it cited, and is used again
only from the same place, where citing the same sources again gives the same marks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from .reads import Fact

if TYPE_CHECKING:
    from collections.abc import Set

    from ..markdown import Citations

Key = tuple[object, ...]
"""What names a part of one page: its kind and whatever it is made from besides facts."""
Shown = tuple[str, bool]
"""A file of media/ a page shows, and whether it is a preserved copy."""
Start = tuple[int, tuple[tuple[str, int, int], ...]]
"""Where an item found the page's citations: the number of notes so far, if it numbered a
new one (else -1), and for each source it cited, its number (0: not yet cited) and how
many times it had been cited."""


@dataclass(frozen=True, slots=True)
class Item:
    """A part of a page as it was made, with what it read."""

    value: object
    facts: frozenset[Fact]
    media: tuple[Shown, ...]
    """The files of media/ it showed."""
    cites: tuple[str, ...] = ()
    """The sources it cited, in order."""
    start: Start = (-1, ())
    inner: tuple[tuple[Key, Item], ...] = ()
    """The parts made while it was (the incidents index's rows, in its table): used again
    with it, they are kept with it for the next rendering. Their facts are among its own."""


PageItems = Mapping[Key, Item]


class Keep:
    """The parts each page's last rendering made, and the facts changed since."""

    def __init__(
        self,
        before: Mapping[str, PageItems] | None = None,
        dirty: Set[Fact] = frozenset(),
        *,
        drafts: bool = True,
    ) -> None:
        self.before: Mapping[str, PageItems] = before or {}
        self.dirty = dirty
        self.drafts = drafts
        """Keep the drafts of bodies too? Not from the first build: they are most of what
        would be kept (some 50 MB at 5,000 entries), and only the pages rendered again
        need them."""
        self._old: PageItems = {}
        self.made: dict[Key, Item] = {}
        """The parts of the page being rendered."""

    def page(self, url: str) -> None:
        """Start the page at `url`."""
        self._old = self.before.get(url, {})
        self.made = {}

    def get(self, key: Key, citations: Citations | None = None) -> Item | None:
        """The part `key` of this page if it holds, its citations made again in `citations`."""
        found = self.made.get(key) or self._old.get(key)
        if found is None or not found.facts.isdisjoint(self.dirty):
            return None
        if found.cites:
            if citations is None or start(citations, found.cites) != found.start:
                return None
            for source in found.cites:
                citations.cite(source)
        self.made.update(found.inner)
        self.made[key] = found
        return found

    def put(self, key: Key, item: Item) -> None:
        self.made[key] = item

    def made_since(self, count: int) -> tuple[tuple[Key, Item], ...]:
        """The parts of this page made after the first `count` (from the end: a part
        holding few, late on a page of thousands, costs few steps)."""
        new = len(self.made) - count
        if new <= 0:
            return ()
        return tuple(islice(reversed(self.made.items()), new))[::-1]


def sharing(items: PageItems, seen: dict[Key, Item]) -> PageItems:
    """`items`, each part that pages share (`Parts.shared`) as the first one `seen` in one
    rendering: the pages rendered by workers each bring back a copy."""
    if not any(key[0] == "shared" for key in items):
        return items
    return {
        key: seen.setdefault(key, item) if key[0] == "shared" else item
        for key, item in items.items()
    }


def start(citations: Citations, cites: tuple[str, ...]) -> Start:
    """Where citing `cites` would start in `citations` now."""
    notes, out, new = citations.notes, [], False
    for source in dict.fromkeys(cites):
        note = notes.get(source)
        new = new or note is None
        out.append((source, note.number, len(note.marks)) if note else (source, 0, 0))
    return (len(notes) if new else -1), tuple(out)


def started(citations: Citations, cites: tuple[str, ...], notes_before: int) -> Start:
    """Where `cites`, the last citations made in `citations`, started: when it had
    `notes_before` notes (what `start` said then)."""
    notes, out, new = citations.notes, [], False
    made = Counter(cites)
    for source in made:
        note = notes[source]
        if note.number > notes_before:
            new = True
            out.append((source, 0, 0))
        else:
            out.append((source, note.number, len(note.marks) - made[source]))
    return (notes_before if new else -1), tuple(out)
