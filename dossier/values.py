"""Dates at their precision and the values a claim can hold, and how two values compare.

Every value is an interval on its own axis, which is what makes "cannot both be true" a
question of intersection:

- a number is [n, n], a range [min, max] is itself, an open range leaves one end open;
- a date is the span of days its precision covers: `2015` is all of 2015, `2015-11-24` one day;
- a boolean and a string are points on their own axes.

A whole number between 1000 and 9999 compared with a date is read as a year, so that
`2015` from one source and `2015-11-24` from another compare as dates.

Whether two values say the same is decided in one place, `Value.key`: `compare` answers
`SAME` exactly when the keys are equal, and whatever groups values (the key figures, the
contradictions) groups by the key, so the two can never disagree.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .chars import one_line

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]")


class Precision(StrEnum):
    """How finely a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    TIME = "time"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month, the day, or a moment with its UTC offset."""

    text: str
    """As written, normalised: `2015`, `2015-11`, `2015-11-24`, or ISO 8601 with offset."""
    precision: Precision
    """How finely it is known: year, month, day, or a moment (time)."""
    first: date
    """The first day the date can mean."""
    last: date
    """The last day the date can mean."""
    moment: datetime | None = None
    """The date-time itself, for `Precision.TIME`."""

    def __str__(self) -> str:
        return self.text


def _english_bound(key: str, text: str) -> str:
    return f"{'at least' if key == 'min' else 'at most'} {text}"


def written_text(
    written: object,
    number: Callable[[int | float], str] = str,
    bound: Callable[[str, str], str] = _english_bound,
) -> str:
    """A value as written, in words: a range `10–11`, bounds `at least 3 – at most 5`, each
    number through `number` and each bound (`min`/`max` and its number's words) through
    `bound`; English and Python's digits by default, the site's language in `wording`."""
    if isinstance(written, bool):
        return str(written).lower()
    if isinstance(written, list):
        first, last = written[0], written[1]
        return f"{written_text(first, number, bound)}–{written_text(last, number, bound)}"
    if isinstance(written, dict):
        return " – ".join(bound(k, written_text(v, number, bound)) for k, v in written.items())
    return number(written) if isinstance(written, int | float) else str(written)


def parse_date(raw: Any, *, allow_time: bool = True) -> PartialDate:
    """Read `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO 8601 date-time with an offset.

    Raises ValueError with a message for the editor.
    """
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ValueError(f"expected a date such as 2017-02-09, got {describe(raw)}")
    text = str(raw).strip()
    try:
        if m := _YEAR.match(text):
            year = int(m[1])
            return PartialDate(text, Precision.YEAR, date(year, 1, 1), date(year, 12, 31))
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            first = date(year, month, 1)
            # The month's own last day: no arithmetic on the next month, which for 9999-12
            # would be a year past what a date can hold.
            last = first.replace(day=calendar.monthrange(year, month)[1])
            return PartialDate(text, Precision.MONTH, first, last)
        if m := _DAY.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return PartialDate(text, Precision.DAY, day, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    if _MOMENT.match(text):
        if not allow_time:
            raise ValueError(f"expected a date such as 2017-02-09, got '{text}'")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not an ISO 8601 date-time") from None
        if moment.tzinfo is None:
            raise ValueError(
                f"date-time '{text}' needs a UTC offset, such as {text}+03:00 or {text}Z"
            )
        day = moment.date()
        return PartialDate(moment.isoformat(), Precision.TIME, day, day, moment)
    raise ValueError(
        f"expected a date as YYYY, YYYY-MM, YYYY-MM-DD or a date-time with offset, got '{text}'"
    )


def describe(raw: Any) -> str:
    """How a YAML value reads to an editor: `the boolean false`, `the number 3`, `'abc'`."""
    if isinstance(raw, bool):
        return f"the boolean {str(raw).lower()}"
    if raw is None:
        return "nothing (null)"
    if isinstance(raw, int) and abs(raw) >= 10**_SHOWN_DIGITS:
        sign = "a negative" if raw < 0 else "a"
        return f"{sign} number of {_digits(raw)} digits"
    if isinstance(raw, int | float):
        return f"the number {raw}"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    return f"'{one_line(str(raw))}'"  # one line: a line break shows escaped


_SHOWN_DIGITS = 24
"""A whole number this long or longer is described by its length, not written out."""


def _digits(n: int) -> int:
    # `str` refuses whole numbers past 4300 digits; yamlread refuses them before that.
    return len(str(abs(n)))


class ValueKind(StrEnum):
    """The axis a value lies on."""

    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    TEXT = "text"


Key = tuple[str, float | None, float | None] | tuple[str, str | bool]
"""A value's identity: equal keys, and only they, say the same (`Relation.SAME`)."""


@dataclass(frozen=True, slots=True)
class Value:
    """What a claim says: an interval on the axis of its kind."""

    kind: ValueKind
    """The axis: number, date, boolean or text."""
    written: Any
    """The value as exported: 3, [10, 11], {"min": 3}, "2015-11", true, "text"."""
    low: float | None = None
    """Lower bound (numbers, and dates as day ordinals); None when open."""
    high: float | None = None
    """Upper bound; None when open."""
    folded: str | bool | None = None
    """Booleans, and strings with case and white space folded."""
    dates: tuple[PartialDate, ...] = ()
    """A date, parsed: the date itself, or a date range's two ends; () for other kinds."""
    key: Key = field(init=False, repr=False, compare=False)
    """What the value says, whatever its form: `3`, `3.0` and `[3, 3]` have one key, and a
    whole number that can be a year has the key of that year, as `compare` reads it. Two
    values have equal keys exactly when they compare `Relation.SAME`; group by it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _key(self))

    def __str__(self) -> str:
        return written_text(self.written)

    def as_date(self) -> Value:
        """A whole number that can be a year, read as that year; anything else unchanged."""
        year = _year(self)
        return self if year is None else _date_value(parse_date(year), str(year))


def _year(value: Value) -> int | None:
    """The year a number can be read as: a single whole number from 1000 to 9999."""
    n = value.low
    if value.kind is not ValueKind.NUMBER or n is None or n != value.high:
        return None
    return int(n) if float(n).is_integer() and 1000 <= n <= 9999 else None


def _key(value: Value) -> Key:
    if value.kind in (ValueKind.BOOLEAN, ValueKind.TEXT):
        assert value.folded is not None
        return (value.kind, value.folded)
    year = _year(value)
    if year is not None:  # the key of the date it is read as against a date
        return _key(value.as_date())
    # Floats: a date's day ordinals are ints, and 3 and 3.0 must have one key and one hash.
    low = None if value.low is None else float(value.low)
    high = None if value.high is None else float(value.high)
    return (value.kind, low, high)


def _date_value(d: PartialDate, written: Any) -> Value:
    return Value(ValueKind.DATE, written, d.first.toordinal(), d.last.toordinal(), dates=(d,))


def parse_value(raw: Any) -> Value:
    """Read a claim's value. Raises ValueError with a message for the editor."""
    if isinstance(raw, bool):
        return Value(ValueKind.BOOLEAN, raw, folded=raw)
    if isinstance(raw, int | float):
        n = _number(raw)
        return Value(ValueKind.NUMBER, raw, n, n)
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise ValueError("a claim's value cannot be empty")
        if _YEAR.match(text) or _MONTH.match(text) or _DAY.match(text):
            d = parse_date(text, allow_time=False)
            return _date_value(d, d.text)
        return Value(ValueKind.TEXT, raw, folded=" ".join(text.casefold().split()))
    if isinstance(raw, list):
        return _range(raw)
    if isinstance(raw, dict):
        return _open_range(raw)
    raise ValueError(f"a claim needs a value, got {describe(raw)}")


def _number(raw: int | float) -> float:
    try:
        n = float(raw)
    except OverflowError:  # an int past float's range: no count or measure is that large
        raise ValueError("the number is too large to be a count or a measure") from None
    if not math.isfinite(n):
        raise ValueError(f"{raw} is not a finite number")
    return n


def _range(raw: list[Any]) -> Value:
    if len(raw) != 2:
        raise ValueError(f"a range is [min, max], two values; got {len(raw)}")
    ends = [_range_end(v, side) for v, side in zip(raw, ("first", "second"), strict=True)]
    if ends[0].kind is not ends[1].kind:
        ends = [e.as_date() for e in ends]
    if ends[0].kind is not ends[1].kind:
        raise ValueError("a range is two numbers or two dates, such as [10, 11]")
    low, high = ends[0].low, ends[1].high
    if low is None or high is None:  # a number or a date is closed at both ends
        raise ValueError(_END_FORM)
    if low > high:
        written = [quoted(v) for v in raw]
        raise ValueError(
            f"range [{written[0]}, {written[1]}] runs backwards; write [{written[1]}, {written[0]}]"
        )
    dates = tuple(d for e in ends for d in e.dates)
    return Value(ends[0].kind, [e.written for e in ends], low, high, dates=dates)


def _range_end(raw: Any, side: str) -> Value:
    """One end of a range `[min, max]`: a plain number or a date, nothing else."""
    form = _END_FORM
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError(f"the {side} end of the range is {describe(raw)}; {form}")
    try:
        end = parse_value(raw)
    except ValueError as exc:
        raise ValueError(f"the {side} end of the range: {exc}") from None
    if end.kind not in (ValueKind.NUMBER, ValueKind.DATE):
        raise ValueError(f"the {side} end of the range is {describe(raw)}; {form}")
    return end


_END_FORM = "the ends of a range are numbers or dates, such as [10, 11] or ['2015-11', '2016-01']"


def quoted(raw: Any) -> str:
    """A number or text as a message quotes it: `3`, `2015-11`, `(a number of 401 digits)`."""
    if not isinstance(raw, int | float):
        return str(raw)
    described = describe(raw)
    return (
        described.removeprefix("the number ") if described.startswith("the ") else f"({described})"
    )


def _open_range(raw: dict[Any, Any]) -> Value:
    unknown = [k for k in raw if k not in ("min", "max")]
    if unknown or not raw:
        raise ValueError("an open range is {min: N}, {max: N} or both")
    low = _number(_checked_number(raw["min"])) if "min" in raw else None
    high = _number(_checked_number(raw["max"])) if "max" in raw else None
    if low is not None and high is not None and low > high:
        raise ValueError(f"min {quoted(raw['min'])} is greater than max {quoted(raw['max'])}")
    written = {k: raw[k] for k in ("min", "max") if k in raw}
    return Value(ValueKind.NUMBER, written, low, high)


def _checked_number(raw: Any) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"an open range's bound must be a number, got {describe(raw)}")
    return raw


class Relation(StrEnum):
    """How two values relate (SPEC 3)."""

    SAME = "same"
    """They say the same, however written: `3`, `3.0` and `[3, 3]`; their keys are equal."""
    OVERLAP = "overlap"
    """Both can be true but they do not say the same: a discrepancy."""
    CONFLICT = "conflict"
    """Both cannot be true."""


def compare(a: Value, b: Value) -> Relation:
    """How two claims about the same property of the same subject relate: `SAME` exactly
    when their keys are equal; otherwise `CONFLICT` when both cannot be true, and
    `OVERLAP` when both can."""
    if a.key == b.key:
        return Relation.SAME
    if a.kind is not b.kind and ValueKind.DATE in (a.kind, b.kind):
        a, b = a.as_date(), b.as_date()
    if a.kind is not b.kind:
        # A number against a text ("3" against "several") cannot be weighed by rule:
        # show it as a discrepancy for the editor rather than call it a conflict.
        return Relation.OVERLAP
    if a.kind in (ValueKind.BOOLEAN, ValueKind.TEXT):
        return Relation.CONFLICT
    lo_a = -math.inf if a.low is None else a.low
    hi_a = math.inf if a.high is None else a.high
    lo_b = -math.inf if b.low is None else b.low
    hi_b = math.inf if b.high is None else b.high
    if hi_a < lo_b or hi_b < lo_a:
        return Relation.CONFLICT
    # Equal bounds on one axis are equal keys, answered above: what is left overlaps.
    return Relation.OVERLAP
