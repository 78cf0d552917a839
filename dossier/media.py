"""Media and evidence files (SPEC §8): what a relative URL in Markdown names, and the check
of every link, image and preserved copy against the files of `media/`.

A relative URL is resolved against the folder of the file that holds it, as GitHub and
editors preview Markdown: from `content/incidents/x.md`, `../../media/2017/crater.jpg` is
`media/2017/crater.jpg`. It must name a file of `media/`, or an entry file of `content/`
(a link to that entry's page). `check_media` is the check stage: it lists `media/`, and
reads the size of each image a body names and the digest of each preserved copy, each once
per version of the file (`MediaCache`, which `serve` keeps between checks).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic, Location, Report, closest
from .files import ENTRY_SUFFIXES, media_files
from .kinds import Kind
from .markdown import RefKind, position
from .model import Entry, Source

Stamp = tuple[int, int, int]
"""A file's version: modification time (ns), size, inode."""


class Target(NamedTuple):
    """What a relative URL names."""

    path: str
    """The file's path in the project, normalised: `media/2017/crater.jpg`."""
    suffix: str
    """The URL's `?query` and `#fragment`, kept as written."""


@lru_cache(maxsize=1 << 16)
def target(url: str, holder: str) -> Target | None:
    """What the URL `url`, written in the file `holder` (`content/incidents/x.md`), names;
    None for a URL that names no file of the project: one with a scheme or a host, or only
    a `#fragment` or `?query`. A URL starting with `/` is read from the project folder."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # `[::1` and the like: not a path either
        return None
    if parts.scheme or parts.netloc or url.startswith("//") or not parts.path:
        return None
    path = unquote(parts.path)
    base = "" if path.startswith("/") else posixpath.dirname(holder)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    suffix = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    return Target(joined, suffix)


@dataclass(frozen=True, slots=True)
class Image:
    """What a page needs to know of an image file."""

    format: str
    """As Pillow names it: `JPEG`, `PNG`, `WEBP`, `TIFF`, `GIF`..."""
    width: int
    height: int
    orientation: int
    """The EXIF orientation (1: upright, as stored)."""


@dataclass(frozen=True, slots=True)
class MediaFile:
    """One file of `media/`."""

    path: str
    """In the project, and on the site: `media/2017/crater.jpg`."""
    real: str
    """The file to read (a symbolic link's target)."""
    stamp: Stamp
    image: Image | None = None
    """Its size, when a body names it and it is an image Pillow reads."""


@dataclass
class Media:
    """The files of `media/`, and what the check found wrong with the references to them."""

    files: dict[str, MediaFile] = field(default_factory=dict)
    """By path, sorted."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class MediaCache:
    """What reading a file found, by its real path and version: a file that has not changed
    is not read again (a large media folder costs `serve` one listing per rebuild)."""

    images: dict[str, tuple[Stamp, Image | None, str | None]] = field(default_factory=dict)
    digests: dict[str, tuple[Stamp, str]] = field(default_factory=dict)


def check_media(
    root: Path,
    entries: dict[str, Entry],
    unreadable: dict[str, Kind],
    cache: MediaCache | None = None,
    unchecked: Iterable[Entry] = (),
) -> Media:
    """List `media/` and check every relative link and image of the bodies, and every
    preserved copy of the sources (`files:`)."""
    cache = cache if cache is not None else MediaCache()
    report = Report()
    listed = {
        rel: MediaFile(rel, real, (info.st_mtime_ns, info.st_size, info.st_ino))
        for rel, (real, info) in media_files(root, report).items()
    }
    known = _Known(root, listed, {e.path for e in entries.values()}, set(unreadable))
    secret = _withheld_copies(entries)
    named: dict[str, list[tuple[Entry, int]]] = {}
    for entry in (*entries.values(), *unchecked):
        for ref in entry.refs:
            kind = ref.kind
            if kind == RefKind.IMAGE and not ref.target.strip():
                report.warning(
                    _at(entry, ref.offset),
                    "no-alt",
                    "image without alt text: say what it shows between the brackets, "
                    "![what it shows](...), for readers who cannot see it",
                )
            elif kind == RefKind.LINK and (found := target(ref.target, entry.path)):
                path = found.path
                if path in listed:
                    named.setdefault(path, []).append((entry, ref.offset))
                    if why := _secret(entry, path, secret):
                        report.error(_at(entry, ref.offset), "internal-ref", why)
                elif problem := known.problem(path, entry.path):
                    report.error(
                        _at(entry, ref.offset), "missing-file", f"'{ref.target}' {problem}"
                    )
    for entry in entries.values():
        if isinstance(entry.data, Source):
            _check_files(entry, entry.data, known, cache, report)
            for i, copy in enumerate(entry.data.files):
                if why := _secret(entry, posixpath.normpath(copy.path), secret):
                    report.error(entry.marks.value(("files", i, "path")), "internal-ref", why)
    for path, places in named.items():
        image, sniffed = _image(listed[path], cache)
        listed[path] = MediaFile(path, listed[path].real, listed[path].stamp, image)
        if why := _unpublishable(path, sniffed):
            for entry, offset in places:
                report.error(_at(entry, offset), "image-format", f"{path} {why}")
        if image is not None and image.orientation != 1 and image.format != "TIFF":
            for entry, offset in places:
                report.warning(
                    _at(entry, offset),
                    "image-orientation",
                    f"{path} is stored turned (EXIF orientation {image.orientation}) and the "
                    "site removes that tag with the rest of its metadata, so it would show "
                    "turned: save the image upright (rotate it in a photo editor)",
                )
    return Media(dict(sorted(listed.items())), report.diagnostics)


def _withheld_copies(entries: dict[str, Entry]) -> dict[str, str]:
    """The preserved copies of internal and embargoed sources: path → the source's id."""
    return {
        posixpath.normpath(copy.path): entry.id
        for entry in entries.values()
        if isinstance(entry.data, Source) and entry.data.withheld
        for copy in entry.data.files
    }


def _secret(entry: Entry, path: str, secret: dict[str, str]) -> str | None:
    """Why public content may not show `path`: it is a preserved copy of a withheld source."""
    source = secret.get(path)
    if source is None or source == entry.id or entry.data.withheld:
        return None
    return (
        f"{path} is a preserved copy of '{source}', which is internal or under embargo: "
        "public content cannot show it; mark this internal too, or remove the reference"
    )


def _at(entry: Entry, offset: int) -> Location:
    return Location(entry.path, *position(entry.body, entry.body_line, offset))


class _Known:
    """The files a reference may name, and why another path is not one of them."""

    def __init__(
        self, root: Path, media: dict[str, MediaFile], entries: set[str], unreadable: set[str]
    ) -> None:
        self.root, self.media, self.entries, self.unreadable = root, media, entries, unreadable
        self.near: dict[str, str | None] = {}
        """A missing path → the known path nearest to it: a body naming one missing file
        thousands of times is compared with every file once."""

    def problem(self, path: str, holder: str) -> str | None:
        """Why `path` (from a reference in `holder`) names no file the site can hold."""
        if path in self.media or path in self.entries:
            return None
        if path == ".." or path.startswith("../"):
            return "leads out of the project folder; link a file of media/ or an entry file"
        stem, suffix = posixpath.splitext(posixpath.basename(path))
        if path.startswith("content/") and suffix in ENTRY_SUFFIXES and stem in self.unreadable:
            return None  # an entry that cannot be read: reported at the entry itself
        full = self.root / path
        try:
            is_dir, exists = full.is_dir(), full.exists() or full.is_symlink()
        except (OSError, ValueError):  # a name too long, a NUL: no such file either way
            is_dir, exists = False, False
        if path == "." or is_dir:
            return "is a folder, not a file; name a file in it"
        if exists and path.startswith("media/"):
            return "is not published: a hidden file, or a symbolic link out of media/, never is"
        if exists:
            return (
                "is neither in media/ nor an entry file of content/; move the file into "
                "media/ and link it there"
            )
        if path not in self.near:
            self.near[path] = closest(path, [*self.media, *self.entries])
        near = self.near[path]
        hint = f" (did you mean '{_relative(near, holder)}'?)" if near else ""
        return f"names no file: there is no {path}{hint}"


def _relative(path: str, holder: str) -> str:
    """`path` as a URL written in `holder` would name it."""
    return posixpath.relpath(path, posixpath.dirname(holder) or ".")


def _check_files(
    entry: Entry, data: Source, known: _Known, cache: MediaCache, report: Report
) -> None:
    """`missing-file` and `hash-mismatch` for the source's preserved copies."""
    for i, copy in enumerate(data.files):
        at = entry.marks.value(("files", i, "path"))
        path = posixpath.normpath(copy.path)
        if not path.startswith("media/"):
            report.error(
                at,
                "missing-file",
                f"'{copy.path}' is not inside media/: a preserved copy is kept in media/, "
                "and its path is written from the project folder (media/sources/...)",
            )
            continue
        problem = known.problem(path, "dossier.yml")
        file = known.media.get(path)
        if problem or file is None:
            report.error(at, "missing-file", f"'{copy.path}' {problem}")
            continue
        try:
            digest = _digest(file, cache)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            report.error(at, "unreadable", f"cannot read {path}: {reason}")
            continue
        if digest != copy.sha256.lower():
            report.error(
                at,
                "hash-mismatch",
                f"{path} has SHA-256 {digest}, not {copy.sha256.lower()} as written: the "
                "file has changed since its digest was taken, or the digest is wrong",
            )


def _digest(file: MediaFile, cache: MediaCache) -> str:
    kept = cache.digests.get(file.real)
    if kept is not None and kept[0] == file.stamp:
        return kept[1]
    digest = sha256_of(file.real)
    cache.digests[file.real] = (file.stamp, digest)
    return digest


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file, in hexadecimal, as `sha256sum` prints it."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _image(file: MediaFile, cache: MediaCache) -> tuple[Image | None, str | None]:
    kept = cache.images.get(file.real)
    if kept is not None and kept[0] == file.stamp:
        return kept[1], kept[2]
    image, kind = read_image(file.real), sniff(file.real)
    cache.images[file.real] = (file.stamp, image, kind)
    return image, kind


_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff"}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_HEIF_BRANDS |= {b"avif", b"avis"}


def sniff(path: str) -> str | None:
    """What the file's first bytes say it is: `image` (one `strip.clean` cleans), `heif`
    (HEIC or AVIF, which carry EXIF that dossier cannot remove), or None."""
    from .strip import is_image

    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return None
    if is_image(head):
        return "image"
    return "heif" if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS else None


def _unpublishable(path: str, kind: str | None) -> str | None:
    """Why a file a page shows or links cannot be published without its metadata."""
    if kind == "heif":
        return (
            "is a HEIC or AVIF image, whose metadata (GPS position, camera, time) dossier "
            "cannot remove; export it as JPEG, PNG or WebP"
        )
    if kind is None and posixpath.splitext(path)[1].lower() in _IMAGE_SUFFIXES:
        return (
            "is named as an image but is no JPEG, PNG, WebP or TIFF file, so it would be "
            "published as it is, metadata and all; save it again as an image"
        )
    return None


def read_image(path: str) -> Image | None:
    """The format, size and orientation of an image file, from its header; None for a file
    that is no image Pillow reads (a PDF, an SVG, a broken file)."""
    from PIL import Image as Pillow

    Pillow.MAX_IMAGE_PIXELS = None  # only the header is read: a huge satellite image is fine
    try:
        with warnings.catch_warnings(), Pillow.open(path) as im:
            warnings.simplefilter("ignore")
            orientation = im.getexif().get(0x0112, 1)
            return Image(
                str(im.format),
                im.width,
                im.height,
                orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1,
            )
    except Exception:  # Pillow raises many kinds of error on a file it cannot read
        return None


def file_kind(path: str | os.PathLike[str]) -> str:
    """A preserved copy's `kind`, guessed from its name (`dossier new source --file`)."""
    suffix = os.fspath(path).lower().rpartition(".")[2]
    for kind, suffixes in _KINDS.items():
        if suffix in suffixes:
            return kind
    return "other"


_KINDS = {
    "pdf": {"pdf"},
    "image": {"jpg", "jpeg", "png", "webp", "tif", "tiff", "gif", "heic", "avif", "svg"},
    "video": {"mp4", "webm", "mov", "mkv", "avi", "m4v"},
    "archive": {"warc", "wacz", "har", "mhtml", "mht", "zip", "gz", "tgz", "7z"},
    "document": {"txt", "md", "doc", "docx", "odt", "rtf", "html", "htm", "xls", "xlsx", "csv"},
}
