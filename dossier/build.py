"""The pipeline: check → plan → render → write. This function is the whole build."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2

from . import markdown, render, search
from .check import Dossier, check, paused_gc, stage
from .diagnostics import ThemeError
from .parallel import map_in_order
from .views import PageView, Site
from .write import check_output, staged


def build(root: Path, out: Path, *, strict: bool = False) -> Dossier:
    """Check the dossier at `root`; when it is clean, write its site to `out`."""
    check_output(root, out)
    dossier = check(root)
    report = dossier.report
    if report.errors or (strict and report.warnings):
        return dossier
    theme = dossier.config.theme if dossier.config else "default"
    dirs = render.theme_dirs(root, theme)
    with paused_gc(), staged(root, out) as folder:
        with stage("plan"):
            site = Site(dossier, markdown.create())
            pages = site.pages()
            env = render.environment(dirs)
        with stage("render"):
            docs = write_pages(site, env, pages, folder)
        with stage("assets"):
            write_extras(folder, dirs, site, pages)
            search.write_index(folder / "assets" / "search-index.js", docs)
    return dossier


def write_extras(folder: Path, dirs: list[Path], site: Site, pages: list[PageView]) -> None:
    """Beside the pages: the theme's static files into `assets/`, `.nojekyll` (GitHub Pages
    would otherwise hide files whose names start with an underscore), and with `base_url`
    the sitemap."""
    (folder / "assets").mkdir(exist_ok=True)
    for name, file in render.static_files(dirs).items():
        target = folder / "assets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    (folder / ".nojekyll").write_bytes(b"")
    if site.config and site.config.base_url:
        (folder / "sitemap.xml").write_text(sitemap(site.config.base_url, pages))


_JOB: tuple[Site, jinja2.Environment, Path] | None = None
"""What forked workers render with: set just before they start, inherited, not pickled."""


def write_pages(
    site: Site, env: jinja2.Environment, pages: list[PageView], folder: Path
) -> list[str]:
    """Render and write every page; return the entries' search documents as JSON, in order."""
    global _JOB
    for parent in sorted({(folder / p.url).parent for p in pages}):
        parent.mkdir(parents=True, exist_ok=True)
    _JOB = (site, env, folder)
    try:
        docs = map_in_order(_write_share, pages)
    finally:
        _JOB = None
    return [doc for doc in docs if doc is not None]


def _write_share(pages: Sequence[PageView]) -> list[str | None]:
    """Write a share of the pages (maybe in a worker); an entry's search document each, as
    JSON text: one string crosses between processes faster, and weighs less, than a dict."""
    assert _JOB is not None
    site, env, folder = _JOB
    docs: list[str | None] = []
    for page in pages:
        try:
            html = render.render_page(site, env, page)
        except jinja2.TemplateError as exc:
            raise ThemeError(f"{page.url}: {render.describe(exc)}") from None
        (folder / page.url).write_bytes(html.encode("utf-8"))
        entry = site.entries.get(page.context.get("id", ""))
        doc = search.document(site, entry, search.body_text(site, entry)) if entry else None
        docs.append(search.document_json(doc) if doc else None)
    return docs


def sitemap(base_url: str, pages: list[PageView]) -> str:
    base = base_url.rstrip("/") + "/"
    rows = "".join(
        f"  <url><loc>{escape(base + page.url)}</loc></url>\n"
        for page in pages
        if page.url != "404.html"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}</urlset>\n"
    )
