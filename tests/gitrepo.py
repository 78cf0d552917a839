"""A git repository made commit by commit in a test, with the dates the test chooses.

The tests drive `git` itself (the package reads repositories with dulwich, never `git`):
what an editor does is what the tests do.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
}


class GitRepo:
    """A dossier folder that is a git repository, on branch `main`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str | None = None) -> str:
        """Run git in the repository (its dates `when`, ISO 8601 with offset); its output."""
        env = os.environ | _ENV
        if when is not None:
            env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, files: dict[str, str]) -> None:
        """Write files (path → text, dedented) without committing them."""
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def commit(
        self,
        message: str,
        when: str,
        files: dict[str, str] | None = None,
        *,
        remove: tuple[str, ...] = (),
        move: dict[str, str] | None = None,
    ) -> str:
        """Write, remove and move files, and commit everything at `when`; the commit's id."""
        self.write(files or {})
        for rel in remove:
            self.git("rm", "-q", rel)
        for old, new in (move or {}).items():
            (self.root / new).parent.mkdir(parents=True, exist_ok=True)
            self.git("mv", old, new)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when)
        return self.head()

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace `old` by `new` in one file (once; it must be there)."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()
