"""Reading entry files: encodings, line endings, front matter, positions."""

from __future__ import annotations

import os

import pytest
from conftest import lines

from dossier.pipeline import check


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


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_checked(make_dossier, monkeypatch):
    root = make_dossier(
        {
            "content/sources/locked.yml": "title: Locked\n",
            "content/pages/p.md": "---\ntitle: P\n---\nSee [^locked].\n",
        }
    )
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("locked.yml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    dossier = check(root)
    assert lines(dossier) == [
        "content/sources/locked.yml:1:1: error: cannot read the file: Permission denied "
        "[unreadable]",
    ]
    assert "locked" in dossier.unreadable, "references to it do not cascade"
    assert "p" in dossier.entries


def test_a_bidirectional_control_written_raw_is_found(checked):
    dossier = checked({"content/pages/p.md": "---\ntitle: P\n---\nfile \u202eexe.pdf\u2066\n"})
    assert lines(dossier) == [
        "content/pages/p.md:4:6: error: bidirectional control U+202E is not allowed; "
        "delete it or use a plain space [control-char]"
    ]


def test_a_character_reference_to_a_forbidden_character_is_found_where_it_is_written(checked):
    body = "A &#x202e; B &#X1B; C\n`&#0;` and &#8232; and &#x0000085;\n"
    legal = "tab &#9; newline &#10; joiner &#x200D; &#8205; &#x1F600; &amp;#27; &#x110000;\n"
    dossier = checked({"content/pages/p.md": f"---\ntitle: P\n---\n{body}{legal}"})
    assert [line.split(" [")[0] for line in lines(dossier)] == [
        "content/pages/p.md:4:3: error: '&#x202e;' is bidirectional control U+202E, "
        "which the page may not hold; delete it",
        "content/pages/p.md:4:14: error: '&#X1B;' is control character U+001B, "
        "which the page may not hold; delete it",
        "content/pages/p.md:5:2: error: '&#0;' is control character U+0000, "
        "which the page may not hold; delete it",
        "content/pages/p.md:5:12: error: '&#8232;' is line separator U+2028, "
        "which the page may not hold; delete it",
        "content/pages/p.md:5:24: error: '&#x0000085;' is control character U+0085, "
        "which the page may not hold; delete it",
    ]
    assert "p" in dossier.entries  # the front matter is fine: the entry is still checked


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"title: T\r\x80\n", 2, 1),  # a lone CR ends a line, as everywhere else
        (b"title: T\r\n\r\nx: \xff\n", 3, 4),
        (b"\xef\xbb\xbftitle: \xe9\n", 1, 8),  # the byte-order mark is no column
        (b"a: \xe2\x80\x94 \xe9\n", 1, 6),  # columns count characters
    ],
)
def test_a_byte_that_is_not_utf8_is_placed_as_the_text_is_read(checked, raw, line, column):
    [d] = checked({"content/sources/s.yml": raw}).report.sorted()
    assert (d.code, d.line, d.column) == ("encoding", line, column)


def test_an_id_named_in_many_bodies_is_one_string(checked):
    """The ids that bodies name are kept once (once in each share of the files a worker
    reads and sends: pickling keeps one copy of a string it is given many times)."""
    files = {"content/sources/source-one.yml": "title: S\n"}
    for n in range(40):
        files[f"content/pages/p{n}.md"] = (
            f"---\ntitle: P{n}\n---\nSee [[source-one]] and [^source-one].\n"
        )
    dossier = checked(files)
    assert lines(dossier) == []
    targets = [r.target for n in range(40) for r in dossier.entries[f"p{n}"].refs]
    assert len(targets) == 80 and len({id(t) for t in targets}) == 1
