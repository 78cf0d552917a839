"""`dossier briefing --out FILE.pdf|FILE.html` (SPEC section 14): the audience's dossier as
one file to read away from the site.

Both editions come from one template (`briefing.html`, with the site's `style.css` and the
theme's `briefing.css`). The HTML edition holds everything it shows: its style and script
inline, allowed by their hashes in its Content-Security-Policy and nothing else, images as
`data:` URIs; it loads nothing. The PDF is the same document laid out by WeasyPrint, which
may fetch nothing but `data:` URIs: its source notes are page footnotes, its contents have
page numbers, its headings are PDF bookmarks, and the PDF is tagged.
"""

from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
import posixpath
import subprocess
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from markupsafe import Markup

from .diagnostics import UsageError
from .i18n import project_language

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

    from .check import Dossier
    from .render import Theme

FORMATS = (".pdf", ".html")

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
"""The files a body's image may embed."""

MAX_IMAGE = 20 * 1024 * 1024
"""A larger image is left out (its alt text shown): one file must stay sendable."""


def check_target(out: Path) -> str:
    """The edition `out` asks for, `.pdf` or `.html`; another extension is a usage error."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"cannot tell what to write from {out}: give --out a file ending in .pdf or .html"
        )
    if out.is_dir():
        raise UsageError(f"cannot write the briefing to {out}: it is a folder")
    return suffix


def write_briefing(dossier: Dossier, out: Path, clock: datetime | None = None) -> None:
    """Write the briefing of `dossier` (the one its audience may see) to `out`."""
    from .render import Theme, replace

    suffix = check_target(out)
    content = (dossier.root / "content").resolve()
    if out.resolve().is_relative_to(content):
        raise UsageError(f"refusing to write the briefing into {out}: it is inside content/")
    theme = Theme.resolve(
        dossier.root,
        dossier.config.theme if dossier.config else "default",
        project_language(dossier.root, dossier.config),
    )
    document = render_html(dossier, theme, paged=suffix == ".pdf", stamp=stamp(dossier, clock))
    data = pdf(document) if suffix == ".pdf" else document.encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    replace(out, data)


def render_html(dossier: Dossier, theme: Theme, *, paged: bool, stamp: str) -> str:
    """The briefing as one HTML document (`paged`: the PDF's, with page footnotes)."""
    from . import markdown
    from .memo import Once
    from .views import Reads
    from .views.briefing import briefing

    md = markdown.create()
    md.add_render_rule("image", _image_rule(dossier.root))
    view = briefing(Reads(dossier), md, paged=paged, stamp=stamp, audience=dossier.audience)
    style = _read(theme, "static/style.css") + "\n" + _read(theme, "templates/briefing.css")
    script = "" if paged else _read(theme, "static/site.js")
    for text, tag in ((style, "</style"), (script, "</script")):
        if tag in text.lower():  # a theme's file would end the element early
            raise UsageError(f"the theme's files hold '{tag}', which cannot be inlined")
    context = {name: getattr(view, name) for name in view.__slots__}
    context |= {"style": Markup(style), "script": Markup(script), "csp": csp(style, script)}
    Once.forget(theme.env)
    return theme.env.get_template("briefing.html").render(context)


def csp(style: str, script: str) -> str:
    """A policy that allows this document's own inline style and script, by hash, and images
    from `data:` URIs; nothing else, from nowhere."""
    scripts = f"'{_hash(script)}'" if script else "'none'"
    return (
        f"default-src 'none'; style-src '{_hash(style)}'; script-src {scripts}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _read(theme: Theme, name: str) -> str:
    """A theme file, from the first theme folder that has it."""
    for folder in theme.dirs:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    return ""


def stamp(dossier: Dossier, clock: datetime | None) -> str:
    """Which edition: the commit the dossier's folder is at, when it is in git, else the day
    it was made (`--clock`'s day, for a reproducible file), in the dossier's language."""
    lang = project_language(dossier.root, dossier.config)
    commit = _commit(dossier.root)
    if commit:
        # The day stays ISO 8601, as git writes it: an edition's mark, read by any language.
        return lang.gettext("commit %(commit)s of %(day)s") % {
            "commit": commit[0],
            "day": commit[1],
        }
    from .audience import now

    return lang.gettext("made on %(day)s") % {"day": (clock or now()).date().isoformat()}


def _commit(root: Path) -> tuple[str, str] | None:
    # No `git status`: a repository's own config (core.fsmonitor) could run a command.
    command = ["git", "-c", "core.fsmonitor=", "-C", str(root), "log", "-1", "--format=%H %cs"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = done.stdout.split()
    if done.returncode != 0 or len(found) != 2:
        return None
    return found[0][:12], found[1]


def pdf(document: str) -> bytes:
    """The document laid out by WeasyPrint: fetching nothing but `data:` URIs, tagged."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango is missing
        raise UsageError(f"the PDF needs WeasyPrint and Pango, which did not load: {exc}") from None
    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    page = weasyprint.HTML(string=document, base_url=None, url_fetcher=fetcher)
    data = page.write_pdf(pdf_tags=True, pdf_identifier=b"dossier-briefing")
    assert isinstance(data, bytes)
    return data


def _image_rule(root: Path) -> Callable[..., str]:
    """Images of a body, inside the file as `data:` URIs: the files of media/ the body
    shows (SPEC §8, `markdown.local`), without their metadata, as the site publishes them."""
    from .markdown.local import Local, image_html

    base = root.resolve()

    def render(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        found: Local | None = token.meta.get("local")
        data = _embedded(base, found.href) if found is not None and found.href else None
        if found is None or data is None:  # from outside: a briefing loads nothing
            return f'<span class="missing-image">[{html.escape(alt or "image")}]</span>'
        return image_html(token, html.escape(alt), data, found)

    return render


def _embedded(base: Path, href: str) -> str | None:
    """The file of media/ that `href` (from the briefing, at the site's root) names, cleaned
    of its metadata, as a `data:` URI; None when it cannot be (too large, unreadable)."""
    from .strip import StripError, clean

    path = unquote(href.split("#")[0].split("?")[0])
    if not path.startswith("media/") or posixpath.normpath(path) != path:
        return None
    try:
        file = (base / path).resolve()
        if not file.is_file() or file.suffix.lower() not in IMAGES:
            return None
        if file.stat().st_size > MAX_IMAGE:
            return None
        data = clean(file.read_bytes())
    except (OSError, StripError):
        return None
    kind = "image/svg+xml" if file.suffix.lower() == ".svg" else mimetypes.guess_type(file.name)[0]
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
