"""Media and evidence (SPEC §8): photos and documents in media/, shown and linked from the
Markdown as an editor previews it, published without their metadata, and the preserved
copies of sources, proven unchanged by their SHA-256.

Every test builds a real dossier in a temporary folder and runs the command as an editor
does; images are made with Pillow, and what the site holds is read back with Pillow.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Files, lines, write_files
from PIL import Image, ImageCms, PngImagePlugin
from sitecheck import problems

from dossier.cli import main
from dossier.pipeline import check

GPS = 0x8825
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator>Canary Photographer</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
TELLING = {270, 271, 272, 305, 306, 315, 316, 700, 33432, 33723, 34377, 34665, GPS}
"""EXIF and TIFF tags that tell who, where, when or with what (XMP, IPTC, Photoshop too)."""
LEAKS = (b"Canary", b"CanaryCam", b"2017:02:09", b"xmpmeta", b"Exif\x00\x00")
"""What no published image may hold: the camera, the time, the XMP, the EXIF header."""


def picture(width: int = 48, height: int = 32) -> Image.Image:
    """An image whose every pixel differs, so a re-encoding would show."""
    im = Image.new("RGB", (width, height))
    im.putdata(
        [(x * 5 % 256, y * 7 % 256, (x * y) % 256) for y in range(height) for x in range(width)]
    )
    return im


def exif() -> Image.Exif:
    """EXIF that tells where, when and with what: GPS, the camera, the time taken."""
    e = Image.Exif()
    e[0x010F], e[0x0110] = "CanaryCam", "Canary 5"  # make, model
    e[0x0132] = "2017:02:09 14:10:00"
    e[0x013B] = "Canary Photographer"  # artist
    gps = e.get_ifd(GPS)
    gps.update({1: "N", 2: (36.0, 22.0, 12.0), 3: "E", 4: (37.0, 30.0, 54.0)})
    return e


def saved(im: Image.Image, kind: str, **options: object) -> bytes:
    out = io.BytesIO()
    im.save(out, kind, **options)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    return saved(picture(), "JPEG", exif=exif(), icc_profile=ICC, xmp=XMP, comment=b"Canary")


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Canary Photographer")
    info.add_text("Comment", "Canary comment", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    data = saved(picture(), "PNG", pnginfo=info, exif=exif(), icc_profile=ICC)
    # A tIME chunk, which Pillow does not write: before IEND, with its CRC.
    import zlib

    body = b"tIME" + bytes([0x07, 0xE1, 2, 9, 14, 10, 0])
    chunk = (7).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    return data[:-12] + chunk + data[-12:]


def webp_with_exif() -> bytes:
    return saved(picture(), "WEBP", exif=exif(), xmp=XMP, icc_profile=ICC, lossless=True)


def tiff_with_exif() -> bytes:
    info = {270: "Canary description", 305: "Canary software", 315: "Canary Photographer"}
    return saved(
        picture(), "TIFF", exif=exif(), icc_profile=ICC, tiffinfo=info, compression="tiff_lzw"
    )


def base(files: Files) -> Files:
    return {
        "dossier.yml": "title: Evidence\n",
        "content/sources/report.yml": "title: A report\npublisher: Example News\n",
        **files,
    }


def build_site(root: Path, out: Path, *args: str) -> dict[str, bytes]:
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def incident(body: str, **front: str) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return (
        f"---\ntitle: The strike\ndate: 2017-02-09\n{extra}---\nIt happened[^report].\n\n{body}\n"
    )


# Metadata never leaks ---------------------------------------------------------------------


def test_published_images_carry_no_metadata_and_the_same_pixels(tmp_path: Path) -> None:
    made = {
        "media/2017/crater.jpg": jpeg_with_gps(),
        "media/2017/leaflet.png": png_with_text(),
        "media/2017/post.webp": webp_with_exif(),
        "media/2017/scan.tiff": tiff_with_exif(),
    }
    for name, data in made.items():  # what the test is about is really there to begin with
        assert b"Canary" in data or b"Canary" in data.replace(b"\x00", b""), name
    body = "\n\n".join(
        f"![Photo {i}](../../media/2017/{name.rpartition('/')[2]})" for i, name in enumerate(made)
    )
    root = write_files(
        tmp_path / "d", base({"content/incidents/strike.md": incident(body), **made})
    )
    site = build_site(root, tmp_path / "site")
    for name, original in made.items():
        published = site[name]
        for leak in LEAKS:
            assert leak not in published, (name, leak)
        before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(published))
        assert after.format == before.format
        assert after.tobytes() == before.tobytes(), f"{name}: the pixels changed"
        assert not dict(after.getexif()).keys() & TELLING, name
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Author", "Comment"):
            assert key not in after.info, (name, key)
        assert after.info.get("icc_profile") == ICC, f"{name}: the colour profile must stay"


def test_a_jpeg_keeps_its_compressed_data_byte_for_byte(tmp_path: Path) -> None:
    """Not re-encoded: the scan data between the start-of-scan header and the end marker
    is the very same bytes."""
    original = jpeg_with_gps()
    root = write_files(
        tmp_path / "d",
        base(
            {
                "content/incidents/strike.md": incident("![Crater](../../media/c.jpg)"),
                "media/c.jpg": original,
            }
        ),
    )
    published = build_site(root, tmp_path / "site")["media/c.jpg"]

    def scan(data: bytes) -> bytes:
        start = data.index(b"\xff\xda")
        return data[start : data.rindex(b"\xff\xd9") + 2]

    assert scan(published) == scan(original)
    assert len(published) < len(original)


def test_an_image_whose_structure_cannot_be_read_is_not_published(tmp_path: Path) -> None:
    """A JPEG cut inside a segment cannot be cleaned: the build stops, naming it, and the
    previous site stays as it was."""
    good = jpeg_with_gps()
    files = base(
        {
            "content/incidents/strike.md": incident("![Crater](../../media/c.jpg)"),
            "media/c.jpg": good,
        }
    )
    root = write_files(tmp_path / "d", files)
    out = tmp_path / "site"
    before = build_site(root, out)
    app1 = good.index(b"\xff\xe1")
    (root / "media" / "c.jpg").write_bytes(good[: app1 + 40])
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out)])
    assert result.exit_code == 1
    assert "cannot publish media/c.jpg" in result.output
    assert "Traceback" not in result.output
    assert {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    } == before


# Figures, links to files and entries ----------------------------------------------------


def test_a_figure_has_its_caption_size_and_alt_text(tmp_path: Path) -> None:
    body = (
        "![The crater, seen from the east](../../media/2017/crater.jpg"
        ' "The crater on 9 February")\n\n'
        'Inline, ![a detail](../../media/2017/detail.png "A detail") is no figure.\n\n'
        '- ![In a list](../../media/2017/detail.png "Listed")\n- another item\n'
    )
    files = base(
        {
            "content/incidents/strike.md": incident(body),
            "media/2017/crater.jpg": saved(picture(64, 40), "JPEG"),
            "media/2017/detail.png": saved(picture(20, 30), "PNG"),
        }
    )
    root = write_files(tmp_path / "d", files)
    assert lines(check(root)) == []
    page = build_site(root, tmp_path / "site")["incidents/strike.html"].decode()
    assert (
        '<figure><img src="../media/2017/crater.jpg" alt="The crater, seen from the east" '
        'width="64" height="40" loading="lazy"><figcaption>The crater on 9 February</figcaption>'
        "</figure>" in page
    )
    assert (
        '<img src="../media/2017/detail.png" alt="a detail" width="20" height="30" '
        'title="A detail" loading="lazy"> is no figure.' in page
    )
    assert page.count("<figure>") == 1  # an image in a tight list's item is no figure
    assert problems(tmp_path / "site") == []


def test_a_link_to_an_entry_file_goes_to_its_page_and_names_it(tmp_path: Path) -> None:
    files = base(
        {
            "content/actors/2017/governor.yml": "name: The governor\n",
            "content/incidents/strike.md": incident(
                "The [governor](../actors/2017/governor.yml#top) spoke; "
                "[the report](/content/sources/report.yml) says so."
            ),
        }
    )
    root = write_files(tmp_path / "d", files)
    assert lines(check(root)) == []
    site = build_site(root, tmp_path / "site")
    page = site["incidents/strike.html"].decode()
    assert '<a href="../actors/governor.html#top">governor</a>' in page
    assert '<a href="../sources/report.html">the report</a>' in page
    governor = site["actors/governor.html"].decode()
    mentioned = governor[governor.index('class="backlinks"') :]
    assert 'href="../incidents/strike.html"' in mentioned  # the link names it, as [[id]] does


def test_media_names_with_spaces_and_accents_are_linked_encoded(tmp_path: Path) -> None:
    files = base(
        {
            "content/incidents/strike.md": incident(
                "![Façade](<../../media/street view/façade 1.png>) and "
                "[the same](../../media/street%20view/fa%C3%A7ade%201.png)."
            ),
            "media/street view/façade 1.png": saved(picture(8, 8), "PNG"),
        }
    )
    root = write_files(tmp_path / "d", files)
    assert lines(check(root)) == []
    site = build_site(root, tmp_path / "site")
    assert "media/street view/façade 1.png" in site
    page = site["incidents/strike.html"].decode()
    assert page.count('"../media/street%20view/fa%C3%A7ade%201.png"') == 2
    assert problems(tmp_path / "site") == []


# Only what a published page shows ----------------------------------------------------------


def test_only_the_media_a_page_shows_or_links_is_published(tmp_path: Path) -> None:
    files = base(
        {
            "content/incidents/strike.md": incident(
                "![Crater](../../media/crater.png) and [the leaflet](../../media/docs/leaflet.pdf)."
            ),
            "media/crater.png": saved(picture(), "PNG"),
            "media/docs/leaflet.pdf": b"%PDF-1.4 a leaflet\n",
            "media/working/draft-crop.png": saved(picture(4, 4), "PNG"),
            "media/.DS_Store": b"hidden",
        }
    )
    root = write_files(tmp_path / "d", files)
    site = build_site(root, tmp_path / "site")
    assert sorted(p for p in site if p.startswith("media/")) == [
        "media/crater.png",
        "media/docs/leaflet.pdf",
    ]
    assert site["media/docs/leaflet.pdf"] == b"%PDF-1.4 a leaflet\n"


SECRET_PHOTO = "media/secret/canary-photo.png"
SECRET_COPY = "media/secret/canary-letter.txt"


def audience_files() -> Files:
    letter = b"The informant's canary letter.\n"
    return base(
        {
            "content/incidents/strike.md": incident("An insider wrote[^mole]."),
            "content/incidents/raid.md": (
                "---\ntitle: The raid\nvisibility: internal\n---\n"
                "![The raid](../../media/secret/canary-photo.png)\n"
            ),
            "content/sources/mole.yml": (
                "title: The informant\nkind: document\nreliability: B\nvisibility: internal\n"
                f"files:\n  - path: {SECRET_COPY}\n"
                f"    sha256: {hashlib.sha256(letter).hexdigest()}\n"
                "    kind: document\n    captured: 2017-02-10\n    publish: true\n"
            ),
            "content/sources/leak.yml": (
                "title: The leaked memo\nembargo: 2030-01-01T00:00:00Z\n"
                f"files:\n  - path: media/secret/canary-memo.txt\n"
                f"    sha256: {hashlib.sha256(b'memo').hexdigest()}\n    kind: document\n"
                "    publish: true\n"
            ),
            SECRET_PHOTO: saved(picture(), "PNG"),
            SECRET_COPY: letter,
            "media/secret/canary-memo.txt": b"memo",
        }
    )


def test_no_media_only_internal_material_shows_reaches_the_public_site(tmp_path: Path) -> None:
    """An image only an internal entry shows, a published copy of an internal source (cited
    by public text, so shown as a confidential source) and of an embargoed one: none of
    them, nor their names or digests, is in any file of the public site."""
    root = write_files(tmp_path / "d", audience_files())
    assert [line for line in lines(check(root)) if "error" in line] == []
    public = build_site(root, tmp_path / "public", "--clock", "2026-12-01T00:00:00+00:00")
    assert not [p for p in public if p.startswith("media/")]
    text = "\n".join(f"{p}\n{data.decode('utf-8', 'replace')}" for p, data in public.items())
    assert re.findall(r"canary[\w-]*", text, re.IGNORECASE) == []
    digest = hashlib.sha256(audience_files()[SECRET_COPY]).hexdigest()
    assert digest not in text
    assert 'data-cite="confidential"' in public["incidents/strike.html"].decode()
    internal = build_site(root, tmp_path / "internal", "--audience", "internal")
    assert {SECRET_PHOTO, SECRET_COPY, "media/secret/canary-memo.txt"} <= set(internal)
    assert internal[SECRET_COPY] == audience_files()[SECRET_COPY]
    assert digest in internal["sources/mole.html"].decode()


# Preserved copies --------------------------------------------------------------------------


CELL = r"<t[hd][^>]*>(.*?)</t[hd]>"


def test_the_source_page_lists_its_preserved_copies(tmp_path: Path) -> None:
    """Kind, capture time and SHA-256 of each; a link to the file when it is published; a
    published copy is the file byte for byte, metadata and all: it is evidence."""
    photo = jpeg_with_gps()
    pdf = b"%PDF-1.4 the statement\n"
    sha = {
        name: hashlib.sha256(data).hexdigest() for name, data in (("photo", photo), ("pdf", pdf))
    }
    source = (
        "title: The ministry's statement\npublisher: Ministry\nfiles:\n"
        f"  - path: media/sources/statement.pdf\n    sha256: {sha['pdf']}\n    kind: pdf\n"
        "    captured: 2017-02-09T14:10:00+03:00\n    publish: true\n"
        f"  - path: media/sources/scene.jpg\n    sha256: {sha['photo'].upper()}\n"
        "    kind: screenshot\n    publish: true\n"
        f"  - path: media/sources/notes.txt\n    sha256: {hashlib.sha256(b'n').hexdigest()}\n"
        "    kind: document\n"
    )
    files = base(
        {
            "content/incidents/strike.md": incident("The ministry spoke[^statement]."),
            "content/sources/statement.yml": source,
            "media/sources/statement.pdf": pdf,
            "media/sources/scene.jpg": photo,
            "media/sources/notes.txt": b"n",
        }
    )
    root = write_files(tmp_path / "d", files)
    assert lines(check(root)) == []
    site = build_site(root, tmp_path / "site")
    assert site["media/sources/scene.jpg"] == photo  # evidence: not stripped
    assert hashlib.sha256(site["media/sources/statement.pdf"]).hexdigest() == sha["pdf"]
    assert "media/sources/notes.txt" not in site  # listed, not published
    page = site["sources/statement.html"].decode()
    table = page[page.index('<table class="preserved-table">') : page.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(CELL, r, re.S)]
        for r in rows[1:]  # the header's
    ]
    assert cells == [
        ["PDF", "9 February 2017, 14:10 UTC+03:00", sha["pdf"], "statement.pdf"],
        ["Screenshot", "Not recorded", sha["photo"], "scene.jpg"],
        [
            "Document",
            "Not recorded",
            hashlib.sha256(b"n").hexdigest(),
            "notes.txt (kept, not published)",
        ],
    ]
    assert '<a href="../media/sources/statement.pdf" class="preserved-file">' in table
    assert problems(tmp_path / "site") == []


def test_a_changed_copy_is_a_hash_mismatch_and_digests_are_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier import media
    from dossier.check import Cache

    pdf = b"%PDF-1.4 the statement\n"
    files = base(
        {
            "content/incidents/strike.md": incident("The ministry spoke[^statement]."),
            "content/sources/statement.yml": (
                "title: The statement\nfiles:\n  - path: media/statement.pdf\n"
                f"    sha256: {hashlib.sha256(pdf).hexdigest()}\n    kind: pdf\n"
            ),
            "media/statement.pdf": pdf,
        }
    )
    root = write_files(tmp_path / "d", files)
    hashed: list[str] = []
    real = media.sha256_of
    monkeypatch.setattr(media, "sha256_of", lambda p: hashed.append(str(p)) or real(p))
    cache = Cache()
    assert lines(check(root, cache)) == []
    assert lines(check(root, cache)) == []
    assert len(hashed) == 1  # the second check read the file's time and size only
    (root / "media" / "statement.pdf").write_bytes(pdf.replace(b"statement", b"statemenT"))
    found = lines(check(root, cache))
    assert len(hashed) == 2
    assert len(found) == 1 and found[0].endswith("[hash-mismatch]")
    assert f"not {hashlib.sha256(pdf).hexdigest()} as written" in found[0]


def test_new_source_with_a_file_fills_in_its_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(
        tmp_path / "d", {"dossier.yml": "title: T\n", "media/sources/st.pdf": b"%PDF st"}
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        main, ["new", "source", "statement", "--file", "media/sources/st.pdf"]
    )
    assert result.exit_code == 0, result.output
    text = (root / "content" / "sources" / "statement.yml").read_text()
    assert "  - path: media/sources/st.pdf\n" in text
    assert f"    sha256: {hashlib.sha256(b'%PDF st').hexdigest()}\n" in text
    assert "    kind: pdf " in text
    assert not [line for line in lines(check(root)) if "error" in line]
    (root / "elsewhere.pdf").write_bytes(b"x")
    for args, message in (
        (
            ["new", "source", "other", "--file", "elsewhere.pdf"],
            "copy it into the project's media/",
        ),
        (["new", "source", "other", "--file", "media/sources/nope.pdf"], "that is no file"),
        (
            ["new", "actor", "someone", "--file", "media/sources/st.pdf"],
            "a source's preserved copies",
        ),
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
    assert not (root / "content" / "sources" / "other.yml").exists()


# The link checker --------------------------------------------------------------------------


def test_sitecheck_fails_on_a_missing_or_unlinked_media_file(tmp_path: Path) -> None:
    files = base(
        {
            "content/incidents/strike.md": incident("![Crater](../../media/c.png)"),
            "media/c.png": saved(picture(), "PNG"),
        }
    )
    root = write_files(tmp_path / "d", files)
    out = tmp_path / "site"
    build_site(root, out)
    assert problems(out) == []
    (out / "media" / "c.png").rename(out / "media" / "stray.png")
    assert problems(out) == [
        "incidents/strike.html: '../media/c.png' names no file",
        "media/stray.png: no page shows or links it",
    ]


# serve's rebuilds ---------------------------------------------------------------------------


def test_serve_rebuilds_media_as_a_fresh_build_writes_them(tmp_path: Path) -> None:
    """After each edit of media/ or of what shows it, the rebuilt site equals a fresh build
    byte for byte: new images copied (clean), changed ones copied again, sizes updated on the
    pages that show them, images no page shows any more taken out."""
    import os
    import shutil

    from dossier.incremental import SiteBuilder
    from dossier.pipeline import build

    root = write_files(
        tmp_path / "d",
        base(
            {
                "content/incidents/strike.md": incident("![Crater](../../media/a/crater.jpg)"),
                "content/sources/statement.yml": "title: The statement\n",
                "media/a/crater.jpg": jpeg_with_gps(),
            }
        ),
    )
    clock = iter(range(1_700_000_000, 1_800_000_000, 10))

    def put(rel: str, data: bytes | str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        stamp = next(clock) * 10**9
        os.utime(path, ns=(stamp, stamp))

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    served = tmp_path / "served"
    builder = SiteBuilder(root, served)
    builder.rebuild()
    steps = {
        "an image added and shown": lambda: (
            put("media/b/post.webp", webp_with_exif()),
            put(
                "content/incidents/strike.md",
                incident("![Crater](../../media/a/crater.jpg)\n\n![Post](../../media/b/post.webp)"),
            ),
        ),
        "an image replaced by a larger one": lambda: put(
            "media/a/crater.jpg", saved(picture(90, 60), "JPEG", exif=exif())
        ),
        "an image changed, same size": lambda: put(
            "media/a/crater.jpg", saved(picture(90, 60), "JPEG", quality=40)
        ),
        "a copy published": lambda: put(
            "content/sources/statement.yml",
            "title: The statement\nfiles:\n  - path: media/b/post.webp\n"
            f"    sha256: {hashlib.sha256(webp_with_exif()).hexdigest()}\n"
            "    kind: image\n    publish: true\n",
        ),
        "an image no longer shown": lambda: put(
            "content/incidents/strike.md", incident("No photo.")
        ),
        "the copy no longer published": lambda: put(
            "content/sources/statement.yml", "title: The statement\n"
        ),
    }
    for n, (what, edit) in enumerate(steps.items()):
        edit()
        result = builder.rebuild()
        assert result.report.errors == 0, lines(check(root))
        fresh = tmp_path / f"fresh-{n}"
        build(root, fresh)
        assert files(served) == files(fresh), what
        shutil.rmtree(fresh)
    assert not (served / "media").exists()
    # A shown image deleted is an error: the last good site stays; putting it back mends it.
    put("content/incidents/strike.md", incident("![Crater](../../media/a/crater.jpg)"))
    builder.rebuild()
    before = files(served)
    (root / "media" / "a" / "crater.jpg").unlink()
    assert builder.rebuild().report.errors == 1
    assert files(served) == before


def test_symbolic_links_in_media_that_loop_are_errors_not_tracebacks(tmp_path: Path) -> None:
    import os

    from conftest import run_dossier

    root = write_files(tmp_path / "d", base({"content/incidents/strike.md": incident("Text.")}))
    (root / "media").mkdir()
    os.symlink("two.jpg", root / "media" / "one.jpg")
    os.symlink("one.jpg", root / "media" / "two.jpg")
    result = run_dossier("check", str(root))
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"media/{name}.jpg:1:1: error: symbolic link goes round in a loop of links; fix or "
        "delete it [symlink]"
        for name in ("one", "two")
    ]


def test_a_prose_edit_moves_the_warnings_about_images_with_it(tmp_path: Path) -> None:
    """`serve`'s shortcut for prose-only edits keeps links and claims, but never positions
    that moved: the media stage runs on every check."""
    import os

    from dossier.check import Cache

    body = "![](../../media/c.png)"
    files = base(
        {"content/incidents/strike.md": incident(body), "media/c.png": saved(picture(), "PNG")}
    )
    root = write_files(tmp_path / "d", files)
    cache = Cache()
    first = check(root, cache)
    assert [line.split(": ")[0] for line in lines(first)] == ["content/incidents/strike.md:7:1"]
    path = root / "content" / "incidents" / "strike.md"
    path.write_text(incident("A new first line.\n\n" + body), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    second = check(root, cache, first)
    assert [line.split(": ")[0] for line in lines(second)] == ["content/incidents/strike.md:9:1"]
