"""The git history of `content/`, read with dulwich (no `git` process, no parsing of its
output): the first-parent commits of `HEAD` that changed `content/`, and what each changed.

The project is a git repository when its own folder holds `.git` (a folder, or the file a
linked work tree has). A dossier in a sub-folder of a larger repository has no history.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, cast

from . import chars
from .diagnostics import DossierError

if TYPE_CHECKING:
    from dulwich.objects import Commit as GitCommit
    from dulwich.objects import ObjectID
    from dulwich.repo import Repo

CONTENT = b"content"


class HistoryError(DossierError):
    """The repository cannot be read (a missing object, a damaged pack): exit status 1."""

    @property
    def message(self) -> str:
        """What went wrong and the way round it."""
        return f"cannot read the git history: {self}; build with --no-history to skip it"


@dataclass(frozen=True, slots=True)
class Commit:
    """A first-parent commit that changed `content/`, as the site shows it."""

    id: str
    """The full hexadecimal id."""
    moment: datetime
    """The committer date, in the commit's own time zone."""
    title: str
    """The first line of its message, without control characters."""

    @property
    def day(self) -> date:
        """The committer date as a day in the commit's own time zone."""
        return self.moment.date()


@dataclass(frozen=True, slots=True)
class Change:
    """One file of `content/` that a commit added, changed, renamed or removed."""

    old: str | None
    """Its path before (`content/incidents/x.md`), None when it was added."""
    new: str | None
    """Its path after, None when it was removed."""
    old_blob: bytes | None
    new_blob: bytes | None


def git_dir(root: Path) -> Path | None:
    """The repository folder of the project at `root`, if `root` is the top of a work tree."""
    dot = root / ".git"
    if dot.is_dir():
        return dot
    if dot.is_file():  # a linked work tree or a submodule: `gitdir: <path>`
        try:
            line = dot.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if line.startswith("gitdir:"):
            target = Path(line.removeprefix("gitdir:").strip())
            found = target if target.is_absolute() else root / target
            return found if found.is_dir() else None
    return None


def common_dir(folder: Path) -> Path:
    """Where a work tree's repository keeps what its work trees share (refs, `shallow`)."""
    try:
        common = (folder / "commondir").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return folder
    return folder / common if not Path(common).is_absolute() else Path(common)


def is_shallow(root: Path) -> bool:
    """Is the project a shallow clone (`.git/shallow` lists cut-off commits)? Read without
    opening the repository: `check` asks it on every run."""
    folder = git_dir(root)
    if folder is None:
        return False
    try:
        return bool((common_dir(folder) / "shallow").read_bytes().strip())
    except OSError:
        return False


def watched(root: Path) -> list[tuple[Path, bool]]:
    """What `serve` watches to see a new commit: the repository's folder (`HEAD`, not
    recursively) and its refs (recursively), with whether to watch recursively."""
    folder = git_dir(root)
    if folder is None:
        return []
    common = common_dir(folder)
    out = [(folder, False), (common / "refs", True)]
    if common.resolve() != folder.resolve():
        out.append((common, False))  # packed-refs
    return [(path, recursive) for path, recursive in out if path.is_dir()]


@contextmanager
def _reading() -> Iterator[None]:
    """Turn a failure to read the repository into a `HistoryError`."""
    from dulwich.errors import FileFormatException

    try:
        yield
    except KeyError as exc:
        missing = exc.args[0] if exc.args else None
        what = missing.decode("ascii", "replace") if isinstance(missing, bytes) else missing
        raise HistoryError(
            f"object {what} is missing" if what else "an object is missing"
        ) from None
    except (FileFormatException, zlib.error) as exc:
        raise HistoryError(f"a damaged object ({exc or type(exc).__name__})") from None
    except (OSError, ValueError, UnicodeError) as exc:
        raise HistoryError(str(exc) or type(exc).__name__) from None


class Repository:
    """An open repository: its first-parent commits, their changes to `content/`, blobs.

    Every method raises `HistoryError` when the repository cannot be read."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.shallow = repo.get_shallow()
        self._commits: dict[bytes, GitCommit] = {}
        self._trees: dict[bytes, dict[bytes, tuple[int, bytes]]] = {}
        self._seen: dict[bytes, dict[bytes, tuple[int, bytes]]] = {}

    def head(self) -> str | None:
        """The id of the commit `HEAD` names; None in a repository with no commit yet."""
        try:
            return self.repo.head().decode("ascii")
        except KeyError:  # HEAD names a branch with no commit yet
            return None

    def first_parents(self, head: str, stop: str | None = None) -> tuple[list[str], bool]:
        """The commits from `head` back along first parents, newest first, to the root, a
        shallow clone's cut-off, or (not included) `stop`; and whether `stop` was met."""
        out: list[str] = []
        at: bytes | None = head.encode("ascii")
        with _reading():
            while at is not None:
                if at.decode("ascii") == stop:
                    return out, True
                out.append(at.decode("ascii"))
                commit = self._commit(at)
                at = commit.parents[0] if commit.parents and at not in self.shallow else None
        return out, False

    def content_tree(self, commit_id: str) -> bytes | None:
        """The id of the commit's `content/` tree, None if it has none."""
        from dulwich.objects import Tree

        with _reading():
            tree = self.repo.object_store[self._commit(commit_id.encode("ascii")).tree]
        if not isinstance(tree, Tree) or CONTENT not in tree:
            return None
        mode, sha = tree[CONTENT]
        return sha if mode & 0o170000 == 0o040000 else None

    def commit(self, commit_id: str) -> Commit:
        """The commit as the site shows it: id, committer date in its zone, first line."""
        with _reading():
            commit = self._commit(commit_id.encode("ascii"))
        try:  # a date git wrote by hand may hold an offset or a time Python refuses
            zone = timezone(timedelta(seconds=commit.commit_timezone))
            moment = datetime.fromtimestamp(commit.commit_time, zone)
        except (ValueError, OverflowError, OSError):
            moment = datetime.fromtimestamp(max(0, min(commit.commit_time, 2**31)), UTC)
        encoding = (commit.encoding or b"utf-8").decode("ascii", "replace")
        try:
            message = commit.message.decode(encoding, "replace")
        except LookupError:  # an encoding Python does not know
            message = commit.message.decode("utf-8", "replace")
        first = message.strip().split("\n", 1)[0] if message.strip() else ""
        return Commit(commit_id, moment, chars.UNSHOWN_IN_LINE.sub("", first).strip())

    def changes(self, old_tree: bytes | None, new_tree: bytes | None) -> list[Change]:
        """The files that differ between two `content/` trees, sorted by path; a file
        renamed is one change, found as git finds renames (the same blob, or else similar
        content)."""
        removed: dict[str, bytes] = {}
        added: dict[str, bytes] = {}
        with _reading():
            self._diff(old_tree, new_tree, "content/", removed, added)
            self._seen, self._trees = {}, self._seen  # the new trees are the next's old ones
        changes = [
            Change(p, p, removed.pop(p), added.pop(p))
            for p in sorted(removed.keys() & added.keys())
        ]
        by_blob: dict[bytes, list[str]] = {}
        for path, blob in sorted(removed.items()):
            by_blob.setdefault(blob, []).append(path)
        for path, blob in sorted(added.items()):
            if by_blob.get(blob):
                old = by_blob[blob].pop(0)
                changes.append(Change(old, path, removed.pop(old), added.pop(path)))
        if removed and added:
            changes += self._similar(old_tree, new_tree, removed, added)
        changes += [Change(p, None, b, None) for p, b in removed.items()]
        changes += [Change(None, p, None, b) for p, b in added.items()]
        return sorted(changes, key=lambda c: (c.new or c.old or "", c.old or ""))

    def _listing(self, tree_id: bytes) -> dict[bytes, tuple[int, bytes]]:
        """A tree's entries by name, each tree parsed once while it is in use."""
        found = self._trees.get(tree_id) or self._seen.get(tree_id)
        if found is None:
            from dulwich.objects import parse_tree

            _, raw = self.repo.object_store.get_raw(cast("ObjectID", tree_id))
            entries = parse_tree(raw, self.repo.object_format.oid_length)
            found = {name: (mode, sha) for name, mode, sha in entries}
        self._seen[tree_id] = found
        return found

    def _diff(
        self,
        old_id: bytes | None,
        new_id: bytes | None,
        prefix: str,
        removed: dict[str, bytes],
        added: dict[str, bytes],
    ) -> None:
        """The regular files of two trees that differ: subtrees with one id are skipped."""
        if old_id == new_id:
            return
        old = self._listing(old_id) if old_id else {}
        new = self._listing(new_id) if new_id else {}
        differ = [n for n, e in new.items() if old.get(n) != e] + [n for n in old if n not in new]
        for name in differ:
            before, after = old.get(name), new.get(name)
            path = prefix + name.decode("utf-8", "surrogateescape")
            subtrees = [x[1] if x and _is_tree(x[0]) else None for x in (before, after)]
            if any(subtrees):
                self._diff(subtrees[0], subtrees[1], path + "/", removed, added)
            if before and _is_file(before[0]):
                removed[path] = before[1]
            if after and _is_file(after[0]):
                added[path] = after[1]

    def _similar(
        self,
        old_tree: bytes | None,
        new_tree: bytes | None,
        removed: dict[str, bytes],
        added: dict[str, bytes],
    ) -> list[Change]:
        """Renames of files whose content changed too, by git's similarity (dulwich's)."""
        from dulwich.diff_tree import CHANGE_RENAME, RenameDetector, tree_changes

        store = self.repo.object_store
        found = []
        with _reading():
            trees = cast("ObjectID | None", old_tree), cast("ObjectID | None", new_tree)
            renames = RenameDetector(store)
            for change in tree_changes(store, *trees, rename_detector=renames):
                if change.type != CHANGE_RENAME or not change.old or not change.new:
                    continue
                old, new = _path(change.old.path), _path(change.new.path)
                if old in removed and new in added:
                    found.append(Change(old, new, removed.pop(old), added.pop(new)))
        return found

    def blob(self, blob_id: bytes) -> bytes:
        """The bytes of a blob."""
        with _reading():
            return bytes(self.repo.object_store[cast("ObjectID", blob_id)].as_raw_string())

    def _commit(self, commit_id: bytes) -> GitCommit:
        """A commit object, read once."""
        from dulwich.objects import Commit as GitCommit

        found = self._commits.get(commit_id)
        if found is None:
            obj = self.repo[commit_id]
            if not isinstance(obj, GitCommit):
                raise KeyError(commit_id)
            found = self._commits[commit_id] = obj
        return found


def _is_tree(mode: int) -> bool:
    return mode & 0o170000 == 0o040000


def _is_file(mode: int | None) -> bool:
    """A regular file: not a symbolic link, a submodule or a folder."""
    return mode is not None and mode & 0o170000 == 0o100000


def _path(raw: bytes | None) -> str:
    assert raw is not None
    return "content/" + raw.decode("utf-8", "surrogateescape")


@contextmanager
def opened(root: Path) -> Iterator[Repository | None]:
    """The repository of the project at `root`, or None when the project is not one.

    Any failure to read it is a `HistoryError`: it says what, and never shows a traceback."""
    folder = git_dir(root)
    if folder is None:
        yield None
        return
    from dulwich.errors import NotGitRepository
    from dulwich.repo import Repo

    try:
        repo = Repo(str(root))
    except (NotGitRepository, OSError, ValueError) as exc:
        raise HistoryError(str(exc) or type(exc).__name__) from None
    try:
        with _reading():
            opened = Repository(repo)
        yield opened
    finally:
        repo.close()
