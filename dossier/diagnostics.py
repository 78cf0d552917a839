"""Diagnostics: the one shape every content problem takes, and its printed forms.

A content problem is a value, never an exception: each stage appends `Diagnostic`s to a
`Report` and carries on, so the editor sees every problem in one run. Every code a report
may carry is registered in `CODES` (`codes.py`, re-exported here), with its severity and
what it means (docs/format.md's tables are made from it). `DossierError` is the one
exception, for a run that cannot go on (a wrong command, a broken theme): it formats itself
and carries its exit status, and `cli.py` catches it in one place."""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, TextIO

from .chars import one_line
from .codes import CODES as CODES
from .codes import Code as Code
from .codes import Severity as Severity
from .codes import code_table as code_table


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place. Ordering is the order of the report: by file, then line."""

    path: str
    """File path relative to the dossier folder, with forward slashes, as the file is
    named: raw, so that `--format json` names a real file (printed forms escape it)."""
    line: int
    """1-based line in the file (front-matter lines count from the top of the file)."""
    column: int
    """1-based column, in characters."""
    severity: Severity
    code: str
    """Stable short code, shown in brackets: `unknown-ref`; a name in `CODES`."""
    message: str
    """What is wrong and how to fix it. What it quotes from a file is kept raw; every
    printed form shows it through `shown_message` (SPEC 5: one line whatever it quotes)."""

    @property
    def shown_path(self) -> str:
        """`path` as printed: controls and undecodable bytes escaped (`chars.one_line`)."""
        return one_line(self.path)

    @property
    def shown_message(self) -> str:
        """`message` as printed in every format, JSON included: one line, no raw control."""
        return one_line(self.message)

    def text(self) -> str:
        """The diagnostic as `dossier check` prints it: `path:line:col: severity: ... [code]`,
        one line whatever the file held (controls quoted from it are shown escaped)."""
        return (
            f"{self.shown_path}:{self.line}:{self.column}: {self.severity}: "
            f"{self.shown_message} [{self.code}]"
        )


class Location(NamedTuple):
    """Where something was written: the file and the 1-based line and column.

    A named tuple, not a dataclass: tens of thousands are made on every check."""

    path: str
    line: int = 1
    column: int = 1


_SEP = os.sep if os.sep != "/" else None
"""Windows' separator: a path in a diagnostic has forward slashes on every system."""


@dataclass
class Report:
    """Collects diagnostics from every stage."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, at: Location, code: str, message: str) -> None:
        """Report an error of a registered error `code` at `at`."""
        self.add(at, Severity.ERROR, code, message)

    def warning(self, at: Location, code: str, message: str) -> None:
        """Report a warning of a registered warning `code` at `at`."""
        self.add(at, Severity.WARNING, code, message)

    def add(self, at: Location, severity: Severity, code: str, message: str) -> None:
        """Report a problem; `code` must be in `CODES` with this `severity` (ValueError
        otherwise: a misspelt code is a bug, caught by the first test that reaches it)."""
        registered = CODES.get(code)
        if registered is None or registered.severity is not severity:
            known = did_you_mean(code, CODES)
            raise ValueError(f"{code!r} is not a registered {severity} code{known}")
        path = at.path if _SEP is None else at.path.replace(_SEP, "/")
        self.diagnostics.append(Diagnostic(path, at.line, at.column, severity, code, message))

    def sorted(self) -> list[Diagnostic]:
        """The diagnostics without repeats, by file, line and column."""
        return sorted(set(self.diagnostics))

    @property
    def errors(self) -> int:
        """How many errors were reported."""
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many warnings were reported."""
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


class DossierError(Exception):
    """A run that cannot go on. It says why in one line and carries its exit status;
    `cli.py` catches it once, prints `show()` and exits with `exit_code` (click's
    `ClickException` is the model)."""

    exit_code = 1
    """The process's exit status: 1 unless a subclass says otherwise."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def message(self) -> str:
        """What went wrong and what to do, as printed after `dossier: error: `."""
        return str(self)

    def text(self) -> str:
        """What is printed on standard error. The message's own line breaks are kept (`init`
        lists the files in its way, one a line); every other control it quotes is escaped."""
        return "dossier: error: " + "\n".join(map(one_line, self.message.split("\n")))

    def show(self, file: TextIO | None = None) -> None:
        """Print `text()` on `file` (standard error by default)."""
        print(self.text(), file=file if file is not None else sys.stderr)


class UsageError(DossierError):
    """The command itself was wrong (no dossier.yml, a bad option, an output folder that
    may hold an editor's files): exit status 2."""

    exit_code = 2


class ThemeError(DossierError):
    """A template of the theme failed: the build stops and the previous site stays.

    `str()` is the failure alone (`page.html: ...`, as `dossier serve` shows it);
    `message` adds what it means for the build."""

    exit_code = 1

    @property
    def message(self) -> str:
        """`theme: <failure>; the previous site is unchanged`."""
        return f"theme: {self}; the previous site is unchanged"


class FileError(DossierError):
    """A file or folder the system refused (a full disk, no permission, a name too long):
    `cannot write site/x.html: No space left on device`, exit status 1. `FileError.of` is
    the one place an `OSError` becomes one; its arguments are its fields, so that it
    crosses from a worker process intact."""

    def __init__(self, path: str, cause: str, verb: str = "cannot write", then: str = "") -> None:
        Exception.__init__(self, path, cause, verb, then)
        self.path, self.cause, self.verb, self.then = path, cause, verb, then

    @classmethod
    def of(cls, exc: OSError, path: object = None, verb: str = "cannot write") -> FileError:
        """`exc` as met at `path` (by default the file the error names); an empty `verb`
        when it is unknown whether it was a read or a write."""
        where = path if path is not None else exc.filename
        shown = os.fsdecode(where) if isinstance(where, bytes | str | os.PathLike) else ""
        return cls(shown, exc.strerror or str(exc), verb)

    def __str__(self) -> str:
        what = " ".join(part for part in (self.verb, one_line(self.path)) if part)
        cause = one_line(self.cause) + self.then
        return f"{what}: {cause}" if what else cause


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to `word`, if any is near enough to be a typo of it."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest candidate, or an empty string."""
    near = closest(word, candidates)
    return f" (did you mean '{near}'?)" if near else ""


def format_text(diagnostics: list[Diagnostic]) -> str:
    """One line per diagnostic, as `dossier check` prints them."""
    return "".join(d.text() + "\n" for d in diagnostics)


def format_json(diagnostics: list[Diagnostic]) -> str:
    """One JSON array of `{path, line, column, severity, code, message}`, in ASCII.

    `path` is the file's real name (JSON's own escapes for any control in it; a byte of a
    name that is not UTF-8 is the lone surrogate Python reads it as, `\\udce9`, so that
    `Path(folder, path)` opens the file); `message` is escaped as every format prints it.
    ASCII: the text is the same in any locale and holds no raw control character."""
    rows = [
        {
            "path": d.path,
            "line": d.line,
            "column": d.column,
            "severity": str(d.severity),
            "code": d.code,
            "message": d.shown_message,
        }
        for d in diagnostics
    ]
    return json.dumps(rows, ensure_ascii=True, indent=2) + "\n"


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, path and message
    escaped as the text format prints them, then in the commands' own escapes."""
    lines = []
    for d in diagnostics:
        props = ",".join(
            (
                f"file={_escape_property(d.shown_path)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_property(d.code)}",
            )
        )
        lines.append(f"::{d.severity} {props}::{_escape_data(d.shown_message)}\n")
    return "".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
