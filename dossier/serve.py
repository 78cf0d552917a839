"""`dossier serve`: build, serve on localhost, rebuild what an edit touches, reload the page.

The server is MkDocs' `LiveReloadServer`. Two changes fit it to our pages: their
Content-Security-Policy forbids inline script, so the reload poller is served as a file
(`/.dossier/livereload.js`) rather than injected inline; and while the content has an error,
every page carries a banner with the diagnostics, the last good site stays served, and the
banner goes with the next good save.
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

from . import gitlog
from .audience import Audience
from .diagnostics import UsageError, format_text
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
        result = builder.rebuild()
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
    for watched in (root / "content", root / "media", root / "dossier.yml", root / "themes"):
        if watched.exists():
            server.watch(str(watched))
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


def _error_page(code: int, problems: str) -> bytes:
    if problems:
        body = f"<h1>The dossier has errors</h1><pre>{html.escape(problems)}</pre>"
    else:
        body = f"<h1>{code}</h1><p>There is no page at this address.</p>"
    return f"<!DOCTYPE html><html lang=en><title>dossier serve</title>{body}</html>".encode()
