"""Raw YAML values → typed entries, every schema problem reported at its key or value.

pydantic does the checking (the schema is data, in `model.py`); this module only turns its
errors into diagnostics an editor can act on: the key's own line and column, the key path
(`claims[2].value`), and a "did you mean" for unknown keys and choices.
"""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, Report, closest, did_you_mean
from .fields import PATTERN_MESSAGES, not_text
from .kinds import Kind
from .load import RawEntry
from .model import SCHEMAS, Entry
from .values import describe
from .yamlread import Marks, label
from .yamlread import Path as DataPath

ValidateCache = dict[str, tuple[RawEntry, "Entry | None", list[Diagnostic]]]


def validate_entries(
    raw: list[RawEntry],
    unreadable: dict[str, Kind],
    report: Report,
    cache: ValidateCache | None = None,
) -> list[Entry]:
    """The entries that match their kind's schema; the others are reported, left out,
    and their ids added to `unreadable` so that references to them still resolve.

    With a `cache`, an entry read from the very same parsed file is not checked again."""
    entries = []
    for item in raw:
        if cache is not None:
            done = cache.get(item.path)
            if done is None or done[0] is not item:
                own = Report()
                checked = _entry(item, own)
                done = cache[item.path] = (item, checked, own.diagnostics)
            report.diagnostics.extend(done[2])
            if done[1] is None:
                unreadable[item.id] = item.kind
            else:
                entries.append(done[1])
            continue
        entry = _entry(item, report)
        if entry is None:
            unreadable[item.id] = item.kind
        else:
            entries.append(entry)
    return entries


def _entry(item: RawEntry, report: Report) -> Entry | None:
    data = validate(SCHEMAS[item.kind], item.data, item.marks, report)
    if data is None:
        return None
    return Entry(
        item.id, item.kind, item.path, data, item.packed, item.body_line, item.marks, item.refs
    )


M = TypeVar("M", bound=BaseModel)


def validate(schema: type[M], data: Any, marks: Marks, report: Report) -> M | None:
    """`data` as the model `schema`, or None with every problem reported."""
    try:
        return _sharing_fields_sets(schema.model_validate(data), _FIELDS_SETS)
    except ValidationError as exc:
        errors = [(_data_path(data, e), e) for e in exc.errors(include_url=False)]
        # A misspelt key is one problem, not two: its "did you mean" names the missing key.
        misspelt = {
            (*path[:-1], suggestion)
            for path, e in errors
            if e["type"] == "extra_forbidden"
            and (suggestion := closest(str(path[-1]), _fields_at(schema, path[:-1])))
        }
        reported: set[DataPath] = set()
        for path, error in errors:
            if error["type"] == "missing" and path in misspelt:
                continue
            if path in reported and error["type"] != "extra_forbidden":
                continue  # one problem per value: a union reports each of its members
            reported.add(path)
            _report(schema, data, path, error, marks, report)
        return None


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
"""Each distinct set of given fields met so far (`_sharing_fields_sets`)."""


def _sharing_fields_sets(model: M, shared: dict[frozenset[str], set[str]]) -> M:
    """`model`, whose set of the fields given (pydantic's, one per model) is one of `shared`:
    tens of thousands of them, a third of what the models weigh, are a few dozen distinct
    sets. The models are frozen and `model_copy` copies the set, so none is changed."""
    fields = model.__pydantic_fields_set__
    key = frozenset(fields)
    one = shared.setdefault(key, fields)
    if one is not fields:
        object.__setattr__(model, "__pydantic_fields_set__", one)
    for value in model.__dict__.values():
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, BaseModel):
                _sharing_fields_sets(item, shared)
    return model


def _data_path(data: Any, error: ErrorDetails) -> DataPath:
    """The error's location in the YAML value, without pydantic's union-member labels."""
    loc = error["loc"]
    path: list[str | int] = []
    for n, part in enumerate(loc):
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            path.append(part)
            data = data[part]
        elif error["type"] == "missing" and n == len(loc) - 1:
            path.append(part)  # the missing key: its mapping is where to point
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            path.append(part)
            data = data[part]
        # anything else is the label of a union's member, not a place in the data
    return tuple(path)


def _report(
    schema: type[BaseModel],
    data: Any,
    path: DataPath,
    error: ErrorDetails,
    marks: Marks,
    report: Report,
) -> None:
    kind = error["type"]
    key = path[-1] if path else None
    if kind == "extra_forbidden":
        allowed = _fields_at(schema, path[:-1])
        report.error(
            marks.key(path),
            "unknown-key",
            f"unknown key '{key}'{did_you_mean(str(key), allowed)}",
        )
        return
    if kind == "missing":
        if error["loc"] and path and path[-1] == error["loc"][-1]:
            at, message = marks.value(path[:-1]), f"missing required key '{key}'"
        else:
            at, message = marks.value(path), error["msg"]
        if path[:-1]:
            message += f" in {label(path[:-1])}"
        report.error(at, "missing-key", message)
        return
    value = _get(data, path)
    message = _message(error, value)
    where = label(path)
    report.error(marks.value(path), "invalid-value", f"{where}: {message}" if where else message)


def _message(error: ErrorDetails, value: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        choices = [
            c.strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
        ]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"expected one of {', '.join(choices)}; got {describe(value)}{hint}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list such as [a, b], got {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys to values, got {describe(value)}"
    if kind in ("int_type", "float_type", "int_from_float", "finite_number"):
        return f"expected a number, got {describe(value)}"
    if kind in ("too_short", "too_long") and isinstance(value, list):
        return f"expected [latitude, longitude], got {len(value)} values"
    if kind == "string_type":
        return not_text(value)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_MESSAGES:
        return PATTERN_MESSAGES[ctx["pattern"]].format(value)
    return error["msg"]


def _get(data: Any, path: DataPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _fields_at(schema: type[BaseModel], path: DataPath) -> list[str]:
    """The keys the model allows at `path`, for "did you mean"."""
    model: type[BaseModel] = schema
    for part in path:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = _model_in(info.annotation) if info is not None else None
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
