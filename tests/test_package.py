"""The package installs as a real wheel, theme included, and runs from it; its name on PyPI
(`dossier-ssg`: `dossier` there is someone else's) is the one every install line names."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from dossier import __version__

ROOT = Path(__file__).parent.parent
DISTRIBUTION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["name"]
WHEEL_NAME = DISTRIBUTION.replace("-", "_")


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
    (built,) = out.glob(f"{WHEEL_NAME}-{__version__}-*.whl")
    return built


def test_the_distribution_is_not_the_unrelated_dossier():
    # `dossier` on PyPI is someone else's project (a logging library, when this was
    # written); the import package and the command keep the name.
    assert canonicalize_name(DISTRIBUTION) == "dossier-ssg"


def test_wheel_metadata_names_the_distribution_and_the_version(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    fields = Parser().parsestr(zipfile.ZipFile(wheel).read(metadata).decode())
    assert fields["Name"] == DISTRIBUTION
    assert fields["Version"] == __version__
    # Not the newest metadata version: the Twine inside the publishing action reads 2.4.
    assert fields["Metadata-Version"] == "2.4"
    # The licence the metadata names, and its text beside it.
    assert fields["License-Expression"] == "MIT"
    licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
    assert "MIT License" in zipfile.ZipFile(wheel).read(licence).decode()


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
    # The message catalogs, compiled and as sources (SPEC §10).
    assert "dossier/locales/messages.pot" in names
    for lang in ("en", "tr", "ru", "uk", "ar", "fr", "es", "de"):
        for suffix in ("po", "mo"):
            assert f"dossier/locales/{lang}/LC_MESSAGES/messages.{suffix}" in names
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


def test_the_sdist_builds_the_same_wheel(tmp_path):
    """What the release workflow does: `python -m build`, a wheel made from the sdist."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "-o", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob(f"{WHEEL_NAME}-{__version__}.tar.gz")
    (built,) = tmp_path.glob(f"{WHEEL_NAME}-{__version__}-*.whl")
    top = f"{WHEEL_NAME}-{__version__}/"
    with tarfile.open(sdist) as archive:
        held = {n.removeprefix(top) for n in archive.getnames()}
    assert {"pyproject.toml", "README.md", "CHANGELOG.md", "dossier/cli.py"} <= held
    assert "themes/default/templates/base.html" in held
    assert not any(n.startswith(("tests/", "bench/", "content/", "site/")) for n in held)
    names = zipfile.ZipFile(built).namelist()
    assert "dossier/themes/default/static/vendor/minisearch.js" in names
    assert "dossier/scaffold/project/dot-github/workflows/dossier.yml" in names


# Every line that tells someone to install dossier names the distribution.

INSTALL_DOCS = [
    "README.md",
    "CHANGELOG.md",
    *(p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "docs").glob("*.md"))),
    "dossier/scaffold/project/README.md",
    "dossier/scaffold/project/dot-github/workflows/dossier.yml",
    *(p.relative_to(ROOT).as_posix() for p in sorted((ROOT / ".github").rglob("*.yml"))),
]
INSTALL = re.compile(r"\bpip[x3]?(?:\.exe)? install (?P<args>[^#`\n]*)")


def installed(text: str) -> list[str]:
    """The requirements that the install commands in `text` name (not paths, not options)."""
    found = []
    for match in INSTALL.finditer(text):
        for arg in shlex.split(match["args"].replace("\\", "/")):
            if arg.startswith(("-", ".", "$", "/")) or arg.endswith(".whl"):
                continue  # an option, a local folder, a variable, a built wheel
            found.append(arg)
    return found


def dossier_requirements(rel: str) -> list[Requirement]:
    text = (ROOT / rel).read_text(encoding="utf-8")
    named = installed(text)
    if rel.endswith("workflows/dossier.yml"):
        named.append(yaml.safe_load(text)["env"]["DOSSIER_PACKAGE"])
    found = []
    for arg in named:
        try:
            requirement = Requirement(arg)
        except InvalidRequirement:
            assert "dossier" not in arg, f"{rel}: cannot read the requirement {arg!r}"
            continue
        if canonicalize_name(requirement.name).startswith("dossier"):
            found.append(requirement)
    return found


@pytest.mark.parametrize("rel", INSTALL_DOCS)
def test_every_install_of_dossier_names_the_distribution_at_this_version(rel):
    for requirement in dossier_requirements(rel):
        assert canonicalize_name(requirement.name) == canonicalize_name(DISTRIBUTION), (
            f"{rel}: installs {requirement.name}, not {DISTRIBUTION}"
        )
        pinned = [s.version for s in requirement.specifier if s.operator == "=="]
        assert pinned in ([], [__version__]), f"{rel}: pins {requirement}, not {__version__}"


@pytest.mark.parametrize(
    "rel",
    [
        "README.md",
        "dossier/scaffold/project/README.md",
        "dossier/scaffold/project/dot-github/workflows/dossier.yml",
    ],
)
def test_the_places_a_newsroom_reads_say_how_to_install(rel):
    assert dossier_requirements(rel)


def test_install_lines_are_read_as_a_shell_reads_them():
    text = (
        '.venv/bin/pip install "dossier-ssg==0.1.0"    # on Windows: .venv\\Scripts\\pip'
        ' install "dossier-ssg==0.1.0"\n'
        "pip install -e '.[test]' build==1.6.1 dist/*.whl \"$DOSSIER_PACKAGE\"\n"
        "`pip install dossier`\n"
    )
    assert installed(text) == [
        "dossier-ssg==0.1.0",
        "dossier-ssg==0.1.0",
        "build==1.6.1",
        "dossier",
    ]
