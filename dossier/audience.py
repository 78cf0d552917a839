"""Audiences (SPEC §9): the public dossier, made from the checked one before anything else.

`for_audience` is a stage of the pipeline, right after `check`. For the public it returns
a new, smaller dossier: internal and embargoed entries, internal claims and internal
assessments are gone, and links, backlinks, origins, claims and contradictions are computed
again on what remains. Pages, note numbers, search, counts, the sitemap and the export are
all made from that dossier, so no view decides what the public may see: what it cannot
see is not there.

An internal source that public content cites becomes a *stand-in*: a source entry with a
new id, its `kind` and `reliability`, and nothing else. It keeps counting as an origin, as
the source it stands for did, but it has no page, and the views show it only as "a
confidential source". Its old id is rewritten out of every public body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from .kinds import Kind
from .markdown import RefKind, scan
from .packed import pack

if TYPE_CHECKING:  # the schema's modules load only when a dossier is filtered
    from .check import Dossier
    from .link import Links
    from .model import Assessment, Claim, Entry, EntryData


class Audience(StrEnum):
    """Who a build is for."""

    PUBLIC = "public"
    INTERNAL = "internal"


STAND_IN = "confidential-source"
"""The stem of a stand-in's id: `confidential-source-1`, `-2`, ..."""


def hidden(data: EntryData, clock: datetime) -> bool:
    """Is the entry kept from the public at `clock`?"""
    return data.visibility == "internal" or (data.embargo is not None and clock < data.embargo)


def now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


def for_audience(dossier: Dossier, audience: Audience, clock: datetime | None = None) -> Dossier:
    """The dossier as `audience` may see it at `clock` (default: now)."""
    if audience is Audience.INTERNAL:
        return replace(dossier, audience=Audience.INTERNAL)
    clock = clock or now()
    if dossier.history is not None:  # its past may hold internal material, whatever today's
        from .history import for_public

        dossier = replace(dossier, history=for_public(dossier.history, dossier, clock))
    gone = {id_ for id_, e in dossier.entries.items() if hidden(e.data, clock)}
    if not gone and not any(_has_internal(e.data) for e in dossier.entries.values()):
        return dossier
    from .claims import collect
    from .diagnostics import Report
    from .link import link

    stand_ins = _stand_ins(dossier, gone)
    entries = {
        id_: _public_entry(entry, stand_ins)
        for id_, entry in dossier.entries.items()
        if id_ not in gone
    }
    for old, new in stand_ins.items():
        entries[new] = _stand_in(new, dossier.entries[old])
    entries = dict(sorted(entries.items()))
    scratch = Report()  # the checked dossier's report stands: nothing new can be wrong
    links = link(entries, {}, scratch)
    claims = collect(entries, scratch)
    _keep_chains(dossier, links, stand_ins)
    return replace(dossier, entries=entries, links=links, claims=claims, unreadable={})


def _has_internal(data: EntryData) -> bool:
    return any(c.visibility == "internal" for c in data.claims) or any(
        a.visibility == "internal" for a in data.assessments
    )


def _stand_ins(dossier: Dossier, gone: set[str]) -> dict[str, str]:
    """A new id for every hidden source: the public dossier names them by these only.

    Numbered in the order of the hidden ids, skipping any id the dossier already uses."""
    out: dict[str, str] = {}
    n = 0
    for id_ in sorted(gone):
        if dossier.entries[id_].kind is not Kind.SOURCE:
            continue
        n += 1
        while f"{STAND_IN}-{n}" in dossier.entries:
            n += 1
        out[id_] = f"{STAND_IN}-{n}"
    return out


def _stand_in(id_: str, entry: Entry) -> Entry:
    """A source that shows nothing but its kind and reliability."""
    from .model import Entry, Source

    data = entry.data
    assert isinstance(data, Source)
    shown = Source.model_construct(title=None, kind=data.kind, reliability=data.reliability)
    path = f"content/sources/{id_}.yml"
    return Entry(id_, Kind.SOURCE, path, shown, b"", 1, entry.marks, [], confidential=True)


def _public_entry(entry: Entry, stand_ins: dict[str, str]) -> Entry:
    """An entry without its internal claims and assessments, its hidden sources renamed."""
    from .model import Source

    data = entry.data
    claims = [_public_claim(c, stand_ins) for c in data.claims if c.visibility == "public"]
    assessments: list[Assessment] = [a for a in data.assessments if a.visibility == "public"]
    changes: dict[str, object] = {}
    if claims != data.claims:
        changes["claims"] = claims
    if assessments != data.assessments:
        changes["assessments"] = assessments
    if isinstance(data, Source) and any(v in stand_ins for v in data.via):
        changes["via"] = [stand_ins.get(v, v) for v in data.via]
    body = _rename_citations(entry, stand_ins)
    if not changes and body is None:
        return entry
    packed, refs = (entry.packed, entry.refs) if body is None else (pack(body), scan(body))
    return replace(entry, data=data.model_copy(update=changes), packed=packed, refs=refs)


def _public_claim(claim: Claim, stand_ins: dict[str, str]) -> Claim:
    """A claim whose hidden sources are renamed; resting on one, it shows no quote."""
    if not any(s in stand_ins for s in claim.sources):
        return claim
    sources = [stand_ins.get(s, s) for s in claim.sources]
    return claim.model_copy(update={"sources": sources, "quote": None})


def _rename_citations(entry: Entry, stand_ins: dict[str, str]) -> str | None:
    """The entry's body with each `[^id]` of a hidden source citing its stand-in instead;
    None when it cites none (it is not unpacked then)."""
    cites = [r for r in entry.refs if r.kind == RefKind.CITE and r.target in stand_ins]
    if not cites:
        return None
    body = entry.body
    out, at = [], 0
    for ref in cites:
        written = re.compile(rf"\[\^{re.escape(ref.target)}\]")
        found = written.match(body, ref.offset)
        if found is None:  # the grammar gives the offset of `[^`: this cannot happen
            raise AssertionError(f"no citation of {ref.target!r} at {ref.offset}")
        out += [body[at : ref.offset], f"[^{stand_ins[ref.target]}]"]
        at = found.end()
    out.append(body[at:])
    return "".join(out)


def _keep_chains(dossier: Dossier, links: Links, stand_ins: dict[str, str]) -> None:
    """Every source keeps the origins and reach it had, renamed: a stand-in shows no `via`
    (no backlink, no "relayed by"), yet it and the sources relaying it count as before."""

    def renamed(ids: Iterable[str]) -> list[str]:
        return sorted({stand_ins.get(i, i) for i in ids})

    for old, origins in dossier.links.origins.items():
        new = stand_ins.get(old, old)
        if new in links.origins or new in stand_ins.values():
            links.origins[new] = renamed(origins)
    for old, reach in dossier.links.reach.items():
        new = stand_ins.get(old, old)
        if new in links.reach or new in stand_ins.values():
            links.reach[new] = frozenset(renamed(reach))
