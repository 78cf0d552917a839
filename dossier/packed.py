"""Entry bodies as the dossier keeps them in memory: packed.

The bodies are the biggest part of a checked dossier: 12 MB of Markdown at 5,000 entries,
held by every process of a build. Compressed at zlib's fastest level they weigh a third,
and the few places that read one (its page, the data files, the history's comparison)
unpack it in microseconds. A worker that reads an entry packs its body before sending it.
"""

from __future__ import annotations

import zlib
from functools import lru_cache


def pack(body: str) -> bytes:
    """`body`, compressed ('' is b'')."""
    return zlib.compress(body.encode("utf-8"), 1) if body else b""


@lru_cache(maxsize=8)
def unpack(packed: bytes) -> str:
    """The body `pack` packed: the same text again for the last few bodies. A body with
    thousands of problems is unpacked once, and each problem's place is found in the same
    string (`markdown.position` keeps the line starts of the last few bodies by their
    text), not unpacked, hashed and read from its start for each."""
    return zlib.decompress(packed).decode("utf-8") if packed else ""
