"""The `dossier` command: parses arguments, runs the pipeline, maps results to exit codes.

Exit status (SPEC section 5): 0 done; 1 the content has errors (or, with --strict,
warnings); 2 the command itself was wrong. A `DossierError` from any command is caught in
one place, `_Commands.invoke`, which prints its line and exits with its status.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import io
import json
import logging
import os
import re
import sys
from datetime import datetime
from pathlib import Path

import click

from . import __version__
from .audience import Audience
from .check import Dossier
from .diagnostics import (
    FORMATTERS,
    DossierError,
    FileError,
    Report,
    UsageError,
    format_text,
)
from .options import FOLDER, audience_option, cache_options, clock_option, history_option
from .pipeline import check


def run() -> None:
    """The console entry point: `main`, then a quick exit.

    A checked dossier is hundreds of thousands of objects; freeing them one by one at
    interpreter shutdown takes longer than some checks. The output is flushed and the
    process ends without that teardown. (Tests call `main` itself.)

    For the same reason the cycle collector is off: every object of a one-shot command
    lives until that exit, and with nothing to find the collector's passes over them cost
    a tenth of a check. `serve`, which runs for hours, turns it back on."""
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        # Text the stream's encoding cannot hold (Arabic under PYTHONIOENCODING=latin-1, a
        # file name's undecodable byte) is written as escapes, never a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        main(prog_name="dossier")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    else:  # pragma: no cover - click always exits
        code = 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader left: `| head`
            pass
        except OSError as exc:  # `> /dev/full`
            with contextlib.suppress(OSError, ValueError):
                FileError.of(exc, _stream_name(stream)).show()
            code = code or 1
    os._exit(code)


class _Commands(click.Group):
    """The command group, with the one handler of `DossierError`."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a `DossierError` prints its line and exits with its status.

        An `OSError` that no stage turned into one (a file the system refused, where
        nothing says whether it was read or written) is shown the same way, naming the
        file and the cause: never a traceback."""
        try:
            return super().invoke(ctx)
        except DossierError as exc:
            error = exc
        except OSError as exc:
            error = FileError.of(exc, verb="")
        with contextlib.suppress(OSError):  # standard error itself may be what failed
            error.show()
        ctx.exit(error.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
@click.option("-v", "--verbose", is_flag=True, help="Time each stage of the pipeline.")
def main(verbose: bool) -> None:
    """Check and publish an investigative dossier."""
    # Only our own logger: markdown-it's debug output would swamp the timings.
    log = logging.getLogger("dossier")
    if verbose and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.DEBUG)


@main.command("check")
@click.argument("folder", default=".", type=FOLDER)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True
)
def check_command(folder: Path, strict: bool, fmt: str) -> None:
    """Check every entry of the dossier in FOLDER; report each problem at its place."""
    dossier = check(folder)
    report = dossier.report
    _echo(FORMATTERS[fmt](report.sorted()), nl=False)
    if fmt == "text":
        _echo(_summary(dossier), err=True)
    sys.exit(_status(report, strict))


@main.command("build")
@click.argument("folder", default=".", type=FOLDER)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Output folder [default: FOLDER/site]."
)
@click.option("--strict", is_flag=True, help="Refuse to build on warnings too.")
@audience_option("public")
@clock_option
@history_option
@cache_options
def build_command(
    folder: Path,
    out: Path | None,
    strict: bool,
    audience: Audience,
    clock: datetime | None,
    no_history: bool,
    cache: Path | None,
    no_cache: bool,
) -> None:
    """Check the dossier in FOLDER and, when it is clean, build its site."""
    from .audience import now
    from .buildcache import BuildCache
    from .pipeline import build

    target = out if out is not None else folder / "site"
    history = not no_history
    kept = None
    if not no_cache:
        kept = BuildCache.start(
            folder, target, cache, audience=audience.value, history=history, clock=clock
        )
    moment = clock or now()
    replay = kept.replay(moment, strict) if kept else None
    if replay is not None:
        _echo(replay.report, nl=False)
        _echo(f"{replay.summary}; nothing changed, the site in {target} is up to date", err=True)
        sys.exit(0)
    dossier = build(
        folder,
        target,
        strict=strict,
        audience=audience,
        clock=moment,
        history=history,
        bodies=kept.bodies if kept else None,
        pages=kept.pages if kept else None,
    )
    report = dossier.report
    text = format_text(report.sorted())
    _echo(text, nl=False)
    status, summary = _status(report, strict), _summary(dossier)
    if status:
        _echo(f"{summary}; nothing was written", err=True)
    else:
        if kept:
            kept.record(dossier, moment, text, summary)
        _echo(f"{summary}; site written to {target}", err=True)
    sys.exit(status)


@main.command("serve")
@click.argument("folder", default=".", type=FOLDER)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@audience_option("internal")
@history_option
def serve_command(folder: Path, port: int, host: str, audience: Audience, no_history: bool) -> None:
    """Build FOLDER's site, serve it, and rebuild and reload on every save."""
    from .serve import serve

    gc.enable()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    for logger in map(logging.getLogger, ("dossier", "mkdocs.livereload")):
        if not logger.handlers:  # `--verbose` gave it one
            logger.addHandler(handler)
        logger.setLevel(min(logger.level or logging.INFO, logging.INFO))
    serve(folder, host, port, audience, history=not no_history)


@main.command("export")
@click.argument("folder", default=".", type=FOLDER)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "geojson", "sqlite"]),
    default="json",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Where to write: a file (json, geojson, sqlite) or a folder (csv). "
    "json and geojson go to standard output without it.",
)
@audience_option("public")
@clock_option
def export_command(
    folder: Path, fmt: str, out: Path | None, audience: Audience, clock: datetime | None
) -> None:
    """Export the checked dossier in FOLDER as JSON, CSV files, GeoJSON or SQLite."""
    from .audience import for_audience
    from .exports import export_to

    if out is None and fmt in ("csv", "sqlite"):
        raise UsageError(f"--format {fmt} writes files: give --out PATH")
    dossier = check(folder)
    report = dossier.report
    _echo(format_text(report.sorted()), nl=False, err=True)
    if report.errors:
        _echo(_summary(dossier), err=True)
        sys.exit(1)
    text = export_to(for_audience(dossier, audience, clock), fmt, out)
    if text is not None:
        _echo(text if _utf8(sys.stdout) else _ascii_json(text), nl=False)


@main.command("briefing")
@click.argument("folder", default=".", type=FOLDER)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write: FILE.pdf (a PDF) or FILE.html (one self-contained HTML file).",
)
@audience_option("public")
@clock_option
def briefing_command(folder: Path, out: Path, audience: Audience, clock: datetime | None) -> None:
    """Write the checked dossier in FOLDER as one PDF or one HTML file, to read offline."""
    from .audience import for_audience
    from .briefing import check_target, write_briefing

    check_target(out)
    dossier = check(folder)
    report = dossier.report
    _echo(format_text(report.sorted()), nl=False, err=True)
    if report.errors:
        _echo(f"{_summary(dossier)}; nothing was written", err=True)
        sys.exit(1)
    write_briefing(for_audience(dossier, audience, clock), out, clock)
    _echo(f"{_summary(dossier)}; briefing written to {out}", err=True)


def _echo(text: str, *, nl: bool = True, err: bool = False) -> None:
    """`click.echo`; a stream that refuses it (`> /dev/full`) is a `FileError` naming it,
    and a reader that left (`| head`) ends the command quietly, with status 1."""
    stream = sys.stderr if err else sys.stdout
    try:
        click.echo(text, nl=nl, err=err)
    except BrokenPipeError:
        raise SystemExit(1) from None
    except OSError as exc:
        raise FileError.of(exc, _stream_name(stream)) from None


def _stream_name(stream: object) -> str:
    return "standard error" if stream is sys.stderr else "standard output"


def _utf8(stream: object) -> bool:
    return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"


def _ascii_json(text: str) -> str:
    """JSON text with every non-ASCII character as JSON's `\\u` escape: on a stream that is
    not UTF-8, the stream's own escapes (`\\U0001f468`) would make it invalid JSON. Outside
    strings JSON is ASCII, so this changes no value."""
    return _NON_ASCII.sub(lambda m: json.dumps(m[0])[1:-1], text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _status(report: Report, strict: bool) -> int:
    return 1 if report.errors or (strict and report.warnings) else 0


def _summary(dossier: Dossier) -> str:
    report = dossier.report
    files = len(dossier.entries) + len(dossier.unreadable)
    counts = f"{_plural(files, 'entry', 'entries')} checked"
    if not report.diagnostics:
        return f"{counts}: no problems"
    return f"{counts}: {_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


@main.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def init_command(folder: Path) -> None:
    """Start a new dossier in FOLDER, with an example of each kind.

    Writes dossier.yml, one example entry of each kind, a README, a GitHub Pages workflow
    and editor support; never writes over a file."""
    from .scaffold import init

    written = init(folder)
    _echo(f"created a dossier in {folder}:")
    for rel in written:
        _echo(f"  {rel}")
    cd = "" if folder.resolve() == Path.cwd() else f"  cd {folder}\n"
    _echo(
        "next:\n"
        f"{cd}"
        "  dossier check --strict        # verify the example entries\n"
        "  dossier build                 # the site, in site/index.html\n"
        "  dossier new incident my-id    # an entry of your own\n"
        "README.md says how to publish the site with GitHub Pages."
    )


@main.command("new")
@click.argument("kind")
@click.argument("entry_id", metavar="ID")
@click.option(
    "--dir",
    "folder",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The dossier folder, holding dossier.yml.",
)
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A source's preserved copy, already in media/: listed under files: with its SHA-256.",
)
def new_command(kind: str, entry_id: str, folder: Path, files: tuple[Path, ...]) -> None:
    """Write a new entry from the template of its KIND; print its path.

    KIND is incident, actor, source, place or page; ID becomes the file name. For a source,
    each --file (repeat it for more) is listed under files: with its SHA-256 and kind;
    nothing is copied."""
    from .scaffold import new_entry

    path = new_entry(folder, kind, entry_id, files=files)
    _echo(str(path))


@main.command("schema")
@click.argument("kind")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of an entry KIND, or of config.

    KIND is incident, actor, source, place, page, or config (dossier.yml)."""
    from .diagnostics import did_you_mean
    from .schema import KINDS, shipped

    if kind not in KINDS:
        raise UsageError(
            f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}; schemas are {', '.join(KINDS)}"
        )
    _echo(shipped(kind), nl=False)
