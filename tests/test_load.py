"""Reading entry files: encodings, line endings, front matter, positions."""

from __future__ import annotations

from conftest import lines


def test_windows_line_endings_and_a_byte_order_mark_read_as_usual(checked):
    dossier = checked(
        {
            "content/sources/s.yml": b"title: S\r\nnope: 1\r\n",
            "content/pages/p.md": "\ufeff---\r\ntitle: P\r\n---\r\nSee [^s].\r\n".encode(),
        }
    )
    assert lines(dossier) == [
        "content/sources/s.yml:2:1: error: unknown key 'nope' (did you mean 'note'?) [unknown-key]",
    ]
    assert dossier.unreadable == {"s": dossier.unreadable["s"]}
    assert "p" in dossier.entries


def test_a_control_character_is_found_in_ascii_and_in_unicode_text(checked):
    dossier = checked(
        {
            "content/sources/a.yml": b"title: bell \x07 here\n",
            "content/sources/b.yml": "title: Erdoğan \x1b here\n".encode(),
        }
    )
    assert [line.split(": error: ")[0] for line in lines(dossier)] == [
        "content/sources/a.yml:1:13",
        "content/sources/b.yml:1:16",
    ]
