"""Time `dossier` on generated dossiers of growing size.

    python bench/run.py [--sizes 1000,5000,20000] [--repeat 3] [--seed 1] [--steps check]

For each size N, a dossier is generated into bench/work/N (kept and reused while its mark
says the same N, seed and generator), then each step runs `--repeat` times as a child
process. A row gives the best and median wall-clock time, the CPU time and the peak
resident memory of that child, its exit code, and the diagnostics it printed. The table
goes to standard output and every figure to bench/out/results.json.

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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
OUT = HERE / "out"
DIAGNOSTIC = re.compile(r":\d+:\d+: (error|warning): ")


def _nothing(exe: Path, project: Path) -> None:
    """The default hook: nothing to do."""


@dataclass(frozen=True)
class Step:
    """One timed command on one generated dossier: one row of the table per size."""

    name: str
    """What the row is called: check, build, rebuild-one..."""
    argv: Callable[[Path, Path], list[str]]
    """(dossier executable, dossier folder) -> the command line to time."""
    prepare: Callable[[Path, Path], None] = _nothing
    """Untimed, once per size before the first run, given the same two paths: a first build
    before a rebuild."""
    reset: Callable[[Path, Path], None] = _nothing
    """Untimed, before every run: delete the site, touch the one file that changed."""


def _site(project: Path) -> Path:
    """Where `build` writes: beside the dossier, so the generated folder stays a dossier."""
    return project.parent / f"{project.name}-site"


def _remove_site(exe: Path, project: Path) -> None:
    shutil.rmtree(_site(project), ignore_errors=True)


# Later stages are one entry each; see README.md for an incremental rebuild and an MkDocs
# comparison.
STEPS: tuple[Step, ...] = (
    Step("check", lambda exe, project: [str(exe), "check", str(project)]),
    Step(
        "build",
        lambda exe, project: [str(exe), "build", str(project), "--out", str(_site(project))],
        reset=_remove_site,
    ),
)


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
    """The figures of one step on one size."""

    step: str
    entries: int
    files: int
    best_s: float
    median_s: float
    cpu_s: float
    """The median CPU time."""
    peak_mb: float
    """The highest peak RSS over the runs."""
    exit_code: int
    """The last run's exit code (all runs' codes are in `runs`)."""
    errors: int
    warnings: int
    runs: list[Run] = field(default_factory=list)


def spawn(argv: list[str], log: Path) -> Run:
    """Run `argv` with its output in `log`; return its time, CPU, peak memory and exit code."""
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


def measure(step: Step, exe: Path, folder: Path, entries: int, files: int, repeat: int) -> Row:
    """Run one step `repeat` times on one dossier and sum it up as a row."""
    log = OUT / "logs" / f"{step.name}-{entries}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    step.prepare(exe, folder)
    runs = []
    for _ in range(repeat):
        step.reset(exe, folder)
        runs.append(spawn(step.argv(exe, folder), log))
    found = DIAGNOSTIC.findall(log.read_text(encoding="utf-8", errors="replace"))
    times = [r.seconds for r in runs]
    return Row(
        step=step.name,
        entries=entries,
        files=files,
        best_s=min(times),
        median_s=round(statistics.median(times), 4),
        cpu_s=round(statistics.median(r.cpu_seconds for r in runs), 4),
        peak_mb=max(r.peak_mb for r in runs),
        exit_code=runs[-1].exit_code,
        errors=found.count("error"),
        warnings=found.count("warning"),
        runs=runs,
    )


def table(rows: list[Row]) -> str:
    """The rows as a plain-text table, one line per step and size."""
    head = ("step", "N", "files", "best s", "median s", "cpu s", "peak MB", "exit", "err", "warn")
    lines = [head] + [
        (
            r.step,
            str(r.entries),
            str(r.files),
            f"{r.best_s:.3f}",
            f"{r.median_s:.3f}",
            f"{r.cpu_s:.3f}",
            f"{r.peak_mb:.1f}",
            str(r.exit_code),
            str(r.errors),
            str(r.warnings),
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )


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
    """Command line: time every step on every size; exit 2 when `dossier` is missing."""
    names = [s.name for s in STEPS]
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=[1000, 5000], help="default 1000,5000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step and size")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--steps", default=",".join(names), help=f"among {','.join(names)}")
    parser.add_argument("--dossier", type=Path, default=Path(sys.executable).parent / "dossier")
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="results file")
    args = parser.parse_args(argv)
    steps = [s for s in STEPS if s.name in args.steps.split(",")]
    unknown = set(args.steps.split(",")) - set(names)
    if unknown or not steps or args.repeat < 1:
        parser.error(f"--steps takes {','.join(names)}; --repeat at least 1")
    exe = args.dossier.absolute()
    if not os.access(exe, os.X_OK):
        print(f"run.py: no dossier executable at {exe}; install the package first", file=sys.stderr)
        return 2
    rows: list[Row] = []
    for entries in args.sizes:
        try:
            folder, files, how = prepare_dossier(entries, args.seed)
        except generate.RefusedError as exc:
            print(f"run.py: {exc}", file=sys.stderr)
            return 2
        print(f"{folder.relative_to(HERE.parent)}: {how}", file=sys.stderr, flush=True)
        for step in steps:
            rows.append(measure(step, exe, folder, entries, files, args.repeat))
            print(f"  {step.name}: {rows[-1].median_s:.2f} s", file=sys.stderr, flush=True)
    print(table(rows))
    result = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "seed": args.seed,
        "repeat": args.repeat,
        "dossier": str(exe),
        "rows": [asdict(r) for r in rows],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
