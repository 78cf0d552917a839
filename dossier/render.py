"""The Jinja2 environment of a theme, and the rendering of one page.

A theme is a folder with `templates/` and `static/`. The project's own `themes/<name>/`
comes first, then the package's theme of that name, then the package's default theme: a
project overrides any template or asset by giving a file of the same name.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from .views import PageView, Site

PACKAGE_THEMES = Path(str(resources.files("dossier"))) / "themes"
"""Inside an installed wheel; in a source checkout the repository's `themes/`."""
if not PACKAGE_THEMES.is_dir():  # an editable install: the themes sit beside the package
    PACKAGE_THEMES = Path(__file__).resolve().parent.parent / "themes"


def theme_dirs(root: Path, theme: str) -> list[Path]:
    """The folders a theme's files are looked up in, first match wins."""
    candidates = [root / "themes" / theme, PACKAGE_THEMES / theme, PACKAGE_THEMES / "default"]
    seen: list[Path] = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in [s.resolve() for s in seen]:
            seen.append(folder)
    return seen


class _Environment(jinja2.Environment):
    """View data is plain dicts: look keys up first, rather than fail an attribute lookup
    on every `{{ entry.title }}` (an exception each time, thousands of times a page)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(dirs: list[Path]) -> jinja2.Environment:
    """Autoescaped, strict: a missing value fails the build, not the reader."""
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates never change during a build; `serve` makes a new environment when a
        # theme file does. Without this, every page would stat each of its templates.
        auto_reload=False,
    )
    return env


def static_files(dirs: list[Path]) -> dict[str, Path]:
    """Every asset by its path under `static/`; the first theme folder that has it wins."""
    found: dict[str, Path] = {}
    for folder in reversed(dirs):
        static = folder / "static"
        for file in sorted(static.rglob("*")) if static.is_dir() else ():
            if file.is_file():
                found[file.relative_to(static).as_posix()] = file
    return dict(sorted(found.items()))


def render_page(site: Site, env: jinja2.Environment, view: PageView) -> str:
    template = env.get_template(view.template)
    return template.render(site.context(view))


def describe(exc: jinja2.TemplateError) -> str:
    """A template error with the template file and line where it happened."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}"
    place = ""
    tb = exc.__traceback__
    while tb is not None:  # jinja2 maps template frames to the template's own lines
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            place = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return f"{place}{exc}"
