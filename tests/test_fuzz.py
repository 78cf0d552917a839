"""No content, however malformed, ends in a traceback: `check` and `export` always return,
and every diagnostic they give is one the editor can act on.

Hypothesis writes random files into a dossier: arbitrary text and bytes, YAML built from
the schema's own keys with random values (so the generated data reaches validation,
linking and the claims), and Markdown made of our syntax's fragments. Each diagnostic must
name a file of the dossier, a line and column inside it, a known code and a one-line
message, and the report must be printed sorted by path, line and column (SPEC 5).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier import diagnostics
from dossier.chars import FORBIDDEN
from dossier.check import Dossier
from dossier.diagnostics import format_github, format_json, format_text
from dossier.export import to_json
from dossier.model import SCHEMAS, Claim
from dossier.pipeline import build, check


def _documented_codes() -> frozenset[str]:
    """The codes of the tables in docs/format.md: every diagnostic the docs promise."""
    docs = Path(__file__).parent.parent / "docs" / "format.md"
    return frozenset(re.findall(r"^\| `([a-z]+(?:-[a-z]+)*)` \|", docs.read_text("utf-8"), re.M))


# The registry, once `dossier.diagnostics` has one; until then what the docs list.
CODES = frozenset(getattr(diagnostics, "CODES", ())) or _documented_codes()


def _lines(file: Path) -> list[str]:
    """The file's lines as an editor counts them, in characters (what `load` reads); the
    last is what follows the last newline, empty when the file ends with one."""
    text = file.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def assert_diagnostics_are_actionable(root: Path, dossier: Dossier) -> None:
    """Every diagnostic, as `dossier check --format json` prints it, points into a file of
    the dossier with a known code and severity; the report is sorted by path, line, column."""
    printed = json.loads(format_json(dossier.report.sorted()))
    for d in printed:
        where = f"{d['path']}:{d['line']}:{d['column']} [{d['code']}] {d['message']!r}"
        assert d["code"] in CODES, where
        assert d["severity"] in ("error", "warning"), where
        assert d["message"], where
        file = root / d["path"]
        if not file.is_file():
            # A folder's problem is at the folder, and a missing content/ at where it belongs.
            assert file.is_dir() or d["code"] == "no-content", where
            assert (d["line"], d["column"]) == (1, 1), where
            continue
        lines = _lines(file)
        if d["line"] == len(lines) + 1:  # the end of a file with no final newline
            assert d["column"] == 1, where
        else:
            assert 1 <= d["line"] <= len(lines), where
            assert 1 <= d["column"] <= len(lines[d["line"] - 1]) + 1, where
    places = [(d["path"], d["line"], d["column"]) for d in printed]
    assert places == sorted(places)


LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}
"""What `str.splitlines` breaks a line at: a terminal or an editor may too."""


def assert_diagnostics_are_one_line(dossier: Dossier) -> None:
    """Each diagnostic prints as one line in every format, whatever its file's name or
    content holds, and no printed form carries a raw control (SPEC 5).

    The diagnostic itself keeps the raw path, so that the JSON names a real file
    (`assert_diagnostics_are_actionable`); the formats escape what they print."""
    diagnostics = dossier.report.sorted()
    for printed in (format_text(diagnostics), format_github(diagnostics)):
        assert printed.count("\n") == len(diagnostics)
        for line in printed.splitlines():
            assert not set(line) & LINE_BREAKS, line
            assert FORBIDDEN.search(line) is None, line
    printed = format_json(diagnostics)
    assert printed.isascii()
    rows = json.loads(printed)
    assert [row["path"] for row in rows] == [d.path for d in diagnostics]
    for row in rows:
        assert not set(row["message"]) & LINE_BREAKS, row
        assert FORBIDDEN.search(row["message"]) is None, row


KEYS = sorted(
    {k for schema in SCHEMAS.values() for k in schema.model_fields}
    | set(Claim.model_fields)
    | {"min", "max", "actor", "role", "preferred", "name"}
)
IDS = ["a", "b", "al-bab", "s1", "s2", "x-y"]
FOLDERS = ["incidents", "actors", "sources", "places", "pages"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from([10**400, -(10**400), 2015, 2015.0, 1e308]),  # past a float; years
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([*IDS, "2015", "2015-11", "2015-11-24", "2017-02-09T08:40:00+03:00", "no"]),
    st.text(max_size=12),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=6),
    ),
    max_leaves=25,
)
fragments = st.sampled_from(
    [
        "[[",
        "]]",
        "|",
        "[^",
        "]",
        "]:",
        "`",
        "```",
        "\n",
        " ",
        "(",
        ")",
        "<",
        ">",
        *IDS,
        "javascript:",
        "&#x202e;",
        "&#27;",
        "&#x200d;",
        "&#",
        ";",
    ]
)
bodies = st.lists(fragments | st.text(max_size=4), max_size=40).map("".join)


@st.composite
def entry_files(draw: st.DrawFn) -> tuple[str, bytes]:
    folder = draw(st.sampled_from(FOLDERS))
    stem = draw(st.sampled_from(IDS) | st.text(min_size=1, max_size=6))
    suffix = draw(st.sampled_from([".md", ".yml", ".yaml", ""]))
    kind = draw(st.sampled_from(["structured", "text", "bytes"]))
    if kind == "bytes":
        return f"{folder}/{stem}{suffix}", draw(st.binary(max_size=200))
    if kind == "text":
        return f"{folder}/{stem}{suffix}", draw(st.text(max_size=300)).encode("utf-8", "replace")
    front = yaml.safe_dump(draw(documents), allow_unicode=True)
    text = f"---\n{front}---\n{draw(bodies)}" if suffix == ".md" else front
    return f"{folder}/{stem}{suffix}", text.encode("utf-8", "replace")


def _check_files(config: bytes, files: list[tuple[str, bytes]]) -> Dossier:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "dossier.yml").write_bytes(config)
        for rel, content in files:
            path = root / "content" / rel
            if "\x00" in rel or "/" in rel.split("/", 1)[1] or rel.endswith("/"):
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            except OSError:
                continue  # a name the file system refuses is not content
        dossier = check(root)
        assert_diagnostics_are_actionable(root, dossier)
        if not dossier.report.errors:
            to_json(dossier)
            build(root, root / "site")
            assert_no_forbidden_character_is_published(root / "site")
    return dossier


BINARY = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".tif", ".tiff", ".pdf", ".sqlite", ".ico"}
"""Files of a site that are not text: anything else is read as UTF-8."""


def assert_no_forbidden_character_is_published(site: Path) -> None:
    """No page or file of a built site holds a character content may not hold (SPEC 2),
    however it was written: raw, as a YAML escape, or as a Markdown character reference."""
    for file in site.rglob("*"):
        if file.is_file() and file.suffix.lower() not in BINARY:
            text = file.read_bytes().decode("utf-8")
            found = FORBIDDEN.search(text)
            assert found is None, f"{file.relative_to(site)}: {found}"


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(entry_files(), max_size=6))
def test_random_entries_never_raise(files):
    _check_files(b"title: Fuzz\n", files)


@FUZZ
@given(documents.map(lambda d: yaml.safe_dump(d).encode()) | st.binary(max_size=100))
def test_random_config_never_raises(config):
    _check_files(config, [("sources/s1.yml", b"title: S\n")])


@FUZZ
@given(st.lists(fragments | st.text(max_size=3), max_size=60).map("".join))
def test_random_yaml_text_never_raises(text):
    _check_files(b"title: Fuzz\n", [("incidents/a.md", f"---\n{text}\n---\nbody\n".encode())])


ids = st.sampled_from(IDS)
claims = st.fixed_dictionaries(
    {"about": st.sampled_from(["killed", "date", "x"]), "value": documents},
    optional={"sources": st.lists(ids, max_size=3), "subject": ids, "attributed_to": ids},
)
plausible = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=8)},
    optional={
        "place": ids,
        "part_of": ids,
        "via": st.lists(ids, max_size=3),
        "related": st.lists(ids, max_size=3),
        "actors": st.lists(st.fixed_dictionaries({"actor": ids}), max_size=2),
        "claims": st.lists(claims, max_size=4),
        "assessments": st.lists(
            st.fixed_dictionaries(
                {"about": st.sampled_from(["killed", "x"]), "note": st.just("n")}
            ),
            max_size=2,
        ),
        "date": scalars,
        "published": scalars,
        "accessed": scalars,
    },
)


@st.composite
def plausible_files(draw: st.DrawFn) -> tuple[str, bytes]:
    folder = draw(st.sampled_from(FOLDERS))
    data = draw(plausible)
    front = yaml.safe_dump(data, allow_unicode=True)
    return f"{folder}/{draw(ids)}.md", f"---\n{front}---\n{draw(bodies)}".encode()


@FUZZ
@given(st.lists(plausible_files(), max_size=6))
def test_plausible_dossiers_never_raise(files):
    _check_files(b"title: Fuzz\n", files)


@FUZZ
@example([("incidents/a\nb.md", b"---\ntitle: T\n---\n")])
@example([("incidents/a\x1b[2J\u202e.md", b"---\ntitle: T\n---\n")])
@example([("incidents/a.md", b'---\ntitle: T\n"x\\ny": 1\n---\n')])
@example([("incidents/a.md", b'---\ntitle: T\ndate: "x\\ny\\e[2J\\u202e"\n---\n')])
@given(st.lists(entry_files(), max_size=6))
def test_every_diagnostic_prints_on_one_line(files):
    assert_diagnostics_are_one_line(_check_files(b"title: Fuzz\n", files))


def test_a_bad_byte_after_a_lone_cr_is_on_the_next_line():
    dossier = _check_files(b"title: T\r\x80\n", [("sources/s1.yml", b"title: S\n")])
    [bad] = [d for d in dossier.report.sorted() if d.code == "encoding"]
    assert (bad.line, bad.column) == (2, 1)
