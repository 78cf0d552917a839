"""The registry of diagnostic codes: every code a `Report` may carry, its severity and what
it means. docs/format.md's tables of codes are made from it (`code_table`), and
tests/sites/invalid/ holds a case for each."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: an error stops the build, a warning only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of problem, shown in brackets after its message: `[unknown-ref]`."""

    name: str
    """The stable short code: lowercase words joined by hyphens."""
    severity: Severity
    """Every diagnostic of this code has this severity."""
    description: str
    """When it is reported, in one line of Markdown (a row of docs/format.md's tables)."""


_E, _W = Severity.ERROR, Severity.WARNING
CODES: dict[str, Code] = {
    code.name: code
    for code in (
        # Reading the files
        Code("no-content", _E, "no `content/` folder"),
        Code(
            "unreadable",
            _E,
            "an entry file, `dossier.yml`, a folder of `media/` or a preserved copy that "
            "cannot be read (no permission to read it, say, or gone before it was read)",
        ),
        Code("encoding", _E, "a file that is not UTF-8"),
        Code(
            "control-char",
            _E,
            "a C0 or C1 control character (other than tab and newline), DEL, a line "
            "separator (U+2028, U+2029) or a bidirectional control (U+202A-U+202E, "
            "U+2066-U+2069): in a file, in a key or value made by a YAML escape "
            '(`"\\u202e"`), or made by a character reference in a body (`&#x1b;`)',
        ),
        Code("misplaced-file", _E, "a file directly in `content/`"),
        Code("unknown-folder", _E, "a folder in `content/` that is not a kind"),
        Code("file-name", _E, "`.yaml`, `.markdown`, `.mdown`, `.txt`: the wrong extension"),
        Code(
            "symlink",
            _E,
            "a symbolic link leading outside `content/` (in `media/`, outside `media/`; in "
            "the project's theme, outside `themes/`), or nowhere, or round in a loop",
        ),
        Code("invalid-id", _E, "a file name that is not a valid id"),
        Code(
            "reserved-id",
            _E,
            "an entry named `index`: that name is its kind's index page (`incidents/index.html`)",
        ),
        Code("duplicate-id", _E, "the same id twice, in any kinds"),
        Code(
            "front-matter", _E, "a `.md` entry that does not start with `---`, or never closes it"
        ),
        # Reading the YAML
        Code(
            "yaml-syntax",
            _E,
            "YAML that cannot be read; a second document; nesting deeper than 64 levels; a "
            "key that is a list or mapping; a number too long to convert",
        ),
        Code("yaml-alias", _E, "an anchor or alias"),
        Code("yaml-tag", _E, "a tag other than YAML's own (`!!python/...`, `!custom`)"),
        Code("duplicate-key", _E, "a key given twice in one mapping"),
        Code("not-a-mapping", _E, "an empty file, or YAML that is not a mapping of keys"),
        # The schema
        Code("unknown-key", _E, 'a key the kind does not have (with "did you mean")'),
        Code(
            "missing-key",
            _E,
            "a required key missing: `title` (or `name`), a claim's `about`, `value` or "
            "`sources` (outside a source), an assessment's `about` or `note`, an `actor`",
        ),
        Code(
            "invalid-value",
            _E,
            "a value of the wrong type or form, a date that is not real, an end before a start",
        ),
        # References between entries
        Code("unknown-ref", _E, 'a reference to an id that does not exist (with "did you mean")'),
        Code(
            "wrong-kind", _E, "a reference to an entry of the wrong kind (`place:` naming an actor)"
        ),
        Code(
            "unsafe-link",
            _E,
            "a Markdown link whose scheme is not http, https or mailto (entities decoded first)",
        ),
        Code("internal-ref", _E, "public content naming an internal or embargoed entry"),
        # Media and evidence
        Code(
            "missing-file",
            _E,
            "a relative link or image in Markdown, or a preserved copy (`files:`), that names "
            "no file of `media/` (nor, for a link, an entry file of `content/`): a file that "
            "is not there, a folder, a path out of the project",
        ),
        Code(
            "image-format",
            _E,
            "a file of `media/` that a page shows or links and that cannot be published "
            "without its metadata: a HEIC or AVIF image, or a file named `.jpg`, `.png`, "
            "`.webp` or `.tif` that is none of these",
        ),
        Code(
            "hash-mismatch",
            _E,
            "a preserved copy whose SHA-256 is not the `sha256` written for it (both are "
            "given in full)",
        ),
        Code("cycle", _E, "`part_of` or `via` going round in a circle"),
        Code(
            "deep-nesting",
            _W,
            "block quotes, list items and footnotes nested more than 10 deep in Markdown: "
            "the marks that would nest deeper are shown as text",
        ),
        # Claims and assessments
        Code("duplicate-assessment", _E, "two assessments of one property on one entry"),
        Code(
            "orphan-assessment",
            _W,
            "an assessment about a property no claim of that entry is about",
        ),
        Code("unassessed", _W, "a conflict or discrepancy without an assessment"),
        Code(
            "single-source",
            _W,
            "a claim resting on one source in a contradicted group that has no assessment "
            "(an assessment shows the editor has weighed it)",
        ),
        # The audit
        Code(
            "uncited-source",
            _W,
            "a source no claim and no `[^id]` cites (being in another source's `via` is not "
            "a citation). Not reported while some entries cannot be read, since their "
            "citations are unknown.",
        ),
        Code(
            "unsourced-incident",
            _W,
            "an incident with no `[^source]` citation and no sourced claim about it",
        ),
        Code(
            "accessed-before-published",
            _W,
            "a source's `accessed` date before its `published` date",
        ),
        Code(
            "no-archive",
            _W,
            "a source with a `url` but no `archive_url` (a source known only through "
            "another, with no URL, needs none)",
        ),
        Code(
            "archive-mismatch",
            _W,
            "a Wayback Machine `archive_url` that archives another address than the "
            "source's `url` (`http` and `https`, `www.` and a trailing `/` aside)",
        ),
        Code(
            "archive-before-published",
            _W,
            "a Wayback Machine `archive_url` whose timestamp is before the source's "
            "`published` date, compared at that date's precision",
        ),
        Code("no-alt", _W, "an image in Markdown without alt text"),
        Code(
            "image-orientation",
            _W,
            "an image stored turned, upright only by its EXIF orientation: the site removes "
            "that tag with the rest of the metadata, so it would show turned",
        ),
        Code(
            "outside-country",
            _W,
            "a place's `coordinates` more than 25 km outside its `country` (Natural Earth's "
            "borders at 1:50m), with a hint when latitude and longitude look swapped",
        ),
        Code(
            "ignored-file",
            _W,
            "a file in `content/` that is not an entry, or a symbolic link to a folder (in "
            "`content/` or `media/`)",
        ),
        # Languages
        Code(
            "ui-language",
            _W,
            "`dossier.yml`'s `language` has no catalog, shipped or in the project's theme: "
            "the site's own words are English, its dates and numbers CLDR's when it has them",
        ),
        # The history
        Code(
            "shallow-history",
            _W,
            "the project is a shallow git clone: corrections and dates start at the oldest "
            "commit it has (`check` and `build`, at `dossier.yml`)",
        ),
    )
}
"""Every code a diagnostic may carry, by name: `Report` refuses any other."""


def code_table(severity: Severity) -> str:
    """The Markdown table of the codes of one severity, as docs/format.md shows it."""
    rows = [f"| `{c.name}` | {c.description} |\n" for c in CODES.values() if c.severity is severity]
    return "| code | when |\n|---|---|\n" + "".join(rows)
