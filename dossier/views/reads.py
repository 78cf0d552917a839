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
from ..kinds import Kind
from ..model import Entry, Page, Source

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

    def _read(self, table: str, key: str) -> None:
        if self._seen is not None:
            self._seen.add((table, key))

    # One entry ------------------------------------------------------------------------------

    def has(self, id_: str) -> bool:
        """Is there an entry `id_`? (Recorded: the answer changes when it comes or goes.)"""
        self._read("link", id_)
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
        """An incident as a row of a list shows it: title, summary, date, place."""
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
            self._files = _files(self.dossier)
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
        return _cited_in(self.dossier, source)

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


def _files(dossier: Dossier) -> dict[str, str]:
    return {e.path: id_ for id_, e in dossier.entries.items() if not e.confidential}


def _cited_in(dossier: Dossier, source: str) -> list[str]:
    return sorted({ref.source for ref in dossier.links.citations.get(source, [])})


# What each fact's value is, to compare an old dossier with a new one ------------------------


class _Tables:
    """One dossier's values of every fact, with the indexes that make each a look-up."""

    def __init__(self, dossier: Dossier) -> None:
        self.d = dossier

    @cached_property
    def kinds(self) -> dict[Kind, list[str]]:
        return ids_by_kind(self.d)

    @cached_property
    def files(self) -> dict[str, str]:
        return _files(self.d)

    def _claims(self, indexes: Iterable[int]) -> list[object]:
        every = self.d.claims.claims
        return [_claim(every[i]) for i in indexes]

    def value(self, table: str, key: str) -> object:
        """The value of the fact `(table, key)` in this dossier, as the views show it."""
        d, links = self.d, self.d.links
        entry = d.entries.get(key)
        data = entry.data if entry else None
        match table:
            case "entry":
                return entry and (entry.kind, entry.data, entry.body)
            case "link":
                return entry and (entry.kind, entry.title, entry.data.summary)
            case "row":
                return entry and (
                    entry.title,
                    entry.data.summary,
                    getattr(data, "date", None),
                    getattr(data, "place", None),
                )
            case "note":
                if entry is None or not isinstance(data, Source):
                    return None
                return (entry.title, data.publisher, data.author, data.published, data.url,
                        data.archive_url, data.language)  # fmt: skip
            case "backlinks":
                return links.backlinks.get(key)
            case "roles":
                return links.roles.get(key)
            case "at_place":
                return links.at_place.get(key)
            case "members":
                return links.members.get(key)
            case "relayed_by":
                return links.relayed_by.get(key)
            case "origins":
                return links.origins.get(key), links.reach.get(key)
            case "cited_in":
                return _cited_in(d, key)
            case "supported":
                return self._claims(d.claims.by_source.get(key, ()))
            case "asserted":
                return self._claims(d.claims.by_actor.get(key, ()))
            case "claims":
                groups = d.claims.groups
                return [
                    (
                        about,
                        self._claims(groups[key, about]),
                        d.claims.contradicted.get((key, about)),
                    )
                    for about in d.claims.by_subject.get(key, ())
                ]
            case "contradictions":
                return [(c, self._claims(c.claims)) for c in d.claims.contradictions]
            case "kind":
                return self.kinds[Kind(key)]
            case "nav":
                return [
                    (e.id, e.title, e.data.order if isinstance(e.data, Page) else None)
                    for e in d.entries.values()
                    if e.kind is Kind.PAGE
                ]
            case "config":
                return d.config
            case "history":
                h = d.history
                return h and (h.dates.get(key), h.by_subject.get(key))
            case "corrections":
                h = d.history
                return h and (h.corrections, {i: e.title for i, e in h.gone.items()})
            case "corrected":
                return d.history is not None, bool(d.history and d.history.corrections)
            case "file":
                return self.files.get(key)
            case "media":  # what a page shows of it: that it is there, an image's size
                file = d.media.files.get(key)
                return file and (file.path, file.image and (file.image.width, file.image.height))
        raise ValueError(f"no such table of facts: {table}")


def _verdict(c: Contradiction | None) -> object:
    """What a page shows of a contradiction (not where its claims stand in the list)."""
    return c and (c.subject, c.about, c.kind, c.assessment)


def _claim(c: ClaimRecord) -> object:
    """What a page shows of a claim (not where it is written)."""
    return (c.subject, c.about, c.value, c.sources, c.attributed_to, c.quote, c.note)


_OF_ONE_ENTRY = frozenset({"entry", "link", "row", "note"})
"""Tables whose value for `id` depends on that entry alone."""
_OF_THE_WHOLE = frozenset({"kind", "nav", "config", "file", "media"})
"""Tables that do not come from links and claims."""
_OF_HISTORY = frozenset({"history", "corrections", "corrected"})
"""Tables that come from the git history alone."""


def changed_facts(
    before: Dossier, after: Dossier, facts: Iterable[Fact], changed: set[str]
) -> set[Fact]:
    """The facts among `facts` whose value differs between the two dossiers.

    `changed` are the ids of the entries that were read again (or came, or went): a fact
    of one entry can only change with it. What links and claims derive is compared only
    when they were derived again (an edit of prose alone keeps them); the history's, only
    when it was read again."""
    derived_same = before.links is after.links and before.claims is after.claims
    history_same = before.history is after.history
    old, new = _Tables(before), _Tables(after)
    out = set()
    for fact in facts:
        table, key = fact
        if table in _OF_HISTORY:
            if history_same:
                continue
        elif table in _OF_ONE_ENTRY:
            if key not in changed:
                continue
        elif derived_same and table not in _OF_THE_WHOLE:
            continue
        if old.value(table, key) != new.value(table, key):
            out.add(fact)
    return out
