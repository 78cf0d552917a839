"""The plain shapes a field's value takes in every model: text, ids, dates and digests.

`model.py` builds the kinds of entry from these, `config.py` the settings. Each is an
annotated type that pydantic checks and that renders to JSON Schema for editors; what a
value that does not fit is told comes from here too (`not_text`, `PATTERN_MESSAGES`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

from .kinds import ID_PATTERN
from .values import PartialDate, Precision, describe, parse_date


def not_text(raw: Any) -> str:
    """Why `raw`, read from YAML where text belongs, is not text: YAML 1.1 turns some bare
    words into booleans, numbers or nothing, and the editor needs to know that."""
    if isinstance(raw, bool):
        return (
            f"expected text, got {describe(raw)}: YAML reads yes, no, on, off, true and "
            "false as booleans; put the text in quotes if you meant it"
        )
    if isinstance(raw, int | float) or raw is None:
        return f"expected text, got {describe(raw)}; put the text in quotes if you meant it"
    return f"expected text, got {describe(raw)}"


NONBLANK = r"\S"
SHA256 = r"^[0-9a-fA-F]{64}$"
PATTERN_MESSAGES = {
    ID_PATTERN.pattern: "'{}' is not a valid id: use lowercase letters, digits and single hyphens",
    NONBLANK: "cannot be empty",
    SHA256: "'{}' is not a SHA-256 digest: 64 hexadecimal digits, as sha256sum prints it",
}
"""What a text that does not match a field's pattern is told, by pattern; `{}` is the text."""


def _date(raw: Any) -> PartialDate:
    """A date or date-time at its precision (`When`)."""
    return parse_date(raw)


def _moment(raw: Any) -> datetime:
    """A date-time with its UTC offset (`Moment`)."""
    if (moment := parse_date(raw).moment) is None:
        raise ValueError(f"expected a date-time with its UTC offset, got {describe(raw)}")
    return moment


def _day(raw: Any) -> date:
    """A full date, to the day (`Day`)."""
    d = parse_date(raw, allow_time=False)
    if d.precision is not Precision.DAY:
        raise ValueError(f"expected a full date such as 2017-02-09, got '{d.text}'")
    return d.first


# Text and ids are checked by pydantic-core itself (strict `str`, a pattern): they are most
# of the values of a dossier. Its errors are put in an editor's words by `validate`.
Text = Annotated[
    str,
    Field(pattern=NONBLANK, json_schema_extra={"patternErrorMessage": "cannot be empty"}),
]
Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN.pattern,
        # Shown by VS Code's YAML extension instead of the bare pattern (others ignore it).
        json_schema_extra={
            "patternErrorMessage": "an id is lowercase letters, digits and single hyphens"
        },
    ),
]
Sha256 = Annotated[
    str,
    Field(
        pattern=SHA256,
        json_schema_extra={"patternErrorMessage": "a SHA-256 digest is 64 hexadecimal digits"},
    ),
]
_DATE_SCHEMA = {"type": ["string", "integer"], "description": "YYYY, YYYY-MM, YYYY-MM-DD"}
When = Annotated[
    PartialDate,
    PlainValidator(_date),
    PlainSerializer(str),
    WithJsonSchema(_DATE_SCHEMA),
]
Day = Annotated[
    date,
    PlainValidator(_day),
    PlainSerializer(date.isoformat),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Moment = Annotated[
    datetime,
    PlainValidator(_moment),
    PlainSerializer(datetime.isoformat),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
