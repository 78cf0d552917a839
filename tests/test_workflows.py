"""The GitHub Actions workflows, the project's own and the one `dossier init` writes, pass
both linters (check-jsonschema's GitHub schemas and zizmor, offline) with no finding, and
keep the rules zizmor cannot see: actions pinned to a commit with the version beside it,
the same pin everywhere, the token given only what each job needs."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_dossier

ROOT = Path(__file__).parent.parent
SCAFFOLD = ROOT / "dossier" / "scaffold" / "project" / "dot-github" / "workflows" / "dossier.yml"
OWN = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
WORKFLOWS = [*OWN, SCAFFOLD]
IDS = [p.relative_to(ROOT).as_posix() for p in WORKFLOWS]
PINNED = re.compile(r"^\s*-?\s*uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


def tool(name: str) -> str:
    """A linter installed with this Python's packages (the test extras pin them)."""
    found = shutil.which(name, path=sysconfig.get_path("scripts"))
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def load(path: Path) -> dict[Any, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_there_are_the_ci_and_release_workflows():
    assert [p.name for p in OWN] == ["ci.yml", "release.yml"]


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_workflows_match_the_github_schema(schema):
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona):
    # The project's CI runs in Debian's Python images, pinned by tag: only the pedantic
    # persona asks for a digest, so the project's own are held to the regular one.
    files = [SCAFFOLD] if persona == "pedantic" else WORKFLOWS
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", persona, "--format", "plain", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_the_only_finding_kept_quiet_is_the_local_reusable_workflow():
    ignores = [
        (path.name, line.strip())
        for path in WORKFLOWS
        for line in path.read_text(encoding="utf-8").splitlines()
        if "zizmor: ignore" in line
    ]
    assert ignores == [
        ("release.yml", "uses: ./.github/workflows/ci.yml # zizmor: ignore[self-repository]")
    ]


def uses_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]


@pytest.mark.parametrize("path", WORKFLOWS, ids=IDS)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    for line in uses_lines(path):
        if "uses: ./" in line:  # a workflow of this repository
            continue
        assert PINNED.match(line), f"not pinned to a commit with '# vX.Y.Z': {line.strip()}"


def test_an_action_has_one_pin_everywhere():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in uses_lines(path):
            if m := PINNED.match(line):
                pins.setdefault(m[1], set()).add((m[2], m[3]))
    assert pins and all(len(found) == 1 for found in pins.values()), pins


def jobs(path: Path) -> dict[str, dict[str, Any]]:
    found = load(path)["jobs"]
    assert isinstance(found, dict)
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=IDS)
def test_the_token_gets_only_what_each_job_needs(path):
    assert load(path)["permissions"] == {}, "nothing by default"
    for name, job in jobs(path).items():
        granted = job.get("permissions")
        assert isinstance(granted, dict) and granted, f"{name} says what it needs"
        assert set(granted.values()) <= {"read", "write"}
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes in (set(), {"pages", "id-token"}, {"id-token"}), (name, writes)
        if writes:
            assert "environment" in job, f"{name} publishes, from an environment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=IDS)
def test_no_checkout_keeps_the_token_in_git(path):
    steps = [s for job in jobs(path).values() for s in job.get("steps", [])]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_the_dossier_workflow_reads_the_whole_history():
    # SPEC 11: the site says when each entry changed, read from the history.
    steps = [s for job in jobs(SCAFFOLD).values() for s in job.get("steps", [])]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 2 and all(s["with"]["fetch-depth"] == 0 for s in checkouts)


def test_the_dossier_workflow_builds_with_no_cache_it_would_throw_away(tmp_path):
    """A fresh runner has no `.dossier-cache/`: the build it runs, run here on the
    scaffold, writes the site and no cache (keeping one would cost the build time)."""
    steps = [s for job in jobs(SCAFFOLD).values() for s in job.get("steps", [])]
    (build,) = [s["run"] for s in steps if s.get("run", "").startswith("dossier build")]
    project = tmp_path / "newsroom"
    assert run_dossier("init", str(project)).returncode == 0
    argv = shlex.split(build, comments=True)[1:]
    done = run_dossier(*argv, cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "site" / "index.html").is_file()
    assert not (project / ".dossier-cache").exists()


def test_only_the_publish_job_of_a_tag_can_publish_to_pypi():
    release = load(ROOT / ".github" / "workflows" / "release.yml")
    assert release[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads `on` as true
    publish = release["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert publish["needs"] == "build"
    build = release["jobs"]["build"]
    assert build["needs"] == "ci"
    assert "python -m build" in [s.get("run") for s in build["steps"]]
    assert release["jobs"]["ci"]["uses"] == "./.github/workflows/ci.yml"


def makefile_lint() -> list[str]:
    """The commands of the Makefile's `lint` target, as run with the venv on PATH."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = text.split("\nlint:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    return [line.strip().replace("$(BIN)/", "") for line in recipe]


def test_ci_runs_make_test_on_linux_and_its_lint_and_tests_elsewhere():
    ci = jobs(ROOT / ".github" / "workflows" / "ci.yml")
    assert ci["linux"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert ci["linux"]["steps"][-1]["run"] == "make test"
    other = ci["other"]
    assert other["strategy"]["matrix"] == {
        "os": ["macos-latest", "windows-latest"],
        "python": ["3.11", "3.12", "3.13"],
    }
    runs = {s.get("name"): s.get("run", "") for s in other["steps"]}
    assert runs["Lint (make lint)"].split("\n")[:-1] == makefile_lint()
    (suite,) = [s for s in other["steps"] if s.get("run") == "python -m pytest"]
    assert suite["env"] == {"CI": "false"}  # Debian's chromium and Pango are Linux's
