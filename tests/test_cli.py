"""The command as a user runs it: exit status, exact output lines, the three formats."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_dossier

from dossier.cli import main

VALID = Path(__file__).parent / "sites" / "valid"

BROKEN = {
    "content/sources/s.yml": "title: S\nurl: https://example.org/s\n",
    "content/incidents/strike.yml": "title: Strike\nplace: al-bab\n"
    "claims: [{about: x, value: 1, sources: [s]}]\n",
}
BROKEN_LINES = [
    "content/incidents/strike.yml:2:8: error: unknown place 'al-bab' [unknown-ref]",
    "content/sources/s.yml:2:6: warning: source has a url but no archive_url; "
    "archive the page so the citation survives [no-archive]",
]


def test_clean_dossier_exits_0_and_says_so():
    result = run_dossier("check", "--strict", str(VALID / "harbour"))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "10 entries checked: no problems\n"


def test_check_defaults_to_the_current_folder():
    result = run_dossier("check", cwd=VALID / "harbour")
    assert result.returncode == 0


def test_errors_exit_1_with_one_line_each(make_dossier):
    root = make_dossier(BROKEN)
    result = run_dossier("check", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines() == BROKEN_LINES
    assert result.stderr == "2 entries checked: 1 error, 1 warning\n"


def test_warnings_exit_0_unless_strict(make_dossier):
    root = make_dossier(
        {"content/sources/s.yml": "title: S\n", "content/pages/p.md": "---\ntitle: P\n---\n[^s]\n"}
        | {"content/sources/unused.yml": "title: Unused\n"}
    )
    assert run_dossier("check", str(root)).returncode == 0
    strict = run_dossier("check", "--strict", str(root))
    assert strict.returncode == 1
    assert strict.stdout == (
        "content/sources/unused.yml:1:1: warning: source 'unused' is never cited; "
        "cite it with [^unused] or in a claim's sources [uncited-source]\n"
    )


def test_json_format_is_one_array(make_dossier):
    result = CliRunner().invoke(main, ["check", "--format", "json", str(make_dossier(BROKEN))])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "content/incidents/strike.yml",
            "line": 2,
            "column": 8,
            "severity": "error",
            "code": "unknown-ref",
            "message": "unknown place 'al-bab'",
        },
        {
            "path": "content/sources/s.yml",
            "line": 2,
            "column": 6,
            "severity": "warning",
            "code": "no-archive",
            "message": "source has a url but no archive_url; archive the page so the "
            "citation survives",
        },
    ]


def test_github_format_annotates(make_dossier):
    result = CliRunner().invoke(main, ["check", "--format", "github", str(make_dossier(BROKEN))])
    assert result.stdout.splitlines() == [
        "::error file=content/incidents/strike.yml,line=2,col=8,title=unknown-ref::"
        "unknown place 'al-bab'",
        "::warning file=content/sources/s.yml,line=2,col=6,title=no-archive::"
        "source has a url but no archive_url; archive the page so the citation survives",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-such-option"],
        ["check", "--format", "xml"],
        ["check", "/no/such/folder"],
        ["export", "--format", "yaml"],
        ["frobnicate"],
    ],
)
def test_a_wrong_command_exits_2(args):
    assert run_dossier(*args).returncode == 2


def test_a_folder_without_dossier_yml_exits_2(tmp_path):
    result = run_dossier("check", str(tmp_path))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"dossier: error: no dossier.yml in {tmp_path}: is this a dossier folder?\n"
    )
    assert "Traceback" not in result.stderr


def test_export_prints_json_only_when_clean(make_dossier):
    broken = run_dossier("export", str(make_dossier(BROKEN)))
    assert broken.returncode == 1
    assert broken.stdout == ""
    assert broken.stderr.splitlines()[:2] == BROKEN_LINES


def test_export_is_deterministic():
    first = run_dossier("export", "--format", "json", str(VALID / "harbour"))
    second = run_dossier("export", str(VALID / "harbour"))
    assert first.returncode == 0
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["version"] == 1


def test_verbose_times_each_stage():
    result = run_dossier("--verbose", "check", str(VALID / "harbour"))
    stages = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("dossier:")]
    assert stages == ["import", "config", "load", "media", "link", "claims", "audit"]


def test_version():
    assert run_dossier("--version").stdout.startswith("dossier, version ")


def test_an_entry_named_index_is_reserved(make_dossier):
    root = make_dossier(
        {"content/incidents/index.md": "---\ntitle: All incidents\ndate: 2015\n---\nText.\n"}
    )
    result = run_dossier("check", "--strict", str(root))
    assert result.returncode == 1
    assert result.stdout == (
        "content/incidents/index.md:1:1: error: the id 'index' is reserved for "
        "incidents/index.html, the list of all incidents; rename the file to an id of its "
        "own [reserved-id]\n"
    )


def test_a_theme_error_exits_1_and_keeps_the_previous_site(make_dossier, tmp_path):
    root = make_dossier(
        {
            "content/pages/about.md": "---\ntitle: About\n---\nText.\n",
            "themes/default/templates/page.html": "{{ no_such_value }}",
        }
    )
    result = run_dossier("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("dossier: error: theme: pages/about.html: ")
    assert "no_such_value" in line
    assert line.endswith("; the previous site is unchanged")
    assert not (tmp_path / "out").exists()


def test_serve_on_a_taken_port_exits_2(make_dossier):
    root = make_dossier({"content/pages/about.md": "---\ntitle: About\n---\nText.\n"})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_dossier("serve", str(root), "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"dossier: error: cannot serve on 127.0.0.1:{port}: Address already in use"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("entry_id", "message"),
    [
        (
            "index",
            "the id 'index' is reserved for incidents/index.html, the list of all incidents; "
            "choose another id",
        ),
        (
            "a" * 101,
            f"'{'a' * 40}...' is not a valid id: an id is at most 100 characters, this one is 101",
        ),
        (
            "b" * 300,
            f"'{'b' * 40}...' is not a valid id: an id is at most 100 characters, this one is 300",
        ),
    ],
)
def test_new_refuses_a_reserved_or_too_long_id(make_dossier, entry_id, message):
    root = make_dossier({})
    result = run_dossier("new", "incident", entry_id, "--dir", str(root))
    assert (result.returncode, result.stderr) == (2, f"dossier: error: {message}\n")
    assert not (root / "content").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["export"], ["check", "--format", "json"], ["schema", "incident"]]
)
def test_a_full_standard_output_is_one_line_and_status_1(args):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "dossier", *args],
            cwd=VALID / "harbour",
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "dossier: error: cannot write standard output: No space left on device"
    )
    assert "Traceback" not in result.stderr


def test_a_reader_that_leaves_ends_the_command_quietly(tmp_path):
    """`dossier export | head -c 1` on a dossier whose export is larger than a pipe holds."""
    root = tmp_path / "big"
    root.mkdir()
    (root / "dossier.yml").write_text("title: Big\n")
    pages = root / "content" / "pages"
    pages.mkdir(parents=True)
    for n in range(200):
        (pages / f"p{n}.md").write_text(f"---\ntitle: P{n}\n---\n" + "word " * 200 + "\n")
    with subprocess.Popen(
        [sys.executable, "-m", "dossier", "export", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Unbuffered, a text stream drops what a short write did not take, without an error.
        env=os.environ | {"PYTHONUNBUFFERED": ""},
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(1)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        status = process.wait()
    assert status == 1
    assert stderr == ""


def _locale_installed(name: str) -> bool:
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    except OSError:
        return False
    wanted = name.lower().replace("-", "")
    return wanted in {line.strip().lower().replace("-", "") for line in listed.stdout.split()}


STREAMS = [
    {"LC_ALL": "C"},
    {"LC_ALL": "C.UTF-8"},
    {"LC_ALL": "en_US.UTF-8"},
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONIOENCODING": "latin-1"},
    {"PYTHONIOENCODING": "utf-8"},
]


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("stream", STREAMS, ids=lambda env: "=".join(*env.items()))
def test_an_undecodable_file_name_is_reported_escaped_in_any_locale(make_dossier, stream, fmt):
    if "LC_ALL" in stream and not _locale_installed(stream["LC_ALL"]):
        why = f"locale {stream['LC_ALL']} is not installed (.ci/install-locales makes it)"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    root = make_dossier({"content/pages/p.yml": "title: P\n\u0639\u0646\u0648\u0627\u0646: x\n"})
    name = os.path.join(os.fsencode(root), b"content", b"pages", b"caf\xe9.md")
    try:  # git cannot hold such a name portably: the file is made here
        with open(name, "wb") as file:
            file.write(b"---\ntitle: Caf\xc3\xa9\n---\n")
    except OSError:
        pytest.skip("this file system refuses a name that is not UTF-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "check", "--format", fmt, str(root)],
        capture_output=True,
        env=env | {"PYTHONUTF8": "0"} | stream,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    encoding = "latin-1" if stream.get("PYTHONIOENCODING") == "latin-1" else "utf-8"
    out, err = result.stdout.decode(encoding), result.stderr.decode(encoding)
    if encoding == "latin-1":  # what the stream cannot hold is escaped
        assert out.isascii() and err.isascii()
    key = "\\u0639\\u0646\\u0648\\u0627\\u0646" if encoding == "latin-1" else "\u0639\u0646"
    if fmt == "json":
        rows = json.loads(out)
        assert [row["path"] for row in rows] == [
            "content/pages/caf\udce9.md",  # the real name: it opens the file
            "content/pages/p.yml",
        ]
        assert all((root / row["path"]).is_file() for row in rows)
        assert rows[0]["message"].startswith("file name 'caf\\xe9.md' is not a valid id")
        assert rows[1]["message"].startswith("unknown key '\u0639\u0646")
        return
    lines = out.splitlines()
    assert len(lines) == 2
    prefix = "content/pages/caf\\xe9.md:1:1: error: " if fmt == "text" else "::error file="
    assert lines[0].startswith(prefix)
    assert "file name 'caf\\xe9.md' is not a valid id" in lines[0]
    assert f"unknown key '{key}" in lines[1]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "utf-8"])
def test_export_is_valid_json_on_a_stream_of_any_encoding(encoding):
    joiners = VALID / "joiners"  # emoji past the Basic Multilingual Plane, Arabic, Persian
    wanted = json.loads(run_dossier("export", str(joiners)).stdout)
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "export", str(joiners)],
        capture_output=True,
        env=os.environ | {"PYTHONIOENCODING": encoding},
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(result.stdout.decode(encoding)) == wanted
