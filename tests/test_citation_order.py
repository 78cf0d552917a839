"""Citation notes are numbered in the order a reader meets them (SPEC section 6).

Every built page is read as a reader reads it, top to bottom: the note numbers of its
in-text citations (`data-cite`, `data-note`) must first appear as 1, 2, 3, ...; every number
cited has its note (`id="note-N"`) in the list at the foot, and that list runs 1..n.
The sites are built for real, on disk, and their HTML files are parsed.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import write_files

from dossier.pipeline import build

ROOT = Path(__file__).parent.parent
HARBOUR = Path(__file__).parent / "sites" / "valid" / "harbour"

# An actor whose claims it asserts (`attributed_to`) cite sources in "What it asserts", and
# whose own Markdown cites other sources; an incident with key figures, a contradiction
# callout and a narrative that cites sources of its own and of the figures.
INLINE: dict[str, str | bytes] = {
    "dossier.yml": "title: Citation order\n",
    "content/actors/ministry.md": """
        ---
        name: Ministry of the Interior
        kind: state
        country: 'PT'
        ---
        The ministry spoke first[^wire] and then to the press[^paper], as the
        radio reported[^radio].
        """,
    "content/incidents/blast.md": """
        ---
        title: Blast at the depot
        date: 2021-03-02
        claims:
          - about: killed
            value: 3
            sources: [statement]
            attributed_to: ministry
          - about: killed
            value: 5
            sources: [paper, wire]
          - about: injured
            value: 12
            sources: [statement, radio]
            attributed_to: ministry
        assessments:
          - about: killed
            note: The ministry's count came first; the paper's was never confirmed.
        ---
        The depot blew up at dawn[^radio]. The ministry's statement[^statement] gave three
        dead; the paper[^paper] five. A blog[^blog] saw the smoke[^radio].
        """,
    "content/sources/statement.yml": """
        title: Statement on the depot
        publisher: Ministry of the Interior
        kind: statement
        published: 2021-03-02
        """,
    "content/sources/paper.yml": """
        title: Depot blast kills five
        publisher: The Paper
        kind: news
        url: https://paper.example/depot
        archive_url: https://archive.example/paper/depot
        published: 2021-03-03
        """,
    "content/sources/wire.yml": """
        title: Blast at depot, ministry says
        publisher: Wire Agency
        kind: news
        published: 2021-03-02
        """,
    "content/sources/radio.yml": """
        title: Morning bulletin
        publisher: City Radio
        kind: news
        published: 2021-03-02
        """,
    "content/sources/blog.yml": """
        title: Smoke over the depot
        publisher: A local blog
        kind: social
        published: 2021-03-02
        """,
}


@dataclass
class Citations:
    """What one page shows of its citations, in document order."""

    cites: list[dict[str, str | None]] = field(default_factory=list)
    """The attributes of every element with `data-cite`."""
    notes: list[int] = field(default_factory=list)
    """N of every `id="note-N"`, in order."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Citations()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "data-cite" in attributes:
            self.found.cites.append(attributes)
        m = re.fullmatch(r"note-(\d+)", attributes.get("id") or "")
        if m:
            self.found.notes.append(int(m[1]))


def read(page: Path) -> Citations:
    reader = _Reader()
    reader.feed(page.read_text(encoding="utf-8"))
    reader.close()
    return reader.found


def note_number(cite: dict[str, str | None]) -> int | None:
    """The note a citation refers to: its `data-note`, or else the `#note-N` it links to.

    `data-note` is the contract; the link is read too so that the order of the numbers is
    tested even where `data-note` is missing (that has a test of its own)."""
    for value in (cite.get("data-note"), (cite.get("href") or "").removeprefix("#note-")):
        if value and value.isdigit():
            return int(value)
    return None


def order_problems(found: Citations) -> list[str]:
    """What is wrong with a page's numbering, in words; empty when it is right."""
    problems = []
    numbers = [note_number(c) for c in found.cites]
    if None in numbers:
        problems.append(f"a citation with no note number: {found.cites[numbers.index(None)]}")
    first_seen = list(dict.fromkeys(n for n in numbers if n is not None))
    if first_seen != list(range(1, len(first_seen) + 1)):
        problems.append(f"notes first cited in the order {first_seen}, not 1, 2, 3, ...")
    if found.notes != list(range(1, len(found.notes) + 1)):
        problems.append(f"the notes at the foot run {found.notes}, not 1..n")
    if set(first_seen) != set(found.notes):
        problems.append(f"cited notes {sorted(set(first_seen))} but listed notes {found.notes}")
    return problems


def note_problems(found: Citations) -> list[str]:
    """Citations without a `data-note`, or whose `data-note` is not the note they link to."""
    problems = []
    for cite in found.cites:
        note = cite.get("data-note")
        href = cite.get("href")
        if note is None or not note.isdigit():
            problems.append(f"data-cite={cite['data-cite']!r} has no data-note (href={href!r})")
        elif href is not None and href != f"#note-{note}":
            problems.append(f"data-note={note} but the citation links to {href}")
    return problems


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The showcase, the harbour fixture and the inline fixture, each built on disk."""
    out: dict[str, Path] = {}
    base = tmp_path_factory.mktemp("citation-order")
    for name, root in [("showcase", ROOT), ("harbour", HARBOUR)]:
        copy = base / name
        shutil.copytree(root / "content", copy / "content")
        if (root / "media").is_dir():  # the showcase's preserved copies
            shutil.copytree(root / "media", copy / "media")
        shutil.copy(root / "dossier.yml", copy / "dossier.yml")
        out[name] = _build(copy, base / f"{name}-site")
    out["inline"] = _build(write_files(base / "inline", INLINE), base / "inline-site")
    return out


def _build(root: Path, site: Path) -> Path:
    dossier = build(root, site)
    assert dossier.report.errors == 0, [d.text() for d in dossier.report.sorted()]
    return site


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


SITES = ["showcase", "harbour", "inline"]


def report(problems: dict[str, list[str]]) -> str:
    """The first problem of each page (at most ten pages), for the failure message."""
    lines = [f"{page}: {found[0]}" for page, found in list(problems.items())[:10]]
    if len(problems) > 10:
        lines.append(f"... and {len(problems) - 10} more pages")
    return "\n".join(lines)


@pytest.mark.parametrize("name", SITES)
def test_notes_are_numbered_in_document_order(sites, name):
    problems = {
        page.relative_to(sites[name]).as_posix(): found
        for page in pages(sites[name])
        if (found := order_problems(read(page)))
    }
    assert not problems, report(problems)


@pytest.mark.parametrize("name", SITES)
def test_every_citation_carries_its_note_number(sites, name):
    """SPEC section 6: each in-text citation has `data-cite` and `data-note`."""
    cited = [p for p in pages(sites[name]) if read(p).cites]
    assert cited, "no page cites anything: the test would prove nothing"
    problems = {
        page.relative_to(sites[name]).as_posix(): found
        for page in cited
        if (found := note_problems(read(page)))
    }
    assert not problems, report(problems)


def test_an_actor_page_numbers_its_narrative_before_what_it_asserts(sites):
    """The narrative comes before "What it asserts": it cites [1], [2], [3] first."""
    found = read(sites["inline"] / "actors" / "ministry.html")
    cited = [(c["data-cite"], note_number(c)) for c in found.cites]
    # The narrative: wire, paper, radio; then what it asserts (its claims in the export's
    # order, by property), which cites the statement for the first time, and the radio again.
    assert cited[:3] == [("wire", 1), ("paper", 2), ("radio", 3)]
    assert sorted(set(cited[3:])) == [("radio", 3), ("statement", 4)]
    assert order_problems(found) == []
    assert found.notes == [1, 2, 3, 4]


def test_an_incident_page_numbers_figures_callout_then_narrative(sites):
    """Key figures first, their callout cites the same notes again, then the narrative."""
    found = read(sites["inline"] / "incidents" / "blast.html")
    numbers = [note_number(c) for c in found.cites]
    sources = [c["data-cite"] for c in found.cites]
    assert set(sources) == {"statement", "paper", "wire", "radio", "blog"}
    # The figures cite four sources (their callout, after the table, cites them again);
    # the blog is cited only in the narrative, which comes last: it is note 5.
    assert dict(zip(sources, numbers, strict=True))["blog"] == 5
    # "saw the smoke[^radio]": the radio's note, numbered already in the figures.
    assert sources[-1] == "radio" and numbers[-1] == numbers[sources.index("radio")] < 5
    assert order_problems(found) == []
    assert found.notes == [1, 2, 3, 4, 5]
