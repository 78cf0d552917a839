"""Editorial warnings: what is not wrong, but what an editor should look at before publishing.

None of these stop a build; `--strict` makes them fail the check, as a showcase or a
newsroom's CI would want.
"""

from __future__ import annotations

import re
from datetime import UTC
from urllib.parse import unquote, urlsplit

from .claims import Claims
from .diagnostics import Location, Report
from .kinds import Kind
from .link import Links
from .model import Entry, Incident, Place, Source
from .values import Precision


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
    if data.archive_url is not None and (capture := _WAYBACK.match(data.archive_url)):
        _wayback(entry, data, capture[1], capture[2], report)


_WAYBACK = re.compile(
    r"^https?://(?:web\.|www\.)?archive\.org/web/(\d{1,14})(?:[a-z]{2}_)?/(.+)$", re.IGNORECASE
)
"""A Wayback Machine capture: `https://web.archive.org/web/<timestamp>/<url>`."""


def _wayback(entry: Entry, data: Source, stamp: str, archived: str, report: Report) -> None:
    """`archive-mismatch` and `archive-before-published` for a Wayback Machine capture."""
    at = entry.marks.value(("archive_url",))
    if data.url is not None and _page(archived) != _page(data.url):
        report.warning(
            at,
            "archive-mismatch",
            f"archive_url is a capture of {archived}, not of the source's url {data.url}; "
            "link the capture of the source's own page",
        )
    published = data.published
    if published is None:
        return
    if published.moment is not None:
        own = published.moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    else:
        own = published.first.strftime("%Y%m%d")[: _DIGITS[published.precision]]
    n = min(len(stamp), len(own))
    if stamp[:n] < own[:n]:
        report.warning(
            at,
            "archive-before-published",
            f"archive_url was captured {_moment(stamp)}, before the source was published "
            f"({published}): is it a capture of another version of the page?",
        )


_DIGITS = {Precision.YEAR: 4, Precision.MONTH: 6, Precision.DAY: 8}


def _moment(stamp: str) -> str:
    """A Wayback timestamp as a reader reads it: `2017-02-09 14:59:59 UTC`."""
    day = "-".join(p for p in (stamp[:4], stamp[4:6], stamp[6:8]) if p)
    time = ":".join(p for p in (stamp[8:10], stamp[10:12], stamp[12:14]) if p)
    return f"on {day} at {time} UTC" if time else f"in {day}" if len(stamp) < 8 else f"on {day}"


def _page(url: str) -> tuple[str, str, str]:
    """What makes two addresses the same page: `http` and `https`, a leading `www.`, a
    trailing `/` and a `#fragment` aside (the Wayback Machine writes `http:/x` for `http://x`)."""
    url = re.sub(r"^(https?:)/+", r"\1//", unquote(url.strip()), flags=re.IGNORECASE)
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    except ValueError:  # a port that is no number: compared as written
        return url, "", ""
    return host + port, parts.path.rstrip("/"), parts.query


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
