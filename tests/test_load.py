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


# `serve`'s loads: the watcher's word on what changed ------------------------------------


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The walks of content/ made: one item each."""
    import dossier.load

    made: list[int] = []
    real = dossier.load.entry_files

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(dossier.load, "entry_files", counted)
    return made


SOURCES = {
    "content/sources/a.yml": "title: Alpha\n",
    "content/sources/b.yml": "title: Bravo\n",
}


def _served(make_dossier, files):  # type: ignore[no-untyped-def]
    """A dossier and the cache of a `serve` that has checked it once (walking it)."""
    from dossier.check import Cache

    root = make_dossier(files)
    cache = Cache()
    check(root, cache)
    return root, cache


def _same_as_cold(dossier, root) -> None:  # type: ignore[no-untyped-def]
    cold = check(root)
    assert lines(dossier) == lines(cold)
    assert {i: e.title for i, e in dossier.entries.items()} == {
        i: e.title for i, e in cold.entries.items()
    }


def test_a_touched_file_is_read_again_without_a_walk(make_dossier, walks):
    root, cache = _served(make_dossier, SOURCES)
    a = root / "content/sources/a.yml"
    a.write_text("title: Alpha two\n")
    dossier = check(root, cache, touched={str(a.resolve())})
    assert dossier.entries["a"].title == "Alpha two"
    assert len(walks) == 1  # the first check's
    _same_as_cold(dossier, root)


def test_a_touched_file_whose_time_and_size_were_kept_is_read_again(make_dossier, walks):
    root, cache = _served(make_dossier, SOURCES)
    a = root / "content/sources/a.yml"
    stamp = a.stat()
    a.write_text("title: Omega\n")  # as long as "Alpha"
    os.utime(a, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert check(root, cache, touched={str(a.resolve())}).entries["a"].title == "Omega"


def test_without_the_watchers_word_every_stamp_is_looked_at(make_dossier, walks):
    """No `touched` (the first rebuild of `serve`, or events lost): a walk, and every file
    whose time or size changed is read again; one that kept both is not (the stamp rule)."""
    root, cache = _served(make_dossier, SOURCES)
    a, b = root / "content/sources/a.yml", root / "content/sources/b.yml"
    stamp = b.stat()
    a.write_text("title: Alpha two\n")
    b.write_text("title: Delta\n")  # as long as "Bravo"
    os.utime(b, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    dossier = check(root, cache)
    assert (dossier.entries["a"].title, dossier.entries["b"].title) == ("Alpha two", "Bravo")
    assert len(walks) == 2


def test_the_watchers_word_is_taken_for_the_files_it_did_not_name(make_dossier, walks):
    """What the trust in the watcher means: a file it did not report is not looked at."""
    root, cache = _served(make_dossier, SOURCES)
    a, b = root / "content/sources/a.yml", root / "content/sources/b.yml"
    a.write_text("title: Alpha two\n")
    b.write_text("title: Bravo two\n")
    dossier = check(root, cache, touched={str(a.resolve())})
    assert (dossier.entries["a"].title, dossier.entries["b"].title) == ("Alpha two", "Bravo")
    assert check(root, cache, touched={str(b.resolve())}).entries["b"].title == "Bravo two"


def test_a_file_that_came_is_found_by_a_walk(make_dossier, walks):
    root, cache = _served(make_dossier, SOURCES)
    c = root / "content/sources/c.yml"
    c.write_text("title: Charlie\n")
    dossier = check(root, cache, touched={str(c.resolve())})
    assert dossier.entries["c"].title == "Charlie"
    assert len(walks) == 2
    _same_as_cold(dossier, root)


def test_a_file_that_went_is_gone_after_a_walk(make_dossier, walks):
    root, cache = _served(make_dossier, SOURCES)
    b = root / "content/sources/b.yml"
    b.unlink()
    dossier = check(root, cache, touched={str(b.resolve())})
    assert "b" not in dossier.entries
    assert len(walks) == 2
    _same_as_cold(dossier, root)


def test_a_reported_file_that_went_takes_its_problem_with_it(make_dossier, walks):
    root, cache = _served(make_dossier, SOURCES | {"content/sources/notes.pdf": "notes\n"})
    notes = root / "content/sources/notes.pdf"
    assert any("ignored-file" in line for line in lines(check(root, cache, touched=set())))
    assert len(walks) == 1
    notes.unlink()
    dossier = check(root, cache, touched={str(notes.resolve())})
    assert not any("ignored-file" in line for line in lines(dossier))
    _same_as_cold(dossier, root)


def test_an_editors_file_that_came_and_went_needs_no_walk(make_dossier, walks):
    root, cache = _served(make_dossier, SOURCES)
    a = root / "content/sources/a.yml"
    swap = root / "content/sources/.a.yml.swp"
    swap.write_text("swap")
    swap.unlink()
    a.write_text("title: Alpha two\n")
    touched = {str(swap.resolve()), str(a.resolve()), str(root.resolve() / "media/x.jpg")}
    dossier = check(root, cache, touched=touched)
    assert dossier.entries["a"].title == "Alpha two"
    assert len(walks) == 1
    _same_as_cold(dossier, root)


def test_an_unlisted_file_that_is_there_is_found_by_a_walk(make_dossier, walks):
    """A file touched that the walk did not list, still there: a walk says what it is."""
    root, cache = _served(make_dossier, SOURCES)
    odd = root / "content/sources/c.yaml"
    odd.write_text("title: Charlie\n")
    dossier = check(root, cache, touched={str(odd.resolve())})
    assert any("file-name" in line for line in lines(dossier))
    assert len(walks) == 2


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_with_a_symbolic_link_in_content_every_load_walks(make_dossier, walks):
    """An edit of the file a link leads to is an event of that file alone: the link's
    entry is found changed only by looking at every file."""
    root, cache = _served(make_dossier, SOURCES)
    link = root / "content/sources/l.yml"
    link.symlink_to("a.yml")
    check(root, cache)
    a = root / "content/sources/a.yml"
    a.write_text("title: Alpha two\n")
    dossier = check(root, cache, touched={str(a.resolve())})
    assert dossier.entries["l"].title == "Alpha two"
    assert len(walks) == 3


def test_a_load_that_failed_walks_the_next_time(make_dossier, walks, monkeypatch):
    import dossier.load

    root, cache = _served(make_dossier, SOURCES)
    a = root / "content/sources/a.yml"
    a.write_text("title: Alpha two\n")
    real = dossier.load._load_entries

    def fail(todo):  # type: ignore[no-untyped-def]
        raise OSError("the disk went away")

    monkeypatch.setattr(dossier.load, "_load_entries", fail)
    with pytest.raises(OSError):
        check(root, cache, touched={str(a.resolve())})
    monkeypatch.setattr(dossier.load, "_load_entries", real)
    assert check(root, cache, touched=set()).entries["a"].title == "Alpha two"
    assert len(walks) == 2  # the first check's, and this one's
