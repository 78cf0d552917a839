"""Claims from every entry, grouped by (subject, about); conflicts and discrepancies.

SPEC section 3: two claims about the same property of the same subject conflict when both
cannot be true, and are a discrepancy when they overlap without being equal. A group with
either is a contradiction; the editor's assessment on the subject's entry is attached to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations
from typing import NamedTuple

from .diagnostics import Location, Report
from .kinds import Kind
from .model import Assessment, Claim, Entry
from .values import Relation, Value, compare
from .yamlread import Marks


class ClaimRecord(NamedTuple):
    """A claim with everything resolved: its subject, its full list of sources.

    A named tuple: a large dossier makes tens of thousands on every check."""

    position: int
    """Its place in `Claims.claims`, the order of the export."""
    subject: str
    """The id of the entry it is about: its `subject`, or else its holder."""
    about: str
    """The property, a slug."""
    value: Value
    """What it says, parsed; group by `value.key`."""
    sources: tuple[str, ...]
    """The holding source first when a source holds it, then the listed ones."""
    holder: str
    """The id of the entry the claim is written in."""
    written: tuple[Marks, int]
    """The holder's marks and the claim's place in its list, to locate it lazily."""
    attributed_to: str | None = None
    """The id of the actor who asserts it, if given."""
    quote: str | None = None
    """The source's own words, if given."""
    note: str | None = None
    """The editor's note, if given."""

    @property
    def at(self) -> Location:
        """Where the claim is written: its holder's file, at the claim's place in the list."""
        marks, i = self.written
        return marks.value(("claims", i))


class ContradictionKind(StrEnum):
    """What kind of disagreement a group of claims holds."""

    CONFLICT = "conflict"
    """Two of its values cannot both be true."""
    DISCREPANCY = "discrepancy"
    """Its values can all be true, but do not say the same."""


@dataclass(frozen=True, slots=True)
class Contradiction:
    """The claims about one property of one subject that disagree."""

    subject: str
    """The id of the entry the claims are about."""
    about: str
    """The property."""
    kind: ContradictionKind
    """Conflict or discrepancy."""
    claims: tuple[int, ...]
    """Indexes into `Claims.claims`: every claim of the group."""
    assessment: Assessment | None = None
    """The editor's judgement on it, from the subject's entry, if any."""


@dataclass
class Claims:
    """Every claim of the dossier, grouped, with its contradictions and assessments."""

    claims: list[ClaimRecord] = field(default_factory=list)
    """Sorted by subject, property, file and place written: the export's order."""
    groups: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(subject, about) → indexes of its claims, every group, contradicted or not."""
    contradictions: list[Contradiction] = field(default_factory=list)
    assessments: dict[tuple[str, str], Assessment] = field(default_factory=dict)
    """(subject, about) → the editor's assessment written on the subject's entry."""
    contradicted: dict[tuple[str, str], Contradiction] = field(default_factory=dict)
    """(subject, about) → its contradiction, for the groups that have one."""
    by_subject: dict[str, list[str]] = field(default_factory=dict)
    """Subject id → the properties claimed about it, in order."""
    by_source: dict[str, list[int]] = field(default_factory=dict)
    """Source id → the indexes of the claims it supports."""
    by_actor: dict[str, list[int]] = field(default_factory=dict)
    """Actor id → the indexes of the claims attributed to it."""


def collect(entries: dict[str, Entry], report: Report) -> Claims:
    """Every claim of the dossier, sorted by subject, property and place written."""
    found: list[tuple[str, str, str, int, Entry]] = []
    for entry in entries.values():
        for i, claim in enumerate(entry.data.claims):
            if entry.kind is not Kind.SOURCE and not claim.sources:
                report.error(
                    entry.marks.value(("claims", i)),
                    "missing-key",
                    f"claims[{i}] needs 'sources': the ids of the sources that say it",
                )
            found.append((claim.subject or entry.id, claim.about, entry.path, i, entry))
    found.sort(key=lambda f: f[:4])
    out = Claims(claims=[_record(n, *f) for n, f in enumerate(found)])
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in out.claims:
        groups[c.subject, c.about].append(c.position)
    out.groups = dict(groups)
    out.assessments = _assessments(entries, out.groups, report)
    for (subject, about), members in out.groups.items():
        kind = classify([out.claims[i].value for i in members])
        if kind is not None:
            assessment = out.assessments.get((subject, about))
            out.contradictions.append(
                Contradiction(subject, about, kind, tuple(members), assessment)
            )
    _index(out)
    return out


def _index(out: Claims) -> None:
    """The indexes read from the other side: by subject, by source, by actor."""
    out.contradicted = {(c.subject, c.about): c for c in out.contradictions}
    for subject, about in out.groups:
        out.by_subject.setdefault(subject, []).append(about)
    for claim in out.claims:
        for source in claim.sources:
            out.by_source.setdefault(source, []).append(claim.position)
        if claim.attributed_to:
            out.by_actor.setdefault(claim.attributed_to, []).append(claim.position)


ClaimKey = tuple[str, str, frozenset[str]]
"""A claim's identity across versions (SPEC §11): its subject, property and sources as a set."""


def sources_of(entry: Entry, claim: Claim) -> tuple[str, ...]:
    """A claim's sources, each once; a source's own claims cite it first."""
    sources = list(claim.sources)
    if entry.kind is Kind.SOURCE:
        sources = [entry.id, *(s for s in sources if s != entry.id)]
    return tuple(dict.fromkeys(sources))


def identity(entry: Entry, claim: Claim) -> ClaimKey:
    """Which claim `claim`, written in `entry`, is: the same in every version of the dossier
    that has the same subject, property and sources (in any order)."""
    return (claim.subject or entry.id, claim.about, frozenset(sources_of(entry, claim)))


def _record(index: int, subject: str, about: str, _: str, i: int, entry: Entry) -> ClaimRecord:
    claim = entry.data.claims[i]
    return ClaimRecord(
        position=index,
        subject=subject,
        about=about,
        value=claim.value,
        sources=sources_of(entry, claim),
        holder=entry.id,
        written=(entry.marks, i),
        attributed_to=claim.attributed_to,
        quote=claim.quote,
        note=claim.note,
    )


def classify(values: list[Value]) -> ContradictionKind | None:
    """Conflict if any two values cannot both be true; discrepancy if any two differ; None
    when every value has one key (says the same)."""
    if len({v.key for v in values}) < 2:
        return None
    # One of each form is enough to weigh, but the kind stays in the form: the number 2015
    # says the same as the date 2015, yet weighs differently against the number 500.
    forms = list({(v.kind, v.key): v for v in values}.values())
    relations = {compare(a, b) for a, b in combinations(forms, 2)}
    if Relation.CONFLICT in relations:
        return ContradictionKind.CONFLICT
    return ContradictionKind.DISCREPANCY


def _assessments(
    entries: dict[str, Entry], groups: dict[tuple[str, str], list[int]], report: Report
) -> dict[tuple[str, str], Assessment]:
    found: dict[tuple[str, str], Assessment] = {}
    first: dict[tuple[str, str], int] = {}
    for entry in entries.values():
        for i, assessment in enumerate(entry.data.assessments):
            key = (entry.id, assessment.about)
            if key in found:
                line = entry.marks.value(("assessments", first[key])).line
                report.error(
                    entry.marks.value(("assessments", i)),
                    "duplicate-assessment",
                    f"a second assessment about '{assessment.about}' (first on line {line}); "
                    "merge the two into one",
                )
                continue
            if key not in groups:
                report.warning(
                    entry.marks.value(("assessments", i, "about")),
                    "orphan-assessment",
                    f"assessment about '{assessment.about}' matches no claim about "
                    f"'{assessment.about}' of '{entry.id}'; check the spelling of "
                    "'about', or remove the assessment",
                )
            found[key] = assessment
            first[key] = i
    return found
