"""The staging folder a build writes its site into, beside the output, and what becomes of
it: swapped in when the site is complete, removed when the build fails, and removed by the
next build when the build was killed.

Each build makes `.<out>.new-<random>/` beside `out`, and in it first of all the mark
`.dossier-stage`, which names the output it is for (its absolute path) and which the build
holds locked while it runs. The site is written into `site/` inside; the swap moves the old
site to `old/` inside, and the new one into place. The mark is removed last.

A killed build leaves its folder behind. The next build into the same output removes every
such folder whose mark names that output and is not locked (its build is gone): a folder
with the same form of name but no mark, or the mark of another output, is not its own and
is left alone. A build killed between the two moves of the swap has left the previous site
in `old/`: with no site in place, the next build puts it back first.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .diagnostics import FileError
from .write import MARK, MARK_TEXT, check_output, make_folder, put, unmake, writing

STAGE_MARK = ".dossier-stage"
_NAME_PART = 100
"""At most this much of the output's name goes into the staging folder's, which must fit
the file system's limit on a name (often 255 bytes) like the output's own."""


@contextmanager
def staged(root: Path, out: Path) -> Iterator[Path]:
    """A fresh folder to write the site into; it replaces `out` when the block succeeds.

    Whatever cannot be written is a `FileError` naming the path in `out` (not in the
    staging folder) and saying that the previous site is unchanged."""
    check_output(root, out)
    stage: _Stage | None = None
    then = _then(out)
    made: list[Path] = []  # the output's missing parents: taken away again if it fails
    try:
        make_folder(out.parent, made)
        owner = os.fsencode(out.parent.resolve() / out.name)
        clear_leftovers(out, owner)
        then = _then(out)  # a site put back from a killed build's folder is the previous one
        with writing(os.path.join(out.parent, "")):
            stage = _Stage.make(out, owner)
        site = stage.folder / "site"
        make_folder(site)
        yield site
        put(site / MARK, MARK_TEXT.encode("utf-8"))
        _swap(stage.folder, site, out)
    except FileError as exc:
        shown = _shown(exc.path, stage.folder, out) if stage else exc.path
        raise FileError(shown, exc.cause, exc.verb, _then(out, stage, then)) from None
    except OSError as exc:  # not one of ours (the workers' temporary files, say)
        error = FileError.of(exc, verb="")
        raise FileError(error.path, error.cause, "", _then(out, stage, then)) from None
    finally:
        if stage is not None and not _holds_the_site(stage, out):
            stage.remove()
        if not out.exists():
            unmake(made)


def _holds_the_site(stage: _Stage, out: Path) -> bool:
    """Did a swap fail so badly that the previous site could not be put back? Then its
    folder stays, unlocked, for the next build to put the site back from."""
    if (stage.folder / "old").exists() and not out.exists():
        os.close(stage.fd)
        return True
    return False


def _then(out: Path, stage: _Stage | None = None, then: str = "") -> str:
    """What a failure means for the site."""
    if stage is not None and (stage.folder / "old").exists() and not out.exists():
        return f"; the previous site is in {stage.folder / 'old'}, and the next build puts it back"
    if then:
        return then
    return "; the previous site is unchanged" if out.exists() else "; no site was written"


def _shown(path: str, folder: Path, out: Path) -> str:
    """`path` as the editor knows it: in `out` rather than in the staging folder."""
    written, site = Path(path), folder / "site"
    if written.is_relative_to(site):
        return str(out / written.relative_to(site))
    return str(out) if written.is_relative_to(folder) else path


def _swap(folder: Path, site: Path, out: Path) -> None:
    with writing(out):
        if not out.exists():
            site.rename(out)
            return
        old = folder / "old"
        out.rename(old)
        try:
            site.rename(out)
        except BaseException:
            old.rename(out)
            raise


class _Stage:
    """A staging folder this process made, and its locked mark."""

    def __init__(self, folder: Path, fd: int) -> None:
        self.folder, self.fd = folder, fd

    @classmethod
    def make(cls, out: Path, owner: bytes) -> _Stage:
        while True:
            folder = out.parent / f".{out.name[:_NAME_PART]}.new-{secrets.token_hex(4)}"
            try:
                folder.mkdir()
                break
            except FileExistsError:
                continue
        try:
            fd = os.open(folder / STAGE_MARK, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except BaseException:
            folder.rmdir()
            raise
        stage = cls(folder, fd)
        try:
            _lock(fd)
            os.write(fd, owner)
        except BaseException:
            stage.remove()
            raise
        return stage

    def remove(self) -> None:
        """Everything but the mark, then the mark, then the folder: until it is gone, the
        next build knows the folder for its own."""
        _remove(self.folder, self.fd)


def clear_leftovers(out: Path, owner: bytes) -> None:
    """Remove the staging folders of killed builds into `out`: those beside it whose mark
    names `owner` and whose build is no longer running."""
    prefix = f".{out.name[:_NAME_PART]}.new-"
    try:
        with os.scandir(out.parent) as listing:
            found = [Path(e.path) for e in listing if e.name.startswith(prefix) and _is_dir(e)]
    except OSError:
        return
    for folder in sorted(found):
        fd = _own(folder, owner)
        if fd is None:
            continue
        old = folder / "old"
        if not out.exists() and (old / MARK).is_file():  # killed mid-swap: the last site
            with suppress(OSError):
                old.rename(out)
        _remove(folder, fd)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    return entry.is_dir(follow_symlinks=False)


def _own(folder: Path, owner: bytes) -> int | None:
    """The mark of `folder`, open and locked, if it names `owner` and no build holds it."""
    try:
        fd = os.open(folder / STAGE_MARK, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if _lock(fd) and os.read(fd, len(owner) + 1) == owner:
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _lock(fd: int) -> bool:
    """Lock the open file `fd`, without waiting; False if another build holds it. The
    system lets go of the lock when the process ends, however it ends."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _remove(folder: Path, fd: int) -> None:
    """Remove `folder`, its mark (open as `fd`) last; what cannot be removed stays, with
    the mark, for the next build to try again."""
    with suppress(OSError), os.scandir(folder) as listing:
        for entry in list(listing):
            if entry.name == STAGE_MARK:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with suppress(OSError):
                    os.unlink(entry.path)
    os.close(fd)
    with suppress(OSError):
        if os.listdir(folder) == [STAGE_MARK]:
            os.unlink(folder / STAGE_MARK)
            folder.rmdir()
