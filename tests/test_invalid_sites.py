"""Golden tests: each folder of tests/sites/invalid/ is a tiny dossier with one problem.

`dossier check --strict <case>` must print exactly the case's `expected.txt` (diagnostics
with paths relative to the case folder) and exit with status 1.

To regenerate every expected.txt after a deliberate change to a message, run

    DOSSIER_REGEN=1 .venv/bin/python -m pytest tests/test_invalid_sites.py

and review the diff before committing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "sites" / "invalid"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
REGEN = os.environ.get("DOSSIER_REGEN") == "1"

CODES = {
    # errors
    "yaml-syntax", "yaml-alias", "yaml-tag", "duplicate-key", "encoding", "control-char",
    "front-matter", "not-a-mapping", "invalid-id", "duplicate-id", "symlink",
    "misplaced-file", "unknown-folder", "file-name", "unknown-key", "missing-key",
    "invalid-value", "unknown-ref", "wrong-kind", "unsafe-link", "cycle",
    "duplicate-assessment",
    # warnings
    "ignored-file", "orphan-assessment", "uncited-source", "unsourced-incident",
    "single-source", "unassessed", "accessed-before-published", "no-archive",
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_check_prints_expected(case: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "check", "--strict", str(case)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    expected = case / "expected.txt"
    if REGEN:
        expected.write_text(result.stdout, encoding="utf-8", newline="\n")
    assert result.stdout == expected.read_text(encoding="utf-8")
    assert result.returncode == 1, result.stderr


def test_every_code_is_covered() -> None:
    found = set()
    for case in CASES:
        text = (case / "expected.txt").read_text(encoding="utf-8")
        found.update(re.findall(r"\[([a-z-]+)\]$", text, re.MULTILINE))
    assert CODES - found == set()
