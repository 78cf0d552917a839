"""Values and dates: parsing at their precision, and how two values compare (SPEC 3)."""

from __future__ import annotations

import calendar
import json
import math
from datetime import date

import pytest
from conftest import run_dossier
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from dossier.claims import classify
from dossier.values import (
    Precision,
    Relation,
    ValueKind,
    compare,
    describe,
    parse_date,
    parse_value,
)
from dossier.wording import value_text


@pytest.mark.parametrize(
    ("raw", "precision", "first", "last"),
    [
        (2015, Precision.YEAR, date(2015, 1, 1), date(2015, 12, 31)),
        ("2015", Precision.YEAR, date(2015, 1, 1), date(2015, 12, 31)),
        ("2016-02", Precision.MONTH, date(2016, 2, 1), date(2016, 2, 29)),
        ("2015-12", Precision.MONTH, date(2015, 12, 1), date(2015, 12, 31)),
        ("2015-11-24", Precision.DAY, date(2015, 11, 24), date(2015, 11, 24)),
        ("2017-02-09T08:40:00+03:00", Precision.TIME, date(2017, 2, 9), date(2017, 2, 9)),
        ("2017-02-09T05:40:00Z", Precision.TIME, date(2017, 2, 9), date(2017, 2, 9)),
    ],
)
def test_dates_cover_the_days_their_precision_allows(raw, precision, first, last):
    parsed = parse_date(raw)
    assert (parsed.precision, parsed.first, parsed.last) == (precision, first, last)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2017-02-30", "'2017-02-30' is not a real date"),
        ("2017-13", "'2017-13' is not a real date"),
        ("2017-02-09T08:40:00", "date-time '2017-02-09T08:40:00' needs a UTC offset"),
        ("Thursday", "expected a date as YYYY, YYYY-MM, YYYY-MM-DD"),
        (True, "expected a date such as 2017-02-09, got the boolean true"),
    ],
)
def test_bad_dates_say_why(raw, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "kind", "low", "high"),
    [
        (3, ValueKind.NUMBER, 3, 3),
        (2.5, ValueKind.NUMBER, 2.5, 2.5),
        ([10, 11], ValueKind.NUMBER, 10, 11),
        ({"min": 3}, ValueKind.NUMBER, 3, None),
        ({"max": 5}, ValueKind.NUMBER, None, 5),
        ({"min": 3, "max": 5}, ValueKind.NUMBER, 3, 5),
        ("2015-11", ValueKind.DATE, date(2015, 11, 1).toordinal(), date(2015, 11, 30).toordinal()),
        (
            ["2015", "2016"],
            ValueKind.DATE,
            date(2015, 1, 1).toordinal(),
            date(2016, 12, 31).toordinal(),
        ),
    ],
)
def test_values_are_intervals(raw, kind, low, high):
    value = parse_value(raw)
    assert (value.kind, value.low, value.high, value.written) == (kind, low, high, raw)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([5, 3], r"range \[5, 3\] runs backwards; write \[3, 5\]"),
        ([1, 2, 3], "a range is .min, max., two values; got 3"),
        ({"min": 5, "max": 3}, "min 5 is greater than max 3"),
        ({"least": 3}, "an open range is"),
        (float("nan"), "nan is not a finite number"),
        (float("inf"), "inf is not a finite number"),
        (10**400, "the number is too large to be a count or a measure"),
        ({"min": -(10**400)}, "the number is too large"),
        ("  ", "a claim's value cannot be empty"),
        (None, "a claim needs a value, got nothing"),
        ([1, "x"], "the second end of the range is 'x'; the ends of a range are numbers or dates"),
        ([1, "2015-11"], "a range is two numbers or two dates"),
        ([[1, 2], 3], "the first end of the range is a list; the ends of a range are numbers"),
        ([{"max": 1}, 5], "the first end of the range is a mapping; the ends"),
        ([1, {"min": 1}], "the second end of the range is a mapping"),
        ([True, 5], "the first end of the range is the boolean true"),
        ([None, 5], "the first end of the range is nothing"),
        ([1, 10**400], "the second end of the range: the number is too large"),
        ([10**300, 1], r"range \[\(a number of 301 digits\), 1\] runs backwards"),
        (["", 1], "the first end of the range: a claim's value cannot be empty"),
        (["2015-13", 1], "the first end of the range: '2015-13' is not a real date"),
    ],
)
def test_bad_values_say_why(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_value(raw)


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        (3, 3, Relation.SAME),
        (3, 5, Relation.CONFLICT),
        (11, [10, 11], Relation.OVERLAP),
        ([10, 11], [12, 14], Relation.CONFLICT),
        ([10, 12], [12, 14], Relation.OVERLAP),
        ({"min": 3}, 5, Relation.OVERLAP),
        ({"min": 6}, 5, Relation.CONFLICT),
        ({"max": 5}, {"min": 6}, Relation.CONFLICT),
        ({"min": 3}, {"min": 3}, Relation.SAME),
        ("2015", "2016", Relation.CONFLICT),
        (2015, "2016", Relation.CONFLICT),  # a bare year against a date is a year
        (2015, "2015-11-24", Relation.OVERLAP),  # same year, finer precision
        ("2015-11", "2015-11-24", Relation.OVERLAP),
        ("2015-11-24", "2015-11-25", Relation.CONFLICT),
        (True, True, Relation.SAME),
        (True, False, Relation.CONFLICT),
        ("Lack of  Coordination", "lack of coordination", Relation.SAME),
        ("lack of coordination", "pilot error", Relation.CONFLICT),
        (3, "several", Relation.OVERLAP),  # cannot be weighed by rule: a discrepancy
    ],
)
def test_compare_follows_the_spec(a, b, relation):
    assert compare(parse_value(a), parse_value(b)) is relation
    assert compare(parse_value(b), parse_value(a)) is relation


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (3, "3"),
        ([10, 11], "10–11"),
        ({"min": 3}, "at least 3"),
        (True, "true"),
        ("2015-11", "2015-11"),
    ],
)
def test_values_read_as_a_reader_expects(raw, text):
    assert str(parse_value(raw)) == text


def test_a_value_keeps_its_parsed_dates():
    assert parse_value("2015-11").dates == (parse_date("2015-11"),)
    assert parse_value([2015, "2016-02"]).dates == (parse_date(2015), parse_date("2016-02"))
    assert parse_value(2015).as_date().dates == (parse_date("2015"),)
    assert parse_value(3).dates == parse_value("three").dates == ()


@pytest.mark.parametrize(
    "forms",
    [
        [3, 3.0, [3, 3], [3.0, 3], {"min": 3, "max": 3}],
        [2015, 2015.0, "2015", [2015, 2015], ["2015", "2015"], [2015, "2015"]],
        [2015, ["2015-01", "2015-12"], ["2015-01-01", "2015-12-31"]],
        ["2015-11", ["2015-11-01", "2015-11-30"]],
        [{"min": 3}, {"min": 3.0}],
        [True, True],
        ["Lack of  Coordination", " lack of coordination\n", "LACK OF COORDINATION"],
        [0, 0.0, -0.0],
    ],
)
def test_forms_of_one_value_share_one_key(forms):
    values = [parse_value(f) for f in forms]
    assert len({v.key for v in values}) == 1
    assert all(compare(a, b) is Relation.SAME for a in values for b in values)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (3, [3, 4]),
        (3, {"min": 3}),
        ({"min": 3}, {"max": 3}),
        (True, "true"),
        (1, True),
        ("2015", "2015-01"),
        (2015, [2015, 2016]),  # a range of numbers is not read as years
        (999, "0999"),
        (3, "3"),  # the text "3" is text
    ],
)
def test_values_that_differ_have_different_keys(a, b):
    assert parse_value(a).key != parse_value(b).key
    assert compare(parse_value(a), parse_value(b)) is not Relation.SAME


# A property test: the forms values take, drawn from small pools so that the same value
# often comes up written in different ways.
_numbers = st.sampled_from([0, 3, 5, 10, 11, 999, 1000, 2014, 2015, 2016, 9999, 10000])
_number = st.one_of(
    _numbers,
    _numbers.map(float),
    _numbers.map(lambda n: -n),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
)
_dates = st.one_of(
    st.sampled_from(["2014", "2015", "2016"]),
    st.sampled_from(["2015-01", "2015-11", "2015-12", "2016-01"]),
    st.sampled_from(["2015-01-01", "2015-11-24", "2015-11-30", "2015-12-31", "2016-01-01"]),
)
_year_numbers = st.sampled_from([2014, 2015, 2016, 2015.0])
_words = st.sampled_from(["pilot error", "Pilot  Error", " PILOT error ", "lack of coordination"])
_raw = st.one_of(
    _number,
    _dates,
    _year_numbers,
    st.booleans(),
    _words,
    st.lists(_number, min_size=2, max_size=2).map(sorted),
    st.lists(_dates | _year_numbers, min_size=2, max_size=2),
    st.builds(lambda n: [n, n], _number | _year_numbers),
    st.fixed_dictionaries({}, optional={"min": _number, "max": _number}).filter(bool),
)


def _value(raw):
    try:
        return parse_value(raw)
    except ValueError:  # a range that runs backwards, a range of a date and a number
        assume(False)


@settings(max_examples=2000, deadline=None)
@given(_raw, _raw)
def test_equal_keys_are_exactly_the_same_values(a, b):
    va, vb = _value(a), _value(b)
    relation = compare(va, vb)
    assert compare(vb, va) is relation
    assert (va.key == vb.key) is (relation is Relation.SAME)
    if va.key == vb.key:
        assert hash(va.key) == hash(vb.key)
    assert (classify([va, vb]) is None) is (relation is Relation.SAME)


@pytest.mark.parametrize(
    ("raw", "first", "last"),
    [
        ("9999", date(9999, 1, 1), date(9999, 12, 31)),
        ("9999-12", date(9999, 12, 1), date(9999, 12, 31)),
        ("9999-12-31", date(9999, 12, 31), date(9999, 12, 31)),
        ("0001-01", date(1, 1, 1), date(1, 1, 31)),
        ("9999-12-31T23:59:59-12:00", date(9999, 12, 31), date(9999, 12, 31)),
        ("0001-01-01T00:00:00+14:00", date(1, 1, 1), date(1, 1, 1)),
    ],
)
def test_the_first_and_last_years_a_date_can_hold_are_read(raw, first, last):
    parsed = parse_date(raw)
    assert (parsed.first, parsed.last) == (first, last)
    if "T" not in raw:  # a claim's date has no time; as a range's both ends
        assert parse_value([raw, raw]).key == parse_value(raw).key


@settings(max_examples=1000, deadline=None)
@given(st.integers(1, 9999), st.integers(1, 12))
def test_every_real_month_spans_its_own_days(year, month):
    parsed = parse_date(f"{year:04d}-{month:02d}")
    assert parsed.first == date(year, month, 1)
    assert parsed.last == date(year, month, calendar.monthrange(year, month)[1])
    value = parse_value(f"{year:04d}-{month:02d}")
    assert (value.low, value.high) == (parsed.first.toordinal(), parsed.last.toordinal())


def test_a_long_whole_number_is_described_by_its_length():
    assert describe(10**400) == "a number of 401 digits"
    assert describe(-(10**30)) == "a negative number of 31 digits"
    assert describe(10**20) == "the number 100000000000000000000"


# Any value YAML can give, hostile ones included: deep lists and mappings, whole numbers
# past a float's range, every year and month, the edges of a float.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400).map(lambda n: n * (-1) ** (n % 2)),
    st.floats(),
    st.sampled_from([1e308, -1e308, 5e-324, 0.0, -0.0, 9999, 10000, 999]),
    st.builds("{:04d}-{:02d}".format, st.integers(0, 10000), st.integers(0, 13)),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format, st.integers(0, 10000), st.integers(0, 13), st.integers(0, 32)
    ),
    st.text(max_size=5),
)
_anything = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["min", "max", "x"]) | st.text(max_size=2), inner, max_size=3
        )
    ),
    max_leaves=8,
)


@settings(max_examples=1000, deadline=None)
@given(_anything, _anything)
@example(None, ["0\n", None])  # a line break in a described text (found by hypothesis)
def test_any_value_is_read_or_refused_in_words(a, b):
    values = []
    for raw in (a, b):
        try:
            values.append(parse_value(raw))
        except ValueError as exc:
            message = str(exc)
            assert message and "\n" not in message and len(message) < 400
            assert "Assertion" not in message
    for value in values:
        assert value_text(value) and str(value)
        hash(value.key)
        if value.kind is ValueKind.NUMBER:
            assert all(math.isfinite(n) for n in (value.low, value.high) if n is not None)
    if len(values) == 2:
        relation = compare(*values)
        assert (values[0].key == values[1].key) is (relation is Relation.SAME)


def test_dates_at_both_ends_of_the_calendar_build_and_export(make_dossier, tmp_path):
    root = make_dossier(
        {
            "content/sources/s.yml": "title: S\npublished: 9999-12-31T23:59:59-12:00\n"
            "accessed: 9999-12-31\nclaims:\n  - {about: when, value: '9999-12'}\n"
            "  - {about: when, value: '0001-01'}\n",
            "content/incidents/a.md": "---\ntitle: A\ndate: 0001-01-01T00:00:00+14:00\n"
            "end_date: 9999-12-31T23:59:59-12:00\n"
            "claims: [{about: d, value: ['0001-01', '9999-12'], sources: [s]}]\n---\n[^s]\n",
            "content/incidents/b.md": "---\ntitle: B\ndate: 9999-12\n---\n[^s]\n",
        }
    )
    built = run_dossier("build", str(root), "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stdout + built.stderr
    assert "December 9999" in (tmp_path / "site" / "incidents" / "b.html").read_text("utf-8")
    exported = run_dossier("export", str(root))
    assert exported.returncode == 0, exported.stderr
    values = [c["value"] for c in json.loads(exported.stdout)["claims"]]
    assert ["0001-01", "9999-12"] in values and "9999-12" in values
