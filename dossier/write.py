"""Writing the site: guarded, staged beside the output, swapped in only when complete.

`build` never deletes a folder it did not make (SPEC section 6). It refuses an output folder
that holds `dossier.yml` or `content/`, that is the project itself or inside `content/`,
or that is not empty and holds no mark of an earlier build. The new site is written to a
temporary folder beside the output; only a complete one replaces the old, so a failed
build leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .diagnostics import UsageError

if TYPE_CHECKING:
    from .config import Config
    from .render import Theme
    from .views import PageView

MARK = ".dossier-site"
MARK_TEXT = "This folder is built by dossier and replaced on every build.\n"


def check_output(root: Path, out: Path) -> None:
    """Refuse an output folder that may hold an editor's files."""
    out_abs, root_abs = out.resolve(), root.resolve()
    content = (root_abs / "content").resolve()
    if out_abs == root_abs or root_abs.is_relative_to(out_abs):
        raise UsageError(f"refusing to build into {out}: it holds the dossier itself")
    if out_abs == content or out_abs.is_relative_to(content):
        raise UsageError(f"refusing to build into {out}: it is inside content/")
    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"refusing to build into {out}: it is a file, not a folder")
    if (out / "dossier.yml").exists() or (out / "content").exists():
        raise UsageError(
            f"refusing to build into {out}: it holds a dossier (dossier.yml or content/)"
        )
    if any(out.iterdir()) and not (out / MARK).is_file():
        raise UsageError(
            f"refusing to build into {out}: it is not empty and was not built by dossier "
            f"(no {MARK} file); choose another --out or empty it yourself"
        )


@contextmanager
def staged(root: Path, out: Path) -> Iterator[Path]:
    """A fresh folder beside `out` to write the site into; it replaces `out` on success."""
    check_output(root, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield stage
        (stage / MARK).write_text(MARK_TEXT, encoding="utf-8")
        os.chmod(stage, 0o755)  # mkdtemp makes it private; a site is for reading
        _swap(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _swap(stage: Path, out: Path) -> None:
    if not out.exists():
        stage.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        stage.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_extras(folder: Path, theme: Theme, config: Config | None, pages: list[PageView]) -> None:
    """Beside the pages: the theme's static files into `assets/`, `.nojekyll` (GitHub Pages
    would otherwise hide files whose names start with an underscore), and with `base_url`
    the sitemap."""
    (folder / "assets").mkdir(exist_ok=True)
    for name, file in theme.static_files().items():
        target = folder / "assets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    (folder / ".nojekyll").write_bytes(b"")
    write_sitemap(folder, config, pages)


def write_sitemap(folder: Path, config: Config | None, pages: list[PageView]) -> None:
    """`sitemap.xml` when `base_url` is set; none otherwise (`serve` may have written one)."""
    target = folder / "sitemap.xml"
    if config and config.base_url:
        target.write_text(sitemap(config.base_url, pages), encoding="utf-8")
    else:
        target.unlink(missing_ok=True)


def sitemap(base_url: str, pages: list[PageView]) -> str:
    """Every page but the 404 page, at its published address."""
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
