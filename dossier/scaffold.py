"""`dossier init` and `dossier new`: a new project, or a new entry, from templates.

The templates are package data in `dossier/scaffold/`: `project/` is what `init` writes
(with the shipped JSON Schemas added as `schemas/`), `new/` holds one template per kind.
A path segment starting `dot-` is written starting `.` (`dot-github/` → `.github/`), so
that the templates' own `.gitignore` does not act on this repository.

Neither command ever writes over a file: `init` lists every file that is in the way and
writes nothing, `new` refuses an id that any entry already has.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template
from typing import get_args

import yaml

from .diagnostics import FileError, UsageError, did_you_mean
from .files import ENTRY_SUFFIXES
from .kinds import ID_PATTERN, MAX_ID_LENGTH, RESERVED_IDS, Kind
from .media import file_kind, sha256_of
from .model import FileKind
from .write import make_folder, put, unmake, writing

_TEMPLATES = resources.files("dossier") / "scaffold"
_SUFFIX = {
    Kind.INCIDENT: ".md",
    Kind.PAGE: ".md",
    Kind.ACTOR: ".yml",
    Kind.PLACE: ".yml",
    Kind.SOURCE: ".yml",
}
"""Incidents and pages have a body to write; the others are mostly fields."""


def project_files() -> dict[str, bytes]:
    """Every file `init` writes, by its path in the project (forward slashes)."""
    files = dict(_walk(_TEMPLATES / "project", ""))
    schemas = resources.files("dossier") / "schemas"
    for item in schemas.iterdir():
        if item.name.endswith(".schema.json"):
            files[f"schemas/{item.name}"] = item.read_bytes()
    return dict(sorted(files.items()))


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    found = []
    for item in folder.iterdir():
        name = "." + item.name[4:] if item.name.startswith("dot-") else item.name
        if item.is_dir():
            found.extend(_walk(item, f"{prefix}{name}/"))
        else:
            found.append((prefix + name, item.read_bytes()))
    return found


def init(folder: Path) -> list[str]:
    """Write a new project into `folder` (made if missing); the paths written.

    Raises UsageError, having written nothing, when any of the files is there already;
    FileError, having removed what it wrote, when one cannot be written."""
    files = project_files()
    with writing(folder):  # a name too long for the file system fails here already
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} is a file; init needs a folder")
        in_the_way = sorted({hit for rel in files if (hit := _in_the_way(folder, rel))})
    if in_the_way:
        listed = "".join(f"\n  {rel}" for rel in in_the_way)
        raise UsageError(
            f"{folder} already has files that init would write; init never writes over "
            f"a file, so nothing was written. Move these away, or init another folder:{listed}"
        )
    made: list[Path] = []
    try:
        for rel, data in files.items():
            path = folder / rel
            make_folder(path.parent, made)
            put(path, data, new=True)  # `new`: never over a file, even one made meanwhile
            made.append(path)
    except FileError as exc:
        unmake(made)
        raise FileError(exc.path, exc.cause, exc.verb, "; nothing was written") from None
    return list(files)


def _in_the_way(folder: Path, rel: str) -> str | None:
    """The part of `rel` that exists where init needs to write: the file, or a parent
    folder that is a file instead."""
    parts = rel.split("/")
    for depth in range(1, len(parts)):
        parent = folder.joinpath(*parts[:depth])
        if parent.exists() and not parent.is_dir():
            return "/".join(parts[:depth])
        if not parent.exists():
            return None
    path = folder / rel
    return rel if path.exists() or path.is_symlink() else None


def new_entry(
    folder: Path,
    kind_word: str,
    entry_id: str,
    today: date | None = None,
    files: Sequence[Path] = (),
) -> Path:
    """Write a new entry of `kind_word` with id `entry_id` from its template; its path.
    A source's `files` (preserved copies in media/) are listed with their digests.

    Raises UsageError for an unknown kind, a folder without dossier.yml, an invalid or
    reserved id, or one that is taken, and for a file that is not in media/."""
    kind = parse_kind(kind_word)
    if files and kind is not Kind.SOURCE:
        raise UsageError(f"--file lists a source's preserved copies; a {kind} has none")
    if not (folder / "dossier.yml").is_file():
        raise UsageError(
            f"no dossier.yml in {folder}: is this a dossier folder? "
            "(`dossier init` makes one; `--dir` points at another)"
        )
    if not ID_PATTERN.match(entry_id):
        raise UsageError(
            f"'{entry_id}' is not a valid id: an id is lowercase letters, digits and single "
            f"hyphens, such as '{_slug(entry_id)}'; it becomes the file name"
        )
    if len(entry_id) > MAX_ID_LENGTH:
        raise UsageError(
            f"'{entry_id[:40]}...' is not a valid id: an id is at most {MAX_ID_LENGTH} "
            f"characters, this one is {len(entry_id)}"
        )
    if entry_id in RESERVED_IDS:
        raise UsageError(
            f"the id '{entry_id}' is reserved for {kind.folder}/{entry_id}.html, the list of "
            f"all {kind.folder}; choose another id"
        )
    taken = entry_ids(folder)
    if entry_id in taken:
        near = difflib.get_close_matches(entry_id, list(taken), n=6, cutoff=0.6)
        others = [i for i in near if i != entry_id][:5]
        listed = f"; ids near it already in use: {', '.join(others)}" if others else ""
        raise UsageError(
            f"id '{entry_id}' is taken by {taken[entry_id]}; ids are unique across all "
            f"kinds, so choose another{listed}"
        )
    rel = f"content/{kind.folder}/{entry_id}{_SUFFIX[kind]}"
    text = render(folder, kind, entry_id, today or date.today())
    text += preserved(folder, files) if files else ""
    path = folder / rel
    made: list[Path] = []
    try:
        make_folder(path.parent, made)
        put(path, text.encode("utf-8"), new=True)
    except FileError as exc:
        unmake(made)
        raise FileError(exc.path, exc.cause, exc.verb, "; nothing was written") from None
    return path


def preserved(folder: Path, files: Sequence[Path]) -> str:
    """The `files:` of a source for these copies: each one's path from the project folder,
    its SHA-256 and its kind, so that no editor types a digest. Nothing is copied: a file
    must be in the project's media/ already (given from the current folder, or from the
    project folder)."""
    media = Path(os.path.abspath(folder / "media"))
    lines = ["files:  # preserved copies: `dossier check` proves each one unchanged\n"]
    for given in files:
        found = next((p for p in (given, folder / given) if p.is_file()), None)
        if found is None:
            what = "a folder" if given.is_dir() else "no file"
            raise UsageError(f"--file {given}: that is {what}; give a file in media/")
        path = Path(os.path.abspath(found))
        if not path.is_relative_to(media):
            raise UsageError(
                f"--file {given}: the file is not in {media}; copy it into the project's "
                "media/ folder (media/sources/, say) and give that copy"
            )
        rel = "media/" + path.relative_to(media).as_posix()
        lines += [
            f"  - path: {_yaml_text(rel)}\n",
            f"    sha256: {sha256_of(path)}\n",
            f"    kind: {file_kind(rel)}   # {', '.join(get_args(FileKind))}\n",
            "    # captured: 2024-03-14T22:40:00+01:00   # when the copy was made\n",
            "    # publish: true   # put the file itself on the site\n",
        ]
    return "".join(lines)


def parse_kind(word: str) -> Kind:
    """The entry kind named `word`; UsageError with a "did you mean" otherwise."""
    try:
        return Kind(word)
    except ValueError:
        kinds = sorted(k.value for k in Kind)
        raise UsageError(
            f"unknown kind '{word}'{did_you_mean(word, kinds)}; kinds are {', '.join(kinds)}"
        ) from None


def render(folder: Path, kind: Kind, entry_id: str, today: date) -> str:
    """The kind's template filled in: a title made from the id, today's date, and, in a
    project that has the schemas, the modeline that points the editor at its schema."""
    template = (_TEMPLATES / "new" / f"{kind}{_SUFFIX[kind]}").read_text("utf-8")
    schema = f"schemas/{kind}.schema.json"
    modeline = (
        f"# yaml-language-server: $schema=../../{schema}\n" if (folder / schema).is_file() else ""
    )
    return Template(template).substitute(
        title=_yaml_text(entry_id.replace("-", " ").capitalize()),
        today=today.isoformat(),
        modeline=modeline,
    )


def _yaml_text(text: str) -> str:
    """`text` as a YAML value that reads back as that text (`2024` or `Yes` get quotes)."""
    plain = yaml.safe_load(f"key: {text}")
    return text if plain == {"key": text} else f'"{text}"'


def entry_ids(folder: Path) -> dict[str, str]:
    """The id of every entry file under `folder/content`, any kind, with its path."""
    ids: dict[str, str] = {}
    content = folder / "content"
    if not content.is_dir():
        return ids
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            stem, suffix = os.path.splitext(name)
            if suffix in ENTRY_SUFFIXES and not name.startswith("."):
                rel = Path(dirpath, name).relative_to(folder).as_posix()
                ids.setdefault(stem, rel)
    return ids


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "entry"
