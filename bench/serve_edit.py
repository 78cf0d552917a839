"""Time an edit in a live server, save to page served: `dossier serve` or `hugo server`.

    python bench/serve_edit.py --tool dossier|hugo --dossier bench/work/N [--repeat 3]
                               [--exe PATH] [--json F]

Copies the generated dossier (for `hugo`, its Hugo project, `hugo_project.py`) into a
temporary folder, starts the server on a free port, waits until it serves, then `--repeat`
times makes two edits and times each from the save (the file written and closed) to the
first response over HTTP that holds the edit, fetching the page every 5 ms:

- a *prose edit*: a sentence added at the top of one incident's body; the page fetched is
  that incident's;
- a *title edit*: the title (or name) of the entry shown on the number of pages nearest
  `--title-pages` (77: what issue 19 measured) changed; the page fetched is one of the
  others that show it.

Each edit is undone, and the server left to settle, before the next. For `dossier serve`
(run with `--verbose`, whose log gives, per rebuild, when the first event came, when the
rebuild started and when its pages were written) each edit's time is split into the
watcher's delay (save to event), the rebuild (event to pages written, the debounce in it)
and the reload (pages written to page served). Hugo gives no such split: only the total.
The server's peak memory (its rusage, reaped with `os.wait4`) is recorded too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

OUT_LOG = os.environ.get("SERVE_EDIT_LOG")
EDITS = ("prose edit", "title edit")
TIMING = re.compile(r"timing: event ([\d.]+) rebuild ([\d.]+) written ([\d.]+)")
FINISHED = "search index and data written"
REBUILT = re.compile(r"rebuilt (\d+) pages?")
TITLE = re.compile(r'^(title|name): ("?)', re.MULTILINE)
HUGO_TITLE = '"title": "'
MENTION = re.compile(r"\[\[([a-z0-9-]+)|(?:^|[\s\[,:])((?:inc|src|act|plc)-\d{5})\b")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    """The page at `url`, or what a server sent instead; empty when there is none yet (a
    refused connection, or a page cut short: Hugo's server, rewriting a page as it sends
    it, at 20,000 entries)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return str(exc.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException):
        return ""


def title_entry(content: Path, pages: int) -> tuple[Path, Path]:
    """The entry file named by the number of entry files nearest `pages` (its page, its
    kind's index and the pages that name it show its title), and one file that names it."""
    named: dict[str, list[Path]] = {}
    files = {p.stem: p for p in content.glob("*/*.*")}
    for path in files.values():
        text = path.read_text(encoding="utf-8")
        for id_ in {a or b for a, b in MENTION.findall(text)} - {path.stem}:
            named.setdefault(id_, []).append(path)
    best = min(
        (i for i in named if i in files and i.startswith(("inc-", "act-", "src-"))),
        key=lambda i: (abs(len(named[i]) + 2 - pages), i),
    )
    shower = min(named[best], key=lambda p: (p.parent.name != "incidents", p))
    return files[best], shower


def wait(condition: Any, seconds: float, what: str) -> None:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise RuntimeError(f"not within {seconds} s: {what}")
        time.sleep(0.005)


class Server:
    """One server process, its log, and how to find a page of an entry file."""

    def __init__(self, tool: str, exe: str, folder: Path, log: Path) -> None:
        self.tool, self.folder, self.port = tool, folder, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        if tool == "dossier":
            argv = [exe, "--verbose", "serve", str(folder), "--port", str(self.port)]
        else:
            argv = [exe, "server", "--port", str(self.port), "--bind", "127.0.0.1"]
            argv += ["--source", str(folder), "--disableFastRender"]
        self.log = log.open("w")
        self.process = subprocess.Popen(
            argv,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            # A shell's background job ignores SIGINT, and so would the server.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )

    def url(self, entry: Path) -> str:
        kind = entry.parent.name
        if self.tool == "dossier":
            return f"{self.base}/{kind}/{entry.stem}.html"
        return f"{self.base}/{kind}/{entry.stem}/"

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> float:
        """Stop the server; its peak resident memory in MB."""
        self.process.send_signal(signal.SIGINT if self.tool == "dossier" else signal.SIGTERM)
        deadline = time.monotonic() + 30
        try:
            while True:
                pid, _, usage = os.wait4(self.process.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    self.process.kill()
                    _, _, usage = os.wait4(self.process.pid, 0)
                    break
                time.sleep(0.05)
        finally:
            self.process.returncode = 0
            self.log.close()
        return usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) / 1e6


def measure(tool: str, exe: str, source: Path, repeat: int, pages: int) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in EDITS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        if tool == "dossier":
            shutil.copytree(source, folder)
            content = folder / "content"
        else:
            import hugo_project

            project, _ = hugo_project.make_project(source)
            shutil.copytree(project, folder)
            content = folder / "content"
        titled, shower = title_entry(source / "content", pages)
        titled = content / titled.parent.name / (titled.stem + _suffix(tool, titled))
        shower = content / shower.parent.name / (shower.stem + _suffix(tool, shower))
        incidents = sorted((content / "incidents").glob("[!_]*.md"))
        server = Server(tool, exe, folder, Path(tmp) / "server.log")
        peak = 0.0
        try:
            start = time.monotonic()
            wait(lambda: "<html" in fetch(server.url(incidents[0])).lower(), 900, "serving")
            ready_s = time.monotonic() - start
            for n in range(repeat):
                prose = incidents[(n * 7919 + 1) % len(incidents)]
                for kind, path, page in (
                    ("prose edit", prose, prose),
                    ("title edit", titled, shower),
                ):
                    runs[kind].append(_edit(server, kind, path, page, n))
        finally:
            peak = server.stop()
            shutil.copy(server.log_path, OUT_LOG) if OUT_LOG else None
    return {
        "tool": tool,
        "entries": sum(1 for _ in (source / "content").glob("*/*.*")),
        "ready_s": round(ready_s, 3),
        "title_entry": titled.stem,
        "peak_mb": round(peak, 2),
        **{kind: _summary(kind_runs) for kind, kind_runs in runs.items()},
    }


def _suffix(tool: str, entry: Path) -> str:
    return entry.suffix if tool == "dossier" else ".md"


def _edited(kind: str, tool: str, text: str, n: int) -> tuple[str, str]:
    """The file's text after the edit, and what the page then shows that it did not."""
    if kind == "prose edit":
        mark = f"A new sentence, number {n}."
        head, fence, body = text.partition("\n---\n")
        return f"{head}{fence}{mark}\n\n{body}", mark
    mark = f"Edit {n} of "
    if tool == "dossier":
        return TITLE.sub(lambda m: f"{m[1]}: {m[2]}{mark}", text, count=1), mark
    return text.replace(HUGO_TITLE, HUGO_TITLE + mark, 1), mark


def _edit(server: Server, kind: str, path: Path, page: Path, n: int) -> dict[str, Any]:
    """One edit: save, fetch the page until it shows it; undo, let the server settle."""
    url = server.url(page)
    text = path.read_text(encoding="utf-8")
    edited, mark = _edited(kind, server.tool, text, n)
    before = server.text()
    finished = before.count(FINISHED)
    path.write_text(edited, encoding="utf-8")
    saved = time.time()
    wait(lambda: mark in fetch(url), 120, f"{kind} shown")
    served = time.time()
    run: dict[str, Any] = {"entry": path.stem, "page": page.stem, "seconds": served - saved}
    if server.tool == "dossier":
        time.sleep(0.3)  # the log line comes after the pages are served
        log = server.text()[len(before) :]
        timing = TIMING.findall(log)
        rebuilt = REBUILT.findall(log)
        if timing:
            event, _start, written = map(float, timing[0])
            run |= {
                "watcher_s": event - saved,
                "rebuild_s": written - event,
                "reload_s": served - written,
            }
        if rebuilt:
            run["pages"] = int(rebuilt[0])
        wait(lambda: server.text().count(FINISHED) > finished, 120, "index written")
    path.write_text(text, encoding="utf-8")
    wait(lambda: mark not in fetch(url), 120, f"{kind} undone")
    if server.tool == "dossier":
        time.sleep(0.3)
        wait(lambda: server.text().count(FINISHED) > finished + 1, 120, "index written")
    else:
        time.sleep(1.0)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in run.items()}


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    best = min(runs, key=lambda r: r["seconds"])
    out = {
        "best_s": best["seconds"],
        "median_s": round(statistics.median(r["seconds"] for r in runs), 4),
        "runs": runs,
    }
    for part in ("watcher_s", "rebuild_s", "reload_s", "pages"):
        if part in best:
            out[part] = best[part]
    return out


def table(results: dict[str, Any]) -> str:
    lines = [
        f"{'edit':<11} {'best s':>7} {'median s':>9} {'watcher':>8} {'rebuild':>8}"
        f" {'reload':>7} {'pages':>6}"
    ]
    for kind in EDITS:
        r = results[kind]
        parts = [_c(r.get(p)) for p in ("watcher_s", "rebuild_s", "reload_s")]
        lines.append(
            f"{kind:<11} {r['best_s']:>7.3f} {r['median_s']:>9.3f} {parts[0]:>8}"
            f" {parts[1]:>8} {parts[2]:>7} {r.get('pages', '-')!s:>6}"
        )
    return "\n".join(lines)


def _c(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tool", choices=("dossier", "hugo"), default="dossier")
    parser.add_argument("--dossier", type=Path, required=True, help="a generated dossier")
    parser.add_argument("--exe", help="the dossier or hugo executable")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--title-pages", type=int, default=77)
    parser.add_argument("--json", type=Path, default=HERE / "out" / "serve.json")
    args = parser.parse_args(argv)
    exe = args.exe or str(Path(sys.executable).parent / args.tool)
    try:
        results = measure(args.tool, exe, args.dossier, args.repeat, args.title_pages)
    except (RuntimeError, OSError) as exc:
        print(f"serve_edit.py: {exc}", file=sys.stderr)
        return 1
    print(table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
