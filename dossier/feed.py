"""`feed.xml`: an Atom feed (RFC 4287, written by feedgen) of new incidents and corrections.

Each item's `published` is the commit that added the incident or made the correction, its
`updated` the last commit that changed it: nothing comes from the clock, so the same commit
writes the same feed. Links are absolute with `base_url` (relative to the feed without
it); ids are tag URIs (RFC 4151) that do not change when an incident changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import urls
from .i18n import project_language
from .kinds import Kind
from .wording import label, value_text

if TYPE_CHECKING:
    from .check import Dossier
    from .history import Correction, History

LIMIT = 50
"""The newest items the feed holds; `corrections.html` lists every correction."""
NO_HOST = "dossier.invalid"
"""The tag authority without `base_url` (RFC 6761's `.invalid`: nobody's domain)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Item:
    """One item of the feed."""

    published: datetime
    updated: datetime
    key: str
    """What the tag URI names: `incidents/<id>`, `corrections/<commit>/<subject>/<about>`."""
    title: str
    summary: str | None
    url: str
    """The page it links, relative to the site's root."""


def write_feed(folder: Path, dossier: Dossier, only_changed: bool = False) -> None:
    """`feed.xml` for the dossier's audience, or none when the site has no history. With
    `only_changed` (`serve`), the file is written only when its bytes differ."""
    from .render import replace

    target = folder / urls.FEED
    data = feed_xml(dossier)
    if data is None:
        target.unlink(missing_ok=True)
    elif not only_changed:
        target.write_bytes(data)
    elif not target.is_file() or target.read_bytes() != data:
        replace(target, data)


def items(dossier: Dossier, history: History) -> list[Item]:
    """The feed's items, newest first: every new incident and every correction."""
    found = []
    for entry in dossier.entries.values():
        dates = history.dates.get(entry.id)
        if entry.kind is not Kind.INCIDENT or entry.confidential or dates is None:
            continue
        url = urls.entry(entry.kind, entry.id)
        key = f"{entry.kind.folder}/{entry.id}"
        found.append(
            Item(
                dates.added.moment, dates.changed.moment, key, entry.title, entry.data.summary, url
            )
        )
    seen: dict[str, int] = {}
    for c in history.corrections:
        key = f"corrections/{c.commit.id[:12]}/{c.subject}/{c.about}"
        seen[key] = seen.get(key, 0) + 1
        key += f"/{seen[key]}" if seen[key] > 1 else ""
        found.append(_correction(dossier, history, c, key))
    return sorted(found, key=lambda i: (-i.published.timestamp(), i.key))


def _correction(dossier: Dossier, history: History, c: Correction, key: str) -> Item:
    entry = dossier.entries.get(c.subject)
    gone = history.gone.get(c.subject)
    title = entry.title if entry else gone.title if gone else c.subject
    lang = project_language(dossier.root, dossier.config)
    _ = lang.gettext
    figure = label(c.about)
    if c.preferred:
        figure = _("%(figure)s, preferred value") % {"figure": figure}
    new = value_text(c.new, lang) if c.new is not None else _("withdrawn")
    summary = f"{figure}: {value_text(c.old, lang)} → {new}."
    if c.commit.title:
        summary += f" {c.commit.title}"
    url = urls.entry(entry.kind, entry.id) if entry else urls.CORRECTIONS
    moment = c.commit.moment
    head = _("Correction: %(title)s, %(figure)s") % {"title": title, "figure": figure.lower()}
    return Item(moment, moment, key, head, summary, url)


def feed_xml(dossier: Dossier) -> bytes | None:
    """The Atom feed of the dossier's audience, or None when the site has no history."""
    history = dossier.history
    if history is None:
        return None
    from feedgen.feed import FeedGenerator

    config = dossier.config
    base = config.base_url.rstrip("/") + "/" if config and config.base_url else None
    host = (urlsplit(base).hostname if base else None) or NO_HOST
    every = items(dossier, history)
    shown = every[:LIMIT]
    first = min((i.published for i in every), default=_EPOCH)
    feed = FeedGenerator()
    feed.id(_tag(host, first, "feed"))
    feed.title(config.title if config else "Dossier")
    if config and config.description:
        feed.subtitle(config.description)
    feed.author(name=(config.author or config.title) if config else "Dossier")
    feed.language(config.language if config else "en")
    feed.generator("dossier")
    feed.updated(max((i.updated for i in shown), default=first))
    feed.link(href=(base or "") + urls.HOME, rel="alternate", type="text/html")
    if base:
        feed.link(href=base + urls.FEED, rel="self", type="application/atom+xml")
    for item in shown:
        entry = feed.add_entry(order="append")
        entry.id(_tag(host, item.published, item.key))
        entry.title(item.title)
        entry.published(item.published)
        entry.updated(item.updated)
        entry.link(href=(base or "") + item.url, rel="alternate", type="text/html")
        if item.summary:
            entry.summary(item.summary)
    data: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
    return data


def _tag(host: str, moment: datetime, key: str) -> str:
    """`tag:<host>,<day>:<key>` (RFC 4151), the day that of the commit that made it."""
    return f"tag:{host},{moment.date().isoformat()}:{key}"
