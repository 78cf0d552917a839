"""The tags (SPEC §13): `tags/index.html` lists every tag with its entries, `tags/<tag>.html`
one tag's entries, and each entry page links its tags."""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..kinds import Kind
from ..wording import kind_label
from .parts import IncidentRow, Link, Parts


@dataclass(frozen=True, slots=True)
class TagLink:
    """A tag as a link to its page."""

    name: str
    href: str


@dataclass(frozen=True, slots=True)
class TagGroup:
    """One kind's entries with a tag."""

    label: str
    incidents: tuple[IncidentRow, ...]
    """Set for incidents (dated rows), else empty."""
    entries: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class TagItem:
    tag: TagLink
    count: int
    entries: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class TagIndex:
    section: str
    title: str
    tags: tuple[TagItem, ...]


@dataclass(frozen=True, slots=True)
class TagPage:
    section: str
    title: str
    tag: str
    index_href: str
    groups: tuple[TagGroup, ...]


def tag_links(tags: list[str], page: str) -> tuple[TagLink, ...]:
    """An entry's tags as links from its page, in the order it gives them, once each."""
    return tuple(TagLink(t, urls.relative(urls.tag(t), page)) for t in dict.fromkeys(tags))


def tag_index(parts: Parts, url: str) -> TagIndex:
    items = tuple(
        TagItem(TagLink(tag, urls.relative(urls.tag(tag), url)), len(ids), parts.links(ids, url))
        for tag, ids in parts.reads.tags().items()
    )
    return TagIndex("tags", parts.reads.lang.gettext("Tags"), items)


def tag_page(parts: Parts, url: str, tag: str) -> TagPage:
    by_kind: dict[Kind, list[str]] = {}
    for id_ in parts.reads.tagged(tag):
        by_kind.setdefault(parts.reads.shown(id_).kind, []).append(id_)
    groups, lang = [], parts.reads.lang
    for kind in Kind:
        ids = by_kind.get(kind)
        if not ids:
            continue
        if kind is Kind.INCIDENT:
            rows = tuple(parts.row(i, url) for i in parts.dated(ids))
            groups.append(TagGroup(kind_label(kind, lang, True), rows, ()))
        else:
            groups.append(TagGroup(kind_label(kind, lang, True), (), parts.links(ids, url)))
    title = lang.gettext("Tagged “%(tag)s”") % {"tag": tag}
    return TagPage("tags", title, tag, urls.relative(urls.TAGS, url), tuple(groups))
