"""Time what the git history costs: a cold build with and without it, and `serve`'s rebuild
after one new commit.

    python bench/history.py [--entries 1000] [--commits 200] [--repeat 3] [--seed 1]

Generates (or reuses) the dossier of N entries in bench/work/N, then writes a repository of
it in bench/work/history-N-C: the first commit holds four fifths of the files, and each of
the C - 1 commits after it adds a share of the rest, changes two claimed numbers (each a
correction) and edits the prose of one incident. Then it times, in fresh processes, `dossier
build` with and without `--no-history` (best and median of R runs), and, in one process as
`dossier serve` runs, R rebuilds after an incident's number is changed and committed, with
the history and without it (the same edit, the same moment). Prints a table and writes
bench/out/history.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import WORK, prepare_dossier  # noqa: E402

from dossier.incremental import SiteBuilder  # noqa: E402

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
NUMBER = re.compile(r"(\n    value: )(\d+)\n")
START = 1_486_630_800  # 2017-02-09T09:00:00Z: commit n is n hours later


def git(folder: Path, *args: str, when: int | None = None) -> None:
    env = os.environ | GIT_ENV
    if when is not None:
        stamp = f"@{when} +0300"
        env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def bump(path: Path, rng: random.Random) -> bool:
    """Add one to a claimed number of the incident at `path`; False if it claims none."""
    text = path.read_text(encoding="utf-8")
    found = list(NUMBER.finditer(text))
    if not found:
        return False
    m = rng.choice(found)
    path.write_text(f"{text[: m.start(2)]}{int(m[2]) + 1}{text[m.end(2) :]}", encoding="utf-8")
    return True


def make_repository(source: Path, commits: int, seed: int) -> Path:
    """The repository of `source` over `commits` commits (reused when it is there)."""
    folder = WORK / f"history-{source.name}-{commits}"
    mark = folder / ".bench-history"
    wanted = f"{source.resolve()} {commits} {seed}\n"
    if mark.is_file() and mark.read_text() == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    staging = folder.with_name(folder.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging)
    rng = random.Random(seed)
    files = sorted(p.relative_to(staging) for p in (staging / "content").rglob("*.*"))
    rng.shuffle(files)
    first = len(files) * 4 // 5
    held = {staging / p: (staging / p).read_bytes() for p in files[first:]}
    for path in held:
        path.unlink()
    git(staging, "init", "-q", "-b", "main")
    git(staging, "add", "-A")
    git(staging, "commit", "-q", "-m", "The dossier, as first published", when=START)
    later = list(held.items())
    share = -(-len(later) // max(commits - 1, 1))
    incidents = [staging / p for p in files[:first] if p.parts[1] == "incidents"]
    for n in range(1, commits):
        for path, data in later[(n - 1) * share : n * share]:
            path.write_bytes(data)
            if path.parts[-2] == "incidents":
                incidents.append(path)
        for path in rng.sample(incidents, 2):
            bump(path, rng)
        prose = rng.choice(incidents)
        prose.write_text(prose.read_text(encoding="utf-8") + f"\nUpdate {n}.\n", encoding="utf-8")
        git(staging, "add", "-A")
        git(
            staging, "commit", "-q", "-m", f"Update {n}: two figures revised", when=START + n * 3600
        )
    mark_tmp = staging / ".bench-history"
    mark_tmp.write_text(wanted)
    git(staging, "gc", "-q")  # packed, as a clone would be
    staging.rename(folder)
    return folder


def _cpu(who: int) -> float:
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime


def _figures(times: list[float], cpus: list[float]) -> dict[str, Any]:
    return {
        "best_s": round(min(times), 4),
        "median_s": round(statistics.median(times), 4),
        "cpu_s": round(statistics.median(cpus), 4),
    }


def cold(folder: Path, repeat: int, history: bool) -> dict[str, Any]:
    """`dossier build` in a fresh process, from nothing, `repeat` times: wall-clock seconds
    and the CPU seconds of the process and the workers it forked."""
    exe = Path(sys.executable).with_name("dossier")
    out = folder.parent / f"{folder.name}-site"
    times, cpus = [], []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        command = [str(exe), "build", str(folder), "--out", str(out)]
        start, cpu = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command + ([] if history else ["--no-history"]), capture_output=True)
        times.append(time.perf_counter() - start)
        cpus.append(_cpu(resource.RUSAGE_CHILDREN) - cpu)
        if done.returncode:
            raise RuntimeError(done.stderr.decode(errors="replace"))
    shutil.rmtree(out, ignore_errors=True)
    return _figures(times, cpus)


def _timed(builder: SiteBuilder, times: list[float], cpus: list[float]) -> int:
    """Rebuild, adding its seconds and CPU seconds (here and in forked workers)."""
    both = resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN
    start, cpu = time.perf_counter(), sum(map(_cpu, both))
    pages = len(builder.rebuild().pages)
    times.append(time.perf_counter() - start)
    cpus.append(sum(map(_cpu, both)) - cpu)
    return pages


def warm(folder: Path, repeat: int, seed: int) -> dict[str, Any]:
    """Rebuilds after one commit, with and without the history, on a copy of `folder`."""
    rng = random.Random(seed + 1)
    work = folder.parent / f"{folder.name}-serve"
    shutil.rmtree(work, ignore_errors=True)
    project = work / "dossier"
    shutil.copytree(folder, project)
    with_history = SiteBuilder(project, work / "site-history")
    without = SiteBuilder(project, work / "site-plain", history=False)
    for builder in (with_history, without):
        if builder.rebuild().report.errors:
            raise RuntimeError("the first build reports errors")
    incidents = sorted((project / "content" / "incidents").glob("*.md"))
    kinds = ("edit and commit", "without history", "commit")
    runs: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in kinds}
    pages = 0
    clock = START + 10**6
    for n in range(repeat):
        path = rng.choice(incidents)
        while not bump(path, rng):
            path = rng.choice(incidents)
        clock += 3600
        git(project, "commit", "-q", "-am", f"Bench {n}", when=clock)
        pages = max(pages, _timed(with_history, *runs["edit and commit"]))
        _timed(without, *runs["without history"])
        # The same again as an editor's save and commit arrive: first the save, then the
        # commit alone.
        bump(path, rng)
        with_history.rebuild()
        clock += 3600
        git(project, "commit", "-q", "-am", f"Bench {n}b", when=clock)
        _timed(with_history, *runs["commit"])
        without.rebuild()
    shutil.rmtree(work, ignore_errors=True)
    out: dict[str, Any] = {kind: _figures(*t) for kind, t in runs.items()}
    out["pages"] = pages
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=HERE / "out" / "history.json")
    args = parser.parse_args(argv)
    source = prepare_dossier(args.entries, args.seed)[0]
    start = time.perf_counter()
    folder = make_repository(source, args.commits, args.seed)
    made = time.perf_counter() - start
    try:
        plain = cold(folder, args.repeat, history=False)
        full = cold(folder, args.repeat, history=True)
        rebuilds = warm(folder, args.repeat, args.seed)
    except RuntimeError as exc:
        print(f"history.py: {exc}", file=sys.stderr)
        return 1
    results = {
        "entries": args.entries,
        "commits": args.commits,
        "repeat": args.repeat,
        "load_before": os.getloadavg(),
        "repository_s": round(made, 1),
        "build_without_history": plain,
        "build_with_history": full,
        "cold_ratio": round(full["best_s"] / plain["best_s"], 3),
        "cold_cpu_ratio": round(full["cpu_s"] / plain["cpu_s"], 3),
        "rebuild": rebuilds,
        "rebuild_added_s": round(
            rebuilds["edit and commit"]["best_s"] - rebuilds["without history"]["best_s"], 4
        ),
        "load_after": os.getloadavg(),
    }
    print(f"{'':28} {'best s':>8} {'median s':>9} {'cpu s':>8}")
    rows = [("build, --no-history", plain), ("build, with history", full)]
    rows += [(f"rebuild: {k}", rebuilds[k]) for k in ("without history", "edit and commit")]
    rows += [("rebuild: commit alone", rebuilds["commit"])]
    for name, row in rows:
        print(f"{name:<28} {row['best_s']:>8.3f} {row['median_s']:>9.3f} {row['cpu_s']:>8.3f}")
    print(
        f"cold build with history / without: {results['cold_ratio']:.2f} (best wall-clock), "
        f"{results['cold_cpu_ratio']:.2f} (CPU)"
    )
    print(f"history added to the rebuild after a commit: {results['rebuild_added_s']:.3f} s")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
