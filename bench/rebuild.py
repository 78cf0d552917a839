"""Time a one-entry rebuild, as `dossier serve` does it after a save.

    python bench/rebuild.py [--entries N] [--repeat R]

Generates (or reuses) the dossier of N entries in bench/work/N, copies it, builds it once
(untimed), then R times edits one incident and times the rebuild: a prose edit (a new
sentence in the body) and a title edit (which every page naming the incident shows).
Prints a table and writes bench/out/rebuild.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import prepare_dossier  # noqa: E402

from dossier.incremental import SiteBuilder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    source, _, _ = prepare_dossier(args.entries, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "dossier"
        shutil.copytree(source, project)
        builder = SiteBuilder(project, Path(tmp) / "site")
        start = time.perf_counter()
        builder.rebuild()
        first = time.perf_counter() - start
        incidents = sorted((project / "content" / "incidents").glob("*.md"))
        rows: dict[str, list[tuple[float, int]]] = {"prose edit": [], "title edit": []}
        for n in range(args.repeat):
            entry = incidents[(n * 7919) % len(incidents)]
            text = entry.read_text()
            head, fence, body = text.partition("\n---\n")
            for kind, edited in (
                ("prose edit", f"{head}{fence}A new sentence, number {n}.\n\n{body}"),
                ("title edit", text.replace("title: ", f"title: Edit {n} of ", 1)),
            ):
                entry.write_text(edited)
                start = time.perf_counter()
                result = builder.rebuild()
                rows[kind].append((time.perf_counter() - start, len(result.pages)))
                assert result.report.errors == 0
                entry.write_text(text)
                builder.rebuild()
    results = {
        "entries": args.entries,
        "first_build_s": round(first, 3),
        **{
            kind: {
                "best_s": round(min(t for t, _ in runs), 3),
                "median_s": round(statistics.median(t for t, _ in runs), 3),
                "pages": max(p for _, p in runs),
            }
            for kind, runs in rows.items()
        },
    }
    print(f"{'rebuild':<12} {'N':>6} {'best s':>7} {'median s':>9} {'pages':>6}")
    for kind in rows:
        r = results[kind]
        assert isinstance(r, dict)
        line = f"{kind:<12} {args.entries:>6} {r['best_s']:>7.3f} {r['median_s']:>9.3f}"
        print(f"{line} {r['pages']:>6}")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "rebuild.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
