"""The build cache: a build whose inputs are those of the site already in the output does
nothing, and says so (`docs/cache.md`).

After each successful build, `.dossier-cache/` beside `dossier.yml` gets a manifest of what
the site was made from: a digest of every file of `content/`, `themes/` and `dossier.yml`,
the size and time of every file of `media/` (which may be large), the commit the history
was read at, the program that built it (its files, and the packages it ran with), the
options, the embargoes it was built around, the warnings it printed, and the size and time
of every file it wrote. The next build with the same options compares: when every input and
every file of the site is as recorded, and no embargo has lifted in between, the site is
byte for byte what a build would write again, so nothing is built or written and the same
warnings are printed. Anything else (a manifest that cannot be read, is from another
version or another output, a file touched in the site) is a full build; the manifest is
never trusted beyond what it can show to be unchanged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .gitlog import common_dir, git_dir

if TYPE_CHECKING:
    from .check import Dossier

log = logging.getLogger("dossier")

FOLDER = ".dossier-cache"
FORMAT = 1
"""The manifest's own format; another is ignored."""

Files = dict[str, str]
"""A file's path (from the project, or `site/` for the output) → what it was."""


@dataclass(frozen=True)
class Replay:
    """What the build that wrote the site printed."""

    report: str
    summary: str


@dataclass(frozen=True)
class PageStore:
    """Where the page cache of one output lies (`pagecache`), and the key it must have."""

    path: Path
    key: str
    """A digest of what every page depends on beyond its facts (`BuildCache.pages`)."""


@dataclass
class BuildCache:
    """The manifest of one output: made before the build reads anything (`start`), so an
    edit made while it runs is seen by the next build."""

    path: Path
    out: Path
    options: dict[str, object]
    inputs: dict[str, Files]

    @classmethod
    def start(
        cls,
        root: Path,
        out: Path,
        folder: Path | None,
        *,
        audience: str,
        history: bool,
        clock: datetime | None,
    ) -> BuildCache:
        """The cache in `folder` (default `.dossier-cache/` in `root`) for a build of `root`
        into `out` with these options."""
        target = os.path.abspath(out)
        options: dict[str, object] = {
            "root": os.path.abspath(root),
            "out": target,
            "audience": audience,
            "history": history,
            "clock": clock.isoformat() if clock else None,
        }
        # One manifest per output: it describes the site there, whatever built it last.
        name = hashlib.blake2b(os.fsencode(target), digest_size=8).hexdigest()
        path = (folder or root / FOLDER) / f"build-{name}.json"
        return cls(path, Path(target), options, inputs(root))

    @property
    def pages(self) -> PageStore:
        """The page cache of the same output (`pagecache`), under a key of what every page
        depends on beyond the facts it read: the program (and the package's themes), the
        project's themes, `dossier.yml`, the options."""
        setup = {
            path: seen
            for path, seen in self.inputs["project"].items()
            if path.startswith(("themes/", "dossier.yml"))
        }
        key = json.dumps([self.options, self.inputs["program"], setup], sort_keys=True)
        name = self.path.stem.replace("build-", "pages-", 1) + ".cache"
        return PageStore(self.path.with_name(name), _digest_of(key.encode()))

    @property
    def bodies(self) -> Path:
        """The render cache of the same output, beside the manifest (`rendercache`)."""
        return self.path.with_name(self.path.stem.replace("build-", "render-", 1) + ".cache")

    def replay(self, now: datetime, strict: bool) -> Replay | None:
        """The outcome of the build that wrote the site, when nothing has changed since."""
        old = self._read()
        if old is None:
            return None
        why = self._changed(old, now, strict)
        if why:
            log.debug("cache     miss: %s", why)
            return None
        log.debug("cache     hit: nothing changed since the last build")
        return Replay(str(old["report"]), str(old["summary"]))

    def record(self, dossier: Dossier, now: datetime, report: str, summary: str) -> None:
        """After a successful build at `now`: what it was made from and wrote."""
        manifest = {
            "format": FORMAT,
            "version": __version__,
            "options": self.options,
            "inputs": self.inputs,
            "clock": now.isoformat(),
            "embargoes": embargoes_of(dossier),
            "warnings": dossier.report.warnings,
            "report": report,
            "summary": summary,
            "site": site_files(self.out),
        }
        try:
            from .render import replace

            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace(self.path, json.dumps(manifest, separators=(",", ":")).encode())
        except OSError as exc:
            from .rendercache import cannot_write

            cannot_write(self.path, exc)

    def _read(self) -> dict[str, object] | None:
        try:
            found = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            log.debug("cache     miss: no build of %s is on record", self.out)
            return None
        except (OSError, ValueError) as exc:
            log.debug("cache     ignored: %s cannot be read (%s)", self.path, exc)
            return None
        if not isinstance(found, dict) or found.get("format") != FORMAT:
            log.debug("cache     ignored: %s is not a manifest of this version", self.path)
            return None
        return found

    def _changed(self, old: dict[str, object], now: datetime, strict: bool) -> str | None:
        """Why the site may not be what a build would write now, or None."""
        if old.get("version") != __version__ or old.get("options") != self.options:
            return "the last build was another version's, or had other options"
        if strict and old.get("warnings"):
            return "--strict, and the last build had warnings"
        was = old.get("inputs")
        if was != self.inputs:
            return _difference(was, self.inputs)
        if not isinstance(old.get("report"), str) or not isinstance(old.get("summary"), str):
            return "the manifest is incomplete"
        moved = lifted(old.get("embargoes"), old.get("clock"), now)
        if moved:
            return moved
        if old.get("site") != site_files(self.out):
            return f"the files in {self.out} are not those the last build wrote"
        return None


def _difference(was: object, now: dict[str, Files]) -> str:
    """The inputs that changed, a few by name."""
    if not isinstance(was, dict):
        return "the manifest is incomplete"
    changed = []
    for area, files in now.items():
        before = was.get(area)
        before = before if isinstance(before, dict) else {}
        changed += [
            path for path in files.keys() | before.keys() if files.get(path) != before.get(path)
        ]
    shown = ", ".join(sorted(changed)[:3]) + (
        f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    )
    return f"changed: {shown}" if changed else "the manifest is incomplete"


def embargoes_of(dossier: Dossier) -> list[str]:
    """Every embargo of the dossier (whole: the public one has no embargoed entry), sorted,
    as the manifest and the page cache keep them for `lifted`."""
    return sorted(e.data.embargo.isoformat() for e in dossier.entries.values() if e.data.embargo)


def lifted(embargoes: object, then: object, now: datetime) -> str | None:
    """Has an embargo lifted (or, with an earlier `--clock`, come back) between the last
    build's clock and `now`?"""
    if not isinstance(embargoes, list) or not isinstance(then, str):
        return "the manifest is incomplete"
    try:
        before = datetime.fromisoformat(then)
        for text in embargoes:
            until = datetime.fromisoformat(str(text))
            if (before < until) != (now < until):
                return f"an embargo until {text} has changed sides of the clock"
    except (TypeError, ValueError):
        return "the manifest is incomplete"
    return None


def inputs(root: Path) -> dict[str, Files]:
    """Everything a build reads, by area: content by digest, media by size and time."""
    return {
        "project": {
            **_digests(root, "content"),
            **_digests(root, "themes"),
            **_digests(root, "dossier.yml"),
        },
        "media": _stats(root / "media", "media"),
        "git": {"HEAD": _git(root)},
        "program": {"program": _program()},
    }


def _walk(top: Path, name: str) -> list[tuple[str, str]]:
    """Every file under `top` (or `top` itself), as (its path from the project, the path to
    read). A folder behind a symbolic link is followed, once."""
    if not top.is_dir():
        return [(name, str(top))] if top.exists() else []
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for folder, dirs, files in os.walk(top, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        shown = name + folder[len(str(top)) :].replace(os.sep, "/")
        found += [(f"{shown}/{each}", os.path.join(folder, each)) for each in files]
    return found


def _links(pairs: list[tuple[str, str]]) -> Files:
    """What each symbolic link among the files names: a link moved elsewhere is a change
    even where the bytes are the same."""
    return {f"{shown}@": os.readlink(path) for shown, path in pairs if os.path.islink(path)}


def _digests(root: Path, name: str) -> Files:
    return _files(root / name, name, _digest)


def _stats(top: Path, name: str) -> Files:
    return _files(top, name, _stat)


def _files(top: Path, name: str, signature: Callable[[str], str]) -> Files:
    """Each file under `top` by its `signature`, and each symbolic link by what it names."""
    pairs = _walk(top, name)
    out = _links(pairs)
    for shown, path in pairs:
        try:
            out[shown] = signature(path)
        except OSError as exc:
            out[shown] = f"unreadable: {exc.errno}"
    return out


def _digest(path: str) -> str:
    with open(path, "rb") as file:
        return _digest_of(file.read())


def _digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stat(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}"


def _git(root: Path) -> str:
    """The commit the history is read at, as the bytes that name it (no repository opened):
    `HEAD`, the ref it names, the packed refs, and whether the clone is shallow."""
    folder = git_dir(root)
    if folder is None:
        return "none"
    common = common_dir(folder)
    digest = hashlib.blake2b(digest_size=16)
    head = _bytes(folder / "HEAD")
    names = [head]
    if head.startswith(b"ref:"):
        ref = head[4:].strip().decode("utf-8", "surrogateescape")
        names.append(_bytes(common / ref))
    names += [_bytes(common / "packed-refs"), _bytes(common / "shallow")]
    for part in names:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"-"


def _program() -> str:
    """This program's files (by size and time: an editable install changes in place), its
    theme's, and the packages beside it (their names carry their versions)."""
    from .render import PACKAGE_THEMES

    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    package = Path(__file__).parent
    for top in (package, PACKAGE_THEMES):
        files = {k: v for k, v in _stats(top, top.name).items() if "__pycache__" not in k}
        digest.update(json.dumps(files, sort_keys=True).encode())
    for entry in sys.path:
        try:
            names = sorted(
                n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info"))
            )
        except OSError:
            continue
        digest.update("\n".join(names).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def site_files(out: Path) -> Files:
    """Every file in the output folder, by size and time."""
    return _stats(out, "site") if out.is_dir() else {}
