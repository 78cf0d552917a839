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
comes back, it is watched afresh and the site rebuilt from it (`_Watch`).
"""

from __future__ import annotations

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
from watchdog.events import FileSystemEvent, FileSystemEventHandler, FileSystemMovedEvent
from watchdog.observers.api import BaseObserver, ObservedWatch

from . import gitlog
from .audience import Audience
from .diagnostics import DossierError, UsageError, format_text
from .incremental import SiteBuilder
from .write import make_folder, writing

log = logging.getLogger("dossier.serve")

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

    def __init__(self, *args: Any, errors: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.errors = errors

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

    def request_rebuild(self) -> None:
        """Rebuild soon, as the server does when a file it watches changes."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def watching(self, path: Path) -> None:
        """Count `path` as watched, as `watch` does, though it is watched here: the server
        then starts its observer, says what it watches, and puts the poller in pages."""
        self._watched_paths[str(path)] = 1


_FOLDERS = ("content", "media", "themes")
"""The folders a build reads, watched with everything in them."""
_FILES = ("dossier.yml",)


class _Watch:
    """Watches what a build reads in the project folder for as long as the server runs.

    The project folder is watched one level deep: that sees `dossier.yml` change, and
    `content/`, `media/` or `themes/` come, go, or be renamed. Each folder is watched with
    all it holds while it is there. A polling watch of a folder that goes reports the folder
    deleted and stops for good; it is then dead, and the folder, once it is back, is watched
    afresh: when the project folder's listing next changes (it does when the folder comes
    back, even under its old inode), or at once if it is back already."""

    def __init__(self, server: _Server, root: Path) -> None:
        self.server, self.root = server, root.resolve()
        self.observer: BaseObserver = server.observer
        self.folders: dict[str, ObservedWatch] = {}
        """The watch of each folder that is watched, dead or alive."""
        self.dead: set[str] = set()
        """The folders whose watch has stopped: they went while it polled."""
        top = FileSystemEventHandler()
        top.on_any_event = self._top  # type: ignore[method-assign]
        self.inside = FileSystemEventHandler()
        self.inside.on_any_event = self._inside  # type: ignore[method-assign]
        self.observer.schedule(top, str(self.root), recursive=False)
        server.watching(self.root)
        self._sync()

    def _sync(self) -> bool:
        """Watch each folder that is there with no live watch; drop the watch of each folder
        that is not. Whether anything changed."""
        changed = False
        for name in _FOLDERS:
            there = (self.root / name).is_dir()
            watch = self.folders.get(name)
            if watch is not None and (name in self.dead or not there):
                self.observer.unschedule(self.folders.pop(name))
                self.dead.discard(name)
                changed = True
            if there and name not in self.folders:
                folder = str(self.root / name)
                self.folders[name] = self.observer.schedule(self.inside, folder, recursive=True)
                changed = True
        return changed

    def _top(self, event: FileSystemEvent) -> None:
        """An event in the project folder: rebuild if it is about what a build reads."""
        names = {self._name(event.src_path)}
        if isinstance(event, FileSystemMovedEvent):
            names.add(self._name(event.dest_path))
        if self._sync() or names & {*_FOLDERS, *_FILES}:
            log.debug("%s", event)
            self.server.request_rebuild()

    def _inside(self, event: FileSystemEvent) -> None:
        """An event inside a watched folder."""
        if event.event_type == "deleted" and self._name(event.src_path) in _FOLDERS:
            self.dead.add(str(self._name(event.src_path)))  # the folder itself: its watch stops
            self._sync()
        elif event.is_directory and event.event_type == "modified":
            return  # what changed in it comes as events of its own
        log.debug("%s", event)
        self.server.request_rebuild()

    def _name(self, path: bytes | str) -> str | None:
        """The name of `path` if it is directly in the project folder."""
        at = Path(path.decode() if isinstance(path, bytes) else path)
        return at.name if at.parent == self.root else None


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

    def rebuild() -> None:
        nonlocal problems
        start = time.perf_counter()
        try:
            result = builder.rebuild()
        except (DossierError, OSError) as exc:  # dossier.yml gone; a file gone while read
            message = exc.message if isinstance(exc, DossierError) else _os_error(exc)
            problems = message + "\n"
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

    rebuild()
    make_folder(out / "site")
    server = _Server(rebuild, host, port, str(out / "site"), errors=lambda: problems)
    server.error_handler = lambda code: _error_page(code, problems)
    _Watch(server, root)
    for folder, recursive in gitlog.watched(root) if history else ():  # a new commit
        server.watch(str(folder), recursive=recursive)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        log.info("stopping")
    except OSError as exc:  # the port is taken, say
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
    finally:
        server.shutdown()
        shutil.rmtree(out, ignore_errors=True)


def _os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def _error_page(code: int, problems: str) -> bytes:
    if problems:
        body = f"<h1>The dossier has errors</h1><pre>{html.escape(problems)}</pre>"
    else:
        body = f"<h1>{code}</h1><p>There is no page at this address.</p>"
    return f"<!DOCTYPE html><html lang=en><title>dossier serve</title>{body}</html>".encode()
