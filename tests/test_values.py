"""Values and dates: parsing at their precision, and how two values compare (SPEC 3)."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.values import Precision, Relation, ValueKind, compare, parse_date, parse_value


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
        ("  ", "a claim's value cannot be empty"),
        (None, "a claim needs a value, got nothing"),
        ([1, "x"], "a range is two numbers or two dates"),
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
