"""Diagnostics: the one shape every content problem takes, its codes, and its printed forms.

A content problem is a value, never an exception: each stage appends `Diagnostic`s to a
`Report` and carries on, so the editor sees every problem in one run. Every code a report
may carry is registered in `CODES`, with its severity and what it means (docs/format.md's
tables are made from it). `DossierError` is the one exception, for a run that cannot go on
(a wrong command, a broken theme): it formats itself and carries its exit status, and
`cli.py` catches it in one place.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple, TextIO


class Severity(StrEnum):
    """How bad a problem is: an error stops the build, a warning only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of problem, shown in brackets after its message: `[unknown-ref]`."""

    name: str
    """The stable short code: lowercase words joined by hyphens."""
    severity: Severity
    """Every diagnostic of this code has this severity."""
    description: str
    """When it is reported, in one line of Markdown (a row of docs/format.md's tables)."""


_E, _W = Severity.ERROR, Severity.WARNING
CODES: dict[str, Code] = {
    code.name: code
    for code in (
        # Reading the files
        Code("no-content", _E, "no `content/` folder"),
        Code(
            "unreadable",
            _E,
            "an entry file, `dossier.yml`, a folder of `media/` or a preserved copy that "
            "cannot be read (no permission to read it, say, or gone before it was read)",
        ),
        Code("encoding", _E, "a file that is not UTF-8"),
        Code(
            "control-char",
            _E,
            "a C0 or C1 control character (other than tab and newline), DEL, or a line "
            "separator (U+2028, U+2029) in a file",
        ),
        Code("misplaced-file", _E, "a file directly in `content/`"),
        Code("unknown-folder", _E, "a folder in `content/` that is not a kind"),
        Code("file-name", _E, "`.yaml`, `.markdown`, `.mdown`, `.txt`: the wrong extension"),
        Code(
            "symlink",
            _E,
            "a symbolic link leading outside `content/` (in `media/`: outside `media/`), or "
            "nowhere",
        ),
        Code("invalid-id", _E, "a file name that is not a valid id"),
        Code(
            "reserved-id",
            _E,
            "an entry named `index`: that name is its kind's index page (`incidents/index.html`)",
        ),
        Code("duplicate-id", _E, "the same id twice, in any kinds"),
        Code(
            "front-matter", _E, "a `.md` entry that does not start with `---`, or never closes it"
        ),
        # Reading the YAML
        Code(
            "yaml-syntax",
            _E,
            "YAML that cannot be read; a second document; nesting deeper than 64 levels; a "
            "key that is a list or mapping; a number too long to convert",
        ),
        Code("yaml-alias", _E, "an anchor or alias"),
        Code("yaml-tag", _E, "a tag other than YAML's own (`!!python/...`, `!custom`)"),
        Code("duplicate-key", _E, "a key given twice in one mapping"),
        Code("not-a-mapping", _E, "an empty file, or YAML that is not a mapping of keys"),
        # The schema
        Code("unknown-key", _E, 'a key the kind does not have (with "did you mean")'),
        Code(
            "missing-key",
            _E,
            "a required key missing: `title` (or `name`), a claim's `about`, `value` or "
            "`sources` (outside a source), an assessment's `about` or `note`, an `actor`",
        ),
        Code(
            "invalid-value",
            _E,
            "a value of the wrong type or form, a date that is not real, an end before a start",
        ),
        # References between entries
        Code("unknown-ref", _E, 'a reference to an id that does not exist (with "did you mean")'),
        Code(
            "wrong-kind", _E, "a reference to an entry of the wrong kind (`place:` naming an actor)"
        ),
        Code(
            "unsafe-link",
            _E,
            "a Markdown link whose scheme is not http, https or mailto (entities decoded first)",
        ),
        Code("internal-ref", _E, "public content naming an internal or embargoed entry"),
        # Media and evidence
        Code(
            "missing-file",
            _E,
            "a relative link or image in Markdown, or a preserved copy (`files:`), that names "
            "no file of `media/` (nor, for a link, an entry file of `content/`): a file that "
            "is not there, a folder, a path out of the project",
        ),
        Code(
            "image-format",
            _E,
            "a file of `media/` that a page shows or links and that cannot be published "
            "without its metadata: a HEIC or AVIF image, or a file named `.jpg`, `.png`, "
            "`.webp` or `.tif` that is none of these",
        ),
        Code(
            "hash-mismatch",
            _E,
            "a preserved copy whose SHA-256 is not the `sha256` written for it (both are "
            "given in full)",
        ),
        Code("cycle", _E, "`part_of` or `via` going round in a circle"),
        # Claims and assessments
        Code("duplicate-assessment", _E, "two assessments of one property on one entry"),
        Code(
            "orphan-assessment",
            _W,
            "an assessment about a property no claim of that entry is about",
        ),
        Code("unassessed", _W, "a conflict or discrepancy without an assessment"),
        Code(
            "single-source",
            _W,
            "a claim resting on one source in a contradicted group that has no assessment "
            "(an assessment shows the editor has weighed it)",
        ),
        # The audit
        Code(
            "uncited-source",
            _W,
            "a source no claim and no `[^id]` cites (being in another source's `via` is not "
            "a citation). Not reported while some entries cannot be read, since their "
            "citations are unknown.",
        ),
        Code(
            "unsourced-incident",
            _W,
            "an incident with no `[^source]` citation and no sourced claim about it",
        ),
        Code(
            "accessed-before-published",
            _W,
            "a source's `accessed` date before its `published` date",
        ),
        Code(
            "no-archive",
            _W,
            "a source with a `url` but no `archive_url` (a source known only through "
            "another, with no URL, needs none)",
        ),
        Code(
            "archive-mismatch",
            _W,
            "a Wayback Machine `archive_url` that archives another address than the "
            "source's `url` (`http` and `https`, `www.` and a trailing `/` aside)",
        ),
        Code(
            "archive-before-published",
            _W,
            "a Wayback Machine `archive_url` whose timestamp is before the source's "
            "`published` date, compared at that date's precision",
        ),
        Code("no-alt", _W, "an image in Markdown without alt text"),
        Code(
            "image-orientation",
            _W,
            "an image stored turned, upright only by its EXIF orientation: the site removes "
            "that tag with the rest of the metadata, so it would show turned",
        ),
        Code(
            "ignored-file",
            _W,
            "a file in `content/` that is not an entry, or a symbolic link to a folder (in "
            "`content/` or `media/`)",
        ),
    )
}
"""Every code a diagnostic may carry, by name: `Report` refuses any other."""


def code_table(severity: Severity) -> str:
    """The Markdown table of the codes of one severity, as docs/format.md shows it."""
    rows = [f"| `{c.name}` | {c.description} |\n" for c in CODES.values() if c.severity is severity]
    return "| code | when |\n|---|---|\n" + "".join(rows)


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
    """Stable short code, shown in brackets: `unknown-ref`; a name in `CODES`."""
    message: str
    """What is wrong and how to fix it, in one line."""

    def text(self) -> str:
        """The diagnostic as `dossier check` prints it: `path:line:col: severity: ... [code]`,
        one line whatever the file held (controls quoted from it are shown escaped)."""
        return (
            f"{one_line(self.path)}:{self.line}:{self.column}: {self.severity}: "
            f"{one_line(self.message)} [{self.code}]"
        )


_CONTROLS = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F)]
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _CONTROLS}
_ESCAPES |= {0x2066 + i: f"\\u{0x2066 + i:04x}" for i in range(4)}
_ESCAPES |= {ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"}


def one_line(text: str) -> str:
    """`text` with every control character, line separator and bidirectional control shown
    escaped (`\\n`, `\\x1b`, `\\u202e`), so that it prints as one line, as written."""
    return text.translate(_ESCAPES) if not text.isprintable() else text


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
        self.diagnostics.append(Diagnostic(at.path, at.line, at.column, severity, code, message))

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
        """The line printed on standard error."""
        return f"dossier: error: {self.message}"

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
    """One JSON array of `{path, line, column, severity, code, message}`."""
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
        lines.append(f"::{d.severity} {props}::{_escape_data(one_line(d.message))}\n")
    return "".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
