"""Writing the site: guarded, staged beside the output, swapped in only when complete; and
the few calls every file `dossier` writes goes through.

`build` never deletes a folder it did not make (SPEC section 6). It refuses an output folder
that holds `dossier.yml` or `content/`, that is the project itself or inside `content/`,
or that is not empty and holds no mark of an earlier build. The new site is written in a
staging folder beside the output (`stage.py`); only a complete one replaces the old, so a
failed build leaves the previous site as it was.

A file that cannot be written (a full disk, no permission, a name too long for the file
system) is a `FileError` naming it: `put`, `put_pieces`, `copy` and `make_folder` are the
writers, and `writing` is where their `OSError` becomes one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .diagnostics import FileError, UsageError

if TYPE_CHECKING:
    from .config import Config
    from .render import Theme
    from .views import PageView

MARK = ".dossier-site"
MARK_TEXT = "This folder is built by dossier and replaced on every build.\n"

_FLAGS = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20
"""`put_pieces` writes in pieces of about this many bytes."""


@contextmanager
def writing(path: Path | str, verb: str = "cannot write") -> Iterator[None]:
    """Where writing `path` fails: its `OSError` becomes a `FileError` naming `path`."""
    try:
        yield
    except OSError as exc:
        raise FileError.of(exc, path, verb) from None


def make_folder(path: Path, made: list[Path] | None = None) -> None:
    """`path` and its missing parents, made; each one this made is added to `made`, when
    given, so that `unmake` can take them away again."""
    with writing(path):
        if made is None:
            path.mkdir(parents=True, exist_ok=True)
            return
        missing, folder = [], path
        while not folder.is_dir() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        for each in reversed(missing):
            try:
                each.mkdir()
            except FileExistsError:  # made meanwhile, by someone else: not ours to remove
                if not each.is_dir():
                    raise
                continue
            made.append(each)


def unmake(made: list[Path]) -> None:
    """Remove the files and empty folders in `made` (made by this run), the last first."""
    for path in reversed(made):
        with suppress(OSError):
            path.rmdir() if path.is_dir() else path.unlink()


def put(path: Path, data: bytes, *, new: bool = False) -> None:
    """Write `data` to `path`, over what it held, or (`new`) only as a file that was not
    there; a new file that could not be written whole is removed."""
    with writing(path):
        fd = os.open(path, _FLAGS | (os.O_EXCL if new else os.O_TRUNC), 0o666)
        _fill(fd, path, new, (data,))


def put_pieces(path: Path, pieces: Iterable[bytes | str], *, new: bool = False) -> None:
    """`put`, the data given in pieces (text as UTF-8), never held whole in memory."""
    with writing(path):
        fd = os.open(path, _FLAGS | (os.O_EXCL if new else os.O_TRUNC), 0o666)
        _fill(fd, path, new, _joined(pieces))


def _joined(pieces: Iterable[bytes | str]) -> Iterator[bytes | bytearray]:
    """`pieces` as UTF-8, joined into pieces of about `_CHUNK` bytes."""
    buffer = bytearray()
    for piece in pieces:
        buffer += piece.encode("utf-8") if isinstance(piece, str) else piece
        if len(buffer) >= _CHUNK:
            yield buffer
            buffer = bytearray()
    yield buffer


def _fill(fd: int, path: Path, new: bool, pieces: Iterable[bytes | bytearray]) -> None:
    """Write `pieces` to the open file `fd` and close it; a `new` file not written whole
    is removed."""
    try:
        for piece in pieces:
            view = memoryview(piece)
            while view:  # a write may take less than it is given
                view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        if new:
            path.unlink(missing_ok=True)
        raise
    os.close(fd)


def copy(source: Path, target: Path) -> None:
    """`source`'s bytes into `target`."""
    with writing(source, "cannot read"):
        data = source.read_bytes()
    put(target, data)


def check_output(root: Path, out: Path) -> None:
    """Refuse an output folder that may hold an editor's files."""
    with writing(out):  # a path too long for the file system fails here already
        out_abs, root_abs = out.resolve(), root.resolve()
        content = (root_abs / "content").resolve()
        exists = out.exists()
    if out_abs == root_abs or root_abs.is_relative_to(out_abs):
        raise UsageError(f"refusing to build into {out}: it holds the dossier itself")
    if out_abs == content or out_abs.is_relative_to(content):
        raise UsageError(f"refusing to build into {out}: it is inside content/")
    if not exists:
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


def write_extras(folder: Path, theme: Theme, config: Config | None, pages: list[PageView]) -> None:
    """Beside the pages: the theme's static files into `assets/`, `.nojekyll` (GitHub Pages
    would otherwise hide files whose names start with an underscore), and with `base_url`
    the sitemap."""
    make_folder(folder / "assets")
    for name, file in theme.static_files().items():
        target = folder / "assets" / name
        make_folder(target.parent)
        copy(file, target)
    put(folder / ".nojekyll", b"")
    write_sitemap(folder, config, pages)


def write_sitemap(folder: Path, config: Config | None, pages: list[PageView]) -> None:
    """`sitemap.xml` when `base_url` is set; none otherwise (`serve` may have written one)."""
    target = folder / "sitemap.xml"
    if config and config.base_url:
        put(target, sitemap(config.base_url, pages).encode("utf-8"))
    else:
        with writing(target):
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
