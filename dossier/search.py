"""The offline search index: every entry as a document, shipped as a script.

Browsers refuse `fetch` from `file://`, so the index is JavaScript that sets a variable,
loaded by a plain `<script>` tag on the search page; the vendored MiniSearch engine indexes
it in the reader's browser. Documents hold text only, never HTML.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import urls
from .model import Source
from .wording import kind_label, value_text
from .write import put, put_pieces

if TYPE_CHECKING:
    from .views.plan import PageView
    from .views.reads import Reads


def document(reads: Reads, id_: str, text: str) -> dict[str, Any]:
    """The search document of the entry `id_`, whose body reads as `text`."""
    entry = reads.entry(id_)
    data = entry.data
    claims = [
        f"{c.about.replace('-', ' ')}: {value_text(c.value, reads.lang)}"
        + (f" ({c.quote})" if c.quote else "")
        for _, group, _ in reads.figures(id_)
        for c in group
    ]
    doc: dict[str, Any] = {
        "id": entry.id,
        "kind": kind_label(entry.kind, reads.lang),
        "title": entry.title,
        "aliases": " · ".join(data.aliases),
        "summary": data.summary or "",
        "body": text,
        "claims": "; ".join(claims),
        "url": urls.entry(entry.kind, entry.id),
    }
    if isinstance(data, Source):
        doc["publisher"] = data.publisher or ""
    return doc


_HEAD, _TAIL = "window.DOSSIER_SEARCH = [", "];\n"
"""The index is a script setting one variable to the list of documents."""


def write_index(path: Path, docs: Iterable[str]) -> None:
    """Write the index piece by piece: at tens of thousands of entries the whole index as
    one string (and again as bytes) would double the build's memory."""
    put_pieces(path, _pieces(docs))


def _pieces(docs: Iterable[str]) -> Iterator[str]:
    yield _HEAD
    for n, doc in enumerate(docs):
        yield "," + doc if n else doc
    yield _TAIL


@dataclass(frozen=True)
class Spool:
    """Search documents kept on disk as they are made, in a file for each share of the pages
    (by the place of its first page), and read back in the pages' order. Held in memory to
    the end of a build, they would weigh 18 MB at 5,000 entries and 70 MB at 20,000."""

    folder: Path
    places: dict[str, int]
    """Each page's place in the plan, by its URL."""

    @classmethod
    def of(cls, folder: Path, pages: Sequence[PageView]) -> Spool:
        return cls(folder, {page.url: n for n, page in enumerate(pages)})

    def put(self, pages: Sequence[PageView], documents: list[str]) -> None:
        if documents:
            put(self.folder / f"{self.places[pages[0].url]:09d}", ",".join(documents).encode())

    def documents(self) -> Iterator[str]:
        """The documents, joined by commas in pieces, in the order of the pages."""
        for name in sorted(os.listdir(self.folder)):
            yield (self.folder / name).read_text(encoding="utf-8")


def document_json(doc: dict[str, Any]) -> str:
    payload = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # `</script` cannot end the script early in a file, but keep the JSON inert anywhere.
    return payload.replace("</", "<\\/")


def index_from_json(docs: list[str]) -> str:
    """The same index as `write_index` writes, as one string (for `dossier serve`)."""
    return _HEAD + ",".join(docs) + _TAIL
