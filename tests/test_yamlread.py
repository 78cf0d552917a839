"""Safe YAML with positions: plain values, YAML 1.1 scalars, marks found when asked."""

from __future__ import annotations

import pytest

from dossier.diagnostics import Report
from dossier.yamlread import MAX_DEPTH, parse


def test_plain_values_and_yaml_1_1_scalars():
    report = Report()
    data, _ = parse("a: no\nb: 8:40\nc: 2017-02-09\nd: '2017'\ne: 0x1F\nf: ~\n", "f.yml", report)
    # `no` is false and `8:40` is 520 in YAML 1.1; dates stay text for the model to read
    assert data == {"a": False, "b": 520, "c": "2017-02-09", "d": "2017", "e": 31, "f": None}
    assert report.diagnostics == []


def test_marks_count_lines_from_the_top_of_the_file():
    report = Report()
    _, marks = parse("title: x\nclaims:\n  - about: killed\n    value: 3\n", "f.md", report, 2)
    assert marks.value(("claims", 0, "value")) == ("f.md", 5, 12)
    assert marks.key(("claims", 0, "value")) == ("f.md", 5, 5)
    assert marks.value(("claims", 0, "missing")) == ("f.md", 4, 5)  # its nearest parent


@pytest.mark.parametrize(
    "text",
    [
        "title: x\nclaims:\n  - about: killed\n    value: 3\n  -   about: injured\n",
        "claims: [{about: a, value: 1}, {about: b, value: 2},\n  {about: c}]\n",
        "claims:\n- about: a\n\n- about: b\nnote: claims\n",
        "claims: []\n",
        "claims: none\n",
        "other:\n  claims:\n    - about: a\n",
    ],
)
def test_a_claims_place_noted_while_reading_is_where_the_positions_put_it(text):
    import pickle

    _, worked_out = parse(text, "f.md", Report(), 2)
    worked_out.value(("title",))  # works every position out
    for i in range(-1, 5):  # a fresh document each time: any other path works them out too
        _, noted = parse(text, "f.md", Report(), 2)
        shipped = pickle.loads(pickle.dumps(noted))
        assert noted.value(("claims", i)) == worked_out.value(("claims", i)), i
        assert shipped.value(("claims", i)) == worked_out.value(("claims", i)), i


def test_marks_survive_a_trip_to_another_process():
    import pickle

    _, marks = parse("a:\n  b: 1\n", "f.yml", Report())
    copy = pickle.loads(pickle.dumps(marks))
    assert copy.value(("a", "b")) == marks.value(("a", "b")) == ("f.yml", 2, 6)
    assert copy.text == marks.text == "a:\n  b: 1\n"
    assert copy.packed == marks.packed and len(pickle.dumps(marks)) < 200


def test_keys_and_short_values_are_one_string_however_often_written():
    """A dossier writes the same keys and words thousands of times: each is kept once."""
    long = "x" * 65
    first, _ = parse(f"weapon: airstrike\nnote: {long}\n", "a.yml", Report())
    second, _ = parse(f"weapon: airstrike\nnote: {long}\n", "b.yml", Report())
    assert first == second
    (key, value), (other_key, other_value) = next(iter(first.items())), next(iter(second.items()))
    assert key is other_key and value is other_value
    assert first["note"] is not second["note"]  # prose is not worth the look-up


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
            "nested deeper than 64 levels",
        ),
        ("- " * 100 + "x\n", "nested deeper than 64 levels"),
        ("a: &x [1]\nb: *x\n", "YAML anchor '&x' is not allowed"),
        ("a: !!binary aGk=\n", "YAML tag '!!binary' is not allowed"),
        ("? [a, b]\n: c\n", "a key must be plain text"),
        ("a: " + "9" * 5000 + "\n", "is not a valid int"),
    ],
)
def test_refused_documents_say_why(text, line):
    report = Report()
    assert parse(text, "f.yml", report) is None
    assert len(report.diagnostics) == 1
    assert line in report.diagnostics[0].message


def test_a_very_deep_document_does_not_crash_the_parser():
    report = Report()
    assert parse("a: " + "[" * 200_000, "f.yml", report) is None
    assert report.errors == 1


@pytest.mark.parametrize(
    ("escape", "name"),
    [
        ("\\0", "control character U+0000"),
        ("\\x1b", "control character U+001B"),
        ("\\e", "control character U+001B"),
        ("\\x7f", "control character U+007F"),
        ("\\x9b", "control character U+009B"),  # the one-byte CSI of a terminal
        ("\\N", "control character U+0085"),  # NEL
        ("\\r", "control character U+000D"),
        ("\\L", "line separator U+2028"),
        ("\\P", "line separator U+2029"),
        ("\\u202e", "bidirectional control U+202E"),
        ("\\u2066", "bidirectional control U+2066"),
        ("\\U00002069", "bidirectional control U+2069"),
    ],
)
def test_an_escape_that_makes_a_forbidden_character_is_refused_at_its_value(escape, name):
    text = f'title: ok\nclaims:\n  - about: x\n    value: [1, "a{escape}b"]\n'
    report = Report()
    assert parse(text, "f.md", report, 2) is None
    [d] = report.diagnostics
    assert (d.code, d.line, d.column) == ("control-char", 5, 16)
    assert d.message == (
        f"claims[0].value[1]: the value holds {name}, written as an escape in quotes; "
        "delete the escape"
    )


def test_every_forbidden_key_and_value_is_reported_at_its_node():
    text = 'a: "\\u202e"\n"b\\x1b": 1\nc:\n  "d\\0": [ok, "\\N"]\n'
    report = Report()
    assert parse(text, "f.yml", report) is None
    assert [(d.line, d.column, d.message.split(" holds")[0]) for d in report.diagnostics] == [
        (1, 4, "a: the value"),
        (2, 1, "the key 'b\x1b'"),
        (4, 3, "c: the key 'd\x00'"),
        (4, 15, "c.d\x00[1]: the value"),
    ]


@pytest.mark.parametrize(
    "value",
    [
        '"tab\\there and a\\nnewline"',
        '"\\U0001F468\\u200D\\U0001F469\\u200D\\U0001F467"',  # joined by ZWJ
        '"\\u0645\\u06cc\\u200c\\u062e"',  # a non-joiner
        '"\\u2764\\uFE0F \\U0001F44D\\U0001F3FD \\U0001F1F9\\U0001F1F7"',
        '"\\u200f\\u200e"',  # RLM and LRM are marks, not embeddings
        "|\n  a block\n  of lines\n",
    ],
)
def test_joiners_emoji_tabs_and_newlines_are_text(value):
    report = Report()
    assert parse(f"a: {value}\n", "f.yml", report) is not None
    assert report.diagnostics == []


@pytest.mark.parametrize(
    "number",
    ["0x" + "f" * 4000, "0" + "7" * 5000, "0b" + "1" * 15000, "1" + ":59" * 3000],
)
def test_a_whole_number_too_long_to_write_out_is_refused_in_any_base(number):
    report = Report()
    assert parse(f"a: {number}\n", "f.yml", report) is None
    [d] = report.diagnostics
    assert (d.code, d.line, d.column) == ("yaml-syntax", 1, 4)
    assert d.message.endswith("...' is too long a number")
    assert len(d.message) < 80
