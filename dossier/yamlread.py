"""Safe YAML with the position of every key and value.

PyYAML's loaders keep the last of two duplicate keys without a word, expand aliases (the
billion-laughs bomb) and build whatever a tag asks for. We let libyaml's C parser compose
the node tree and build plain values from it ourselves, so that:

- a duplicate key, an anchor or alias, a non-standard tag are located errors;
- a key or text value that an escape in quotes (`"\\u202e"`, `"\\x1b"`, `"\\N"`) made hold a
  character no text may hold (`chars.FORBIDDEN`) is a located error, as it is written raw;
- plain scalars resolve as YAML 1.1 does (`no` is the boolean false: the schema then
  rejects it where text is expected, rather than anyone guessing);
- timestamps stay text: dates are parsed by the model at the precision they were written;
- every key and value has its line and column (`Marks`), worked out only when a
  diagnostic asks for one: a clean dossier never pays for positions.
"""

from __future__ import annotations

import re
from sys import intern
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .chars import FORBIDDEN, forbidden_name
from .diagnostics import Location, Report
from .packed import pack, unpack

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_PLAIN_TAGS: dict[str, str] = {}
"""Resolved tags of plain scalars seen: keys and ids repeat across thousands of files."""


class _Loader(_BaseLoader):
    """libyaml's loader, with tag resolution remembered (it is the parser's Python hot spot)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(_PLAIN_TAGS) < 100_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


Path = tuple[str | int, ...]
"""Where a value sits in a document: the keys and list indexes that lead to it."""

MAX_DEPTH = 64
"""Deeper nesting than any entry needs; refusing it keeps every later stage shallow."""

_TAG = "tag:yaml.org,2002:"
_MAX_INT_BITS = 14_000
"""About 4200 decimal digits: `str` refuses to write out a whole number past 4300."""
_AS_TEXT = {_TAG + t for t in ("str", "timestamp", "merge", "value")}
_CONSTRUCTED = {_TAG + t for t in ("int", "float", "bool", "null")}
_CONSTRUCTOR = SafeConstructor()
# The C composer recurses once per level of nesting and crashes past some ten thousand
# levels, so text that could nest deeply is first walked event by event (iteratively).
# Such nesting starts a line: `- - - - x`. (The newline is the pattern's fast literal.)
_INDICATOR_CHAIN = re.compile(r"\n[ \t]*(?:[-?:][ \t]+){16}")
_INTERNED = 64
"""Keys, and text values up to this length, are interned: a dossier writes the same few
(`killed`, `airstrike`, an actor's id) thousands of times, and one copy of each, shared
across the entries a worker sends, is a tenth of a dossier's memory."""


class Marks:
    """1-based (line, column) of every value and every key of one document."""

    def __init__(
        self,
        path: str,
        text: str = "",
        first_line: int = 1,
        claims: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.path = path
        self._packed = pack(text)
        self._first_line = first_line
        self._values: dict[Path, tuple[int, int]] | None = None
        self._keys: dict[Path, tuple[int, int]] = {}
        self._claims = claims
        """Where each item of `claims` starts, noted as the document is read: the data
        files give every claim's line, and would otherwise compose every document again."""

    @property
    def text(self) -> str:
        """The YAML text the marks were read from."""
        return unpack(self._packed)

    @property
    def packed(self) -> bytes:
        """That text packed (`packed.pack`), as it is kept: the same text, the same bytes."""
        return self._packed

    def __reduce__(self) -> tuple[object, ...]:
        # Positions are worked out again where they are needed, never shipped.
        return _unpickled, (self.path, self._packed, self._first_line, self._claims)

    def value(self, at: Path) -> Location:
        """Where the value at `at` was written, or its nearest written parent."""
        if len(at) == 2 and at[0] == "claims" and self._values is None:
            i = at[1]
            if isinstance(i, int) and 0 <= i < len(self._claims):
                return Location(self.path, *self._claims[i])
        values = self._positions()
        while at not in values and at:
            at = at[:-1]
        line, column = values.get(at, (self._first_line, 1))
        return Location(self.path, line, column)

    def key(self, at: Path) -> Location:
        """Where the key naming `at` was written (falls back to its value)."""
        self._positions()
        if at in self._keys:
            line, column = self._keys[at]
            return Location(self.path, line, column)
        return self.value(at)

    def _positions(self) -> dict[Path, tuple[int, int]]:
        if self._values is None:
            self._values = {}
            root = _compose(self.text) if self._packed else None
            if root is not None:
                self._record(root, ())
        return self._values

    def _record(self, node: Node, path: Path) -> None:
        assert self._values is not None
        self._values[path] = self._at(node)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                here = (*path, key.value)
                self._keys.setdefault(here, self._at(key))
                if here not in self._values:  # a duplicate key's value is dropped
                    self._record(value, here)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                self._record(item, (*path, i))

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + self._first_line, node.start_mark.column + 1


def _unpickled(
    path: str, packed: bytes, first_line: int, claims: tuple[tuple[int, int], ...]
) -> Marks:
    marks = Marks(path, "", first_line, claims)
    marks._packed = packed
    return marks


def label(path: Path) -> str:
    """A place in a document as an editor reads it: `claims[2].value`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else part
    return out


class _Invalid(Exception):
    """Stops reading a document after an error that leaves no trustworthy value."""


def parse(text: str, path: str, report: Report, first_line: int = 1) -> tuple[Any, Marks] | None:
    """Parse one YAML document; `first_line` is the file line the text starts on.

    Returns the plain value and its marks, or None (with errors reported) when the document
    cannot be trusted: a syntax error, an anchor or alias, a tag, a duplicate key.
    """
    reader = _Reader(path, first_line, report)
    try:
        if "&" in text or "*" in text or _may_nest_deeply(text):
            reader.scan_events(text)
        root = _compose(text)
        value = reader.read(root, ()) if root is not None else None
    except _Invalid:
        return None
    except yaml.MarkedYAMLError as exc:
        report.error(*reader.syntax_error(exc, text))
        return None
    except yaml.YAMLError as exc:  # reader errors carry no mark of the usual kind
        report.error(Location(path, first_line, 1), "yaml-syntax", f"invalid YAML: {exc}")
        return None
    if reader.failed:
        return None
    return value, Marks(path, text, first_line, _item_starts(root, "claims", first_line))


def _item_starts(root: Node | None, key: str, first_line: int) -> tuple[tuple[int, int], ...]:
    """Where each item of the list at `key` of a mapping starts, as `Marks` gives it."""
    if isinstance(root, MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == key:  # a duplicate key has failed the document
                if isinstance(value_node, SequenceNode):
                    marks = (item.start_mark for item in value_node.value)
                    return tuple((m.line + first_line, m.column + 1) for m in marks)
                break
    return ()


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _may_nest_deeply(text: str) -> bool:
    flow = text.count("[") + text.count("{")
    return flow > MAX_DEPTH or bool(_INDICATOR_CHAIN.search("\n" + text))


class _Reader:
    """Builds plain values from composed nodes, reporting what YAML allows and we do not."""

    def __init__(self, path: str, first_line: int, report: Report) -> None:
        self.path = path
        self.first_line = first_line
        self.report = report
        self.failed = False

    def at(self, mark: Any) -> Location:
        return Location(self.path, mark.line + self.first_line, mark.column + 1)

    def read(self, node: Node, path: Path) -> Any:
        if len(path) > MAX_DEPTH:
            self._fail(node, "yaml-syntax", f"nested deeper than {MAX_DEPTH} levels")
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag in _AS_TEXT:
                text: str = node.value
                if not text.isprintable():
                    self._check_chars(node, path, "value")
                return intern(text) if len(text) <= _INTERNED else text
            if tag in _CONSTRUCTED:
                return self._construct(node)
        elif isinstance(node, MappingNode) and tag == _TAG + "map":
            return self._mapping(node, path)
        elif isinstance(node, SequenceNode) and tag == _TAG + "seq":
            return [self.read(item, (*path, i)) for i, item in enumerate(node.value)]
        short = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
        self._fail(node, "yaml-tag", f"YAML tag '{short}' is not allowed; remove it")

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._fail(
                    key_node, "yaml-syntax", "a key must be plain text, not a list or mapping"
                )
            if key_node.tag not in _AS_TEXT and key_node.tag not in _CONSTRUCTED:
                self.read(key_node, path)  # reports the tag
            key = intern(key_node.value)
            if not key.isprintable():
                self._check_chars(key_node, (*path, key), "key")
            if key in first_line:
                self.failed = True
                self.report.error(
                    self.at(key_node.start_mark),
                    "duplicate-key",
                    f"duplicate key '{key}' (first given on line {first_line[key]})",
                )
                continue
            first_line[key] = key_node.start_mark.line + self.first_line
            out[key] = self.read(value_node, (*path, key))
        return out

    def _check_chars(self, node: ScalarNode, path: Path, what: str) -> None:
        """Report a key or text value holding a character no text may hold (SPEC 2): only
        an escape can have put it there, the raw file is checked before. Every one in the
        document is reported; the document is then not used."""
        m = FORBIDDEN.search(node.value)
        if m is None:
            return
        self.failed = True
        if what == "key":
            where, what = label(path[:-1]), f"key '{path[-1]}'"
        else:
            where, what = label(path), "value"
        self.report.error(
            self.at(node.start_mark),
            "control-char",
            f"{where + ': ' if where else ''}the {what} holds {forbidden_name(m[0])}, written "
            "as an escape in quotes; delete the escape",
        )

    def _construct(self, node: ScalarNode) -> Any:
        try:
            value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ConstructorError, ValueError):  # an int too long to convert, say
            kind = node.tag[len(_TAG) :]
            self._fail(node, "yaml-syntax", f"'{node.value[:40]}' is not a valid {kind}")
        # Python refuses a decimal int past 4300 digits, but reads hex, octal and 60-based
        # ints of any length: those are refused too, so that every number can be written.
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
            self._fail(node, "yaml-syntax", f"'{node.value[:40]}...' is too long a number")
        return value

    def _fail(self, node: Node, code: str, message: str) -> Any:
        self.report.error(self.at(node.start_mark), code, message)
        raise _Invalid

    def scan_events(self, text: str) -> None:
        """Report anchors, aliases and deep nesting before anything is composed."""
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                what = "alias" if sign == "*" else "anchor"
                self.report.error(
                    self.at(event.start_mark),
                    "yaml-alias",
                    f"YAML {what} '{sign}{event.anchor}' is not allowed; write the value out",
                )
                raise _Invalid
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    self.report.error(
                        self.at(event.start_mark),
                        "yaml-syntax",
                        f"nested deeper than {MAX_DEPTH} levels",
                    )
                    raise _Invalid
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1

    def syntax_error(self, exc: yaml.MarkedYAMLError, text: str) -> tuple[Location, str, str]:
        """libyaml's complaint, said the way an editor can act on it, where it started."""
        problem, context = exc.problem or "", exc.context or ""
        mark = exc.problem_mark or exc.context_mark
        opened = exc.context_mark if exc.context_mark is not None else mark
        if context == "expected a single document in the stream":
            message = "only one YAML document is allowed here; remove the second '---'"
        elif problem.startswith("mapping values are not allowed"):
            message = "': ' inside a value; put the whole value in quotes"
        elif context.startswith(("while parsing a flow", "while scanning a quoted")):
            what = (
                "quote" if "quoted" in context else "list" if "sequence" in context else "mapping"
            )
            message = f"the {what} opened here is never closed"
            mark = opened
        elif mark is not None and _char_at(text, mark) == "\t":
            message = "a tab; indent with spaces"
        else:
            message = f"invalid YAML: {problem or context or 'unreadable'}"
        where = self.at(mark) if mark is not None else Location(self.path, self.first_line, 1)
        return where, "yaml-syntax", message


def _char_at(text: str, mark: Any) -> str:
    lines = text.split("\n")
    row: int = mark.line
    column: int = mark.column
    return lines[row][column] if row < len(lines) and column < len(lines[row]) else ""
