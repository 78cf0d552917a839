"""`dossier serve`: build, serve on localhost, rebuild what an edit touches, reload the page.

The server is MkDocs' `LiveReloadServer`. Two changes fit it to our pages: their
Content-Security-Policy forbids inline script, so the reload poller is served as a file
(`/.dossier/livereload.js`) rather than injected inline; and while the content has an error,
every page carries a banner with the diagnostics, the last good site stays served, and the
banner goes with the next good save.

What it watches is `dossier.yml`, `content/`, `media/` and `themes/`, for as long as it
serves, whatever comes and goes: a `git checkout` of another branch removes `content/` for a
moment, and MkDocs' own watch of a folder stops for good when the folder goes (its polling
watcher reports the folder deleted, a directory event the server ignores, and stops). So the
project folder itself is watched, one level deep: when one of those folders goes, the site
is rebuilt (the banner says there is no `content/` folder) and its watch is dropped; when it
comes back, it is watched afresh and the site rebuilt from it (`watch.Watch`).

Edits are seen by the system's own watcher (watchdog's native observer: inotify, FSEvents,
ReadDirectoryChangesW), polling only when it cannot start, not by MkDocs' 0.5 s poll. A
burst of events (an editor writes a file in several steps) is one rebuild once the folder
has been quiet for `DEBOUNCE`; the pages are written, the browser's long poll is answered,
and only `FINISH_AFTER` later the search index, `data/` and the feed
(`SiteBuilder.finish`).
"""

from __future__ import annotations

import functools
import html
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import gitlog
from .audience import Audience
from .chars import one_line
from .diagnostics import DossierError, FileError, UsageError, format_text
from .incremental import SiteBuilder
from .watch import Watch, changes, files_of, polling
from .write import make_folder, writing

log = logging.getLogger("dossier.serve")

DEBOUNCE = 0.03
"""Seconds without a new event before a rebuild starts: an editor's save is several events
within a few milliseconds (a temporary file written, renamed over the file)."""
FINISH_AFTER = 0.2
"""Seconds after a rebuild before the search index and `data/` are written (unless another
edit comes first, which is rebuilt first): the reloading browser's page is served meanwhile."""

_POLLER = b"""// dossier serve: reload the page when the site has been rebuilt.
(function () {
  "use strict";
  var me = new URL(document.currentScript.src);
  var epoch = me.searchParams.get("epoch"), id = me.searchParams.get("id");
  function poll() {
    var req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) location.reload();
      else setTimeout(poll, this.status === 200 ? 0 : 3000);
    };
    req.open("GET", "/livereload/" + epoch + "/" + id);
    req.send();
  }
  window.addEventListener("load", poll);
})();
"""

_BANNER_CSS = b""".dossier-serve-errors { position: sticky; top: 0; z-index: 100; margin: 0;
  padding: 0.75rem 1rem; background: #7a1510; color: #fff; font: 0.9rem/1.4 ui-monospace,
  monospace; white-space: pre-wrap; border-bottom: 3px solid #000; }
.dossier-serve-errors strong { font-family: system-ui, sans-serif; }
"""


class _Server(LiveReloadServer):
    """LiveReloadServer, with the poller as a file and the content's errors on every page."""

    def __init__(
        self,
        rebuild: Callable[[set[str] | None], None],
        *args: Any,
        errors: Callable[[], str],
        finish: Callable[[], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(lambda: rebuild(None), *args, **kwargs)
        self.rebuild = rebuild
        """Rebuilds, given the files touched since the last rebuild (None: not known)."""
        self.touched: set[str] | None = None
        """The files the watcher saw touched since the last rebuild began; None when that
        is not known: before the first, after an event of a folder or of the project
        folder, or when the watcher lost events."""
        self.errors = errors
        self.finish = finish
        """Writes what the last rebuild left for after the pages."""
        self.observer = Observer()  # type: ignore[assignment]  # MkDocs': a PollingObserver
        self.first_event: float | None = None
        """When the first event since the last rebuild came (`time.time()`)."""

    def serve(self, *, open_in_browser: bool = False) -> None:
        """LiveReloadServer's `serve`, the native observer started, or polling if it cannot."""
        self.server_bind()
        self.server_activate()
        try:
            self.observer.start()
        except OSError as exc:  # inotify's limit of watches reached, say
            log.warning("cannot watch with the system's watcher (%s): polling", exc)
            self.observer = polling(self.observer)  # type: ignore[assignment]
            self.observer.start()
        log.info("watching %s", type(self.observer).__name__)
        log.info("serving on %s", self.url)
        self.serve_thread.start()
        self._build_loop()

    def _build_loop(self) -> None:
        """Rebuild when an event comes and the folder has been quiet for `DEBOUNCE`; answer
        the long polls; `FINISH_AFTER` later, unless another edit came, write the rest."""
        finish_at: float | None = None
        """When to write what the last rebuild left (`time.monotonic()`), if it left any."""
        while True:
            with self._rebuild_cond:
                while not (self._want_rebuild or self._shutdown):
                    if finish_at is not None and time.monotonic() >= finish_at:
                        break
                    wait = self.shutdown_delay
                    if finish_at is not None:
                        wait = min(wait, finish_at - time.monotonic())
                    self._rebuild_cond.wait(timeout=max(wait, 0.001))
                if self._shutdown:
                    break
                wanted = self._want_rebuild
                if wanted:
                    while self._rebuild_cond.wait(timeout=DEBOUNCE):
                        pass  # more events: wait for the folder to be quiet
                    self._wanted_epoch = _timestamp()
                    self._want_rebuild = False
                    first, self.first_event = self.first_event, None
                    touched, self.touched = self.touched, set()
            if not wanted:
                finish_at = None
                self._guarded(self.finish)
                continue
            start = time.time()
            if not self._guarded(functools.partial(self.rebuild, touched)):
                continue  # as MkDocs' loop: the browsers wait for the next good rebuild
            written = time.time()
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch
                self._epoch_cond.notify_all()
            finish_at = time.monotonic() + FINISH_AFTER
            log.debug(
                "timing: event %.6f rebuild %.6f written %.6f",
                first or start,
                start,
                written,
            )

    @staticmethod
    def _guarded(work: Callable[[], None]) -> bool:
        """Run `work`; an error no stage named is said in one line, and the server goes on."""
        try:
            work()
        except Exception as exc:  # a bug: the server must not stop for it
            log.error(
                "the rebuild failed (%s: %s); serving the last good site", type(exc).__name__, exc
            )
            return False
        return True

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        stamp = int(time.monotonic() * 1000)
        extra = (
            f'<link rel="stylesheet" href="/.dossier/serve.css">'
            f'<script src="/.dossier/livereload.js?epoch={epoch}&amp;id={stamp}"></script>'
        ).encode()
        problems = self.errors()
        if problems:
            extra += (
                '<pre class="dossier-serve-errors" role="alert"><strong>The last edit has '
                "errors; this is the last good version.</strong>\n"
                f"{html.escape(problems)}</pre>"
            ).encode()
        try:
            at = content.rindex(b"</body>")
        except ValueError:
            at = len(content)
        return content[:at] + extra + content[at:]

    def _serve_request(
        self, environ: dict[str, Any], start_response: Any
    ) -> Iterable[bytes] | None:
        files = {
            "/.dossier/livereload.js": (_POLLER, "text/javascript"),
            "/.dossier/serve.css": (_BANNER_CSS, "text/css"),
        }
        if environ["PATH_INFO"] in files:
            body, kind = files[environ["PATH_INFO"]]
            start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
            return [body]
        return super()._serve_request(environ, start_response)

    def request_rebuild(self, files: Iterable[str] | None = None) -> None:
        """Rebuild soon, as the server does when a file it watches changes: the `files`
        touched (absolute paths), or None when what changed is not known."""
        with self._rebuild_cond:
            if self.first_event is None:
                self.first_event = time.time()
            if files is None:
                self.touched = None
            elif self.touched is not None:
                self.touched.update(files)
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Rebuild when a file under `path` changes (the git repository's folders)."""
        self._watched_paths[os.path.abspath(path)] = 1
        handler = FileSystemEventHandler()
        handler.on_any_event = self._file_event  # type: ignore[method-assign]
        self.observer.schedule(handler, path, recursive=recursive)

    def _file_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and changes(event):
            log.debug("%s", event)
            self.request_rebuild(files_of(event))

    def watching(self, path: Path) -> None:
        """Count `path` as watched, as `watch` does, though it is watched here: the server
        then starts its observer, says what it watches, and puts the poller in pages."""
        self._watched_paths[str(path)] = 1


class _Lost(logging.Handler):
    """A warning of the watcher (watchdog's), such as the system's queue of events that
    overflowed: events may be lost, so the next rebuild looks at every file again."""

    def __init__(self, server: _Server) -> None:
        super().__init__(logging.WARNING)
        self.server = server

    def emit(self, record: logging.LogRecord) -> None:
        self.server.request_rebuild(None)


def _timestamp() -> int:
    """An epoch of the site, as MkDocs' server counts them."""
    return round(time.monotonic() * 1000)


def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    audience: Audience = Audience.INTERNAL,
    *,
    history: bool = True,
) -> None:
    """Serve the dossier at `root` until interrupted.

    Raises UsageError when it cannot listen on `host:port` (the port is taken, say)."""
    with writing(os.path.join(tempfile.gettempdir(), "")):
        out = Path(tempfile.mkdtemp(prefix="dossier-serve-"))
    builder = SiteBuilder(root, out / "site", audience, history=history)
    problems = ""

    def rebuild(touched: set[str] | None = None) -> None:
        nonlocal problems
        start = time.perf_counter()
        try:
            result = builder.rebuild(defer=True, touched=touched)
        except (DossierError, OSError) as exc:  # dossier.yml gone; a file gone while read
            problems = _problem(exc) + "\n"
            sys.stderr.write(problems)
            log.warning("cannot build: serving the last good site")
            return
        lines = format_text(result.report.sorted())
        if result.error:
            lines += f"{result.error}\n"
        if result.report.errors or result.error:
            problems = lines
            sys.stderr.write(lines)
            why = "the content has errors" if result.report.errors else "the site was not rebuilt"
            log.warning("%s: serving the last good site", why)
            return
        problems = ""
        took = time.perf_counter() - start
        what = "built" if result.full else f"rebuilt {len(result.pages)} pages"
        log.info("%s in %.2f s", what, took)

    def finish() -> None:
        start = time.perf_counter()
        try:
            builder.finish()
        except (DossierError, OSError) as exc:  # tried again after the next save
            sys.stderr.write(_problem(exc) + "\n")
            return
        log.debug("search index and data written in %.2f s", time.perf_counter() - start)

    rebuild()
    make_folder(out / "site")
    server = _Server(rebuild, host, port, str(out / "site"), errors=lambda: problems, finish=finish)
    server.error_handler = lambda code: _error_page(code, problems)
    lost = _Lost(server)
    logging.getLogger("watchdog").addHandler(lost)
    Watch(server, root)
    for folder, recursive in gitlog.watched(root) if history else ():  # a new commit
        server.watch(str(folder), recursive=recursive)
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("stopping")
    except OSError as exc:  # the port is taken, say
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
    finally:
        logging.getLogger("watchdog").removeHandler(lost)
        server.shutdown()
        shutil.rmtree(out, ignore_errors=True)


def _problem(exc: DossierError | OSError) -> str:
    """What stopped a rebuild, as printed and bannered: each line escaped (`chars.one_line`),
    so a file's name cannot drive the terminal or forge a line."""
    if isinstance(exc, DossierError):
        return "\n".join(map(one_line, exc.message.split("\n")))
    return str(FileError.of(exc, verb=""))


def _error_page(code: int, problems: str) -> bytes:
    if problems:
        body = f"<h1>The dossier has errors</h1><pre>{html.escape(problems)}</pre>"
    else:
        body = f"<h1>{code}</h1><p>There is no page at this address.</p>"
    return f"<!DOCTYPE html><html lang=en><title>dossier serve</title>{body}</html>".encode()
