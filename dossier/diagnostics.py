"""Diagnostics: the one shape every content problem takes, and its three printed forms.

A content problem is a value, never an exception: each stage appends `Diagnostic`s to a
`Report` and carries on, so the editor sees every problem in one run. `UsageError` is the
one exception, for a command that was itself wrong (exit status 2).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place. Ordering is the order of the report: by file, then line."""

    path: str
    """File path relative to the dossier folder, with forward slashes."""
    line: int
    """1-based line in the file (front-matter lines count from the top of the file)."""
    column: int
    """1-based column, in characters."""
    severity: Severity
    code: str
    """Stable short code, shown in brackets: `unknown-ref`."""
    message: str

    def text(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]"
        )


class Location(NamedTuple):
    """Where something was written: the file and the 1-based line and column.

    A named tuple, not a dataclass: tens of thousands are made on every check."""

    path: str
    line: int = 1
    column: int = 1


@dataclass
class Report:
    """Collects diagnostics from every stage."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, at: Location, code: str, message: str) -> None:
        self.add(at, Severity.ERROR, code, message)

    def warning(self, at: Location, code: str, message: str) -> None:
        self.add(at, Severity.WARNING, code, message)

    def add(self, at: Location, severity: Severity, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(at.path, at.line, at.column, severity, code, message))

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics))

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


class UsageError(Exception):
    """The command itself was wrong (no dossier.yml, a bad option): exit status 2."""

    exit_code = 2


class ThemeError(UsageError):
    """A template of the theme failed: the build stops and the previous site stays."""

    exit_code = 1


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to `word`, if any is near enough to be a typo of it."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest candidate, or an empty string."""
    near = closest(word, candidates)
    return f" (did you mean '{near}'?)" if near else ""


def format_text(diagnostics: list[Diagnostic]) -> str:
    return "".join(d.text() + "\n" for d in diagnostics)


def format_json(diagnostics: list[Diagnostic]) -> str:
    rows = [
        {
            "path": d.path,
            "line": d.line,
            "column": d.column,
            "severity": str(d.severity),
            "code": d.code,
            "message": d.message,
        }
        for d in diagnostics
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic."""
    lines = []
    for d in diagnostics:
        props = ",".join(
            (
                f"file={_escape_property(d.path)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_property(d.code)}",
            )
        )
        lines.append(f"::{d.severity} {props}::{_escape_data(d.message)}\n")
    return "".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
