"""The registry of diagnostic codes, the one error type, and the docs made from them.

docs/format.md's tables of codes are generated from `dossier.diagnostics.CODES`. After a
deliberate change to the registry, regenerate them with

    DOSSIER_REGEN=1 .venv/bin/python -m pytest tests/test_diagnostics.py

and review the diff before committing it.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import pytest
from conftest import run_dossier

from dossier import diagnostics
from dossier.diagnostics import (
    CODES,
    Diagnostic,
    DossierError,
    Location,
    Report,
    Severity,
    ThemeError,
    UsageError,
    code_table,
    format_github,
    format_json,
    format_text,
)
from dossier.pipeline import check

ROOT = Path(__file__).parent.parent
FORMAT_MD = ROOT / "docs" / "format.md"
REGEN = os.environ.get("DOSSIER_REGEN") == "1"
# Each table sits between `<!-- codes: warning -->` (or error) and `<!-- /codes -->`.
TABLE = re.compile(r"(<!-- codes: (error|warning) -->\n)(.*?)(<!-- /codes -->)", re.DOTALL)


def test_the_tables_of_format_md_are_the_registry():
    text = FORMAT_MD.read_text(encoding="utf-8")
    made = TABLE.sub(lambda m: m[1] + code_table(Severity(m[2])) + m[4], text)
    if REGEN:
        FORMAT_MD.write_text(made, encoding="utf-8", newline="\n")
        text = made
    assert sorted(m[2] for m in TABLE.finditer(text)) == ["error", "warning"]
    assert text == made, "run DOSSIER_REGEN=1 pytest tests/test_diagnostics.py"


def test_codes_are_slugs_with_one_line_each():
    for name, code in CODES.items():
        assert code.name == name
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), name
        assert code.description and "\n" not in code.description and "|" not in code.description


def _literal_codes() -> set[tuple[str, str]]:
    """(code, method) of every `x.error(at, "code", ...)`, `x.warning(...)` and
    `x._fail(node, "code", ...)` in the package whose code is written out."""
    found = set()
    for file in (ROOT / "dossier").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("error", "warning", "_fail")
                and len(node.args) == 3
                and isinstance(code := node.args[1], ast.Constant)
                and isinstance(code.value, str)
            ):
                found.add((code.value, node.func.attr))
    return found


def test_every_code_the_package_reports_is_registered_with_its_severity():
    used = _literal_codes()
    assert len(used) > 25  # the scan finds the calls
    for name, method in used:
        assert name in CODES, name
        wanted = Severity.WARNING if method == "warning" else Severity.ERROR
        assert CODES[name].severity is wanted, name


def test_every_registered_code_is_reported_somewhere():
    assert set(CODES) - {name for name, _ in _literal_codes()} == set()


@pytest.mark.parametrize(
    ("method", "code"),
    [("error", "unknwon-ref"), ("warning", "unknown-ref"), ("error", "no-archive")],
)
def test_a_report_refuses_a_code_not_registered_with_that_severity(method, code):
    with pytest.raises(ValueError, match=f"'{code}' is not a registered {method} code"):
        getattr(Report(), method)(Location("f.yml"), code, "message")


def test_a_report_takes_a_registered_code():
    report = Report()
    report.error(Location("a.yml", 2, 3), "unknown-ref", "unknown place 'x'")
    report.warning(Location("a.yml"), "no-archive", "no archive")
    assert (report.errors, report.warnings) == (1, 1)
    assert report.sorted()[0].text() == "a.yml:1:1: warning: no archive [no-archive]"


def test_errors_format_themselves_and_carry_their_exit_status(capsys):
    usage = UsageError("no dossier.yml in x: is this a dossier folder?")
    theme = ThemeError("places/index.html: 'x' is undefined")
    assert isinstance(usage, DossierError) and isinstance(theme, DossierError)
    assert not isinstance(theme, UsageError)
    assert (usage.exit_code, theme.exit_code, DossierError("x").exit_code) == (2, 1, 1)
    assert usage.text() == "dossier: error: no dossier.yml in x: is this a dossier folder?"
    assert str(theme) == "places/index.html: 'x' is undefined"  # as `serve` shows it
    assert theme.text() == (
        "dossier: error: theme: places/index.html: 'x' is undefined; the previous site is unchanged"
    )
    theme.show()
    assert capsys.readouterr().err == theme.text() + "\n"


def test_a_diagnostic_stays_one_line_whatever_it_quotes(make_dossier):
    root = make_dossier({"content/pages/p.yml": 'title: P\n"a\\x1bb\\nc\\u202e": 1\n'})
    result = run_dossier("check", str(root))
    assert result.stdout == (
        "content/pages/p.yml:2:1: error: the key 'a\\x1bb\\nc\\u202e' holds control character "
        "U+001B, written as an escape in quotes; delete the escape [control-char]\n"
    )
    github = run_dossier("check", "--format", "github", str(root)).stdout
    assert github.count("\n") == 1 and "\x1b" not in github


HOSTILE_PATH = "content/pages/a\nb\x1b[2J\u202e\udce9.md"
HOSTILE_MESSAGE = "unknown key 'x\ny\r\x1b]0;owned\x07\u2028\u2066'"


def _hostile() -> list[Diagnostic]:
    report = Report()
    report.error(Location(HOSTILE_PATH, 2, 3), "unknown-key", HOSTILE_MESSAGE)
    report.warning(Location("content/sources/s.yml"), "no-archive", "no archive")
    return report.sorted()


def test_the_text_format_escapes_path_and_message_on_one_line():
    assert format_text(_hostile()).splitlines() == [
        "content/pages/a\\nb\\x1b[2J\\u202e\\xe9.md:2:3: error: "
        "unknown key 'x\\ny\\r\\x1b]0;owned\\x07\\u2028\\u2066' [unknown-key]",
        "content/sources/s.yml:1:1: warning: no archive [no-archive]",
    ]


def test_the_github_format_escapes_as_the_text_does_then_in_its_own_escapes():
    assert format_github(_hostile()).split("\n") == [
        "::error file=content/pages/a\\nb\\x1b[2J\\u202e\\xe9.md,line=2,col=3,"
        "title=unknown-key::unknown key 'x\\ny\\r\\x1b]0;owned\\x07\\u2028\\u2066'",
        "::warning file=content/sources/s.yml,line=1,col=1,title=no-archive::no archive",
        "",
    ]


def test_the_json_format_is_ascii_names_the_real_file_and_escapes_the_message():
    printed = format_json(_hostile())
    assert printed.isascii()
    rows = json.loads(printed)
    assert rows[0]["path"] == HOSTILE_PATH  # the file's own name, to open it
    assert rows[0]["message"] == "unknown key 'x\\ny\\r\\x1b]0;owned\\x07\\u2028\\u2066'"
    assert json.loads(format_json([Diagnostic("é", 1, 1, Severity.ERROR, "x", "ü")])) == [
        {"path": "é", "line": 1, "column": 1, "severity": "error", "code": "x", "message": "ü"}
    ]


def test_a_command_error_escapes_what_it_quotes_but_its_own_line_breaks():
    assert UsageError("no dossier.yml in a\rb\x1b[2J\u202e:\n  c").text() == (
        "dossier: error: no dossier.yml in a\\rb\\x1b[2J\\u202e:\n  c"
    )


def test_paths_in_diagnostics_use_forward_slashes(make_dossier, monkeypatch):
    monkeypatch.setattr(diagnostics, "_SEP", "\\")  # as on Windows
    report = Report()
    report.error(Location("content\\pages\\x.md"), "invalid-id", "bad")
    assert report.sorted()[0].path == "content/pages/x.md"
    root = make_dossier({"content/sources/2017/deep/s.yml": "title: S\nnope: 1\n"})
    assert [d.path for d in check(root).report.sorted()] == ["content/sources/2017/deep/s.yml"]
