"""How the cost of one hostile Markdown body grows with its size: it must grow linearly.

    python bench/markdown_growth.py [--only NAME,...] [--target S] [--repeat R] [--limit X]
                                    [--max-size N] [--json FILE] [--list]

For each generator of a hostile body (thousands of unclosed `[`, equal headings, block quotes
nested deep with lazy lines, runs of `*`, backticks, `[[`, `[^`, escapes, entities...), this
writes a dossier whose one page holds the body, and runs the whole pipeline a body goes
through, in this process: `pipeline.build`, i.e. check (load, scan, link...) then plan,
render (parse, HTML, search text) and write. It times the body at size n and at 2n.

n (characters) is found by doubling from 1,000 until the body costs at least `--target`
seconds (default 0.25) above an empty body's build, or `--max-size` (default 2^20) is
reached. The ratio
is that of the two costs above the empty build, t(2n) / t(n): about 2 when the cost is
linear, 4 when quadratic. Times are CPU seconds of this process (`time.process_time`), the
best of `--repeat` runs (default 3): the machine is shared, and CPU time is what the body
costs, whatever else runs. A ratio above `--limit` (default 2.5) is measured again, n and
2n in turn and the best of each kept, up to three times in all, since a busy machine can
spoil a figure (a quadratic cost stays near 4 however often it is measured); a body that
stays under the target even at `--max-size` is cheap, and not judged.
Exits 1 when a judged ratio is above the limit, 2 on a bad argument.
`tests/test_markdown.py::test_every_hostile_body_builds_in_linear_time` runs it.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from dossier.pipeline import build


def _fill(unit: str, n: int) -> str:
    """`unit` repeated to about `n` characters."""
    return unit * max(1, n // len(unit))


def _depth(n: int, unit: str, lazy: str) -> str:
    """A container opened `unit` deep, a quarter of the size, then lazy lines for the rest."""
    deep = _fill(unit, n // 4)
    return deep + "a\n" + _fill(lazy, n - len(deep))


def _quote_then_lazy(depth: int) -> Callable[[int], str]:
    return lambda n: ">" * depth + " a\n" + _fill("lazy line\n", n)


GENERATORS: dict[str, Callable[[int], str]] = {
    # Unclosed brackets: every `[` is a link the parser tries to close.
    "open-brackets": lambda n: _fill("[", n),
    "open-brackets-words": lambda n: _fill("[a ", n),
    "open-images": lambda n: _fill("![", n),
    "open-entry-links": lambda n: _fill("[[", n),
    "open-entry-links-piped": lambda n: _fill("[[s|", n),
    "open-cites": lambda n: _fill("[^", n),
    "open-cites-labels": lambda n: _fill("[^a", n),
    "open-cites-closed-once": lambda n: _fill("[^s", n) + "]",
    "open-cites-with-a-footnote": lambda n: "Note[^n].\n\n[^n]: A note.\n\n" + _fill("[^a", n),
    "open-links": lambda n: _fill("[a](", n),
    "open-links-angle": lambda n: _fill("[a](<", n),
    "open-link-titles": lambda n: _fill('[a](b "', n),
    "open-autolinks": lambda n: _fill("<a", n),
    "open-definitions": lambda n: _fill("[a]: <", n),
    "open-reference-links": lambda n: "[a]: #u\n\n" + _fill("[a][", n),
    "nested-images": lambda n: "![" * (n // 6) + "a" + "](#b)" * (n // 6),
    "nested-link-brackets": lambda n: "[" * (n // 6) + "a" + "](#b)" * (n // 6),
    # Headings: each needs an anchor of its own.
    "equal-headings": lambda n: _fill("## Same\n\n", n),
    "equal-setext-headings": lambda n: _fill("Same\n---\n", n),
    "headings-ending-in-numbers": lambda n: _fill("## a\n\n## a-1\n\n", n),
    # Nesting: every level looks at every line below it.
    "quote-100-deep-lazy-lines": _quote_then_lazy(100),
    "quote-deep-lazy-lines": lambda n: _depth(n, ">", "lazy\n"),
    "list-deep-on-one-line": lambda n: _fill("- ", n) + "a",
    "list-deep-lazy-lines": lambda n: _depth(n, "- ", "lazy\n"),
    "ordered-list-deep": lambda n: _fill("1. ", n) + "a",
    "quote-and-list-deep": lambda n: _fill("> - ", n) + "a",
    "list-indented-deep": lambda n: "".join("  " * i + "- a\n" for i in range(int((n) ** 0.5))),
    "footnotes-nested": lambda n: _fill("[^a]: ", n) + "x\n\n[^a]",
    # Inline runs.
    "stars": lambda n: _fill("*", n),
    "star-words": lambda n: _fill("*a", n),
    "underscores-in-words": lambda n: _fill("a_b", n),
    "strong-openers": lambda n: _fill("**a ", n),
    "emphasis-lengths": lambda n: "".join("*" * i + "a" for i in range(1, int((2 * n) ** 0.5))),
    "backticks": lambda n: _fill("`", n),
    "backtick-words": lambda n: _fill("`a", n),
    "backtick-lengths": lambda n: "".join("`" * i + "a" for i in range(1, int((2 * n) ** 0.5))),
    "escapes": lambda n: _fill("\\", n),
    "escaped-brackets": lambda n: _fill("\\[", n),
    "entities": lambda n: _fill("&amp;", n),
    "entity-openers": lambda n: _fill("&#", n),
    "hard-breaks": lambda n: _fill("a  \n", n),
    "pipes": lambda n: _fill("|", n),
    # Many references, each resolved (and each unknown one reported).
    "entry-links": lambda n: _fill("[[s]] ", n),
    "entry-links-piped-long": lambda n: "[[s|" + _fill("|", n) + "]]",
    "citations": lambda n: _fill("[^s] ", n),
    "unknown-entry-links": lambda n: _fill("[[nowhere]] ", n),
    "links": lambda n: _fill("[a](#b) ", n),
    "links-to-entry-files": lambda n: _fill("[a](../sources/s.yml) ", n),
    "images-missing": lambda n: _fill("![a](../../media/none.png) ", n),
    "images-without-alt": lambda n: _fill("![](../../media/none.png) ", n),
    "definitions": lambda n: "".join(f"[r{i}]: #u{i}\n" for i in range(n // 12)),
    "definitions-used": lambda n: (
        "".join(f"[r{i}]: #u{i}\n" for i in range(n // 24))
        + "\n"
        + "".join(f"[r{i}] " for i in range(n // 24))
    ),
    "footnotes-one-definition": lambda n: "[^n]: x\n\n" + _fill("[^n]", n),
    "footnotes-many-definitions": lambda n: "".join(
        f"[^n{i}]: x\n\n[^n{i}]\n\n" for i in range(n // 16)
    ),
    # Tables, and lines the fast path reads as a table's delimiter row.
    "table-columns": lambda n: "|a" * (n // 6) + "|\n" + "|-" * (n // 6) + "|\n" + "|b" * (n // 6),
    "table-rows": lambda n: "a|b\n-|-\n" + _fill("c|d\n", n),
    "table-short-rows": lambda n: (
        "|a" * (n // 8) + "|\n" + "|-" * (n // 8) + "|\n" + _fill("b|\n", n // 2)
    ),
    "table-cells-piped-links": lambda n: "a|b\n-|-\n" + _fill("[[s|b]]|d\n", n),
    "tables-and-piped-links": lambda n: _fill("a|b\n-|-\n\n[[s|b]]\n\n", n),
    "rule-lines-and-a-piped-link": lambda n: "[[s|b]]\n" + _fill("x\n-\n", n),
    "rule-lines-and-a-link": lambda n: "[[s]]\n" + _fill("x|y\n-|-\n", n),
}

SITE = {
    "dossier.yml": "title: Growth\n",
    "content/sources/s.yml": "title: A source\npublisher: An agency\nurl: https://example.org/s\n",
}


@dataclass
class Row:
    """One generator's figures."""

    name: str
    size: int
    """n: the characters of the smaller body."""
    t_n: float
    """CPU seconds to build the dossier with the body of size n, the best of the runs."""
    t_2n: float
    """The same with the body of size 2n."""
    base: float
    """CPU seconds to build the dossier with an empty body."""
    ratio: float
    """(t_2n - base) / (t_n - base): 2 is linear growth."""
    errors: int
    """The errors `check` reports for the body of size n (the build then stops there)."""
    warnings: int
    judged: bool
    """Whether the body reached the target cost (a cheaper one's ratio is noise)."""


class Bench:
    """A dossier in a scratch folder, built again with each body."""

    def __init__(self, folder: Path, repeat: int) -> None:
        self.root, self.out, self.repeat = folder / "dossier", folder / "site", repeat
        for rel, text in SITE.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.page = self.root / "content" / "pages" / "hostile.md"
        self.page.parent.mkdir(parents=True, exist_ok=True)

    def time(self, body: str, repeat: int | None = None) -> tuple[float, int, int]:
        """The best CPU time to build the dossier with `body` (of `repeat` builds, by
        default the bench's); its errors and warnings."""
        self.page.write_text(f"---\ntitle: Hostile\n---\n{body}", encoding="utf-8")
        best, errors, warnings = float("inf"), 0, 0
        for _ in range(repeat or self.repeat):
            gc.collect()  # each build starts from the same heap, not the last one's garbage
            start = time.process_time()
            report = build(self.root, self.out).report
            best = min(best, time.process_time() - start)
            errors, warnings = report.errors, report.warnings
        return best, errors, warnings


ROUNDS = 3
"""How many times at most a ratio is measured: while it is above the limit, n and 2n again in
turn, each the best so far (noise only ever adds time, so the best comes nearer the cost)."""


def measure(
    bench: Bench, name: str, base: float, target: float, max_size: int, limit: float
) -> Row:
    """Double n until the body costs `target` seconds above `base`, then time n and 2n."""
    make = GENERATORS[name]
    size = 1000
    while True:  # one build per size, until the size is found
        t_n, errors, warnings = bench.time(make(size), 1)
        reached = t_n - base >= target
        if reached or size * 2 > max_size:
            break
        size *= 2
    t_n, errors, warnings = bench.time(make(size))
    t_2n = float("inf")
    for attempt in range(ROUNDS):
        t_2n = min(t_2n, bench.time(make(2 * size))[0])
        ratio = (t_2n - base) / max(t_n - base, 1e-6)
        if ratio <= limit or attempt == ROUNDS - 1:
            break
        t_n = min(t_n, bench.time(make(size))[0])
    return Row(name, size, t_n, t_2n, base, ratio, errors, warnings, reached)


def table_row(row: Row) -> str:
    """A row of the table."""
    judged = "" if row.judged else "  (cheap: not judged)"
    return (
        f"{row.name:30} {row.size:>9} {row.t_n:8.3f} {row.t_2n:8.3f} {row.ratio:6.2f} "
        f"{row.errors:>6} {row.warnings:>6}{judged}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated generator names (default: all)")
    parser.add_argument("--target", type=float, default=0.25, help="seconds a body costs at n")
    parser.add_argument("--repeat", type=int, default=3, help="timed builds per size, best kept")
    parser.add_argument("--limit", type=float, default=2.5, help="the highest ratio allowed")
    parser.add_argument("--max-size", type=int, default=1 << 20, help="the largest n tried")
    parser.add_argument("--json", type=Path, help="write the rows here too")
    parser.add_argument("--list", action="store_true", help="print the generator names")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(GENERATORS))
        return 0
    names = args.only.split(",") if args.only else list(GENERATORS)
    unknown = [n for n in names if n not in GENERATORS]
    if unknown or args.repeat < 1 or args.target <= 0:
        parser.error(f"unknown generator: {', '.join(unknown)}" if unknown else "bad figures")

    def out(text: str) -> None:
        print(text, flush=True)

    folder = Path(tempfile.mkdtemp(prefix="markdown-growth-"))
    try:
        bench = Bench(folder, args.repeat)
        bench.time("warm-up")  # imports and the theme, once
        base, _, _ = bench.time("")
        out(f"an empty body builds in {base:.3f} s (CPU); sizes in characters")
        out(
            f"{'generator':30} {'n':>9} {'t(n) s':>8} {'t(2n) s':>8} {'ratio':>6} {'errors':>6} "
            f"{'warns':>6}"
        )
        rows = []
        for name in names:
            rows.append(measure(bench, name, base, args.target, args.max_size, args.limit))
            out(table_row(rows[-1]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1) + "\n")
    over = [r for r in rows if r.judged and r.ratio > args.limit]
    for row in over:
        out(f"{row.name}: t(2n)/t(n) = {row.ratio:.2f} is above {args.limit}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
