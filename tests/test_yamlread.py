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


def test_marks_survive_a_trip_to_another_process():
    import pickle

    _, marks = parse("a:\n  b: 1\n", "f.yml", Report())
    copy = pickle.loads(pickle.dumps(marks))
    assert copy.value(("a", "b")) == marks.value(("a", "b")) == ("f.yml", 2, 6)


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
