"""The offline search index: every entry as a document, shipped as a script.

Browsers refuse `fetch` from `file://`, so the index is JavaScript that sets a variable,
loaded by a plain `<script>` tag on the search page; the vendored MiniSearch engine indexes
it in the reader's browser. Documents hold text only, never HTML.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
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

Span = tuple[int, int, str]
"""Where one document lies in the index file: its offset and length in bytes, and the
digest of those bytes (`span_digest`)."""


def span_digest(data: bytes) -> str:
    """The digest of a document's bytes in the index, to know it whole when read again."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_index(path: Path, docs: Iterable[str]) -> list[Span]:
    """Write the index piece by piece: at tens of thousands of entries the whole index as
    one string (and again as bytes) would double the build's memory. Returns where each
    document lies in the file (the page cache reads a kept page's document from there)."""
    spans: list[Span] = []
    put_pieces(path, _pieces(docs, spans))
    return spans


def _pieces(docs: Iterable[str], spans: list[Span]) -> Iterator[bytes]:
    head = _HEAD.encode()
    yield head
    offset = len(head)
    for n, doc in enumerate(docs):
        data = doc.encode("utf-8")
        if n:
            yield b","
            offset += 1
        yield data
        spans.append((offset, len(data), span_digest(data)))
        offset += len(data)
    yield _TAIL.encode()


@dataclass(frozen=True)
class Spool:
    """Search documents kept on disk as they are made, in a file for each share of the pages,
    and read back in the pages' order. Held in memory to the end of a build, they would
    weigh 18 MB at 5,000 entries and 70 MB at 20,000.

    A file holds a line for each document, its page's place in the plan first (nine
    digits), in the order of the places: the files merge into the pages' order line by
    line, whatever share of the pages each holds. A document is JSON, which writes a line
    break inside a string as `\\n`: it has none of its own."""

    folder: Path
    places: dict[str, int]
    """Each page's place in the plan, by its URL."""
    urls: list[str] = field(default_factory=list)
    """Each page's URL, by its place."""

    @classmethod
    def of(cls, folder: Path, pages: Sequence[PageView]) -> Spool:
        return cls(folder, {page.url: n for n, page in enumerate(pages)}, [p.url for p in pages])

    def put(self, documents: Sequence[tuple[str, str]], name: str = "") -> None:
        """Keep `documents` (each page's URL and its document), in the order of the plan;
        in the file `name`, by default named after the first page's place."""
        if not documents:
            return
        placed = sorted((self.places[url], doc) for url, doc in documents)
        lines = "".join(f"{place:09d}{doc}\n" for place, doc in placed)
        put(self.folder / (name or f"{placed[0][0]:09d}"), lines.encode("utf-8"))

    def write_index(self, path: Path) -> dict[str, Span]:
        """Write the search index of the documents (`write_index`); where each page's is."""
        urls: list[str] = []

        def documents() -> Iterator[str]:
            for url, doc in self.documents():
                urls.append(url)
                yield doc

        return dict(zip(urls, write_index(path, documents()), strict=True))

    def documents(self) -> Iterator[tuple[str, str]]:
        """Each page's URL and document, in the order of the pages."""
        files = [open(self.folder / name, "rb") for name in sorted(os.listdir(self.folder))]  # noqa: SIM115
        try:
            for line in heapq.merge(*files):
                yield self.urls[int(line[:9])], line[9:-1].decode("utf-8")
        finally:
            for file in files:
                file.close()


def document_json(doc: dict[str, Any]) -> str:
    payload = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # `</script` cannot end the script early in a file, but keep the JSON inert anywhere.
    return payload.replace("</", "<\\/")


def index_from_json(docs: list[str]) -> str:
    """The same index as `write_index` writes, as one string (for `dossier serve`)."""
    return _HEAD + ",".join(docs) + _TAIL
