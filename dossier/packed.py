"""Entry bodies as the dossier keeps them in memory: packed.

The bodies are the biggest part of a checked dossier: 12 MB of Markdown at 5,000 entries,
held by every process of a build. Compressed at zlib's fastest level they weigh a third,
and the few places that read one (its page, the data files, the history's comparison)
unpack it in microseconds. A worker that reads an entry packs its body before sending it.
"""

from __future__ import annotations

import zlib


def pack(body: str) -> bytes:
    """`body`, compressed ('' is b'')."""
    return zlib.compress(body.encode("utf-8"), 1) if body else b""


def unpack(packed: bytes) -> str:
    """The body `pack` packed."""
    return zlib.decompress(packed).decode("utf-8") if packed else ""
