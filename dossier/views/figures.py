"""Key figures, contradiction callouts and claim lists: what the sources say, together.

Claims whose values compare equal (`Value.key`) share one row, as they share one verdict in
the contradiction check: `3`, `3.0` and `[3, 3]` are one value with three sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import markdown
from ..claims import ClaimRecord, Contradiction
from ..i18n import Language
from ..wording import label, value_text
from .parts import Link, Parts


@dataclass(frozen=True, slots=True)
class Quote:
    """A source's own words, marked with their language when it is not the dossier's."""

    text: str
    lang: str | None


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One value of a property, with everything that says it."""

    text: str
    sources: tuple[Link, ...]
    """The sources as links, where the page does not cite them."""
    cites: tuple[str, ...]
    """The sources as in-text citations (HTML), where the page cites them."""
    asserted_by: tuple[Link, ...]
    quotes: tuple[Quote, ...]
    notes: tuple[str, ...]
    origins: int
    source_count: int
    sources_text: str
    """`3 sources`."""
    origins_text: str
    """`1 independent origin`."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """The editor's judgement on a contradiction."""

    note: str
    preferred: str | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """What kind of contradiction a property has, and the editor's word on it."""

    kind: str
    """`conflict` or `discrepancy`."""
    hook: str
    """`<subject>:<about>`, for `data-contradiction`."""
    assessment: Assessment | None


@dataclass(frozen=True, slots=True)
class Callout:
    """A contradiction shown as a callout: the property, its values, the verdict."""

    label: str
    values: tuple[ValueRow, ...]
    contradiction: Verdict


@dataclass(frozen=True, slots=True)
class Figure:
    """One property of an entry in its key-figures table."""

    about: str
    label: str
    hook: str
    """`<subject>:<about>`, for `data-figure`."""
    values: tuple[ValueRow, ...]
    contradiction: Verdict | None
    callout: Callout | None
    """The same values again, cited again, in the callout under the table."""


@dataclass(frozen=True, slots=True)
class ContradictionView:
    """A contradiction in a list of them."""

    subject: Link | None
    about: str
    label: str
    kind: str
    callout: Callout


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim in a list: what it is about, its value, its words, its citations."""

    subject: Link | None
    label: str
    value: str
    quote: str | None
    quote_lang: str | None
    cites: tuple[str, ...]


def values(
    parts: Parts, claims: list[ClaimRecord], url: str, citations: markdown.Citations | None
) -> tuple[ValueRow, ...]:
    """Claims that say the same value, together: the value, who says it, its sources.

    With `citations`, the sources are cited (numbered on the page, in this order)."""
    by_value: dict[object, list[ClaimRecord]] = {}
    for claim in claims:
        by_value.setdefault(claim.value.key, []).append(claim)
    rows, lang = [], parts.reads.lang
    for same in by_value.values():
        sources = list(dict.fromkeys(s for c in same for s in c.sources))
        origins = parts.reads.independent(sources)
        asserted = dict.fromkeys(c.attributed_to for c in same if c.attributed_to)
        rows.append(
            ValueRow(
                text=value_text(same[0].value, lang),
                sources=parts.links(sources, url) if citations is None else (),
                cites=tuple(parts.cite(s, citations) for s in sources) if citations else (),
                asserted_by=tuple(parts.link(a, url) for a in asserted if parts.reads.has(a)),
                quotes=tuple(
                    Quote(c.quote, parts.foreign_language(c.sources)) for c in same if c.quote
                ),
                notes=tuple(c.note for c in same if c.note),
                origins=len(origins),
                source_count=len(sources),
                sources_text=lang.count("%(n)s source", "%(n)s sources", len(sources)),
                origins_text=lang.count(
                    "%(n)s independent origin", "%(n)s independent origins", len(origins)
                ),
            )
        )
    return tuple(rows)


def verdict(group: Contradiction, lang: Language) -> Verdict:
    assessment = group.assessment
    worded = None
    if assessment:
        preferred = value_text(assessment.preferred, lang) if assessment.preferred else None
        worded = Assessment(assessment.note, preferred)
    return Verdict(str(group.kind), f"{group.subject}:{group.about}", worded)


def figures(
    parts: Parts, subject: str, url: str, citations: markdown.Citations
) -> tuple[Figure, ...]:
    """Every property claimed about `subject`, in the table, then the callouts under it.

    The callouts follow the table on the page, so their citations are numbered after all
    of the table's: further places citing the same sources (cite-1b, not a second cite-1a).
    """
    groups = parts.reads.figures(subject)
    table = [values(parts, claims, url, citations) for _, claims, _ in groups]
    out = []
    for (about, claims, group), rows in zip(groups, table, strict=True):
        worded = verdict(group, parts.reads.lang) if group else None
        callout = None
        if worded is not None:
            callout = Callout(label(about), values(parts, claims, url, citations), worded)
        out.append(Figure(about, label(about), f"{subject}:{about}", rows, worded, callout))
    return tuple(out)


def contradiction(
    parts: Parts, group: Contradiction, url: str, citations: markdown.Citations | None
) -> ContradictionView:
    """A contradiction in a list: on the contradictions page its sources are cited."""
    claims = parts.reads.claims_of(group)
    subject = parts.link(group.subject, url) if parts.reads.has(group.subject) else None
    callout = Callout(
        label(group.about), values(parts, claims, url, citations), verdict(group, parts.reads.lang)
    )
    return ContradictionView(subject, group.about, label(group.about), str(group.kind), callout)


def listed_contradiction(
    parts: Parts, subject: str, about: str, url: str, citations: markdown.Citations | None
) -> ContradictionView:
    """The contradiction of `subject`'s `about` in a list (`contradiction`), read through
    the subject's claims (kept: `Parts.kept`)."""
    found = next(c for a, _, c in parts.reads.figures(subject) if a == about)
    assert found is not None
    return contradiction(parts, found, url, citations)


def claim_row(
    parts: Parts, claim: ClaimRecord, url: str, citations: markdown.Citations | None
) -> ClaimRow:
    """A claim in a list of what a source supports or an actor asserts."""
    has = parts.reads.has(claim.subject)
    return ClaimRow(
        subject=parts.link(claim.subject, url) if has else None,
        label=label(claim.about),
        value=value_text(claim.value, parts.reads.lang),
        quote=claim.quote,
        quote_lang=parts.foreign_language(claim.sources),
        cites=tuple(parts.cite(s, citations) for s in claim.sources) if citations else (),
    )
