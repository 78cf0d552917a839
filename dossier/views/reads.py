"""The checked dossier as the views read it, and a record of what each page read.

Every read names a *fact*: a table and a key, such as `("link", "al-bab")` (what a link to
al-Bab shows: its title, kind and summary) or `("backlinks", "al-bab")` (who names it).
While a page is built, `Reads.recording` collects the facts it read. A rebuild then asks,
for each fact, whether its value differs between the old and the new dossier
(`changed_facts`), and renders again exactly the pages that read a changed fact. Nothing
is predicted: a page that starts to show something new records it the next time it is
built, because the views cannot read the dossier any other way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from ..claims import ClaimRecord, Contradiction
from ..i18n import Language, project_language
from ..kinds import Kind
from ..model import Entry, Source
from .lookups import Location, countries, disputed, location, part_of, tags_of

if TYPE_CHECKING:
    from ..check import Dossier
    from ..config import Config
    from ..history import Correction, Dates
    from ..media import MediaFile

Fact = tuple[str, str]
"""A table and a key: `("link", "al-bab")`."""


class Reads:
    """The one way the views see the dossier; each read is recorded while recording."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self._seen: set[Fact] | None = None
        self._kinds = ids_by_kind(dossier)
        self._shown: dict[str, bool] | None = None
        self._files: dict[str, str] | None = None

    @contextmanager
    def recording(self) -> Iterator[set[Fact]]:
        """Collect the facts read inside the block into the set it yields."""
        seen: set[Fact] = set()
        outer, self._seen = self._seen, seen
        try:
            yield seen
        finally:
            self._seen = outer

    @contextmanager
    def showing(self) -> Iterator[dict[str, bool]]:
        """Collect the files of `media/` shown or linked inside the block into the dict it
        yields: path → whether it is a preserved copy, to publish byte for byte."""
        shown: dict[str, bool] = {}
        outer, self._shown = self._shown, shown
        try:
            yield shown
        finally:
            self._shown = outer

    def note(self, facts: Iterable[Fact], media: Iterable[tuple[str, bool]]) -> None:
        """Record again what something made earlier read (`Parts.shared`)."""
        if self._seen is not None:
            self._seen.update(facts)
        if self._shown is not None:
            self._shown.update(media)

    @cached_property
    def lang(self) -> Language:
        """The language the site writes in (SPEC §10)."""
        return project_language(self.dossier.root, self.dossier.config)

    def _read(self, table: str, key: str) -> None:
        if self._seen is not None:
            self._seen.add((table, key))

    # One entry ------------------------------------------------------------------------------

    def has(self, id_: str) -> bool:
        """Is there an entry `id_`? (Recorded: the answer changes when it comes or goes,
        not when its title does.)"""
        self._read("exists", id_)
        return id_ in self.dossier.entries

    def entry(self, id_: str) -> Entry:
        """All of an entry, for its own page: every field and the body."""
        self._read("entry", id_)
        return self.dossier.entries[id_]

    def shown(self, id_: str) -> Entry:
        """An entry as a link to it shows it: title, kind, summary (the `link` fact)."""
        self._read("link", id_)
        return self.dossier.entries[id_]

    def dated(self, id_: str) -> Entry:
        """An incident as a row of a list shows it: title, summary, date, place (and, in
        the incidents index, its actors and tags, which the filters compare)."""
        self._read("row", id_)
        return self.dossier.entries[id_]

    def source(self, id_: str) -> Source:
        """A source as its note shows it: title, publisher, author, dates, links, language."""
        self._read("note", id_)
        data = self.dossier.entries[id_].data
        assert isinstance(data, Source)
        return data

    def entry_at(self, path: str) -> str | None:
        """The id of the entry whose file is `path` (`content/actors/putin.yml`), if any."""
        self._read("file", path)
        if self._files is None:
            self._files = files_by_path(self.dossier)
        return self._files.get(path)

    def media(self, path: str, evidence: bool = False) -> MediaFile | None:
        """The file of `media/` at `path`, which the page shows or links (the site holds
        it); `evidence`: as a source's preserved copy, published byte for byte."""
        self._read("media", path)
        file = self.dossier.media.files.get(path)
        if self._shown is not None and file is not None:
            self._shown[path] = self._shown.get(path, False) or evidence
        return file

    # What links and claims derive --------------------------------------------------------

    def backlinks(self, id_: str) -> list[str]:
        self._read("backlinks", id_)
        return self.dossier.links.backlinks.get(id_, [])

    def roles(self, actor: str) -> list[tuple[str, str | None]]:
        self._read("roles", actor)
        return self.dossier.links.roles.get(actor, [])

    def at_place(self, place: str) -> list[str]:
        self._read("at_place", place)
        return self.dossier.links.at_place.get(place, [])

    def members(self, actor: str) -> list[str]:
        self._read("members", actor)
        return self.dossier.links.members.get(actor, [])

    def relayed_by(self, source: str) -> list[str]:
        self._read("relayed_by", source)
        return self.dossier.links.relayed_by.get(source, [])

    def origins(self, source: str) -> list[str]:
        """The sources at the ends of `source`'s `via` chains (itself if it relays none)."""
        self._read("origins", source)
        return self.dossier.links.origins.get(source, [source])

    def independent(self, sources: list[str]) -> list[str]:
        """The independent origins behind these sources (`Links.independent`)."""
        for source in sources:
            self._read("origins", source)
        return self.dossier.links.independent(sources)

    def cited_in(self, source: str) -> list[str]:
        """The entries that cite `source`, sorted."""
        self._read("cited_in", source)
        return citing_entries(self.dossier, source)

    def supported(self, source: str) -> list[ClaimRecord]:
        """The claims `source` supports, in the export's order."""
        self._read("supported", source)
        claims = self.dossier.claims
        return [claims.claims[i] for i in claims.by_source.get(source, ())]

    def asserted(self, actor: str) -> list[ClaimRecord]:
        """The claims attributed to `actor`, in the export's order."""
        self._read("asserted", actor)
        claims = self.dossier.claims
        return [claims.claims[i] for i in claims.by_actor.get(actor, ())]

    def figures(self, subject: str) -> list[tuple[str, list[ClaimRecord], Contradiction | None]]:
        """Every property claimed about `subject`: its claims and its contradiction."""
        self._read("claims", subject)
        claims = self.dossier.claims
        return [
            (
                about,
                [claims.claims[i] for i in claims.groups[subject, about]],
                claims.contradicted.get((subject, about)),
            )
            for about in claims.by_subject.get(subject, ())
        ]

    def contradictions(self) -> list[Contradiction]:
        """Every contradiction of the dossier, with what its claims say."""
        self._read("contradictions", "")
        return self.dossier.claims.contradictions

    def claims_of(self, contradiction: Contradiction) -> list[ClaimRecord]:
        every = self.dossier.claims.claims
        return [every[i] for i in contradiction.claims]

    # The whole dossier ----------------------------------------------------------------------

    def ids(self, kind: Kind) -> list[str]:
        """The ids of every entry of `kind`, sorted."""
        self._read("kind", kind.value)
        return self._kinds[kind]

    def tags(self) -> dict[str, list[str]]:
        """Every tag, sorted, with the ids of its entries."""
        self._read("tags", "")
        return self._tags

    def tagged(self, tag: str) -> list[str]:
        """The ids of the entries with `tag`, sorted."""
        self._read("tag", tag)
        return self._tags.get(tag, [])

    def part_of(self, actor: str) -> str | None:
        """The actor `actor` is part of."""
        self._read("part_of", actor)
        return part_of(self.dossier, actor)

    def disputed(self, subject: str) -> bool:
        """Is some property of `subject` contradicted?"""
        self._read("disputed", subject)
        return disputed(self.dossier, subject)

    def location(self, place: str) -> Location | None:
        """Where a place is on a map (none without coordinates)."""
        self._read("location", place)
        return location(self.dossier, place)

    def located(self) -> list[str]:
        """The ids of the places with coordinates, sorted."""
        self._read("located", "")
        return self._located

    def countries(self) -> list[str]:
        """The countries the dossier names (places' and actors' `country`), sorted."""
        self._read("countries", "")
        return self._countries

    @cached_property
    def _tags(self) -> dict[str, list[str]]:
        return tags_of(self.dossier)

    @cached_property
    def _countries(self) -> list[str]:
        return countries(self.dossier)

    @cached_property
    def _located(self) -> list[str]:
        return [i for i in self._kinds[Kind.PLACE] if location(self.dossier, i)]

    def pages(self) -> list[Entry]:
        """The free pages, with their titles and places in the navigation."""
        self._read("nav", "")
        return [self.dossier.entries[i] for i in self._kinds[Kind.PAGE]]

    @property
    def config(self) -> Config | None:
        """The settings in `dossier.yml`."""
        self._read("config", "")
        return self.dossier.config

    # The history ----------------------------------------------------------------------------

    def history_of(self, id_: str) -> tuple[Dates | None, tuple[Correction, ...]] | None:
        """An entry's dates and corrections; None when the site has no history."""
        self._read("history", id_)
        history = self.dossier.history
        if history is None:
            return None
        return history.dates.get(id_), history.by_subject.get(id_, ())

    def corrections(self) -> tuple[Correction, ...]:
        """Every correction, newest first (none without history)."""
        self._read("corrections", "")
        history = self.dossier.history
        return history.corrections if history else ()

    def gone_title(self, id_: str) -> str:
        """The last title of an entry that was removed (part of the `corrections` fact)."""
        self._read("corrections", "")
        history = self.dossier.history
        gone = history.gone.get(id_) if history else None
        return gone.title if gone else id_

    def corrected(self) -> tuple[bool, bool]:
        """Has the site a history, and has it any correction (the navigation says so)?"""
        self._read("corrected", "")
        history = self.dossier.history
        return history is not None, bool(history and history.corrections)


def ids_by_kind(dossier: Dossier) -> dict[Kind, list[str]]:
    """The ids of every kind's entries, sorted (the dossier's entries are)."""
    found: dict[Kind, list[str]] = {kind: [] for kind in Kind}
    for entry in dossier.entries.values():
        if not entry.confidential:  # a stand-in is listed nowhere, counted nowhere
            found[entry.kind].append(entry.id)
    return found


def citing_entries(dossier: Dossier, source: str) -> list[str]:
    return sorted({ref.source for ref in dossier.links.citations.get(source, [])})


def files_by_path(dossier: Dossier) -> dict[str, str]:
    """Each entry file's path → its entry's id (stand-ins have no file)."""
    return {e.path: id_ for id_, e in dossier.entries.items() if not e.confidential}
