"""What a reader reads: dates at their precision, values, labels."""

from __future__ import annotations

import pytest

from dossier.values import parse_date, parse_value
from dossier.wording import date_text, label, value_text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("2015", "2015"),
        ("2015-11", "November 2015"),
        ("2015-11-24", "24 November 2015"),
        ("2017-02-09T08:40:00+03:00", "9 February 2017, 08:40 UTC+03:00"),
        ("2017-02-09T05:40:00Z", "9 February 2017, 05:40 UTC"),
    ],
)
def test_dates_are_shown_at_their_precision(raw, text):
    assert date_text(parse_date(raw)) == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ([10, 11], "10–11"),
        ({"min": 3}, "at least 3"),
        ({"max": 5}, "at most 5"),
        ("2015-11", "November 2015"),
        (["2015-11", "2016"], "November 2015–2016"),
        (False, "no"),
        (True, "yes"),
    ],
)
def test_values_are_worded(raw, text):
    assert value_text(parse_value(raw)) == text


def test_labels_from_slugs():
    assert label("killed") == "Killed"
    assert label("shoot-down-date") == "Shoot down date"


def test_date_values_are_worded_from_their_parsed_dates():
    value = parse_value([2015, "2016-02"])
    assert value.dates == (parse_date(2015), parse_date("2016-02"))
    assert value_text(value) == "2015–February 2016"
    assert value_text(parse_value(2015).as_date()) == "2015"
