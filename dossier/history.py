"""History and corrections (SPEC §11): what each first-parent commit changed in `content/`,
at the level of claims.

`diffs.Walk` reads the commits oldest first. It keeps the last good version of every entry
file; each commit's changed files are parsed with the same loader and schema as `check`
(each distinct blob once: blob ids key a cache, and a blob equal to the file on disk is
the entry `check` already made), and the claims of the old and new versions are compared
by identity (`claims.identity`: subject, property, sources as a set). A changed value, a
withdrawn claim and a changed `preferred` value are `Correction`s; an added claim is not,
nor is an edit of prose. A version that cannot be read changes nothing: the next good
version is compared with the last good one. A file renamed (as git finds renames) keeps
its history, under its new id when that changed.

What the public may see is decided by `for_public`: a correction is shown only when the
old value was public when it was replaced (its claim, its entry, its subject and every
source it rests on public at that commit's time), and when its entry, subject and sources
are public now. An entry's public dates count only the commits that changed what the
public sees of it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from .audience import hidden
from .claims import ClaimKey, identity
from .gitlog import Commit

if TYPE_CHECKING:
    from .check import Dossier
    from .model import Entry
    from .values import Value


@dataclass(frozen=True, slots=True)
class Correction:
    """A claim's value changed or withdrawn, or an assessment's `preferred` value changed,
    by one commit."""

    commit: Commit
    subject: str
    """The id of the entry the claim is about (today's id, after any rename)."""
    about: str
    old: Value
    new: Value | None
    """None: withdrawn."""
    sources: tuple[str, ...]
    """The claim's sources, sorted; none for an assessment's preferred value."""
    holder: str
    """The id of the entry it was written in."""
    preferred: bool = False
    """An assessment's preferred value, not a claim's."""
    public_old: bool = True
    """Was the old value public when the commit replaced it?"""
    public_new: bool = True
    """Was the new value public when the commit made it?"""

    @property
    def hook(self) -> str:
        """`<subject>:<about>`, the page hook (`data-correction`)."""
        return f"{self.subject}:{self.about}"

    def renamed(self, ids: dict[str, str]) -> Correction:
        """The same correction with the renamed ids replaced."""
        return replace(
            self,
            subject=ids.get(self.subject, self.subject),
            holder=ids.get(self.holder, self.holder),
            sources=tuple(sorted(ids.get(s, s) for s in self.sources)),
        )


@dataclass(frozen=True, slots=True)
class Dates:
    """When an entry came and last changed, for every audience and for the public."""

    added: Commit
    changed: Commit
    public_added: Commit | None = None
    """The first commit at which the public could see it."""
    public_changed: Commit | None = None
    """The last commit that changed what the public sees of it."""


@dataclass(frozen=True)
class History:
    """What the site shows of the history, for one audience (`for_public` makes the
    public's; the walk's own is the internal one)."""

    head: str
    """The commit read last."""
    dates: dict[str, Dates]
    """By entry id, for the entries that are in the last commit."""
    corrections: tuple[Correction, ...]
    """Newest first."""
    gone: dict[str, Entry] = field(default_factory=dict)
    """The last version of each entry that was removed, by id."""
    candidates: tuple[Correction, ...] = ()
    """Every change the public filter weighs: also a value made internal (publicly, a
    withdrawal) that the internal audience does not see as a correction."""
    by_subject: dict[str, tuple[Correction, ...]] = field(default_factory=dict)
    """The corrections of each subject, newest first."""

    def __post_init__(self) -> None:
        found: dict[str, list[Correction]] = defaultdict(list)
        for c in self.corrections:
            found[c.subject].append(c)
        object.__setattr__(self, "by_subject", {k: tuple(v) for k, v in found.items()})


def for_public(history: History, dossier: Dossier, clock: datetime) -> History:
    """The history the public may see, given the whole checked `dossier` at `clock`."""
    entries = dossier.entries

    def public(id_: str) -> bool:
        entry = entries.get(id_) or history.gone.get(id_)
        return entry is not None and not hidden(entry.data, clock)

    internal_claims: set[ClaimKey] = set()
    internal_assessments: set[tuple[str, str]] = set()
    for entry in entries.values():
        for claim in entry.data.claims:
            if claim.visibility == "internal":
                internal_claims.add(identity(entry, claim))
        for a in entry.data.assessments:
            if a.visibility == "internal":
                internal_assessments.add((entry.id, a.about))
    shown = []
    for c in history.candidates:
        if not c.public_old or not all(map(public, (c.holder, c.subject, *c.sources))):
            continue
        if c.preferred:
            if (c.subject, c.about) in internal_assessments:
                continue
        elif (c.subject, c.about, frozenset(c.sources)) in internal_claims:
            continue
        if c.new is not None and not c.public_new:
            c = replace(c, new=None)  # made internal: to the public, withdrawn
        if c.new is None or c.new.key != c.old.key:
            shown.append(c)
    dates = {
        id_: Dates(added, changed, added, changed)
        for id_, d in history.dates.items()
        if public(id_)
        for changed in [d.public_changed or d.changed]
        for added in [d.public_added or changed]
    }
    gone = {id_: e for id_, e in history.gone.items() if public(id_)}
    return History(history.head, dates, tuple(shown), gone)
