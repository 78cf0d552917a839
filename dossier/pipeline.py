"""The pipeline, in stage order: `check` (load → validate → media → link → claims → audit)
and `build` (check → audience → plan → render → media → write). `cli.py` calls these;
`serve` wraps them."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from importlib import import_module
from pathlib import Path
from tempfile import TemporaryDirectory

from . import markdown
from .audience import Audience, for_audience, now
from .buildcache import PageStore
from .check import (
    Cache,
    Dossier,
    checks_hold,
    config_file,
    load_config,
    paused_gc,
    prose_of,
    shallow_history,
    stage,
)
from .diagnostics import Report
from .files import theme_links
from .i18n import project_language
from .load import Loaded, loading


def check(
    root: Path,
    cache: Cache | None = None,
    previous: Dossier | None = None,
    *,
    history: bool = True,
    meanwhile: Callable[[], object] | None = None,
    touched: Collection[str] | None = None,
) -> Dossier:
    """Read and check the dossier at `root`. Content problems are in `Dossier.report`.

    A long-running process passes its `cache`, and the `previous` result: when the only
    change is to the Markdown of entries, with the same references in it, or to fields no
    check reads (titles, names, summaries: `check.NEUTRAL`), the links, claims and warnings
    of `previous` still hold and are kept. Without `history` (a build that will not read
    it), a shallow clone is not worth a warning. This process does `meanwhile` while the
    workers begin reading. `touched` are the files the watcher of a long-running process
    saw change since the last check (`load.loading`); None when that is not known."""
    report = Report()
    settings = config_file(root)
    loaded, valid = Loaded(), []
    with paused_gc(), loading(root, report, cache.loaded if cache else None, touched) as batches:
        # The schema's modules (pydantic, the models) take a fifth of a check to import:
        # they load while the workers parse.
        with stage("import"):
            from .audit import audit
            from .claims import collect
            from .link import link
            from .media import check_media
            from .validate import validate_entries

            if meanwhile is not None:
                meanwhile()
        with stage("config"):
            config = load_config(settings, report)
            theme_links(root, config.theme if config else "default", report)
        with stage("load"):  # and validate each batch read, while the workers read on
            for batch in batches:
                loaded.add(batch)
                validated = cache.validated if cache else None
                valid += validate_entries(batch.entries, loaded.unreadable, report, validated)
        loaded.sort()
        entries = {e.id: e for e in sorted(valid, key=lambda e: e.id)}
        unchecked = [prose_of(raw) for raw in loaded.entries if raw.id not in entries]
        with stage("media"):
            kept = cache.media if cache else None
            media = check_media(root, entries, loaded.unreadable, kept, unchecked)
        if (
            previous is not None
            and media.diagnostics == previous.media.diagnostics
            and checks_hold(previous, config, entries, report)
        ):
            return replace(previous, entries=entries, media=media)
        loaded_clean = not report.diagnostics
        report.diagnostics += media.diagnostics
        with stage("link"):
            linked = cache.linked if cache else None
            links = link(entries, loaded.unreadable, report, linked, unchecked)
        with stage("claims"):
            claims = collect(entries, report)
        with stage("audit"):
            audit(entries, links, claims, report, complete=not loaded.unreadable)
        if history:
            shallow_history(root, report)
    return Dossier(
        root,
        config,
        entries,
        links,
        claims,
        report,
        loaded.unreadable,
        media=media,
        loaded_clean=loaded_clean,
    )


def publishable(dossier: Dossier, strict: bool) -> bool:
    """May the dossier be published: no errors (and with `strict`, no warnings)?"""
    report = dossier.report
    return not (report.errors or (strict and report.warnings))


def build(
    root: Path,
    out: Path,
    *,
    strict: bool = False,
    audience: Audience = Audience.PUBLIC,
    clock: datetime | None = None,
    history: bool = True,
    bodies: Path | None = None,
    pages: PageStore | None = None,
) -> Dossier:
    """Check the dossier at `root`; when it is clean, write its site for `audience` (at
    `clock`, for embargoes) to `out`, with its git history unless not `history`, the
    render cache in the file `bodies` and the page cache at `pages` (if any). Returns the
    checked dossier, whole."""
    from .write import check_output

    check_output(root, out)
    dossier = check(root, history=history, meanwhile=_load_build_modules)
    if not publishable(dossier, strict):
        return dossier
    from .datafiles import write_data
    from .diffs import read_history
    from .feed import write_feed
    from .pagecache import Reuse
    from .publish import publish, wanted
    from .render import FolderSink, Theme, render_pages
    from .rendercache import render_cache
    from .search import Spool
    from .stage import staged
    from .views import Reads, Views, plan
    from .write import write_extras

    if history:
        with stage("history"):
            dossier = replace(dossier, history=read_history(dossier))
    config = dossier.config
    theme = Theme.resolve(
        root, config.theme if config else "default", project_language(root, config)
    )
    with (
        paused_gc(),
        staged(root, out) as folder,
        TemporaryDirectory(prefix="dossier-") as spooled,
        render_cache(bodies) as cache,
    ):
        with stage("audience"):
            moment = clock or now()
            shown = for_audience(dossier, audience, moment)
        with stage("plan"):
            views = Views(Reads(shown), markdown.create(), cache=cache)
            site = plan(views.reads)
            sink, spool = FolderSink(folder, fresh=True), Spool.of(Path(spooled), site)
        with stage("keep"):  # the pages of the last site whose facts are unchanged
            sink.prepare([page.url for page in site])
            reuse = (
                Reuse.plan_of(pages, out, folder, site, shown, dossier, moment, cache, spool)
                if pages is not None
                else Reuse.nothing(site)
            )
        with stage("render"):  # and data/, here, while the workers take the first pages

            def data() -> None:
                with stage("data"):
                    write_data(folder, shown)

            record = pages is not None
            todo = reuse.todo
            rendered = render_pages(views, theme, todo, sink, record, data, spool)
            if cache is not None:
                cache.save([*(r.body for r in rendered), *reuse.bodies])
        with stage("media"):
            publish(folder, shown.media, wanted([*(r.media for r in rendered), *reuse.media]))
        with stage("assets"):
            write_extras(folder, theme, dossier.config, site)
            write_feed(folder, shown)
            spans = spool.write_index(folder / "assets" / "search-index.js")
        with stage("pages"):
            reuse.save(folder, rendered, spans)
    return dossier


BUILD_MODULES = (
    "datafiles", "diffs", "feed", "publish", "render", "search", "stage", "views", "maps"
)  # fmt: skip


def _load_build_modules() -> None:
    """What a build renders with, imported while the workers read the content."""
    for name in BUILD_MODULES:
        import_module(f".{name}", __package__)
    import_module("shapely")  # for `audit`'s countries and the maps
