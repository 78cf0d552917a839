"""Golden tests: each folder of tests/sites/invalid/ is a tiny dossier with one problem.

`dossier check --strict <case>` must print exactly the case's `expected.txt` (diagnostics
with paths relative to the case folder) and exit with status 1. Every code of the registry
(`dossier.diagnostics.CODES`) has a case, and every case's codes are registered.

A case whose problem git cannot hold lists, in `unreadable.txt`, the files that the test
makes unreadable in a copy of the case before checking it (`unreadable/`: git keeps no
file mode 000, and root reads any file whatever its mode, so for root the test makes the
read itself fail, as a file that is locked would). A case holding `shallow.txt` is
committed, twice, into a repository in a temporary folder, and a clone of depth 1 of it is
checked (`shallow-history`: a shallow clone cannot be kept inside this repository).

To regenerate every expected.txt after a deliberate change to a message, run

    DOSSIER_REGEN=1 .venv/bin/python -m pytest tests/test_invalid_sites.py

and review the diff before committing it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier import load
from dossier.cli import main
from dossier.diagnostics import CODES

CASES_DIR = Path(__file__).parent / "sites" / "invalid"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
REGEN = os.environ.get("DOSSIER_REGEN") == "1"
LOCKED = "unreadable.txt"
SHALLOW = "shallow.txt"


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_check_prints_expected(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if (case / LOCKED).is_file():
        stdout, stderr, status = _check_locked(case, tmp_path, monkeypatch)
    else:
        target = _shallow_clone(case, tmp_path) if (case / SHALLOW).is_file() else case
        result = subprocess.run(
            [sys.executable, "-m", "dossier", "check", "--strict", str(target)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        stdout, stderr, status = result.stdout, result.stderr, result.returncode
    assert "Traceback" not in stderr, stderr
    expected = case / "expected.txt"
    if REGEN:
        expected.write_text(stdout, encoding="utf-8", newline="\n")
    assert stdout == expected.read_text(encoding="utf-8")
    assert status == 1, stderr


def _check_locked(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str, int]:
    """`dossier check --strict` on a copy of `case` whose listed files cannot be read."""
    copy = Path(shutil.copytree(case, tmp_path / case.name))
    locked = [copy / rel for rel in (copy / LOCKED).read_text("utf-8").split()]
    for file in locked:
        file.chmod(0)
    if any(os.access(file, os.R_OK) for file in locked):  # root: the mode does not stop it
        read = load._read_bytes
        names = {str(file) for file in locked}

        def refuse(file: str | Path) -> bytes:
            if str(file) in names:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return read(file)

        monkeypatch.setattr(load, "_read_bytes", refuse)
    monkeypatch.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", "--strict", str(copy)])
    finally:
        for file in locked:
            file.chmod(0o644)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout, result.stderr, result.exit_code


def _shallow_clone(case: Path, tmp_path: Path) -> Path:
    """A clone of depth 1 of a repository holding `case` in two commits."""
    from gitrepo import GitRepo

    repo = GitRepo(tmp_path / "origin")
    shutil.copytree(case, repo.root, dirs_exist_ok=True)
    repo.commit("first", "2017-02-09T10:00:00+00:00")
    repo.write({"README.md": "second\n"})
    repo.commit("second", "2017-02-10T10:00:00+00:00")
    clone = tmp_path / case.name
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    return clone


def _codes_of(case: Path) -> set[str]:
    text = (case / "expected.txt").read_text(encoding="utf-8")
    return set(re.findall(r"\[([a-z-]+)\]$", text, re.MULTILINE))


def test_every_code_is_covered() -> None:
    found = set().union(*map(_codes_of, CASES))
    assert set(CODES) - found == set()


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_every_code_of_a_case_is_registered(case: Path) -> None:
    assert _codes_of(case) - set(CODES) == set()
