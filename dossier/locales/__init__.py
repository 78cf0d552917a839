"""The package's message catalogs, and the one way to make them again from the sources.

`python -m dossier.locales` (or `make messages`) extracts every message of the default
theme's templates and of the package's Python into `messages.pot`, brings each language's
`messages.po` up to it (new messages untranslated, gone ones dropped) and compiles each to
`messages.mo`. It writes no date and no line number, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
TEMPLATES = PACKAGE.parent / "themes" / "default" / "templates"
if not TEMPLATES.is_dir():  # an installed wheel holds the themes inside the package
    TEMPLATES = PACKAGE / "themes" / "default" / "templates"
POT = HERE / "messages.pot"
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""The one date the catalogs' headers carry, so that making them again changes nothing."""

JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "count": (1, 2),
    "plural_forms": (1, 2),
}


def _catalog(locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        project="dossier",
        version="",
        copyright_holder="the dossier authors",
        msgid_bugs_address="",
        creation_date=EPOCH,
        revision_date=EPOCH,
        fuzzy=False,
    )


def extracted() -> Catalog:
    """Every message the templates and the Python write, from the sources as they are."""
    catalog = _catalog()
    sources = [(p, "jinja") for p in sorted(TEMPLATES.glob("*.html"))]
    sources += [(p, "python") for p in sorted(PACKAGE.rglob("*.py"))]
    for path, method in sources:
        with path.open("rb") as fp:
            found = (
                extract("jinja2.ext:babel_extract", fp, KEYWORDS, ("Translators:",), JINJA)
                if method == "jinja"
                else extract("python", fp, KEYWORDS, ("Translators:",))
            )
            where = path.relative_to(PACKAGE.parent).as_posix()
            for lineno, message, comments, context in found:
                catalog.add(
                    message, None, [(where, lineno)], auto_comments=comments, context=context
                )
    return catalog


def po_text(catalog: Catalog) -> bytes:
    """A catalog as `.po` text, sorted, without line numbers or wrapping that would churn."""
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=True, include_lineno=False, omit_header=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """A catalog compiled, as `msgfmt` would."""
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def languages() -> list[str]:
    """The languages with a catalog in the package."""
    return sorted(p.name for p in HERE.iterdir() if (p / "LC_MESSAGES").is_dir())


def read(lang: str) -> Catalog:
    """A language's `.po` source."""
    with (HERE / lang / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return read_po(fp, locale=lang)


def updated(lang: str, template: Catalog) -> Catalog:
    """A language's catalog brought up to the template; new messages untranslated."""
    po = HERE / lang / "LC_MESSAGES" / "messages.po"
    catalog = read(lang) if po.is_file() else _catalog(lang)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.creation_date = catalog.revision_date = EPOCH
    return catalog


def _write(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def main(langs: list[str]) -> list[Path]:
    """Make `messages.pot` and each language's `.po` and `.mo`; the files that changed."""
    template = extracted()
    changed = [POT] if _write(POT, po_text(template)) else []
    for lang in sorted(set(languages()) | set(langs)):
        catalog = updated(lang, template)
        folder = HERE / lang / "LC_MESSAGES"
        if _write(folder / "messages.po", po_text(catalog)):
            changed.append(folder / "messages.po")
        if _write(folder / "messages.mo", mo_bytes(catalog)):
            changed.append(folder / "messages.mo")
    return changed
