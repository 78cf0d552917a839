"""`dossier briefing --out FILE.pdf|FILE.html` (SPEC section 14): the whole dossier in one file.

The PDF is read back with poppler's `pdftotext` and rendered with `pdftoppm`; the HTML file
is opened from disk in Debian's chromium. Where WeasyPrint (Pango), poppler or chromium is
missing the tests say why and skip; under CI (`CI=true`) that is a failure. `make test`
installs them (`.ci/install-pdf-tools`, `.ci/install-chromium`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MakeDossier, write_files
from test_audience import BEFORE, CANARY, COMMON, INTERNAL
from test_browser import CHROMIUM, FLAGS, need

from dossier.cli import main
from dossier.pipeline import check

ROOT = Path(__file__).parent.parent


def briefing(root: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["briefing", str(root), "--out", str(out), *args])
    assert result.exit_code == 0, result.output


def need_pdf_tools() -> None:
    for tool in ("pdftotext", "pdftoppm", "pdfinfo"):
        need(shutil.which(tool) is not None, f"poppler-utils' {tool} is not installed")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        need(False, f"WeasyPrint does not load (it needs Pango): {exc}")


def pages(pdf: Path) -> list[str]:
    """The PDF's text, page by page, each with its white space folded."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def streams(pdf: bytes) -> list[bytes]:
    """The PDF's objects as text: its compressed streams inflated (object streams hold the
    catalogue)."""
    out = [pdf]
    for found in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(found[1]))
    return out


def public_incident_titles() -> list[str]:
    dossier = check(ROOT)
    return [e.title for e in dossier.entries.values() if str(e.kind) == "incident"]


@pytest.fixture(scope="module")
def showcase_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_pdf_tools()
    out = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    briefing(ROOT, out)
    return out


@pytest.fixture(scope="module")
def showcase_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "briefing.html"
    briefing(ROOT, out)
    return out


def test_another_extension_is_a_usage_error(tmp_path: Path) -> None:
    for name in ("briefing.txt", "briefing", "briefing.pdf.zip"):
        out = tmp_path / name
        result = CliRunner().invoke(main, ["briefing", str(ROOT), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert ".pdf or .html" in result.output
        assert not out.exists()


def test_a_dossier_with_errors_writes_no_briefing(
    make_dossier: MakeDossier, tmp_path: Path
) -> None:
    root = make_dossier({"content/incidents/x.yml": "title: X\nplace: nowhere\n"})
    out = tmp_path / "b.html"
    result = CliRunner().invoke(main, ["briefing", str(root), "--out", str(out)])
    assert result.exit_code == 1 and "unknown-ref" in result.output
    assert not out.exists()


def test_the_pdf_holds_every_incident_and_the_callouts(showcase_pdf: Path) -> None:
    text = pages(showcase_pdf)
    whole = " ".join(text)
    for title in public_incident_titles():
        assert " ".join(title.split()) in whole, title
    # The al-Bab strike's contradictions: three against five killed; 2015 against 2016.
    strike = next(p for p in text if "CONFLICT over “Killed”" in p or "Conflict over “Killed”" in p)
    assert re.search(r"over “Killed”.*\b3\b.*\b5\b", strike)
    assert re.search(r"Editor.s assessment \(leads with 3\)", strike, re.IGNORECASE)
    assert any(re.search(r"over “Date”.*2015.*2016", p, re.IGNORECASE) for p in text)
    # The title page, and contents with page numbers.
    assert text[0].lower().startswith("briefing the al-bab air strike")
    assert re.search(r"Contents 1\. Incidents \.{3,} ?\d+", text[1])


def test_the_pdf_is_tagged_has_bookmarks_and_renders(showcase_pdf: Path, tmp_path: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(showcase_pdf)], capture_output=True, check=True, text=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    count = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1])  # type: ignore[index]
    assert count > 10
    assert b"/Outlines" in b"".join(streams(showcase_pdf.read_bytes()))  # the bookmarks
    subprocess.run(
        ["pdftoppm", "-png", "-r", "20", str(showcase_pdf), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) == count


def test_a_footnote_is_on_the_page_that_cites_it(make_dossier: MakeDossier, tmp_path: Path) -> None:
    need_pdf_tools()
    root = make_dossier(
        {
            "content/sources/gazette.yml": (
                "title: Zebra crossing report\npublisher: Quokka Gazette\n"
                "url: https://gazette.example/zebra\npublished: 2020-03-04\n"
            ),
            "content/incidents/early.md": (
                "---\ntitle: Early event\ndate: 2020-01-01\n---\n"
                + "Filler paragraph about the weather and nothing else at all.\n\n" * 60
                + "The marmoset walked across the road[^gazette].\n"
            ),
        }
    )
    out = tmp_path / "b.pdf"
    briefing(root, out)
    text = pages(out)
    citing = [p for p in text if "marmoset" in p]
    assert len(citing) == 1
    page = citing[0]
    assert text.index(page) > 2  # not on the title page or contents
    note = "Quokka Gazette, “Zebra crossing report”, 4 March 2020. https://gazette.example/zebra"
    assert note in page
    assert page.index("marmoset") < page.index(note)  # below the text, at the page's foot
    again = tmp_path / "again.pdf"
    briefing(root, again)
    assert again.read_bytes() == out.read_bytes()  # reproducible, byte for byte


def test_the_html_is_reproducible(tmp_path: Path, showcase_html: Path) -> None:
    again = tmp_path / "again.html"
    briefing(ROOT, again)
    assert again.read_bytes() == showcase_html.read_bytes()


def test_the_html_file_holds_everything_it_shows(showcase_html: Path) -> None:
    page = showcase_html.read_text(encoding="utf-8")
    assert "<link" not in page
    assert re.findall(r'\bsrc="(?!data:)', page) == []
    assert "url(" not in page.split("<style>")[1].split("</style>")[0]
    style = page.split("<style>")[1].split("</style>")[0]
    script = page.split("<script>")[1].split("</script>")[0]
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert found is not None
    policy = html.unescape(found[1])
    digest = {
        text: "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        for text in (style, script)
    }
    assert policy == (
        f"default-src 'none'; style-src '{digest[style]}'; script-src '{digest[script]}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    dossier = check(ROOT)
    for entry in dossier.entries.values():
        assert f'data-entry="{entry.id}"' in page, entry.id
    # Every link inside the file names an anchor of the file.
    anchors = set(re.findall(r'\bid="([^"]+)"', page))
    for target in re.findall(r'href="#([^"]+)"', page):
        assert target in anchors, target


def test_an_image_is_inside_the_file(make_dossier: MakeDossier, tmp_path: Path) -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    root = make_dossier(
        {
            "media/dot.png": png,
            "content/places/square.md": (
                "---\nname: Square\n---\n![A dot](../../media/dot.png) "
                "![Away](https://example.org/away.png)\n"
            ),
        }
    )
    out = tmp_path / "b.html"
    briefing(root, out)
    page = out.read_text(encoding="utf-8")
    data = base64.b64encode(png).decode()
    assert f'<img src="data:image/png;base64,{data}" alt="A dot" width="1" height="1"' in page
    assert '<span class="missing-image">[Away]</span>' in page


def test_an_image_inside_the_file_carries_no_metadata(
    make_dossier: MakeDossier, tmp_path: Path
) -> None:
    """The briefing embeds a photo as the site publishes it: without its GPS EXIF (SPEC §8),
    in its figure with its caption."""
    from test_media import jpeg_with_gps

    photo = jpeg_with_gps()
    root = make_dossier(
        {
            "media/crater.jpg": photo,
            "content/places/square.md": (
                "---\nname: Square\n---\n"
                '![The crater](../../media/crater.jpg "Seen from the east")\n'
            ),
        }
    )
    out = tmp_path / "b.html"
    briefing(root, out)
    page = out.read_text(encoding="utf-8")
    found = re.search(r'<figure><img src="data:image/jpeg;base64,([^"]+)" alt="The crater"', page)
    assert found is not None
    embedded = base64.b64decode(found[1])
    assert b"CanaryCam" not in embedded and b"Exif" not in embedded
    assert embedded != photo and embedded.startswith(b"\xff\xd8")
    assert "<figcaption>Seen from the east</figcaption></figure>" in page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need(Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright for Python is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def test_the_html_file_opened_from_disk_makes_no_request(
    browser: Any, showcase_html: Path, tmp_path: Path
) -> None:
    # Alone in a folder, as an e-mail attachment is saved.
    alone = tmp_path / "attachment" / "briefing.html"
    alone.parent.mkdir()
    shutil.copyfile(showcase_html, alone)
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(alone.as_uri())
    page.wait_for_load_state("load")
    # The citation preview (the inline script) runs: the policy allowed it.
    page.locator("a[data-cite]").first.hover()
    page.locator(".cite-preview").wait_for()
    assert requests == [alone.as_uri()]  # the file itself, and nothing else
    assert errors == []
    for entry in check(ROOT).entries.values():
        section = page.locator(f'[data-entry="{entry.id}"]')
        assert section.count() == 1 and section.is_visible(), entry.id
    context.close()


# Audiences: the briefing is made from the audience's dossier ------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return write_files(tmp_path / "mixed", COMMON | INTERNAL)


RAID = re.compile(r"canary\d+ raid title")


def test_the_public_html_briefing_holds_no_canary(mixed: Path, tmp_path: Path) -> None:
    public, internal = tmp_path / "public.html", tmp_path / "internal.html"
    briefing(mixed, public, "--clock", BEFORE)
    briefing(mixed, internal, "--audience", "internal")
    assert CANARY.findall(public.read_text(encoding="utf-8")) == []
    text = internal.read_text(encoding="utf-8")
    assert RAID.search(text) and 'data-audience="internal"' in text


def test_the_public_pdf_briefing_holds_no_canary(mixed: Path, tmp_path: Path) -> None:
    need_pdf_tools()
    public, internal = tmp_path / "public.pdf", tmp_path / "internal.pdf"
    briefing(mixed, public, "--clock", BEFORE)
    briefing(mixed, internal, "--audience", "internal")
    assert CANARY.findall(" ".join(pages(public))) == []
    assert CANARY.findall(public.read_bytes().decode("latin-1")) == []
    assert RAID.search(" ".join(pages(internal)))
