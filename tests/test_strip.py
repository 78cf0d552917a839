"""The metadata strippers on the file formats themselves: what each keeps, what it drops,
and that no file, however broken, makes them fail otherwise than by `StripError`."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_media import jpeg_with_gps, picture, png_with_text, saved, tiff_with_exif, webp_with_exif

from dossier.strip import StripError, clean, jpeg, png, webp

SAMPLES = {
    "jpeg": jpeg_with_gps(),
    "png": png_with_text(),
    "webp": webp_with_exif(),
    "tiff": tiff_with_exif(),
}


def pixels(data: bytes) -> bytes:
    return Image.open(io.BytesIO(data)).convert("RGB").tobytes()


def test_a_jpeg_loses_its_thumbnail_and_what_follows_it_and_keeps_adobe() -> None:
    """JFIF's thumbnail, a JFXX segment, a FlashPix segment and a motion photo's video
    after the end marker all go; Adobe's APP14, which decoding needs, stays."""
    base = saved(picture(), "JPEG")
    soi, rest = base[:2], base[2:]
    jfif = b"JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x02\x02" + b"\x7f" * 12  # a 2x2 thumbnail
    jfxx = b"JFXX\x00\x10" + b"\x11" * 20
    adobe = b"Adobe\x00\x64\x00\x00\x00\x00\x01"
    mpf = b"FPXR\x00\x00" + b"Canary flashpix"

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload

    made = soi + segment(0xE0, jfif) + segment(0xE0, jfxx) + segment(0xEE, adobe)
    made += segment(0xE2, mpf) + rest.split(b"\xff\xe0", 1)[0] + rest[rest.index(b"\xff\xdb") :]
    made += b"ftypmp42 a motion photo's video"
    out = jpeg(made)
    assert out.startswith(b"\xff\xd8" + segment(0xE0, jfif[:12] + b"\x00\x00"))
    assert segment(0xEE, adobe) in out
    assert b"JFXX" not in out and b"FPXR" not in out and b"motion" not in out
    assert out.endswith(b"\xff\xd9")
    assert pixels(out) == pixels(made)


def test_a_png_keeps_its_critical_chunks_and_drops_unknown_ancillary_ones() -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    base = saved(picture(), "PNG")
    at = base.index(b"IDAT") - 4
    made = base[:at] + chunk(b"prVt", b"Canary private") + chunk(b"pHYs", b"\x00" * 9) + base[at:]
    made += b"Canary after the end"
    out = png(made)
    assert b"Canary" not in out and b"pHYs" in out
    assert out.endswith(b"IEND\xae\x42\x60\x82")
    assert pixels(out) == pixels(made)


def test_a_webp_says_it_has_no_exif_or_xmp_any_more() -> None:
    made = SAMPLES["webp"]
    assert made[20] & 0x0C == 0x0C  # VP8X: EXIF and XMP flags
    out = webp(made)
    assert out[20] & 0x0C == 0 and out[20] & 0x20  # the ICC flag stays
    assert struct.unpack("<I", out[4:8])[0] == len(out) - 8
    assert b"EXIF" not in out and b"XMP " not in out
    assert pixels(out) == pixels(made)


def test_every_page_of_a_tiff_is_kept_and_a_bigtiff_is_refused() -> None:
    pages = [picture(16, 8), picture(8, 16)]
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], tiffinfo={315: "Canary"})
    cleaned = clean(out.getvalue())
    assert b"Canary" not in cleaned
    im = Image.open(io.BytesIO(cleaned))
    assert im.n_frames == 2
    for n, page in enumerate(pages):
        im.seek(n)
        assert im.convert("RGB").tobytes() == page.tobytes()
    with pytest.raises(StripError, match="BigTIFF"):
        clean(b"II+\x00\x08\x00\x00\x00" + b"\x00" * 16)


def test_a_tiff_whose_strips_name_the_same_bytes_over_and_over_is_refused() -> None:
    """A small file that would unfold into a huge one."""
    n = 2000
    entries = [
        (256, 4, 1, 1), (257, 4, 1, n), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
        (273, 4, n, 8 + 2 + 12 * 8 + 4), (278, 4, 1, 1), (279, 4, n, 8 + 2 + 12 * 8 + 4 + 4 * n),
    ]  # fmt: skip
    head = b"II*\x00" + struct.pack("<I", 8)
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries)
    offsets = struct.pack(f"<{n}I", *([0] * n))
    counts = struct.pack(f"<{n}I", *([5000] * n))
    data = head + ifd + b"\x00" * 4 + offsets + counts + b"\x00" * 5000
    with pytest.raises(StripError):
        clean(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    cut=st.integers(min_value=0, max_value=4000),
    flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=6),
)
def test_a_broken_image_is_refused_or_cleaned_never_anything_else(kind, cut, flips) -> None:
    data = bytearray(SAMPLES[kind])
    for at, value in flips:
        if at < len(data):
            data[at] = value
    broken = bytes(data[: max(16, len(data) - cut)])
    try:
        out = clean(broken)
    except StripError:
        return
    assert isinstance(out, bytes)
    if out is not broken and not flips:  # a cut image read as one: nothing telling survives
        assert b"Canary" not in out
