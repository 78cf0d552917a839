"""Safe YAML with the position of every key and value.

PyYAML's loaders lose positions, keep the last of two duplicate keys without a word, expand
aliases (the billion-laughs bomb) and build whatever a tag asks for. We read the event stream
of libyaml's C parser instead and build plain values ourselves, so that:

- every key and value keeps its line and column (`Marks`), for diagnostics;
- a duplicate key, an anchor or alias, a non-standard tag are located errors;
- plain scalars resolve as YAML 1.1 does (`no` is the boolean false: the schema then
  rejects it where text is expected, instead of PyYAML quietly or us silently guessing);
- timestamps stay text: dates are parsed by the model at the precision they were written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .diagnostics import Location, Report

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
"""Where a value sits in a document: the keys and list indexes that lead to it."""

MAX_DEPTH = 64
"""Deeper nesting than any entry needs; refusing it keeps later stages from recursing."""

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()


@dataclass
class Marks:
    """1-based (line, column) of every value and every key of one document."""

    path: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def value(self, at: Path) -> Location:
        """Where the value at `at` was written, or its nearest written parent."""
        while at not in self.values and at:
            at = at[:-1]
        line, column = self.values.get(at, (1, 1))
        return Location(self.path, line, column)

    def key(self, at: Path) -> Location:
        """Where the key naming `at` was written (falls back to its value)."""
        if at in self.keys:
            line, column = self.keys[at]
            return Location(self.path, line, column)
        return self.value(at)


@dataclass
class _Collection:
    path: Path
    value: dict[str, Any] | list[Any]
    pending_key: str | None = None
    """For a mapping: the key read, waiting for its value."""
    skip: bool = False
    """For a mapping: the pending key was a duplicate; its value is read and dropped."""


class _Invalid(Exception):
    """Stops reading a document after an error that leaves no sensible value."""


def parse(text: str, path: str, report: Report, first_line: int = 1) -> tuple[Any, Marks] | None:
    """Parse one YAML document; `first_line` is the file line the text starts on.

    Returns the plain value and its marks, or None (with errors reported) when the document
    cannot be trusted: a syntax error, an alias, a tag, a duplicate key.
    """
    marks = Marks(path)
    errors_before = report.errors
    offset = first_line - 1

    def at(mark: Any) -> Location:
        return Location(path, mark.line + 1 + offset, mark.column + 1)

    stack: list[_Collection] = []
    root: Any = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    report.error(
                        at(event.start_mark),
                        "yaml-syntax",
                        "only one YAML document is allowed here; remove the second '---'",
                    )
                    raise _Invalid
                continue
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    done = stack.pop()
                    root = _attach(stack, done.value, root)
                continue
            where = at(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                report.error(
                    where,
                    "yaml-alias",
                    f"YAML alias '*{event.anchor}' is not allowed; write the value out",
                )
                raise _Invalid
            if event.anchor is not None:
                report.error(
                    where,
                    "yaml-alias",
                    f"YAML anchor '&{event.anchor}' is not allowed; write the value out",
                )
                raise _Invalid
            if len(stack) >= MAX_DEPTH:
                report.error(where, "yaml-syntax", f"nested deeper than {MAX_DEPTH} levels")
                raise _Invalid
            top = stack[-1] if stack else None
            if top is not None and isinstance(top.value, dict) and top.pending_key is None:
                _read_key(event, top, marks, where, report)
                continue
            here = _child_path(top)
            marks.values[here] = (where.line, where.column)
            if isinstance(event, yaml.ScalarEvent):
                root = _attach(stack, _scalar(event, where, report), root)
            elif isinstance(event, yaml.SequenceStartEvent):
                _check_tag(event.tag, "seq", where, report)
                stack.append(_Collection(here, []))
            else:
                assert isinstance(event, yaml.MappingStartEvent)
                _check_tag(event.tag, "map", where, report)
                stack.append(_Collection(here, {}))
    except _Invalid:
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        where = at(mark) if mark is not None else Location(path, first_line, 1)
        report.error(where, "yaml-syntax", f"invalid YAML: {problem}")
        return None
    except yaml.YAMLError as exc:  # reader errors carry no mark of the usual kind
        report.error(Location(path, first_line, 1), "yaml-syntax", f"invalid YAML: {exc}")
        return None
    if report.errors > errors_before:
        return None
    return root, marks


def _child_path(top: _Collection | None) -> Path:
    if top is None:
        return ()
    if isinstance(top.value, list):
        return (*top.path, len(top.value))
    assert top.pending_key is not None
    return (*top.path, top.pending_key)


def _attach(stack: list[_Collection], value: Any, root: Any) -> Any:
    """Put a finished value into its parent; return the new root when there is none."""
    if not stack:
        return value
    top = stack[-1]
    if isinstance(top.value, list):
        top.value.append(value)
    else:
        assert top.pending_key is not None
        if not top.skip:
            top.value[top.pending_key] = value
        top.pending_key = None
        top.skip = False
    return root


def _read_key(
    event: yaml.Event, top: _Collection, marks: Marks, where: Location, report: Report
) -> None:
    if not isinstance(event, yaml.ScalarEvent):
        report.error(where, "yaml-syntax", "a key must be plain text, not a list or mapping")
        raise _Invalid
    _check_tag(event.tag, "str", where, report)
    key = event.value
    assert isinstance(top.value, dict)
    here = (*top.path, key)
    if key in top.value:
        line, _ = marks.keys[here]
        report.error(where, "duplicate-key", f"duplicate key '{key}' (first given on line {line})")
        top.skip = True
    else:
        marks.keys[here] = (where.line, where.column)
    top.pending_key = key


def _check_tag(tag: str | None, expected: str, where: Location, report: Report) -> None:
    if tag is None or tag in ("!", _TAG + expected):
        return
    if expected == "str" or tag not in _SCALAR_TAGS:
        report.error(where, "yaml-tag", f"YAML tag '{_short(tag)}' is not allowed; remove it")
        raise _Invalid


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _scalar(event: yaml.ScalarEvent, where: Location, report: Report) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        plain = event.implicit[0] and tag is None
        if not plain:
            return event.value
        tag = _RESOLVER.resolve(ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
    elif tag not in _SCALAR_TAGS:
        report.error(where, "yaml-tag", f"YAML tag '{_short(tag)}' is not allowed; remove it")
        raise _Invalid
    if tag in (_TAG + "str", _TAG + "timestamp", _TAG + "merge", _TAG + "value"):
        return event.value
    node = ScalarNode(tag, event.value)
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (ConstructorError, ValueError, KeyError):
        report.error(
            where, "yaml-syntax", f"'{event.value[:40]}' is not a valid {tag[len(_TAG) :]}"
        )
        raise _Invalid from None
