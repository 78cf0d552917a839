"""Measure other Markdown parsers against ours (markdown-it-py and our plugins): issue 19.

    .venv/bin/python bench/parsers.py --extra /tmp/parsers-venv/lib/python3.11/site-packages
                                      [--bench bench/work/5000] [--repeat 3] [--json F]

The candidates, markdown-it-pyrs and cmarkgfm, are not dependencies of dossier: install
them into a scratch venv (`python3 -m venv /tmp/parsers-venv && /tmp/parsers-venv/bin/pip
install markdown-it-pyrs==0.4.0 cmarkgfm`) and name its site-packages with `--extra`; they
are looked up there after the project's own packages. What it measures, on every Markdown
body of tests/sites/**, content/ and a generated bench dossier, and on the fixtures of
tests/fixtures/markdown.txt (docs/parsers.md gives the figures and what they mean):

- time per body: our whole render (parse, plugins, render, search text), markdown-it-py
  with the same CommonMark options and no plugin of ours, markdown-it-pyrs and cmarkgfm;
- the same HTML: each candidate against markdown-it-py configured as it is (tables,
  footnotes, no raw HTML), body by body, and against the fixtures' expected HTML;
- what scan finds: `scan` (dossier check's references) against the references a walk of
  markdown-it-pyrs' syntax tree finds ([[id]] and [^label] in its text, its links' URLs);
- the sanitising rules: raw HTML and each link scheme, probe by probe;
- hostile bodies (bench/markdown_growth.py's generators): time at n and 2n characters,
  each in a child process stopped after a minute (markdown-it-pyrs never ends on some).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

PROBES = {
    "raw inline HTML": "a <b onclick=x>b</b> c\n",
    "raw HTML block": "<div>\n<script>alert(1)</script>\n</div>\n",
    "javascript:": "[a](javascript:alert(1))\n",
    "JavaScript&#58;": "[a](JavaScript&#58;alert(1))\n",
    "vbscript:": "[a](vbscript:x)\n",
    "data: link": "[a](data:text/html;base64,PHNjcmlwdD4=)\n",
    "data: image": "![a](data:image/png;base64,AAAA)\n",
    "file:": "[a](file:///etc/passwd)\n",
    "ftp:": "[a](ftp://example.org/x)\n",
    "tel:": "[a](tel:+100)\n",
    "autolink javascript:": "<javascript:alert(1)>\n",
    "http:": "[a](http://example.org/)\n",
    "relative": "[a](../x.html)\n",
}
"""A body per rule: ours renders the last two as links and none of the others."""
ALLOWED = ("http:", "relative")
CORE_RULES = [
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
    "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image", "link",
    "newline", "table", "footnote",
]  # fmt: skip
"""markdown-it-pyrs' CommonMark rules without raw HTML, with tables and footnotes."""
HOSTILE_N = 16000
"""Characters of a hostile body; it is timed at twice as many too."""
HOSTILE_TIMEOUT = 60
"""Seconds a hostile body may take, at both sizes, before it counts as never ending."""
HOSTILE = (
    "open-brackets",
    "open-cites",
    "open-entry-links",
    "nested-link-brackets",
    "equal-headings",
    "headings-ending-in-numbers",
    "quote-100-deep-lazy-lines",
    "list-deep-on-one-line",
)


def bodies(bench: Path | None) -> dict[str, list[str]]:
    """Every Markdown body, by where it comes from."""
    out: dict[str, list[str]] = {}
    sources = {"tests/sites": ROOT / "tests" / "sites", "content": ROOT / "content"}
    if bench is not None:
        sources["bench"] = bench / "content"
    for name, folder in sources.items():
        found = []
        for path in sorted(p for p in folder.rglob("*.md") if p.is_file()):
            text = path.read_text(encoding="utf-8", errors="replace")
            if text.startswith("---\n"):
                _, _, rest = text.partition("---\n")
                _, fence, body = rest.partition("\n---\n")
                if fence:
                    text = body
            found.append(text)
        out[name] = found
    return out


def parsers() -> dict[str, Callable[[str], str]]:
    """Each parser as body -> HTML."""
    import cmarkgfm
    import markdown_it_pyrs
    from cmarkgfm.cmark import Options
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    from dossier import markdown
    from dossier.markdown.syntax import MAX_DEPTH

    ours = markdown.create()
    page = _page()

    def dossier(body: str) -> str:
        return markdown.render(ours, body, page(markdown.Citations())).html

    core = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    core.enable("table").use(footnote_plugin)
    rs = markdown_it_pyrs.MarkdownIt("zero")
    rs.enable_many(CORE_RULES)
    options = Options.CMARK_OPT_FOOTNOTES
    del MAX_DEPTH
    return {
        "dossier (markdown-it-py + plugins)": dossier,
        "markdown-it-py (no plugins)": core.render,
        "markdown-it-pyrs": rs.render,
        "cmarkgfm": lambda body: cmarkgfm.github_flavored_markdown_to_html(body, options),
    }


def _page() -> Callable[[Any], Any]:
    from dossier import markdown

    def page(citations: Any) -> Any:
        return markdown.PageContext(
            href=lambda id_: f"../x/{id_}.html",
            title=lambda id_: id_,
            is_source=lambda id_: id_.startswith("src-") or id_.startswith("s"),
            citations=citations,
            cite_label=lambda id_: id_,
        )

    return page


def timed(render: Callable[[str], str], texts: list[str], repeat: int) -> float:
    """Best of `repeat`: seconds to render every body of `texts`."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            render(text)
        best = min(best, time.perf_counter() - start)
    return best


ENTRY = re.compile(r"\[\[([^\[\]|\n]*)(?:\|((?:[^\[\]\n]|\n(?!\n))*))?\]\]")
CITE = re.compile(r"\[\^([^\[\]\s]+)\]")


def tree_refs(md: Any, body: str) -> list[tuple[str, str, int]]:
    """References as a walk of markdown-it-pyrs' tree finds them, in `scan`'s terms: an
    image's alt text at its `!`, each link's and image's URL where the URL starts (after
    `](` and any `<`), `[[id]]` and `[^label]` in the text of the nodes outside code;
    the tree's byte offsets made character offsets."""
    raw = body.encode("utf-8")
    found: list[tuple[str, str, int]] = []

    def char(offset: int) -> int:
        return len(raw[:offset].decode("utf-8", "replace"))

    def text_of(node: Any) -> str:
        own = str(node.meta.get("content", "")) if node.name == "text" else ""
        return own + "".join(text_of(child) for child in node.children)

    def walk(node: Any, in_code: bool) -> None:
        if node.name in ("link", "image") and node.srcmap:
            start, end = char(node.srcmap[0]), char(node.srcmap[1])
            if node.name == "image":
                found.append(("image", text_of(node), start))
            at = body.find("](", start, end)
            if at >= 0:
                url = at + 2
                while url < end and body[url] in " \t\n<":
                    url += 1
                found.append(("link", str(node.meta.get("url", "")), url))
        if node.name == "text" and not in_code and node.srcmap:
            content = str(node.meta.get("content", ""))
            start = char(node.srcmap[0])
            for m in ENTRY.finditer(content):
                found.append(("entry", m[1].strip(), start + m.start()))
            for m in CITE.finditer(content):
                found.append(("cite", m[1], start + m.start()))
        for child in node.children:
            walk(child, in_code or node.name in ("code_inline", "code_block", "fence"))

    walk(md.tree(body), False)
    return sorted(found, key=lambda r: r[2])


def hostile(extra: Path, name: str, gen: str) -> dict[str, Any]:
    """Time parser `name` on generator `gen` at HOSTILE_N and twice that, in a child process
    stopped after HOSTILE_TIMEOUT seconds (markdown-it-pyrs on `open-cites` never ends)."""
    argv = [sys.executable, __file__, "--extra", str(extra), "--one", name, gen]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=HOSTILE_TIMEOUT, check=True
        )
    except subprocess.TimeoutExpired:
        return {"timeout_s": HOSTILE_TIMEOUT}
    t1, t2 = json.loads(done.stdout)
    return {"t_n_s": t1, "t_2n_s": t2, "ratio": round(t2 / t1, 2) if t1 > 0 else None}


def one(name: str, gen: str) -> int:
    """The child of `hostile`: print the two times as JSON."""
    import markdown_growth

    make, render = markdown_growth.GENERATORS[gen], parsers()[name]
    times = [round(timed(render, [make(n)], 1), 4) for n in (HOSTILE_N, 2 * HOSTILE_N)]
    print(json.dumps(times))
    return 0


def scan_refs(body: str) -> list[tuple[str, str, int]]:
    from dossier.markdown import scan

    kinds = {"entry": "entry", "cite": "cite", "link": "link", "image": "image"}
    out = []
    for ref in scan(body):
        kind = str(getattr(ref.kind, "value", ref.kind))
        out.append((kinds.get(kind, kind), ref.target, ref.offset))
    return sorted(out, key=lambda r: r[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--extra", type=Path, required=True, help="the scratch site-packages")
    parser.add_argument("--bench", type=Path, default=HERE / "work" / "5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=HERE / "out" / "parsers.json")
    parser.add_argument("--one", nargs=2, metavar=("PARSER", "GENERATOR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.append(str(args.extra))
    if args.one:
        return one(*args.one)
    import markdown_it_pyrs
    from test_markdown import cases

    found = bodies(args.bench if args.bench.is_dir() else None)
    every = [b for texts in found.values() for b in texts]
    renders = parsers()
    names = list(renders)
    result: dict[str, Any] = {"bodies": {k: len(v) for k, v in found.items()}}

    def done(section: str) -> None:
        print(f"parsers.py: {section}: {json.dumps(result.get(section))}", file=sys.stderr)

    # Time per body.
    result["time"] = {}
    for name in names:
        seconds = timed(renders[name], every, args.repeat)
        result["time"][name] = {
            "total_s": round(seconds, 3),
            "us_per_body": round(seconds / len(every) * 1e6, 1),
        }
    done("time")
    # The same HTML as markdown-it-py configured alike.
    core = renders["markdown-it-py (no plugins)"]
    result["same_html_as_markdown_it_py"] = {}
    for name in names[2:]:
        same = {k: sum(renders[name](b) == core(b) for b in v) for k, v in found.items()}
        result["same_html_as_markdown_it_py"][name] = same
    ours_syntax = sum(bool(ENTRY.search(b) or CITE.search(b)) for b in every)
    result["bodies_with_our_syntax"] = ours_syntax
    done("same_html_as_markdown_it_py")
    # The fixtures' expected HTML.
    from test_markdown import page as fixture_page

    from dossier import markdown

    fixtures = cases()
    md = markdown.create()
    result["fixtures"] = {"cases": len(fixtures)}
    result["fixtures"]["dossier"] = sum(
        markdown.render(md, src, fixture_page(markdown.Citations())).html == html
        for _, src, html in fixtures
    )
    for name in names[1:]:
        result["fixtures"][name] = sum(renders[name](src) == html for _, src, html in fixtures)
    done("fixtures")
    # What scan finds against a walk of the pyrs tree.
    rs = markdown_it_pyrs.MarkdownIt("zero")
    rs.enable_many(CORE_RULES)
    texts = every + [src for _, src, _ in fixtures]
    # `scan` also reports a container nested too deep ("deep"): the tree cannot say.
    deep = [t for t in texts if any(r[0] == "deep" for r in scan_refs(t))]
    differ = [t for t in texts if tree_refs(rs, t) != [r for r in scan_refs(t) if r[0] != "deep"]]
    result["scan_equals_tree_walk"] = {
        "bodies": len(texts),
        "differ": len(differ),
        "nested_too_deep": len(deep),
    }
    result["scan_differs_example"] = differ[0][:300] if differ else None
    done("scan_equals_tree_walk")
    # Sanitising.
    result["probes"] = {}
    for probe, body in PROBES.items():
        row = {}
        for name in names:
            out = renders[name](body)
            raw = "<b " in out or "<script" in out or "<div>" in out
            link = bool(re.search(r'<(a|img)\b[^>]*(href|src)="[^"]+"', out))
            row[name] = "raw HTML" if raw else ("link" if link else "text")
        result["probes"][probe] = row
    done("probes")
    # Hostile bodies.
    result["hostile"] = {}
    for gen in HOSTILE:
        row = {}
        for name in (names[0], *names[2:]):  # markdown-it-py alone is issue 12's quadratic
            row[name] = hostile(args.extra, name, gen)
        result["hostile"][gen] = row
        print(f"parsers.py: hostile {gen}: {json.dumps(row)}", file=sys.stderr)
    # The nesting cap: a quote 12 deep.
    deep = "> " * 12 + "deep\n"
    result["nesting_12_deep_same_as_ours"] = {
        name: renders[name](deep) == renders[names[0]](deep) for name in names[1:]
    }
    print(json.dumps(result, indent=2))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
