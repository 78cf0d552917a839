"""A link checker for a built site: what a reader opening it from disk would hit.

Every internal link and `src` names a file that exists (never a folder: `file://` shows a
listing), every `#anchor` exists in its page, and nothing is loaded from outside the site.
Every file of the site's `media/` is shown or linked by some page (SPEC §8: no other file
of media/ is published); the HTML files in `media/` are saved copies, not the site's pages.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL = ("http", "https", "mailto")
LOADING = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("embed", "src"),
    ("object", "data"),
}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    duplicate_ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    """(tag, attribute, url) of every link and load."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            if values["id"] in self.page.ids:
                self.page.duplicate_ids.append(values["id"])
            self.page.ids.add(values["id"])
        for name in ("href", "src", "data"):
            if name in values:
                self.page.links.append((tag, name, values[name]))
        if tag == "link" and "stylesheet" in values.get("rel", ""):
            self.page.links.append(("link-stylesheet", "href", values.get("href", "")))


def parse(file: Path) -> Page:
    parser = _Parser()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser.page


def problems(site: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Every broken link, folder link, missing anchor and outside load in the site.

    `skip` names pages not meant to be opened from disk (a 404 page with absolute links)."""
    pages = {
        rel: parse(p)
        for p in sorted(site.rglob("*.html"))
        if not (rel := p.relative_to(site).as_posix()).startswith("media/")
    }
    found = []
    linked: set[str] = set()
    for name, page in pages.items():
        if name in skip:
            continue
        for tag, attr, url in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                loads = (tag, attr) in LOADING or tag == "link-stylesheet"
                if loads or parts.scheme not in EXTERNAL:
                    found.append(f"{name}: <{tag} {attr}={url!r}> leaves the site")
                continue
            if not parts.path:
                target_name = name
            else:
                if parts.path.endswith("/"):
                    found.append(f"{name}: {url!r} links to a folder")
                    continue
                target_name = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), unquote(parts.path))
                )
                if target_name.startswith("../") or not (site / target_name).is_file():
                    found.append(f"{name}: {url!r} names no file")
                    continue
                linked.add(target_name)
            if parts.fragment:
                target = pages.get(target_name)
                if target is None or unquote(parts.fragment) not in target.ids:
                    found.append(f"{name}: {url!r} names no anchor")
    media = site / "media"
    for file in sorted(media.rglob("*")) if media.is_dir() else ():
        rel = file.relative_to(site).as_posix()
        if file.is_file() and rel not in linked:
            found.append(f"{rel}: no page shows or links it")
    return found
