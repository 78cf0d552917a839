"""One grammar: `scan` finds exactly the references the parser finds, where it finds them.

Bodies are generated from fragments of every construct that can change what a bracket
means (code, escapes, entities, HTML, autolinks, definitions, containers, tables, tabs);
the fast path, the parser's path and the site's own parser must agree on each.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MakeDossier, lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_markdown import cases

from dossier import markdown
from dossier.markdown.locate import parser_scan
from dossier.markdown.scan import Ref, RefKind, fast_scan, position
from dossier.markdown.syntax import CITE

ROOT = Path(__file__).parent.parent

ids = st.sampled_from(["a", "b", "x-1", " a ", ""])
labels = st.sampled_from(["s", "n", "a", "x-1"])
words = st.sampled_from(["word", "two words", "x", "*em*", "_u_", "~~s~~", "!", ":", "|", "("])
urls = st.sampled_from(
    ["http://u.org", "../p.html", "javascript:x", "mailto:a@b.c", "u(v)", "a\x01b", "a|b", "[[a]]"]
)
inline_piece = st.one_of(
    words,
    ids.map(lambda i: f"[[{i}]]"),
    st.tuples(ids, words).map(lambda p: f"[[{p[0]}|{p[1]}]]"),
    labels.map(lambda label: f"[^{label}]"),
    st.tuples(words, urls).map(lambda p: f"[{p[0]}]({p[1]})"),
    st.tuples(ids, urls).map(lambda p: f"[see [[{p[0]}]]]({p[1]})"),
    st.tuples(words, urls).map(lambda p: f"![{p[0]}]({p[1]})"),
    st.tuples(labels, urls).map(lambda p: f"[^{p[0]}]({p[1]})"),
    st.tuples(words, urls).map(lambda p: f'[{p[0]}](<{p[1]}> "title")'),
    labels.map(lambda label: f"[{label}][r]"),
    st.just("[r]"),
    urls.map(lambda u: f"<{u}>"),
    ids.map(lambda i: f"<http://h/[[{i}]]>"),
    ids.map(lambda i: f"`[[{i}]]`"),
    labels.map(lambda label: f"``[^{label}]``"),
    ids.map(lambda i: f"\\[[{i}]]"),
    labels.map(lambda label: f"\\[^{label}]"),
    ids.map(lambda i: f"[[{i}\\]]"),
    st.sampled_from(["&#91;", "&amp;", "&#x5B;[a]]", "javascript&#58;x", "\\", "\\\\"]),
    ids.map(lambda i: f"<span>[[{i}]]</span>"),
    st.sampled_from(["[", "]", "[[", "]]", "[^", "](", "\t", "  ", "\u00a0", "]:", "]]:"]),
    st.sampled_from(["\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028", "\u2003"]),
    st.tuples(st.sampled_from(["\u00a0", "\x0c", "|"]), labels).map(lambda p: f"[^{p[1]}{p[0]}]"),
)
inline = st.lists(inline_piece, min_size=1, max_size=6).map(" ".join)
# Lines of a paragraph: wrapped text, sometimes indented.
paragraph = st.lists(
    st.tuples(st.sampled_from(["", " ", "  ", "   "]), inline), min_size=1, max_size=3
).map(lambda ls: "\n".join(p + t for p, t in ls))
block = st.one_of(
    paragraph,
    paragraph,
    inline.map(lambda t: f"## {t}"),
    inline.map(lambda t: f"# {t} #"),
    st.tuples(inline, st.sampled_from(["===", "---"])).map("\n".join),
    st.lists(inline, min_size=1, max_size=3).map(lambda ts: "\n".join(f"- {t}" for t in ts)),
    st.lists(inline, min_size=1, max_size=2).map(lambda ts: "\n".join(f"1. {t}" for t in ts)),
    st.tuples(inline, inline).map(lambda p: f"- {p[0]}\n  - {p[1]}"),
    st.tuples(inline, inline).map(lambda p: f"- {p[0]}\n\n  {p[1]}"),
    st.lists(inline, min_size=1, max_size=2).map(lambda ts: "\n".join(f"> {t}" for t in ts)),
    st.tuples(inline, inline).map(lambda p: f"> {p[0]}\n{p[1]}"),
    st.tuples(inline, inline).map(lambda p: f"> - {p[0]}\n>   {p[1]}"),
    inline.map(lambda t: f"    {t}"),
    inline.map(lambda t: f"\t{t}"),
    inline.map(lambda t: f"-\t{t}"),
    inline.map(lambda t: f">\t\t{t}"),
    inline.map(lambda t: f"```\n{t}\n```"),
    inline.map(lambda t: f"~~~ info\n{t}"),
    st.tuples(inline, inline).map(lambda p: f"| {p[0]} | b |\n|---|:-:|\n| {p[1]} | c \\| d |"),
    st.tuples(inline, inline).map(lambda p: f"{p[0]} | h\n--- | ---\n{p[1]}"),
    st.tuples(inline, inline).map(lambda p: f"> {p[0]} | h\n> -|-\n> {p[1]}"),
    st.tuples(inline, inline).map(lambda p: f"- {p[0]} | h\n  :-|-:\n  {p[1]}"),
    st.tuples(inline, inline).map(lambda p: f"{p[0]} | h\n- | -\n{p[1]}"),
    st.tuples(labels, inline).map(lambda p: f"[^{p[0]}]: {p[1]}"),
    st.tuples(labels, inline).map(lambda p: f"[^{p[0]}\u00a0x]: {p[1]}"),
    st.tuples(labels, inline, inline).map(lambda p: f"[^{p[0]}]: {p[1]}\n\n    {p[2]}"),
    st.tuples(labels, inline).map(lambda p: f"> [^{p[0]}]: {p[1]}"),
    urls.map(lambda u: f"[r]: {u}"),
    urls.map(lambda u: f'[r]:\n  <{u}> "t"'),
    urls.map(lambda u: f"> [r\\]x]: {u}"),
    st.just("---"),
    st.just("<div>[[a]]</div>"),
    # Nesting near the cap (`MAX_DEPTH`): past it a mark is text, and check warns there.
    st.tuples(st.integers(8, 12), st.sampled_from([">", "> ", "- ", "1. ", "> - "]), inline).map(
        lambda p: p[1] * p[0] + p[2]
    ),
    st.tuples(st.integers(9, 11), inline, inline).map(
        lambda p: "> " * p[0] + p[1] + "\n" + "> " * (p[0] + 1) + p[2]
    ),
    st.tuples(st.integers(4, 6), labels, inline).map(
        lambda p: f"[^{p[1]}]: " + "- > " * p[0] + p[2]
    ),
    st.tuples(st.integers(7, 11), labels, inline).map(
        lambda p: f"[^{p[1]}]: " + "> " * p[0] + p[2] + f"\n\nSee[^{p[1]}]."
    ),
)
bodies = st.lists(
    st.tuples(block, st.sampled_from(["\n\n", "\n", "\n\n\n", "\n \n"])), min_size=1, max_size=5
).map(lambda bs: "".join(b + sep for b, sep in bs))


def located(body: str) -> list[tuple[str, str, int, int]]:
    """The references as check reports them: kind, target, line and column."""
    return [(r.kind, r.target, *position(body, 1, r.offset)) for r in parser_scan(body)]


def assert_found_where_written(body: str, refs: list[Ref]) -> None:
    """Each reference's offset points at what it is, in the body as written."""
    for ref in refs:
        if ref.kind == RefKind.ENTRY:
            assert body.startswith("[[", ref.offset), (ref, body)
        elif ref.kind == RefKind.CITE:
            assert body.startswith(f"[^{ref.target}]", ref.offset), (ref, body)
        elif ref.kind == RefKind.DEEP:
            assert body[ref.offset] in ">-*+0123456789[", (ref, body)
        elif ref.kind == RefKind.IMAGE:
            assert body.startswith("![", ref.offset), (ref, body)
            if "|" not in ref.target:  # a table cell's `\\|` is read as `|`
                assert body.startswith(f"![{ref.target}]", ref.offset), (ref, body)
        elif "\\" not in ref.target and "&" not in ref.target:
            assert body.startswith(ref.target, ref.offset), (ref, body)


def site_parser_refs(body: str) -> list[tuple[str, str]]:
    """The entry links and citations the site's own parser makes of `body`, when every
    label is a source: what `dossier check` must find (links aside)."""
    page = markdown.PageContext(
        href=lambda id_: None,
        title=lambda id_: id_,
        is_source=lambda label: True,
        citations=markdown.Citations(),
        cite_label=lambda id_: id_,
    )
    found: list[tuple[int, tuple[str, str]]] = []
    for block in markdown.create().parse(body, {"page": page}):
        for token in _walk(block.children or []):
            if token.type == "entry_link":
                found.append((len(found), (RefKind.ENTRY, token.meta["id"])))
            elif token.type == "cite":
                found.append((len(found), (RefKind.CITE, token.meta["source"])))
    return sorted(t for _, t in found)


def _walk(tokens: list) -> list:  # type: ignore[type-arg]
    out = []
    for token in tokens:
        out.append(token)
        if token.type == "image":
            out += _walk(token.children or [])
    return out


def check_body(body: str) -> None:
    parsed = parser_scan(body)
    assert_found_where_written(body, parsed)
    assert markdown.scan(body) == parsed
    fast = fast_scan(body)
    if fast is not None:
        assert fast == parsed, body
    if not re.search(r"javascript|\]\(|\]:|<", body):  # links the site refuses aside
        mine = sorted((r.kind, r.target) for r in parsed if r.kind in (RefKind.ENTRY, RefKind.CITE))
        assert mine == site_parser_refs(body), body


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_scan_finds_what_the_parser_finds(body):
    check_body(body)


plain = st.lists(
    st.one_of(
        st.sampled_from(["word", "two words", "*em*", ":", "|", "!", "(", ")", "x-1.", "&"]),
        ids.map(lambda i: f"[[{i}]]"),
        st.tuples(ids, words).map(lambda p: f"[[{p[0]}|{p[1]}]]"),
        labels.map(lambda label: f"[^{label}]"),
        st.tuples(words, urls).map(lambda p: f"[{p[0]}]({p[1]})"),
        st.tuples(words, urls).map(lambda p: f"![{p[0]}]({p[1]})"),
    ),
    min_size=1,
    max_size=8,
).map(" ".join)
plain_block = st.one_of(
    plain,
    plain.map(lambda t: f"## {t}"),
    st.lists(plain, min_size=1, max_size=3).map(lambda ts: "\n".join(f"- {t}" for t in ts)),
    plain.map(lambda t: f"> {t}"),
    st.tuples(plain, plain).map(lambda p: f"| h | {p[0]} |\n| --- | --- |\n| {p[1]} | x |"),
    st.tuples(plain, plain).map(lambda p: f"> {p[0]} | h\n> -|-\n{p[1]}"),
    st.tuples(plain, plain).map(lambda p: f"- {p[0]}\n  -|-\n  {p[1]}"),
    st.tuples(labels, plain).map(lambda p: f"[^{p[0]}]: {p[1]}"),
    st.tuples(st.integers(8, 11), st.sampled_from(["> ", "- ", "> - "]), plain).map(
        lambda p: p[1] * p[0] + p[2]
    ),
    st.tuples(st.integers(7, 11), labels, st.sampled_from(["> ", ">", "- "]), plain).map(
        lambda p: f"[^{p[1]}]: " + p[2] * p[0] + p[3] + f"\n\nSee[^{p[1]}]."
    ),
)
plain_bodies = st.lists(plain_block, min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=800, deadline=None)
@given(plain_bodies)
def test_the_fast_path_reads_plain_bodies_as_the_parser_does(body):
    """Bodies of the constructs the fast path takes: where it answers, it answers right."""
    check_body(body)


def _bodies() -> list[tuple[str, str]]:
    found = []
    for folder in (ROOT / "content", ROOT / "tests" / "sites"):
        for path in sorted(p for p in folder.rglob("*.md") if p.is_file()):
            text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
            parts = text.split("\n---\n", 1)
            found.append((str(path.relative_to(ROOT)), parts[-1]))
    found += [(f"fixture: {title}", source) for title, source, _ in cases()]
    return found


@pytest.mark.parametrize(("name", "body"), _bodies(), ids=[n for n, _ in _bodies()])
def test_every_fixture_body(name, body):
    check_body(body)


def test_help_page_syntax_is_not_a_reference():
    body = (
        "Cite a source:\n\n    Write [^source-id] or [[entry-id]]\n\n"
        "Or in a sentence: \\[^x] and \\[[y]], `[[z]]`, &#91;[w]].\n"
    )
    assert markdown.scan(body) == []


def test_check_ignores_syntax_shown_literally_and_the_page_shows_it(make_dossier: MakeDossier):
    from dossier.pipeline import build, check

    root = make_dossier(
        {
            "content/pages/help.md": """\
            ---
            title: Help
            ---
            To cite a source or name an entry:

                Write [^source-id] or [[entry-id]]

            In a sentence: \\[^x] and \\[[y]].
            """
        }
    )
    assert lines(check(root)) == []
    build(root, root / "out")
    page = (root / "out" / "pages" / "help.html").read_text(encoding="utf-8")
    assert "<code>Write [^source-id] or [[entry-id]]\n</code>" in page
    assert "In a sentence: [^x] and [[y]].</p>" in page


def test_a_citation_label_is_what_the_cite_rule_matches():
    assert CITE.fullmatch("[^a-b]") and not CITE.fullmatch("[^a b]")
    assert not CITE.fullmatch("[^a[b]")
    assert [m[0] for m in CITE.finditer("[^a[^b]")] == ["[^b]"]


def test_check_finds_nesting_past_the_cap_where_its_first_mark_is():
    body = "Intro.\n\n" + "> " * 12 + "deep [[a]]\n"
    assert fast_scan(body) is None
    assert markdown.scan(body) == [
        Ref(RefKind.DEEP, "", len("Intro.\n\n") + 2 * markdown.MAX_DEPTH),
        Ref(RefKind.ENTRY, "a", body.index("[[a]]")),
    ]
    in_note = "[^n]: " + "> " * 10 + "deep\n\nSee[^n].\n"  # a footnote is a level too
    assert fast_scan(in_note) is None
    assert markdown.scan(in_note) == [Ref(RefKind.DEEP, "", in_note.index("> deep"))]
    assert markdown.scan("> " * markdown.MAX_DEPTH + "ten is fine [[a]]") == [
        Ref(RefKind.ENTRY, "a", 2 * markdown.MAX_DEPTH + len("ten is fine "))
    ]


def test_the_fast_path_reads_each_table_once():
    """Delimiter-like lines with no blank line between them: the parser decides."""
    assert fast_scan("[[a|b]]\n" + "x\n-\n" * 3) is None
    assert fast_scan("[[a]]\n\n" + "a|b\n-|-\nc|d\n\n" * 3) == [Ref(RefKind.ENTRY, "a", 0)]
