"""`dossier init` and `dossier new` as a newsroom runs them, and the pre-commit hook."""

from __future__ import annotations

import errno
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import deep_folder, refuse, run_dossier

from dossier import __version__
from dossier import schema as schemas
from dossier.cli import main
from dossier.kinds import Kind
from dossier.model import Source
from dossier.pipeline import check

ROOT = Path(__file__).parent.parent
PAGES_ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}
"""The actions the workflow uses (each pinned to a commit: tests/test_workflows.py)."""


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under `folder`."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by `dossier init`, not to be changed by the tests that share it."""
    folder = tmp_path_factory.mktemp("init") / "newsroom"
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    folder = tmp_path / "newsroom"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    return folder


# init


def test_init_lists_what_it_made_and_the_next_steps(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"created a dossier in {tmp_path / 'new'}:"
    assert "  dossier.yml" in lines
    assert "  content/incidents/warehouse-fire.md" in lines
    assert "  .github/workflows/dossier.yml" in lines
    assert f"  cd {tmp_path / 'new'}" in lines
    assert any(line.startswith("  dossier check --strict") for line in lines)


def test_init_defaults_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0
    assert (tmp_path / "dossier.yml").is_file()
    assert not any(line.startswith("  cd ") for line in result.output.splitlines())


def test_init_makes_a_dossier_that_checks_clean_and_builds(project):
    result = run_dossier("check", "--strict", str(project))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "6 entries checked: no problems\n"
    built = run_dossier("build", "--strict", str(project), "--out", str(project.parent / "site"))
    assert built.returncode == 0, built.stderr
    assert (project.parent / "site" / "index.html").is_file()
    assert (project.parent / "site" / "incidents" / "warehouse-fire.html").is_file()


def test_init_writes_the_project_layout(project):
    files = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    files -= {f for f in files if f.startswith(".dossier-cache/")}  # an earlier test built it
    assert files == {
        ".github/workflows/dossier.yml",
        ".gitignore",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "README.md",
        "content/actors/city-fire-service.yml",
        "content/incidents/warehouse-fire.md",
        "content/pages/about.md",
        "content/places/riverside-port.yml",
        "content/sources/evening-gazette-report.yml",
        "content/sources/fire-service-statement.yml",
        "dossier.yml",
        *(f"schemas/{kind}.schema.json" for kind in schemas.KINDS),
    }
    for kind in schemas.KINDS:
        assert (project / "schemas" / f"{kind}.schema.json").read_text() == schemas.shipped(kind)
    ignored = (project / ".gitignore").read_text().splitlines()
    assert {"site/", ".dossier-cache/", ".venv/", "__pycache__/"} <= set(ignored)


def test_the_examples_show_each_feature(project):
    checked = check(project)
    entries = checked.entries
    assert sorted(str(e.kind) for e in entries.values()) == sorted(
        ["incident", "actor", "place", "source", "source", "page"]
    )
    incident = entries["warehouse-fire"]
    data = incident.data
    assert data.date is not None and data.place == "riverside-port"  # type: ignore[attr-defined]
    assert all(a.role for a in data.actors)  # type: ignore[attr-defined]
    assert re.search(r"\[\^[a-z-]+\]", incident.body) and "[[" in incident.body
    (contradiction,) = checked.claims.contradictions
    assert contradiction.kind == "discrepancy"
    assert contradiction.assessment is not None
    assert entries["riverside-port"].data.coordinates is not None  # type: ignore[attr-defined]
    sources = [e.data for e in entries.values() if isinstance(e.data, Source)]
    assert any(s.via for s in sources)
    for s in sources:
        assert s.url and s.archive_url and s.published and s.accessed
        assert s.published.first <= s.accessed


def test_yml_examples_name_their_schema_on_the_first_line(project):
    for path in sorted((project / "content").rglob("*.yml")):
        kind = path.parent.name[:-1]
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
        assert (path.parent / first.split("=")[1]).resolve().is_file()


def test_vscode_maps_every_schema(project):
    settings = json.loads((project / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for kind in schemas.KINDS:
        schema_path = f"./schemas/{kind}.schema.json"
        assert (project / schema_path).is_file()
        expected = "/dossier.yml" if kind == "config" else f"/content/{kind}s/*.yml"
        assert expected in mapping[schema_path]
    extensions = json.loads((project / ".vscode" / "extensions.json").read_text())
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]


def test_readme_tells_the_newsroom_how(project):
    readme = (project / "README.md").read_text()
    for needed in (
        "dossier new",
        "dossier check --strict",
        "dossier build",
        "GitHub Pages",
        f'pip install "dossier-ssg=={__version__}"',
        "git+https://",
        "front matter",
    ):
        assert needed in readme


def workflow(project: Path) -> dict[Any, Any]:
    loaded = yaml.safe_load((project / ".github" / "workflows" / "dossier.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_workflow_checks_pull_requests_and_publishes_main(project):
    flow = workflow(project)
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true, as GitHub does not
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    uses = {s["uses"].split("@")[0] for job in jobs.values() for s in job["steps"] if "uses" in s}
    assert uses == PAGES_ACTIONS
    runs = {job: [s.get("run", "") for s in jobs[job]["steps"]] for job in jobs}
    assert "pull_request" in jobs["check"]["if"]
    assert "dossier check --strict --format github" in runs["check"]
    assert any(r.startswith("pip install") for r in runs["check"])
    assert flow["env"]["DOSSIER_PACKAGE"] == f"dossier-ssg=={__version__}"
    assert any(r.startswith("dossier build") for r in runs["build"])
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert flow["permissions"] == {}
    assert deploy["environment"]["name"] == "github-pages"


def test_every_job_checks_out_the_whole_history(project):
    """A shallow checkout cuts the history short (SPEC §11): `fetch-depth: 0` everywhere."""
    checkouts = [
        (name, step)
        for name, job in workflow(project)["jobs"].items()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/checkout")
    ]
    assert {name for name, _ in checkouts} == {"check", "build"}
    for name, step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0, name


def test_init_refuses_to_write_over_a_file(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "README.md").write_text("our notes\n")
    (tmp_path / "notes.txt").write_text("kept\n")
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"dossier: error: {tmp_path} already has files")
    assert result.output.endswith("another folder:\n  README.md\n")
    assert snapshot(tmp_path) == before


def test_init_refuses_a_file_where_a_folder_goes(tmp_path):
    (tmp_path / "content").write_text("not a folder\n")
    (tmp_path / "dossier.yml").write_text("title: Ours\n")
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.endswith(":\n  content\n  dossier.yml\n")
    assert snapshot(tmp_path) == before


def test_init_refuses_a_file_as_its_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "file")])
    assert result.exit_code == 2


# Files that cannot be written: one line naming the file and the cause, exit 1, and
# nothing half-written left behind.


def test_init_that_cannot_write_a_file_removes_what_it_wrote(tmp_path, monkeypatch):
    folder = tmp_path / "newsroom"
    refuse(monkeypatch, errno.ENOSPC, lambda path: path.endswith("/README.md"), "write")
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"dossier: error: cannot write {folder}/README.md: No space left on device; "
        "nothing was written\n"
    )
    assert not folder.exists()


def test_init_into_an_existing_folder_leaves_it_as_it_was(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("mine\n")
    before = snapshot(tmp_path)
    refuse(monkeypatch, errno.EACCES, lambda path: path.endswith("/page.schema.json"), "open")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.endswith("page.schema.json: Permission denied; nothing was written\n")
    assert snapshot(tmp_path) == before


def test_init_into_a_name_too_long_for_the_file_system(tmp_path):
    folder = tmp_path / ("b" * 300)
    result = run_dossier("init", str(folder))
    assert result.returncode == 1
    assert result.stderr == f"dossier: error: cannot write {folder}: File name too long\n"


def test_new_that_cannot_write_leaves_no_file(make_dossier, monkeypatch):
    root = make_dossier({})
    refuse(monkeypatch, errno.ENOSPC, lambda path: path.endswith(".md"), "write")
    result = CliRunner().invoke(main, ["new", "incident", "strike", "--dir", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"dossier: error: cannot write {root}/content/incidents/strike.md: "
        "No space left on device; nothing was written\n"
    )
    assert not (root / "content").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="Linux's PATH_MAX is 4096")
def test_new_in_a_folder_too_deep_for_a_long_id(tmp_path):
    root = deep_folder(tmp_path, 3990)
    (root / "dossier.yml").write_text("title: Deep\n")
    entry_id = "a" * 100
    result = run_dossier("new", "incident", entry_id, "--dir", str(root))
    assert result.returncode == 1
    assert result.stderr == (
        f"dossier: error: cannot write {root}/content/incidents/{entry_id}.md: "
        "File name too long; nothing was written\n"
    )
    assert not (root / "content").exists()


# new

EXPECTED_WARNINGS = {
    # Nothing cites a new source yet, and a new incident cites nothing: both are the
    # editor's next step, and no template can do it without inventing a source.
    Kind.SOURCE: ["uncited-source"],
    Kind.INCIDENT: ["unsourced-incident"],
}


@pytest.mark.parametrize("kind", list(Kind))
def test_new_writes_an_entry_that_checks_clean(fresh, kind):
    result = CliRunner().invoke(main, ["new", kind.value, "harbour-strike", "--dir", str(fresh)])
    assert result.exit_code == 0, result.output
    suffix = ".md" if kind in (Kind.INCIDENT, Kind.PAGE) else ".yml"
    path = fresh / "content" / kind.folder / f"harbour-strike{suffix}"
    assert result.output == f"{path}\n"
    report = check(fresh).report
    assert report.errors == 0, report.sorted()
    assert [d.code for d in report.sorted()] == EXPECTED_WARNINGS.get(kind, [])
    text = path.read_text()
    if suffix == ".yml":
        assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json")
    if kind is Kind.INCIDENT:
        assert f"\ndate: {date.today().isoformat()} " in text
    if kind is Kind.SOURCE:
        assert f"\naccessed: {date.today().isoformat()} " in text


def test_new_defaults_to_the_current_folder(fresh, monkeypatch):
    monkeypatch.chdir(fresh)
    result = CliRunner().invoke(main, ["new", "page", "methodology"])
    assert (result.exit_code, result.output) == (0, "content/pages/methodology.md\n")


def test_new_without_schemas_writes_no_modeline(make_dossier):
    root = make_dossier({})
    result = CliRunner().invoke(main, ["new", "actor", "nato", "--dir", str(root)])
    assert result.exit_code == 0
    assert (root / "content/actors/nato.yml").read_text().startswith("name: Nato\n")
    assert check(root).report.diagnostics == []


@pytest.mark.parametrize(("entry_id", "title"), [("2017", '"2017"'), ("yes", '"Yes"')])
def test_new_quotes_a_title_yaml_would_read_as_something_else(make_dossier, entry_id, title):
    root = make_dossier({})
    result = CliRunner().invoke(main, ["new", "page", entry_id, "--dir", str(root)])
    assert result.exit_code == 0
    assert f"\ntitle: {title}\n" in (root / f"content/pages/{entry_id}.md").read_text()
    assert check(root).report.diagnostics == []


def refused(root: Path, *args: str) -> str:
    """Run `dossier new` expecting exit status 2 and no change; its message."""
    before = snapshot(root)
    result = CliRunner().invoke(main, ["new", *args, "--dir", str(root)])
    assert result.exit_code == 2
    assert snapshot(root) == before
    return result.output


def test_new_refuses_an_invalid_id(fresh):
    assert refused(fresh, "incident", "Harbour Fire") == (
        "dossier: error: 'Harbour Fire' is not a valid id: an id is lowercase letters, digits "
        "and single hyphens, such as 'harbour-fire'; it becomes the file name\n"
    )


def test_new_refuses_an_id_taken_by_any_kind_and_lists_near_ids(make_dossier):
    root = make_dossier(
        {
            "content/incidents/harbour-fire.md": "---\ntitle: Fire\n---\n",
            "content/incidents/2020/harbour-fires.yml": "title: Fires\n",
            "content/places/harbour.yml": "name: Harbour\n",
        }
    )
    assert refused(root, "source", "harbour-fire") == (
        "dossier: error: id 'harbour-fire' is taken by content/incidents/harbour-fire.md; ids "
        "are unique across all kinds, so choose another; ids near it already in use: "
        "harbour-fires, harbour\n"
    )


def test_new_refuses_an_unknown_kind(fresh):
    assert refused(fresh, "incidents", "x") == (
        "dossier: error: unknown kind 'incidents' (did you mean 'incident'?); "
        "kinds are actor, incident, page, place, source\n"
    )


def test_new_refuses_a_folder_without_dossier_yml(tmp_path):
    assert refused(tmp_path, "page", "about").startswith(
        f"dossier: error: no dossier.yml in {tmp_path}: is this a dossier folder?"
    )


# pre-commit


def test_pre_commit_hook_checks_the_content():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "dossier-check"
    assert hook["entry"] == "dossier check --strict"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/incidents/x.md") and files.search("dossier.yml")
    assert not files.search("README.md") and not files.search("site/dossier.yml")
