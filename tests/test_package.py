"""The package installs as a real wheel, theme included, and runs from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("dossier-*.whl")
    return built


def test_wheel_holds_the_package_and_the_default_theme(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "dossier/cli.py" in names
    assert "dossier/themes/default/README.md" in names
    assert "dossier/themes/default/static/vendor/minisearch.js" in names
    assert "dossier/schemas/incident.schema.json" in names
    # The borders the maps and `outside-country` read, with their licence and notice.
    for name in ("countries-110m.json", "countries-50m.json", "LICENSE", "NOTICE"):
        assert f"dossier/atlas/{name}" in names
    assert any(n.startswith("dossier/scaffold/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "dossier = dossier.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_checks_a_dossier(wheel, tmp_path):
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    harbour = ROOT / "tests" / "sites" / "valid" / "harbour"
    result = subprocess.run(
        [sys.executable, "-c", "import dossier, sys; print(dossier.__file__)"],
        env=os.environ | {"PYTHONPATH": str(target)},
        cwd=tmp_path,  # not the repo, whose own dossier/ would be imported first
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith(str(target))
    check = subprocess.run(
        [sys.executable, "-m", "dossier", "check", "--strict", str(harbour)],
        env=os.environ | {"PYTHONPATH": str(target)},
        cwd=tmp_path,  # not the repo, whose own dossier/ would be imported first
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
