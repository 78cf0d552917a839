"""No content, however malformed, ends in a traceback: `check` and `export` always return.

Hypothesis writes random files into a dossier: arbitrary text and bytes, YAML built from
the schema's own keys with random values (so the generated data reaches validation,
linking and the claims), and Markdown made of our syntax's fragments.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.export import to_json
from dossier.model import SCHEMAS, Claim
from dossier.pipeline import build, check

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


def _check_files(config: bytes, files: list[tuple[str, bytes]]) -> None:
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
        if not dossier.report.errors:
            to_json(dossier)
            build(root, root / "site")


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
