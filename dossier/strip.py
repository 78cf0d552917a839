"""Metadata out of published images (SPEC §8), losslessly: the image data stays byte for byte.

A photo's EXIF tells where (GPS), when and with what it was taken; XMP, IPTC, comments and
text chunks may name the person who took it. `clean` walks the file's own structure and
keeps only what the image needs to be shown as it is: the compressed image data, its
tables, its colour profile. Nothing is decoded or encoded again.

- JPEG: the segments before and between the scans; APP1 (EXIF, XMP), APP13 (IPTC), COM
  and the other APPn go; JFIF's APP0 stays without its thumbnail, APP2's ICC profile and
  APP14 (Adobe's colour transform, needed to decode) stay; nothing after the end of the
  image (a second image, a video of a "motion photo").
- PNG: the critical chunks and the ancillary chunks that change how it looks (transparency,
  gamma, colour space and profile, background, pixel size, animation); `tEXt`, `iTXt`,
  `zTXt`, `eXIf`, `tIME` and every other ancillary chunk go (an unknown critical chunk,
  which no decoder would show, is refused).
- WebP: the image, alpha, animation and ICC chunks; `EXIF`, `XMP ` and unknown chunks go,
  and the VP8X header's flags no longer announce them.
- TIFF: `tiff.clean`, the same idea for its tags.

Any other file is published as it is.
"""

from __future__ import annotations

import struct

from .tiff import clean as clean_tiff
from .tiff import is_tiff


class StripError(Exception):
    """A file that claims to be an image but whose structure cannot be read: it is not
    published, rather than published with what it may hold."""


def is_image(head: bytes) -> bool:
    """Whether a file starting with `head` (16 bytes) is an image `clean` cleans."""
    return (
        head.startswith((b"\xff\xd8\xff", PNG_SIGNATURE))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or is_tiff(head)
    )


def clean(data: bytes) -> bytes:
    """`data` without its metadata if it is a JPEG, PNG, WebP or TIFF image; else as it is."""
    try:
        if data.startswith(b"\xff\xd8\xff"):
            return jpeg(data)
        if data.startswith(PNG_SIGNATURE):
            return png(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return webp(data)
        if is_tiff(data):
            return clean_tiff(data)
    except (IndexError, ValueError, struct.error) as exc:  # past the end of the file
        raise StripError(f"its structure cannot be read ({exc})") from None
    return data


# JPEG ------------------------------------------------------------------------------------

_STANDALONE = {0x01, *range(0xD0, 0xD8)}
"""Markers with no length after them: TEM and the restart markers."""
_APP0, _APP2, _APP14, _SOS, _EOI, _COM = 0xE0, 0xE2, 0xEE, 0xDA, 0xD9, 0xFE


def jpeg(data: bytes) -> bytes:
    """A JPEG without EXIF, XMP, IPTC, comments, thumbnails or trailing data."""
    out = [b"\xff\xd8"]
    pos, n = 2, len(data)
    while pos < n:
        if data[pos] != 0xFF:
            raise StripError(f"no JPEG marker at byte {pos}")
        while pos < n and data[pos] == 0xFF:  # fill bytes may come before a marker
            pos += 1
        if pos >= n:
            break
        marker = data[pos]
        pos += 1
        if marker == _EOI:
            out.append(b"\xff\xd9")
            break  # whatever follows the image is not the image
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > n:
            raise StripError(f"a JPEG segment at byte {pos - 2} runs past the end of the file")
        payload = data[pos + 2 : pos + length]
        pos += length
        kept = _jpeg_segment(marker, payload)
        if kept is not None:
            out += (bytes((0xFF, marker)), (len(kept) + 2).to_bytes(2, "big"), kept)
        if marker == _SOS:
            end = _scan_end(data, pos)
            out.append(data[pos:end])
            pos = end
    return b"".join(out)


def _jpeg_segment(marker: int, payload: bytes) -> bytes | None:
    """What of a segment to keep: all of it, a part (JFIF without its thumbnail), or None."""
    if marker == _APP0:
        if payload.startswith(b"JFIF\x00") and len(payload) >= 14:
            return payload[:12] + b"\x00\x00"  # no thumbnail: 0 by 0 pixels
        return None  # JFXX (a thumbnail) or another application's
    if marker == _APP2:
        return payload if payload.startswith(b"ICC_PROFILE\x00") else None  # not MPF, FlashPix
    if marker == _APP14:
        return payload if payload.startswith(b"Adobe") else None
    if 0xE0 <= marker <= 0xEF or marker == _COM or 0xF0 <= marker <= 0xFD:
        return None  # EXIF and XMP (APP1), IPTC (APP13), the other APPn, comments, JPGn
    if marker < 0xC0:
        raise StripError(f"an unknown JPEG marker 0xFF{marker:02X}")
    return payload  # the frame, tables and scans: the image itself


def _scan_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data that starts at `pos` ends: at the next marker that is
    not a stuffed 0xFF or a restart marker (the end of the file if it is cut short)."""
    n = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= n:
            return n
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1 if following == 0xFF else 2
            continue
        return pos


# PNG -------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND",
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP", b"mDCV", b"cLLI", b"sBIT",
    b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip
"""The chunks that make the image look as it does: every other ancillary chunk goes."""


def png(data: bytes) -> bytes:
    """A PNG with only the chunks that make the image."""
    out = [PNG_SIGNATURE]
    pos, n = len(PNG_SIGNATURE), len(data)
    while pos < n:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if len(kind) < 4 or length >= 1 << 31 or end > n:
            raise StripError(f"a PNG chunk at byte {pos} runs past the end of the file")
        if kind in _PNG_KEEP:
            out.append(data[pos:end])
        elif not kind.isalpha() or not kind[0] & 0x20:  # no chunk, or a critical one
            # A decoder must refuse a critical chunk it does not know; so do we, rather
            # than publish what it holds.
            raise StripError(f"an unknown critical PNG chunk {kind!r} at byte {pos}")
        pos = end
        if kind == b"IEND":
            break  # nothing after the end of the image
    return b"".join(out)


# WebP ------------------------------------------------------------------------------------

_WEBP_KEEP = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def webp(data: bytes) -> bytes:
    """A WebP without its EXIF, XMP and unknown chunks, its VP8X flags saying so."""
    size = int.from_bytes(data[4:8], "little")
    end = min(len(data), 8 + size)
    chunks = []
    pos = 12
    while pos + 8 <= end:
        kind = data[pos : pos + 4]
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        stop = pos + 8 + length + (length & 1)  # a chunk is padded to an even size
        if pos + 8 + length > end:
            raise StripError(f"a WebP chunk at byte {pos} runs past the end of the file")
        chunk = data[pos:stop]
        if kind == b"VP8X" and length >= 1:
            flags = chunk[8] & ~(_VP8X_EXIF | _VP8X_XMP)
            chunk = chunk[:8] + bytes((flags,)) + chunk[9:]
        if kind in _WEBP_KEEP:
            chunks.append(chunk + (b"\x00" if len(chunk) & 1 else b""))
        pos = stop
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body
