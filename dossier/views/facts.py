"""What each fact's value is, to compare an old dossier with a new one (`changed_facts`).

A fact is a table and a key (`views.reads`); its value is what a page that read it shows.
A rebuild renders again exactly the pages that read a fact whose value changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..claims import ClaimRecord, Contradiction
from ..kinds import Kind
from ..model import Actor, Entry, Page, Place, Source
from .lookups import countries, disputed, location, part_of, tags_of
from .reads import Fact, citing_entries, files_by_path, ids_by_kind

if TYPE_CHECKING:
    from ..check import Dossier


class _Tables:
    """One dossier's values of every fact, with the indexes that make each a look-up.

    With `read` (the checked dossier the public one was made from), an entry whose data is
    the very data read from its text gives that text for its data: the same text makes the
    same data, and its digest is one hash instead of a walk through every field."""

    def __init__(self, dossier: Dossier, read: Dossier | None = None) -> None:
        self.d = dossier
        self.read = read
        self.shown_claims: dict[int, _Claim] = {}

    @cached_property
    def kinds(self) -> dict[Kind, list[str]]:
        return ids_by_kind(self.d)

    @cached_property
    def files(self) -> dict[str, str]:
        return files_by_path(self.d)

    @cached_property
    def tags(self) -> dict[str, list[str]]:
        return tags_of(self.d)

    def _claims(self, indexes: Iterable[int]) -> list[object]:
        """What pages show of these claims: one object per claim, however many tables
        hold it (a digest of it is then made once)."""
        every, shown = self.d.claims.claims, self.shown_claims
        return [shown.get(i) or shown.setdefault(i, _claim(every[i])) for i in indexes]

    def _entry(self, entry: Entry) -> object:
        read = self.read.entries.get(entry.id) if self.read is not None else None
        if read is not None and read.data is entry.data:
            return entry.kind, _Text(entry.marks.packed), entry.packed
        return entry.kind, entry.data, entry.packed  # the body, packed

    def value(self, table: str, key: str) -> object:
        """The value of the fact `(table, key)` in this dossier, as the views show it."""
        d, links = self.d, self.d.links
        entry = d.entries.get(key)
        data = entry.data if entry else None
        match table:
            case "entry":
                return entry and self._entry(entry)
            case "exists":
                return entry is not None
            case "link":
                return entry and (entry.kind, entry.title, entry.data.summary, _stands_for(entry))
            case "row":
                return entry and (
                    entry.title,
                    entry.data.summary,
                    getattr(data, "date", None),
                    getattr(data, "place", None),
                    getattr(data, "actors", None),
                    entry.data.tags,
                )
            case "note":
                if entry is None or not isinstance(data, Source):
                    return None
                return (entry.title, data.publisher, data.author, data.published, data.url,
                        data.archive_url, data.language, _stands_for(entry))  # fmt: skip
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
                return citing_entries(d, key)
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
            case "file":
                return self.files.get(key)
            case "media":  # what a page shows of it: that it is there, an image's size
                file = d.media.files.get(key)
                return file and (file.path, file.image and (file.image.width, file.image.height))
            case "history":
                h = d.history
                return h and (h.dates.get(key), h.by_subject.get(key))
            case "corrections":
                h = d.history
                return h and (h.corrections, {i: e.title for i, e in h.gone.items()})
            case "corrected":
                return d.history is not None, bool(d.history and d.history.corrections)
            case "tags":
                return self.tags
            case "tag":
                return self.tags.get(key)
            case "part_of":
                return part_of(d, key)
            case "disputed":
                return disputed(d, key)
            case "location":
                return location(d, key)
            case "located":
                return [(i, location(d, i)) for i in self.kinds[Kind.PLACE] if location(d, i)]
            case "countries":
                return countries(d)
        raise ValueError(f"no such table of facts: {table}")


def fact_values(dossier: Dossier, read: Dossier | None = None) -> Callable[[Fact], object]:
    """The value of each fact in `dossier`, as `changed_facts` compares them: the page
    cache keeps a digest of it, having no old dossier to compare with. `read`: the checked
    dossier `dossier` was made from (`_Tables`)."""
    tables = _Tables(dossier, read)
    return lambda fact: tables.value(*fact)


def _stands_for(entry: Entry) -> object:
    """What a stand-in shows of the internal source it stands for (its kind and
    reliability, `audience`): the stand-in's id and title stay when the source's change,
    or when another source takes its number."""
    data = entry.data
    return entry.confidential and isinstance(data, Source) and (data.kind, data.reliability)


def _verdict(c: Contradiction | None) -> object:
    """What a page shows of a contradiction (not where its claims stand in the list)."""
    return c and (c.subject, c.about, c.kind, c.assessment)


@dataclass(frozen=True, slots=True)
class _Text:
    """An entry's front matter as its text (packed), standing for the data read from it."""

    packed: bytes


@dataclass(slots=True)  # not frozen: a frozen dataclass is made three times slower
class _Claim:
    """What a page shows of a claim (not where it is written)."""

    subject: str
    about: str
    value: object
    sources: tuple[str, ...]
    attributed_to: str | None
    quote: str | None
    note: str | None


def _claim(c: ClaimRecord) -> _Claim:
    return _Claim(c.subject, c.about, c.value, c.sources, c.attributed_to, c.quote, c.note)


_OF_ONE_ENTRY = frozenset({"entry", "exists", "link", "row", "note", "part_of", "location"})
"""Tables whose value for `id` depends on that entry alone."""
_OF_HISTORY = frozenset({"history", "corrections", "corrected"})
"""Tables that come from the git history alone."""


def _tags(d: Dossier, id_: str) -> object:
    entry = d.entries.get(id_)
    return None if entry is None or entry.confidential else frozenset(entry.data.tags)


def _nav(d: Dossier, id_: str) -> object:
    entry = d.entries.get(id_)
    if entry is None or entry.kind is not Kind.PAGE:
        return None
    return entry.title, entry.data.order if isinstance(entry.data, Page) else None


def _kind(d: Dossier, id_: str) -> object:
    entry = d.entries.get(id_)
    return entry and (entry.kind, entry.confidential)


def _file(d: Dossier, id_: str) -> object:
    entry = d.entries.get(id_)
    return entry and (entry.path, entry.confidential)


def _located(d: Dossier, id_: str) -> object:
    entry = d.entries.get(id_)
    return None if entry is None or entry.confidential else location(d, id_)


def _country(d: Dossier, id_: str) -> object:
    entry = d.entries.get(id_)
    data = entry.data if entry else None
    return data.country if isinstance(data, Actor | Place) else None


_SHARES: dict[str, Callable[[Dossier, str], object]] = {
    "kind": _kind,
    "nav": _nav,
    "file": _file,
    "tags": _tags,
    "tag": _tags,
    "located": _located,
    "countries": _country,
}
"""Tables made from every entry, each entry's share of them: a table is the same when no
entry's share changed. The share is all the table's value takes from the entry."""
_OF_THE_WHOLE = frozenset({"config", "media", *_SHARES})
"""Tables that do not come from links and claims."""


def same_tables(before: Dossier, after: Dossier, changed: Set[str]) -> frozenset[str]:
    """The tables of `_SHARES` whose every value is the same in the two dossiers: no entry
    of `changed` (the only ones that differ) has another share of them. A look at the
    changed entries, not at the whole dossier."""
    return frozenset(
        table
        for table, share in _SHARES.items()
        if all(share(before, i) == share(after, i) for i in changed)
    )


def changed_facts(
    before: Dossier,
    after: Dossier,
    read: Mapping[str, Set[str]],
    changed: Set[str],
    same: Set[str] = frozenset(),
) -> set[Fact]:
    """The facts among those `read` (each table's keys) whose value differs between the
    two dossiers.

    `changed` are the ids of the entries that were read again (or came, or went): a fact
    of one entry can only change with it, so only theirs are looked at. The tables of
    `same` (`same_tables`) are not compared. What links and claims derive is compared only
    when they were derived again (an edit of prose alone keeps them); the history's, only
    when it was read again."""
    derived_same = before.links is after.links and before.claims is after.claims
    history_same = before.history is after.history
    old, new = _Tables(before), _Tables(after)
    out: set[Fact] = set()
    for table, keys in read.items():
        if table in _OF_HISTORY:
            if history_same:
                continue
        elif table in _OF_ONE_ENTRY:
            keys = {key for key in changed if key in keys}
        elif table in same or (derived_same and table not in _OF_THE_WHOLE):
            continue
        out.update((table, key) for key in keys if old.value(table, key) != new.value(table, key))
    return out
