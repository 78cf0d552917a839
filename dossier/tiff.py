"""A TIFF image written again with only the tags that make its pixels (SPEC §8).

TIFF keeps its metadata in tags: EXIF and GPS in IFDs of their own, XMP, IPTC, Photoshop's
resources, and camera, software, date and artist among the image's own tags. Dropping a
tag from its directory would leave its bytes in the file, so the file is made anew: each
image directory (each page) keeps the tags of `_KEEP`, and its strips or tiles, which are
copied byte for byte, never decoded. Classic TIFF only, in either byte order; a BigTIFF or
an old-style JPEG TIFF is refused (`strip.StripError`).
"""

from __future__ import annotations

import struct

_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
"""The size of one value of each TIFF field type."""
_STRIPS = (273, 279)
_TILES = (324, 325)
_KEEP = {
    254, 255, 256, 257, 258, 259, 262, 263, 264, 265, 266, 273, 274, 277, 278, 279, 280, 281,
    282, 283, 284, 290, 291, 292, 293, 296, 297, 301, 317, 318, 319, 320, 321, 322, 323, 324,
    325, 332, 334, 338, 339, 340, 341, 347, 529, 530, 531, 532,
    34675,  # the ICC colour profile
}  # fmt: skip
"""Baseline and extension tags that say how to read and show the pixels (orientation
included: it is how the image was meant to be seen, not where or by whom)."""
_MAX_PAGES = 10_000


def is_tiff(data: bytes) -> bool:
    """Whether `data` starts as a TIFF (classic or BigTIFF) does."""
    return data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


def clean(data: bytes) -> bytes:
    """The TIFF `data` with only the tags of `_KEEP`, its image data copied as it is."""
    from .strip import StripError

    if data[2:4] in (b"+\x00", b"\x00+"):
        raise StripError("a BigTIFF cannot be cleaned of its metadata; save it as a TIFF")
    order = "<" if data[:2] == b"II" else ">"
    out = bytearray(data[:4] + b"\x00\x00\x00\x00")
    link = 4  # where the offset of the next directory is to be written
    at = struct.unpack_from(order + "I", data, 4)[0]
    seen: set[int] = set()
    while at and at not in seen and len(seen) < _MAX_PAGES:
        seen.add(at)
        entries, at = _directory(data, order, at)
        if 259 in entries and _numbers(data, order, entries[259]) == [6]:
            raise StripError("old-style JPEG compression in a TIFF; save it again as a TIFF")
        offset = _write_page(data, order, entries, out)
        if len(out) > 2 * len(data) + 4096:  # image data named twice over: no real TIFF
            raise ValueError("its image data overlaps")
        struct.pack_into(order + "I", out, link, offset)
        link = offset + 2 + 12 * len(entries)
    return bytes(out)


Entry = tuple[int, int, bytes]
"""A tag's field type, count, and its values' bytes (in the file's byte order)."""


def _directory(data: bytes, order: str, at: int) -> tuple[dict[int, Entry], int]:
    """The kept entries of the directory at `at`, and the offset of the next one."""
    (count,) = struct.unpack_from(order + "H", data, at)
    entries = {}
    for i in range(count):
        tag, kind, n, value = struct.unpack_from(order + "HHI4s", data, at + 2 + 12 * i)
        if tag not in _KEEP or kind not in _SIZES:
            continue
        size = _SIZES[kind] * n
        if size > 4:
            (offset,) = struct.unpack(order + "I", value)
            value = data[offset : offset + size]
            if len(value) != size:
                raise ValueError(f"tag {tag}'s values run past the end of the file")
        entries[tag] = (kind, n, value[:size])
    (following,) = struct.unpack_from(order + "I", data, at + 2 + 12 * count)
    return entries, following


def _numbers(data: bytes, order: str, entry: Entry) -> list[int]:
    kind, n, value = entry
    code = {1: "B", 3: "H", 4: "I", 13: "I"}.get(kind)
    if code is None:
        raise ValueError(f"field type {kind} where offsets or counts were expected")
    return list(struct.unpack(f"{order}{n}{code}", value))


def _write_page(data: bytes, order: str, entries: dict[int, Entry], out: bytearray) -> int:
    """Append one page (its image data, its values, its directory); the directory's offset."""
    for offsets_tag, counts_tag in (_STRIPS, _TILES):
        if offsets_tag not in entries:
            continue
        if counts_tag not in entries:
            raise ValueError(f"tag {offsets_tag} without its byte counts")
        offsets = _numbers(data, order, entries[offsets_tag])
        counts = _numbers(data, order, entries[counts_tag])
        if len(offsets) != len(counts):
            raise ValueError("image data offsets and byte counts do not pair up")
        moved = []
        for offset, count in zip(offsets, counts, strict=True):
            block = data[offset : offset + count]
            if len(block) != count:
                raise ValueError("image data runs past the end of the file")
            _align(out)
            moved.append(len(out))
            out += block
        values = struct.pack(f"{order}{len(moved)}I", *moved)
        entries[offsets_tag] = (4, len(moved), values)
    written: list[tuple[int, int, int, bytes]] = []
    for tag in sorted(entries):
        kind, n, value = entries[tag]
        if len(value) > 4:
            _align(out)
            offset = len(out)
            out += value
            value = struct.pack(order + "I", offset)
        written.append((tag, kind, n, value.ljust(4, b"\x00")))
    _align(out)
    start = len(out)
    out += struct.pack(order + "H", len(written))
    for tag, kind, n, value in written:
        out += struct.pack(order + "HHI", tag, kind, n) + value
    out += b"\x00\x00\x00\x00"  # no next directory, until the next page links itself here
    return start


def _align(out: bytearray) -> None:
    """Values and directories start on a word boundary."""
    if len(out) & 1:
        out += b"\x00"
