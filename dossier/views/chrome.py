"""What every page has around its content: the site's title, links to the stylesheet and
script, the canonical address, and the navigation."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import urls
from ..scripts import Direction, direction
from ..wording import kind_label, order
from .lists import LISTED
from .parts import Parts, folder_of


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    href: str
    current: bool
    """Is it the section of the page that shows it (`aria-current`)?"""


@dataclass(frozen=True, slots=True)
class Chrome:
    title: str
    description: str | None
    language: str
    direction: Direction
    """`rtl` for a language written right to left: `<html dir="rtl">` mirrors the layout."""
    home: str
    css: str
    js: str
    canonical: str | None
    """The page's published address, when `base_url` is set."""
    nav: tuple[NavItem, ...]
    feed: str | None
    """The link to the Atom feed, when the site has a history."""
    audience: str
    """`public`, or `internal`: then every page says so."""


class Frame:
    """The chrome of every page, made once per folder and section."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    @property
    def title(self) -> str:
        config = self.parts.reads.config
        return config.title if config else "Dossier"

    def base(self) -> str | None:
        """The published site's address, ending in `/`, when `base_url` is set."""
        config = self.parts.reads.config
        return config.base_url.rstrip("/") + "/" if config and config.base_url else None

    def site_link(self, target: str, url: str) -> str:
        """A link from `url`; from the 404 page, absolute when the address is known, since
        GitHub Pages serves that page at whatever depth the missing address had."""
        base = self.base()
        if url == urls.NOT_FOUND and base:
            return base + target
        return urls.relative(target, url)

    def chrome(self, url: str, section: str | None) -> Chrome:
        """The chrome of the page at `url`: made once per folder and section, but for the
        page's own canonical address."""
        folder = url if url == urls.NOT_FOUND else folder_of(url)
        made = self.parts.shared(
            ("chrome", folder, section or ""), lambda: self._chrome(url, section)
        )
        base = self.base()
        canonical = base + url if base and url != urls.NOT_FOUND else None
        return made if made.canonical == canonical else replace(made, canonical=canonical)

    def _chrome(self, url: str, section: str | None) -> Chrome:
        config = self.parts.reads.config
        base = self.base()
        has_history, _ = self.parts.reads.corrected()
        language = config.language if config else "en"
        return Chrome(
            title=self.title,
            description=config.description if config else None,
            language=language,
            direction=direction(language),
            home=self.site_link(urls.HOME, url),
            css=self.site_link(urls.asset("style.css"), url),
            js=self.site_link(urls.asset("site.js"), url),
            canonical=base + url if base and url != urls.NOT_FOUND else None,
            nav=self.nav(url, section),
            feed=self.site_link(urls.FEED, url) if has_history else None,
            audience=self.parts.reads.dossier.audience,
        )

    def nav(self, url: str, section: str | None) -> tuple[NavItem, ...]:
        """The navigation (made with the chrome, once per folder and section)."""
        return tuple(
            NavItem(text, self.site_link(target, url), target_section == section)
            for text, target, target_section in self._items()
        )

    def _items(self) -> list[tuple[str, str, str]]:
        lang = self.parts.reads.lang
        _ = lang.gettext
        items = [(kind_label(kind, lang, True), urls.index(kind), kind.folder) for kind in LISTED]
        items += [
            (_("Timeline"), urls.TIMELINE, "timeline"),
            (_("Contradictions"), urls.CONTRADICTIONS, "contradictions"),
        ]
        if self.parts.reads.located():
            items.append((_("Map"), urls.MAP, "map"))
        if self.parts.reads.tags():
            items.append((_("Tags"), urls.TAGS, "tags"))
        if self.parts.reads.corrected()[1]:
            items.append((_("Corrections"), urls.CORRECTIONS, "corrections"))
        pages = sorted(self.parts.reads.pages(), key=lambda e: (order(e), e.title.casefold()))
        items += [(e.title, urls.entry(e.kind, e.id), f"page:{e.id}") for e in pages]
        items.append((_("Search"), urls.SEARCH, "search"))
        return items
