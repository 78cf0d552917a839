"""Time a one-entry rebuild, as `dossier serve` does it after a save.

    python bench/rebuild.py [--entries N] [--repeat R] [--seed S] [--dossier FOLDER] [--json F]

Generates (or reuses) the dossier of N entries in bench/work/N, or takes the dossier in
FOLDER, copies it, builds it once (untimed), then R times edits one incident and times the
rebuild: a prose edit (a new sentence in the body) and a title edit (which every page naming
the incident shows). Prints a table and writes bench/out/rebuild.json (or F).

`run.py` runs this script as a child process, `--dossier bench/work/N --json ...`, so that
its peak memory is that of one `dossier serve` process, and reads the JSON back.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import prepare_dossier  # noqa: E402

from dossier.incremental import SiteBuilder  # noqa: E402

EDITS = ("prose edit", "title edit")


def _cpu() -> float:
    """CPU time of this process and of the children it reaped (forked workers) so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _edits(text: str, n: int) -> dict[str, str]:
    """The two edits of one incident file, the `n`-th time."""
    head, fence, body = text.partition("\n---\n")
    return {
        "prose edit": f"{head}{fence}A new sentence, number {n}.\n\n{body}",
        "title edit": text.replace("title: ", f"title: Edit {n} of ", 1),
    }


def measure(source: Path, repeat: int) -> dict[str, Any]:
    """Build a copy of `source` once, then time `repeat` rebuilds after each kind of edit.

    Raises RuntimeError when a build reports content errors: an edit must leave a clean
    dossier, or the figures would time the error path.
    """
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in EDITS}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "dossier"
        shutil.copytree(source, project)
        builder = SiteBuilder(project, Path(tmp) / "site")
        start = time.perf_counter()
        first = builder.rebuild()
        first_s = time.perf_counter() - start
        if first.report.errors:
            raise RuntimeError(f"the first build reports {first.report.errors} errors")
        incidents = sorted((project / "content" / "incidents").glob("*.md"))
        for n in range(repeat):
            entry = incidents[(n * 7919) % len(incidents)]
            text = entry.read_text(encoding="utf-8")
            for kind, edited in _edits(text, n).items():
                entry.write_text(edited, encoding="utf-8")
                start, cpu = time.perf_counter(), _cpu()
                result = builder.rebuild()
                seconds, cpu = time.perf_counter() - start, _cpu() - cpu
                if result.report.errors:
                    raise RuntimeError(f"{kind} of {entry.name}: {result.report.errors} errors")
                runs[kind].append(
                    {
                        "entry": entry.stem,
                        "seconds": round(seconds, 4),
                        "cpu_seconds": round(cpu, 4),
                        "pages": len(result.pages),
                    }
                )
                entry.write_text(text, encoding="utf-8")
                builder.rebuild()
    return {
        "entries": sum(1 for _ in (source / "content").glob("*/*.*")),
        "first_build_s": round(first_s, 3),
        "warnings": first.report.warnings,
        **{
            kind: {
                "best_s": min(r["seconds"] for r in kind_runs),
                "median_s": round(statistics.median(r["seconds"] for r in kind_runs), 4),
                "cpu_s": round(statistics.median(r["cpu_seconds"] for r in kind_runs), 4),
                "pages": max(r["pages"] for r in kind_runs),
                "runs": kind_runs,
            }
            for kind, kind_runs in runs.items()
        },
    }


def table(results: dict[str, Any]) -> str:
    """The two edits as a small table: best and median seconds, pages rendered again."""
    lines = [f"{'rebuild':<12} {'N':>6} {'best s':>7} {'median s':>9} {'pages':>6}"]
    for kind in EDITS:
        r = results[kind]
        line = f"{kind:<12} {results['entries']:>6} {r['best_s']:>7.3f} {r['median_s']:>9.3f}"
        lines.append(f"{line} {r['pages']:>6}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: time the rebuilds; exit 1 when a build reports errors."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000, help="size to generate or reuse")
    parser.add_argument("--repeat", type=int, default=5, help="edits of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dossier", type=Path, help="time this dossier instead of generating")
    parser.add_argument("--json", type=Path, default=HERE / "out" / "rebuild.json")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    source = args.dossier or prepare_dossier(args.entries, args.seed)[0]
    try:
        results = measure(source, args.repeat)
    except RuntimeError as exc:
        print(f"rebuild.py: {exc}", file=sys.stderr)
        return 1
    print(table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
