"""Editorial warnings: what is not wrong, but what an editor should look at before publishing.

None of these stop a build; `--strict` makes them fail the check, as a showcase or a
newsroom's CI would want.
"""

from __future__ import annotations

from .claims import Claims
from .diagnostics import Location, Report
from .kinds import Kind
from .link import Links
from .model import Entry, Incident, Place, Source


def audit(
    entries: dict[str, Entry],
    links: Links,
    claims: Claims,
    report: Report,
    complete: bool = True,
) -> None:
    """Report every editorial warning, and the date orders that cannot be.

    When some entries could not be read (`complete` false), their citations are unknown,
    so no source is called uncited until they are fixed."""
    claimed_by_source = {c.holder for c in claims.claims if entries[c.holder].kind is Kind.SOURCE}
    # An incident is sourced when it cites a source or a sourced claim is about it.
    sourced = {c.subject for c in claims.claims if c.sources}
    sourced.update(ref.source for refs in links.citations.values() for ref in refs)
    for entry in entries.values():
        data = entry.data
        if isinstance(data, Source):
            _source(entry, data, links, claimed_by_source if complete else None, report)
        elif isinstance(data, Incident):
            _incident(entry, data, sourced, report)
        elif isinstance(data, Place) and data.coordinates and data.country:
            _place(entry, data.coordinates, data.country, report)
    for group in claims.contradictions:
        members = [claims.claims[i] for i in group.claims]
        first = members[0]
        if group.assessment is None:
            report.warning(
                first.at,
                "unassessed",
                f"{group.kind} on '{group.about}' of '{group.subject}' has no assessment; "
                f"add one under 'assessments:' in the entry '{group.subject}'",
            )
        # A contested claim on one source needs an editor's eye; once an assessment has
        # weighed the group, the editor has looked, and the warning has done its work.
        for claim in members if group.assessment is None else ():
            if len(claim.sources) == 1:
                report.warning(
                    claim.at,
                    "single-source",
                    f"'{claim.about}' = {claim.value} rests on one source "
                    f"('{claim.sources[0]}') and other claims "
                    f"{'contradict' if group.kind == 'conflict' else 'differ from'} it; "
                    "add a second source, or weigh it in an assessment",
                )


def _source(
    entry: Entry, data: Source, links: Links, claimed: set[str] | None, report: Report
) -> None:
    if claimed is not None and entry.id not in links.citations and entry.id not in claimed:
        report.warning(
            Location(entry.path),
            "uncited-source",
            f"source '{entry.id}' is never cited; cite it with [^{entry.id}] "
            "or in a claim's sources",
        )
    published, accessed = data.published, data.accessed
    if published is not None and accessed is not None and published.first > accessed:
        report.warning(
            entry.marks.value(("accessed",)),
            "accessed-before-published",
            f"accessed {accessed.isoformat()} is before published {published}",
        )
    if data.url is not None and data.archive_url is None:
        report.warning(
            entry.marks.value(("url",)),
            "no-archive",
            "source has a url but no archive_url; archive the page so the citation survives",
        )


OUTSIDE_KM = 25.0
"""How far outside its country a place may lie: borders at 1:50m are that rough on coasts
and rivers, and a border town's point may fall on the other side."""


def _place(entry: Entry, at: tuple[float, float], country: str, report: Report) -> None:
    from . import atlas

    lat, lon = at
    km = atlas.distance_km(lat, lon, country)
    if km is None or km <= OUTSIDE_KM:
        return
    hint = "; check the coordinates, which are [latitude, longitude]"
    swapped = atlas.distance_km(lon, lat, country) if -90 <= lon <= 90 else None
    if swapped is not None and swapped <= OUTSIDE_KM:
        hint = f"; latitude and longitude look swapped: did you mean [{lon:g}, {lat:g}]?"
    report.warning(
        entry.marks.value(("coordinates",)),
        "outside-country",
        f"coordinates [{lat:g}, {lon:g}] are {km:.0f} km outside {country}{hint}",
    )


def _incident(entry: Entry, data: Incident, sourced: set[str], report: Report) -> None:
    if entry.id not in sourced:
        report.warning(
            Location(entry.path),
            "unsourced-incident",
            f"incident '{entry.id}' cites no source; add a [^source] citation "
            "or a claim with sources",
        )
    start, end = data.date, data.end_date
    if start is not None and end is not None and end.last < start.first:
        report.error(
            entry.marks.value(("end_date",)),
            "invalid-value",
            f"end_date {end} is before date {start}",
        )
