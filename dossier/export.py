"""`dossier export --format json`: the checked dossier as one JSON object (SPEC section 7)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .check import Dossier
from .claims import ClaimRecord
from .jsontext import pieces
from .model import Entry, Source
from .wording import CONFIDENTIAL

VERSION = 1


def export(dossier: Dossier) -> dict[str, Any]:
    """The whole dossier as plain data, every list in a fixed order."""
    return {k: list(v) if k in LISTS else v for k, v in _fields(dossier).items()}  # type: ignore[call-overload]


LISTS = frozenset({"entries", "claims", "contradictions"})
"""The export's lists, written an item at a time (`json_pieces`)."""


def _fields(dossier: Dossier) -> dict[str, object]:
    """The export's fields; its lists as generators."""
    held: dict[str, list[int]] = {}
    for claim in dossier.claims.claims:
        held.setdefault(claim.holder, []).append(claim.position)
    config = dossier.config.model_dump(exclude_none=True) if dossier.config else {}
    return {
        "version": VERSION,
        "dossier": config,
        "entries": (
            _entry(entry, dossier, held.get(entry.id, [])) for entry in dossier.entries.values()
        ),
        "claims": (_claim(c, dossier) for c in dossier.claims.claims),
        "contradictions": (
            {
                "subject": group.subject,
                "about": group.about,
                "kind": str(group.kind),
                "claims": list(group.claims),
                "assessment": group.assessment.model_dump() if group.assessment else None,
            }
            for group in dossier.claims.contradictions
        ),
    }


def json_pieces(dossier: Dossier) -> Iterator[bytes]:
    """`to_json`'s bytes in pieces, an entry at a time."""
    return pieces(_fields(dossier), LISTS)


def _entry(entry: Entry, dossier: Dossier, claims: list[int]) -> dict[str, Any]:
    if entry.confidential:  # a stand-in for an internal source: its kind and reliability
        data = entry.data
        assert isinstance(data, Source)
        return {
            "id": entry.id,
            "kind": str(entry.kind),
            "title": CONFIDENTIAL,
            "path": None,
            "confidential": True,
            "source_kind": data.kind,
            "reliability": data.reliability,
            "linked_from": dossier.links.backlinks.get(entry.id, []),
        }
    fields = entry.data.model_dump(exclude_none=True, exclude={"claims", "title"})
    # An actor's or a source's own `kind` would clash with the entry's kind.
    if "kind" in fields:
        fields[f"{entry.kind}_kind"] = fields.pop("kind")
    return {
        "id": entry.id,
        "kind": str(entry.kind),
        "title": entry.title,
        "path": entry.path,
        **fields,
        "claims": claims,
        "body": entry.body,
        "links_to": dossier.links.outlinks.get(entry.id, []),
        "linked_from": dossier.links.backlinks.get(entry.id, []),
    }


def _claim(claim: ClaimRecord, dossier: Dossier) -> dict[str, Any]:
    origins = dossier.links.independent(claim.sources)
    return {
        "subject": claim.subject,
        "about": claim.about,
        "value": claim.value.written,
        "value_kind": str(claim.value.kind),
        "sources": list(claim.sources),
        "origins": origins,
        "attributed_to": claim.attributed_to,
        "quote": claim.quote,
        "note": claim.note,
        "holder": claim.holder,
        "path": claim.at.path,
        "line": claim.at.line,
    }


def to_json(dossier: Dossier) -> bytes:
    """The export as a JSON document."""
    return b"".join(json_pieces(dossier))
