"""The characters content may not hold (SPEC 2) and how diagnostics print what they quote
(SPEC 5): one set, one escaping."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import run_dossier
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import BINARY

from dossier.chars import FORBIDDEN, forbidden_name, one_line

SPEC_FORBIDDEN = (
    {*range(0x20)} - {0x09, 0x0A}
    | {*range(0x7F, 0xA0)}
    | {0x2028, 0x2029}
    | {*range(0x202A, 0x202F)}
    | {*range(0x2066, 0x206A)}
)
"""SPEC 2's list, written out: C0 but tab and newline, DEL, C1, the line separators, and
the bidirectional embeddings, overrides and isolates."""


def test_forbidden_is_exactly_the_spec_list():
    found = {c for c in range(0x110000) if FORBIDDEN.match(chr(c))}
    assert found == SPEC_FORBIDDEN


@pytest.mark.parametrize(
    "text",
    [
        "\u200d",  # ZERO WIDTH JOINER
        "\u200c",  # ZERO WIDTH NON-JOINER
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # a family, joined
        "\u2764\ufe0f",  # a variation selector
        "\U0001f44d\U0001f3fd",  # a skin tone
        "\U0001f1f9\U0001f1f7",  # a flag
        "\u200e\u200f",  # the marks LRM and RLM
        "tab\tand\nnewline",
    ],
)
def test_joiners_emoji_and_marks_are_text(text):
    assert FORBIDDEN.search(text) is None


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "control character U+0000"),
        ("\x85", "control character U+0085"),
        ("\x7f", "control character U+007F"),
        ("\u2028", "line separator U+2028"),
        ("\u202e", "bidirectional control U+202E"),
        ("\u2069", "bidirectional control U+2069"),
    ],
)
def test_a_forbidden_character_is_named_for_the_editor(char, name):
    assert forbidden_name(char) == name


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\u202eexe.pdf", "\\u202eexe.pdf"),
        ("\x85\u2028\u2029", "\\x85\\u2028\\u2029"),
        ("caf\udce9.md", "caf\\xe9.md"),  # a byte of a name that is not UTF-8
        ("\ud800", "\\ud800"),
        ("Erdoğan, \U0001f468\u200d\U0001f469", "Erdoğan, \U0001f468\u200d\U0001f469"),
    ],
)
def test_one_line_escapes_what_would_break_or_drive_a_terminal(text, shown):
    assert one_line(text) == shown


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_one_line_is_always_one_printable_line(text):
    shown = one_line(text)
    assert len(shown.splitlines()) <= 1
    assert FORBIDDEN.search(shown) is None
    assert not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in shown)
    shown.encode("utf-8")  # no lone surrogate left


JOINERS = Path(__file__).parent / "sites" / "valid" / "joiners"


def _published(site: Path) -> str:
    """Every text file of a built site, one after another."""
    files = [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix not in BINARY]
    return "".join(p.read_text("utf-8") for p in files)


def test_joiners_and_emoji_pass_the_check_and_reach_the_page_as_written(tmp_path):
    result = run_dossier("build", "--strict", str(JOINERS), "--out", str(tmp_path / "site"))
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    actor = (tmp_path / "site" / "actors" / "family.html").read_text("utf-8")
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    for text in (
        f"{family} family",
        family,  # from the escapes
        "\u2764\ufe0f and \u2764\ufe0f",
        "\U0001f44d\U0001f3fd and \U0001f44d\U0001f3fd",
        "\U0001f1f9\U0001f1f7 and \U0001f1f9\U0001f1f7",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 and ",
        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u200f (RLM)",
        "A tab\there, and a line\nbreak",
    ):
        assert text in actor, text
    page = (tmp_path / "site" / "pages" / "about.html").read_text("utf-8")
    assert "About \U0001f9d1\U0001f3fe\u200d\U0001f4bb" in page
    assert "(\U0001f468\u200d\U0001f469)" in page  # &#x200D; is a joiner: decoded, kept
    assert "a\u200cnon-joiner" in page
    assert FORBIDDEN.search(_published(tmp_path / "site")) is None


HOSTILE = {
    "escape in a name": {"content/actors/a.yml": 'name: "Bad\\u0000Name\\u202Eevil"\n'},
    "escape in a key": {"content/actors/a.yml": 'name: A\n"x\\e[2J": 1\n'},
    "escape in dossier.yml": {"dossier.yml": 'title: "T\\x85"\n'},
    "NEL in a claim's quote": {
        "content/sources/s.yml": 'title: S\nclaims:\n  - {about: x, value: 1, quote: "a\\Nb"}\n'
    },
    "line separator in an alias": {"content/actors/a.yml": 'name: A\naliases: ["\\L"]\n'},
    "reference in the body": {"content/pages/p.md": "---\ntitle: P\n---\n&#x202E;exe\n"},
    "reference in a link title": {
        "content/pages/p.md": '---\ntitle: P\n---\n[a](https://x.example "&#27;[2J")\n'
    },
    "reference in image alt text": {"content/pages/p.md": "---\ntitle: P\n---\n![&#x85;](x.png)\n"},
    "reference in a fence's info": {
        "content/pages/p.md": "---\ntitle: P\n---\n~~~ &#x2066;\n~~~\n"
    },
    "raw override in the body": {"content/pages/p.md": "---\ntitle: P\n---\n\u202eexe\n"},
    "raw isolate in a value": {"content/pages/p.md": "---\ntitle: \u2067P\n---\n"},
}


@pytest.mark.parametrize("files", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_forbidden_character_reaches_the_site_however_it_is_written(make_dossier, files):
    root = make_dossier(files)
    result = run_dossier("build", str(root), "--out", str(root / "site"))
    assert result.returncode == 1, result.stderr
    assert "[control-char]" in result.stdout
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()
