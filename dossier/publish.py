"""The files of `media/` on the site (SPEC §8): those its pages show or link, and no other.

Which they are is recorded while the pages render (`Reads.showing`, `render.Rendered.media`)
from the dossier the views see: a file that only internal material shows never reaches a
public site, and an editor's working files, which no page links, stay out. An image goes
out without its metadata (`strip.clean`); a source's preserved copy that is published goes
out byte for byte, so that its SHA-256 still matches (it is evidence).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from .diagnostics import DossierError
from .media import Media, Stamp
from .strip import StripError, clean, is_image

Published = dict[str, tuple[Stamp, bool]]
"""What the site holds of `media/`: path → the version of the file copied, and whether it
was copied as it is."""


class MediaError(DossierError):
    """A file of `media/` that cannot be published (unreadable, or an image whose structure
    cannot be read, and so cannot be cleaned of its metadata)."""

    @property
    def message(self) -> str:
        """`cannot publish <file>: <why>; the previous site is unchanged`."""
        return f"{self}; the previous site is unchanged"


def wanted(pages: Iterable[Iterable[tuple[str, bool]]]) -> dict[str, bool]:
    """The media files of all pages: path → published as it is (a preserved copy)."""
    out: dict[str, bool] = {}
    for page in pages:
        for path, exact in page:
            out[path] = out.get(path, False) or exact
    return dict(sorted(out.items()))


def publish(
    folder: Path, media: Media, wanted: Mapping[str, bool], done: Published | None = None
) -> Published:
    """Put the `wanted` files into the site at `folder`, and take out the media files of
    `done` (what an earlier build put there) no longer wanted. A file whose version is the
    one `done` copied is left alone: a rebuild touches only what changed."""
    done = done or {}
    out: Published = {}
    for path, exact in wanted.items():
        file = media.files[path]
        version = (file.stamp, exact)
        out[path] = version
        if done.get(path) != version:
            _copy(file.real, folder / path, path, exact)
    for path in sorted(done.keys() - out.keys()):
        (folder / path).unlink(missing_ok=True)
        _prune(folder, (folder / path).parent)
    return out


def _copy(source: str, target: Path, path: str, exact: bool) -> None:
    part = target.with_name(target.name + ".part")  # a reader never sees half a file
    try:
        with open(source, "rb") as f:
            head = f.read(16)
            data = head + f.read() if not exact and is_image(head) else None
    except OSError as exc:
        raise MediaError(f"cannot publish {path}: {exc.strerror or exc}") from None
    if data is not None:
        data = clean_image(path, data)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if data is None:  # a document, a video, a preserved copy: streamed as it is
            shutil.copyfile(source, part)
        else:
            part.write_bytes(data)
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise MediaError(f"cannot write {target}: {exc.strerror or exc}") from None


def clean_image(path: str, data: bytes) -> bytes:
    """`strip.clean`, its failure a `MediaError` naming the file."""
    try:
        return clean(data)
    except StripError as exc:
        raise MediaError(
            f"cannot publish {path}: {exc}, so its metadata cannot be removed; "
            "save the image again with a photo editor"
        ) from None


def _prune(folder: Path, at: Path) -> None:
    """Remove the folders emptied under the site's `media/` (a fresh build has none)."""
    top = folder / "media"
    while at != top and at.is_relative_to(top) and at.is_dir() and not any(at.iterdir()):
        at.rmdir()
        at = at.parent
    if top.is_dir() and not any(top.iterdir()):
        top.rmdir()
