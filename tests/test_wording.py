"""What a reader reads: dates at their precision, values, labels."""

from __future__ import annotations

import random

import pycountry
import pytest

from dossier.values import parse_date, parse_value
from dossier.wording import date_text, iso_639_name, label, language, value_text


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


def test_a_languages_english_name_is_pycountrys():
    """The record read out of the table alone names each language as pycountry does:
    every two-letter code, a sample of three-letter ones, and codes it does not know."""
    table = list(pycountry.languages)
    codes = [lang.alpha_2 for lang in table if hasattr(lang, "alpha_2")]
    codes += [lang.alpha_3 for lang in random.Random(1).sample(table, 150)]
    codes += ["TR", "Ar", "xx", "zzz", 'e"n', "e.", ""]
    for code in codes:
        found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
        found = found or pycountry.languages.get(alpha_3=code)
        assert iso_639_name(code) == (found.name if found else None), code
    assert language("tr-Latn") == {"code": "tr-Latn", "name": "Turkish"}
    assert language("kmr") == {"code": "kmr", "name": "Northern Kurdish"}
    assert language("xq") == {"code": "xq", "name": "xq"}
