"""Every URL of the site, derived in one place from ids and page names.

URLs are paths relative to the site's root, always naming a file (`incidents/x.html`,
never `incidents/`): opened from disk, a folder link shows a listing, not the page.
"""

from __future__ import annotations

from .kinds import Kind

HOME = "index.html"
TIMELINE = "timeline.html"
CONTRADICTIONS = "contradictions.html"
CORRECTIONS = "corrections.html"
FEED = "feed.xml"
SEARCH = "search.html"
NOT_FOUND = "404.html"
MAP = "map.html"
TAGS = "tags/index.html"
ASSETS = "assets"


def entry(kind: Kind, id_: str) -> str:
    return f"{kind.folder}/{id_}.html"


def index(kind: Kind) -> str:
    return f"{kind.folder}/index.html"


def tag(name: str) -> str:
    return f"tags/{name}.html"


def asset(name: str) -> str:
    return f"{ASSETS}/{name}"


def relative(to: str, page: str) -> str:
    """The link from the page at `page` to `to` (both root-relative, `#anchor` kept).

    Called for every link of every page, so it works on strings: climb to the root, then
    down to the target; within one folder, just the file name."""
    folder = page[: page.rfind("/") + 1]
    if folder and to.startswith(folder) and "/" not in to[len(folder) :]:
        return to[len(folder) :]
    return "../" * page.count("/") + to


def root_prefix(page: str) -> str:
    """`../` for each folder `page` is in: the way back to the site's root."""
    return "../" * page.count("/")
