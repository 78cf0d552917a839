"""Turn a generated dossier into an MkDocs project with the same pages, to time `mkdocs build`.

    python bench/mkdocs_project.py bench/work/1000 [OUT]   # OUT defaults to bench/work/1000-mkdocs

One page per entry, `docs/<kind>/<id>.md`, so that MkDocs renders as many pages as dossier
does. An entry with a Markdown body keeps it as plain Markdown under its title as a heading:
`[[id]]` becomes `[Title](../<kind>/<id>.md)`, `[[id|text]]` becomes `[text](...)`, and a
`[^source-id]` citation stays a standard footnote whose definition, `[^source-id]:
Publisher, "Title".`, is appended to the page once per source. A YAML-only entry becomes its
title as a heading and its fields as a short list. `mkdocs.yml` asks for MkDocs' default
theme, `theme: mkdocs`, the `footnotes` extension, no `nav` (MkDocs builds it from the
folders) and `use_directory_urls: false`.

The project is written beside OUT and renamed into place, with a `.bench-mkdocs` mark that
holds the dossier's own mark and a digest of this script: a later run reuses the project
while both match. Standard library plus PyYAML (which MkDocs needs anyway).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MARK = ".bench-mkdocs"
DOSSIER_MARK = ".bench-dossier"
"""The mark `generate.py` leaves in a dossier it wrote."""
LINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")
CITATION = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# The C loader when PyYAML has it: 20,000 front matters take seconds rather than a minute.
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Entry:
    """One content file of the dossier, as the converter needs it."""

    kind: str
    """Its folder under content/: incidents, sources, actors, places, pages."""
    id: str
    """Its file name without the suffix."""
    front: dict[str, Any]
    """Its front matter (the whole file for a `.yml` entry)."""
    body: str | None
    """Its Markdown body; None for a `.yml` entry."""

    @property
    def title(self) -> str:
        """What a link to it and its heading say: `title`, else `name`, else the id."""
        return str(self.front.get("title") or self.front.get("name") or self.id)

    @property
    def page(self) -> str:
        """Its page, relative to docs/."""
        return f"{self.kind}/{self.id}.md"


def read_entry(path: Path) -> Entry:
    """Read one entry file: front matter and body of a `.md`, the mapping of a `.yml`."""
    text = path.read_text(encoding="utf-8")
    body: str | None = None
    if path.suffix == ".md":
        _, _, rest = text.partition("---\n")
        text, _, body = rest.partition("\n---\n")
    front = yaml.load(text, Loader=LOADER) or {}
    return Entry(path.parent.name, path.stem, front, body)


def read_entries(dossier: Path) -> dict[str, Entry]:
    """Every entry of the dossier, by id, in the order of their paths."""
    paths = sorted(
        p for p in (dossier / "content").glob("*/*") if p.suffix in (".md", ".yml", ".yaml")
    )
    return {entry.id: entry for entry in map(read_entry, paths)}


def _escape(text: str) -> str:
    """Text that is safe inside a Markdown link's brackets."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def convert_body(body: str, entries: dict[str, Entry]) -> str:
    """A dossier body as plain Markdown, with the footnote definitions of its citations."""

    def link(match: re.Match[str]) -> str:
        target = entries.get(match[1])
        if target is None:  # not an entry: leave the text, drop the brackets
            return match[2] or match[1]
        text = match[2] if match[2] is not None else target.title
        return f"[{_escape(text)}](../{target.page})"

    cited: dict[str, None] = {}

    def citation(match: re.Match[str]) -> str:
        source = entries.get(match[1])
        if source is not None and source.kind == "sources":
            cited[source.id] = None
        return match[0]  # a local footnote ([^editor]) is left as it is

    text = CITATION.sub(citation, LINK.sub(link, body.strip()))
    notes = [
        f'[^{id_}]: {entries[id_].front.get("publisher", "")}, "{entries[id_].title}".'
        for id_ in cited
    ]
    return "\n\n".join([text, *notes]) if notes else text


def _value(value: Any, entries: dict[str, Entry]) -> str:
    """One field's value on one line; an entry id becomes a link to its page."""
    if isinstance(value, str):
        target = entries.get(value)
        return f"[{_escape(target.title)}](../{target.page})" if target else value
    if isinstance(value, list):
        return ", ".join(_value(v, entries) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v, entries)}" for k, v in value.items())
    return str(value)


def page_text(entry: Entry, entries: dict[str, Entry]) -> str:
    """The Markdown page of one entry: its title as a heading, then its body or its fields."""
    if entry.body is not None:
        return f"# {entry.title}\n\n{convert_body(entry.body, entries)}\n"
    fields = [
        f"- **{key}**: {_value(value, entries)}"
        for key, value in entry.front.items()
        if key not in ("title", "name")
    ]
    return f"# {entry.title}\n\n" + "\n".join(fields) + "\n"


def mkdocs_yml(title: str) -> str:
    """The configuration: default theme, footnotes, flat URLs, the nav left to MkDocs."""
    return (
        f"site_name: {json.dumps(title, ensure_ascii=False)}\n"
        "theme:\n  name: mkdocs\n"
        "markdown_extensions:\n  - footnotes\n"
        "use_directory_urls: false\n"
    )


def fingerprint() -> str:
    """A digest of this script, so that a changed converter is never mistaken for reuse."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def mark_of(dossier: Path) -> dict[str, Any] | None:
    """What the mark of a project made from `dossier` holds; None when the dossier has none."""
    source = _read_json(dossier / DOSSIER_MARK)
    if not isinstance(source, dict):
        return None
    return {"converter": "bench/mkdocs_project.py", "dossier": source, "hash": fingerprint()}


def default_out(dossier: Path) -> Path:
    """Where the project of `dossier` goes unless told: beside it, as `<name>-mkdocs`."""
    return dossier.parent / f"{dossier.name}-mkdocs"


def make_project(dossier: Path, out: Path | None = None) -> tuple[Path, bool]:
    """Write the MkDocs project of `dossier` into `out` unless it is up to date there.

    Returns the project folder and whether it was written (False: reused). Refuses, with
    FileExistsError, an `out` that holds anything but an earlier project of this script.
    """
    out = default_out(dossier) if out is None else out
    mark = mark_of(dossier)
    previous = _read_json(out / MARK)
    if mark is not None and previous == mark and (out / "mkdocs.yml").is_file():
        return out, False
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and previous is None)):
        raise FileExistsError(f"{out} is not empty and was not made by bench/mkdocs_project.py")
    entries = read_entries(dossier)
    config = yaml.load((dossier / "dossier.yml").read_text(encoding="utf-8"), Loader=LOADER)
    title = str((config or {}).get("title") or dossier.name)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    docs = tmp / "docs"
    for kind in sorted({entry.kind for entry in entries.values()}):
        (docs / kind).mkdir(parents=True)
    description = str((config or {}).get("description") or "")
    (docs / "index.md").write_text(f"# {title}\n\n{description}\n", encoding="utf-8")
    for entry in entries.values():
        (docs / entry.page).write_text(page_text(entry, entries), encoding="utf-8")
    (tmp / "mkdocs.yml").write_text(mkdocs_yml(title), encoding="utf-8")
    (tmp / MARK).write_text(json.dumps(mark) + "\n", encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return out, True


def main(argv: list[str] | None = None) -> int:
    """Command line: convert one dossier; exit 2 when the output folder is refused."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("dossier", type=Path, help="a dossier folder (content/, dossier.yml)")
    parser.add_argument("out", type=Path, nargs="?", help="default: beside it, <name>-mkdocs")
    args = parser.parse_args(argv)
    try:
        out, written = make_project(args.dossier, args.out)
    except (FileExistsError, OSError, yaml.YAMLError) as exc:
        print(f"mkdocs_project.py: {exc}", file=sys.stderr)
        return 2
    print(f"{out}: {'written' if written else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
