"""Turn a generated dossier into a Hugo project with the same pages, to time `hugo`.

    python bench/hugo_project.py bench/work/1000 [OUT]   # OUT defaults to bench/work/1000-hugo

One page per entry, `content/<kind>/<id>.md`, plus a list page per kind and the home page,
under small templates of this script's own (no theme). A body stays Markdown: `[[id]]`
becomes the shortcode `{{< e "id" >}}`, which shows the entry's *current* title as a link
(`site.GetPage`), `[[id|text]]` the same link with the text; a `[^source-id]` citation
stays a footnote (goldmark's), defined once per page as `{{< e "source-id" >}}`. The ids
an entry's fields name are listed in its front matter (`refs`) and shown with their titles
by the page template. So a title, as in dossier, is shown wherever the entry is named:
its page, the pages that link to it or cite it, and its kind's list; `hugo server` has to
render those again when it changes.

The project is written beside OUT and renamed into place with a `.bench-hugo` mark (the
dossier's mark and a digest of this script), reused while both match. Needs PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs_project import CITATION, DOSSIER_MARK, LINK, LOADER, Entry, read_entries

MARK = ".bench-hugo"

CONFIG = """baseURL = "http://localhost/"
title = {title}
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
"""

TEMPLATES = {
    "layouts/_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
</head><body><nav><a href="/">{{ site.Title }}</a>{{ range site.Sections }}
<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "layouts/_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .Params.date_text }}<p class="date">{{ . }}</p>{{ end }}
{{ with .Params.fields }}<dl>{{ range $k, $v := . }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}
</dl>{{ end }}
{{ with .Params.refs }}<h2>Related</h2><ul>{{ range . }}{{ with site.GetPage . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
{{ .Content }}</article>{{ end }}
""",
    "layouts/_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
""",
    "layouts/shortcodes/e.html": (
        "{{ $id := .Get 0 }}{{ $text := .Get 1 }}"
        "{{ with site.GetPage (index hugo.Data.where $id) }}"
        '<a href="{{ .RelPermalink }}">{{ $text | default .Title }}</a>'
        "{{ else }}{{ $text | default $id }}{{ end }}"
    ),
}


def _short(id_: str, text: str | None = None) -> str:
    if text is None:
        return f'{{{{< e "{id_}" >}}}}'
    return f'{{{{< e "{id_}" {json.dumps(text)} >}}}}'


def convert_body(body: str, entries: dict[str, Entry]) -> str:
    """A dossier body as Hugo Markdown: links as shortcodes, citations as footnotes."""

    def link(match: Any) -> str:
        target = entries.get(match[1])
        if target is None:
            return str(match[2] or match[1])
        return _short(target.id, match[2])

    cited: dict[str, None] = {}

    def citation(match: Any) -> str:
        source = entries.get(match[1])
        if source is not None and source.kind == "sources":
            cited[source.id] = None
        return str(match[0])

    text = CITATION.sub(citation, LINK.sub(link, body.strip()))
    notes = [f"[^{id_}]: {_short(id_)}" for id_ in cited]
    return "\n\n".join([text, *notes]) if notes else text


def _refs(value: Any, entries: dict[str, Entry], out: dict[str, None]) -> None:
    """The entry ids a field's value names, into `out`."""
    if isinstance(value, str) and value in entries:
        out[value] = None
    elif isinstance(value, list):
        for item in value:
            _refs(item, entries, out)
    elif isinstance(value, dict):
        for item in value.values():
            _refs(item, entries, out)


def page_text(entry: Entry, entries: dict[str, Entry]) -> str:
    """One entry's page: front matter (title, the ids it names, plain fields), then body."""
    refs: dict[str, None] = {}
    fields = {}
    for key, value in entry.front.items():
        if key in ("title", "name"):
            continue
        _refs(value, entries, refs)
        if isinstance(value, (str, int, float, bool)):
            fields[key] = str(value)
    front = {
        "title": entry.title,
        "refs": [f"/{entries[r].kind}/{r}" for r in refs],
        "fields": fields,
    }
    body = convert_body(entry.body, entries) if entry.body is not None else ""
    return "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body + "\n"


def fingerprint() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def mark_of(dossier: Path) -> dict[str, Any] | None:
    source = _read_json(dossier / DOSSIER_MARK)
    if not isinstance(source, dict):
        return None
    return {"converter": "bench/hugo_project.py", "dossier": source, "hash": fingerprint()}


def make_project(dossier: Path, out: Path | None = None) -> tuple[Path, bool]:
    """Write the Hugo project of `dossier` into `out` unless it is up to date there.

    Returns the folder and whether it was written. Refuses, with FileExistsError, an `out`
    that holds anything but an earlier project of this script."""
    out = dossier.parent / f"{dossier.name}-hugo" if out is None else out
    mark = mark_of(dossier)
    previous = _read_json(out / MARK)
    if mark is not None and previous == mark and (out / "hugo.toml").is_file():
        return out, False
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and previous is None)):
        raise FileExistsError(f"{out} is not empty and was not made by bench/hugo_project.py")
    entries = read_entries(dossier)
    config = yaml.load((dossier / "dossier.yml").read_text(encoding="utf-8"), Loader=LOADER)
    title = str((config or {}).get("title") or dossier.name)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    for name, text in TEMPLATES.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, encoding="utf-8")
    (tmp / "hugo.toml").write_text(CONFIG.format(title=json.dumps(title)), encoding="utf-8")
    content = tmp / "content"
    content.mkdir()
    (content / "_index.md").write_text(f"---\ntitle: {json.dumps(title)}\n---\n", "utf-8")
    for kind in sorted({entry.kind for entry in entries.values()}):
        (content / kind).mkdir()
        front = json.dumps({"title": kind.capitalize()})
        (content / kind / "_index.md").write_text(f"---\n{front}\n---\n", encoding="utf-8")
    where = {id_: f"/{entry.kind}/{id_}" for id_, entry in entries.items()}
    (tmp / "data").mkdir()
    (tmp / "data" / "where.json").write_text(json.dumps(where), encoding="utf-8")
    for entry in entries.values():
        page = content / entry.kind / f"{entry.id}.md"
        page.write_text(page_text(entry, entries), encoding="utf-8")
    (tmp / MARK).write_text(json.dumps(mark) + "\n", encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return out, True


def main(argv: list[str] | None = None) -> int:
    """Command line: convert one dossier; exit 2 when the output folder is refused."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("out", type=Path, nargs="?", help="default: beside it, <name>-hugo")
    args = parser.parse_args(argv)
    try:
        out, written = make_project(args.dossier, args.out)
    except (FileExistsError, OSError, yaml.YAMLError) as exc:
        print(f"hugo_project.py: {exc}", file=sys.stderr)
        return 2
    print(f"{out}: {'written' if written else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
