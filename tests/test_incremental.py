"""A rebuild after an edit gives, byte for byte, the site a fresh build of the same content gives.

`dossier serve` keeps a site builder and, after each edit, renders again only the pages it
thinks the edit touched. Whatever it thinks, the site it leaves must be the one
`dossier.build.build` writes from scratch: every page, `assets/search-index.js`, the sitemap.

The dossier is the harbour fixture, copied, with entries added so that every kind has every
field. Each (kind, field) has a deterministic single edit of its own, so that a failure names
the field (`test_single_field_edit[source-archive_url]`); a hypothesis test then makes random
runs of edits, including files added, deleted and renamed. An edit that breaks the dossier
must leave the site as it was, and the edit that mends it must bring the site back in line.

Only the public behaviour is used: `SiteBuilder(root, out).rebuild()` (constructed in
`site_builder`, the one place that knows where it lives) and `build(root, out)`.
"""

from __future__ import annotations

import copy
import functools
import itertools
import os
import re
import shutil
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.pipeline import build

HARBOUR = Path(__file__).parent / "sites" / "valid" / "harbour"


def site_builder(root: Path, out: Path) -> Any:
    """The long-lived builder of `dossier serve`: the one line to change if it moves."""
    from dossier.incremental import SiteBuilder

    return SiteBuilder(root, out)


# The dossier as data --------------------------------------------------------------------

KINDS = ("incidents", "actors", "sources", "places", "pages")


class _Remove:
    def __repr__(self) -> str:
        return "(removed)"


REMOVE = _Remove()
"""A field's new value that means: take the field out."""


class _TextDates(yaml.SafeLoader):
    """YAML with timestamps left as text, as dossier reads them."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Doc:
    """One entry file: its kind folder, its YAML data, its Markdown body (None: a .yml)."""

    kind: str
    data: dict[str, Any]
    body: str | None = None

    def text(self) -> str:
        front = yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=1000)
        return front if self.body is None else f"---\n{front}---\n{self.body}"


@dataclass
class Content:
    """What the test believes the dossier holds; written to disk one file at a time."""

    root: Path
    config: dict[str, Any]
    docs: dict[str, Doc]
    clock: Iterator[int] = field(default_factory=lambda: itertools.count(time.time_ns(), 10**9))
    serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    touched: set[str] = field(default_factory=set)
    """The files written or removed since the last rebuild, as `serve`'s watcher sees them."""

    def new_id(self, prefix: str) -> str:
        """An id no entry has had: the same ones, in the same order, in every run."""
        return f"{prefix}-{next(self.serial):03d}"

    def path(self, id_: str) -> Path:
        doc = self.docs[id_]
        return self.root / "content" / doc.kind / f"{id_}{'.yml' if doc.body is None else '.md'}"

    def _touch(self, path: Path) -> None:
        # A second, later time for every write: an edit is never hidden by a file system
        # that keeps times coarsely and an edit that keeps the size.
        stamp = next(self.clock)
        os.utime(path, ns=(stamp, stamp))
        self.touched.add(str(path.resolve()))

    def write(self, id_: str) -> None:
        path = self.path(id_)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.docs[id_].text(), encoding="utf-8")
        self._touch(path)

    def write_config(self) -> None:
        path = self.root / "dossier.yml"
        path.write_text(yaml.safe_dump(self.config, sort_keys=False, allow_unicode=True))
        self._touch(path)

    def unlink(self, id_: str) -> None:
        self.touched.add(str(self.path(id_).resolve()))
        self.path(id_).unlink()

    def ids(self, kind: str) -> list[str]:
        return sorted(i for i, d in self.docs.items() if d.kind == kind)

    def referenced(self) -> set[str]:
        """Every id that some entry (itself included) names: in a field or in its body."""
        named: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, str):
                named.add(value)
            elif isinstance(value, list):
                for v in value:
                    walk(v)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)

        for doc in self.docs.values():
            walk(doc.data)
            for m in re.finditer(
                r"\[\[\s*([^\]|]+?)\s*(?:\|[^\]]*)?\]\]|\[\^([^\]\s]+)\]", doc.body or ""
            ):
                named.add(m[1] or m[2])
        return named & set(self.docs)

    def ancestors(self, id_: str, key: str) -> set[str]:
        """The entries `id_` reaches through `key` (part_of, via), transitively."""
        seen: set[str] = set()
        todo = [id_]
        while todo:
            value = self.docs[todo.pop()].data.get(key)
            for parent in value if isinstance(value, list) else [value] if value else []:
                if parent not in seen and parent in self.docs:
                    seen.add(parent)
                    todo.append(parent)
        return seen


def load(root: Path) -> Content:
    docs = {}
    for kind in KINDS:
        for path in sorted((root / "content" / kind).glob("*")):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                _, front, body = text.split("---\n", 2)
                docs[path.stem] = Doc(kind, yaml.load(front, _TextDates) or {}, body)
            else:
                docs[path.stem] = Doc(kind, yaml.load(text, _TextDates) or {})
    config = yaml.load((root / "dossier.yml").read_text(), _TextDates)
    return Content(root, config, docs)


# Entries added to the copy of the harbour fixture, so that every kind has every field.
EXTRA = {
    "content/places/warehouse-row.yml": """
        name: Warehouse row
        summary: The row of warehouses on the old quay.
        country: 'PT'
        coordinates: [38.71, -9.13]
        precision: locality
        tags: [harbour]
        aliases: [The row]
        note: Mapped from the port's plan.
        """,
    "content/actors/harbour-police.md": """
        ---
        name: Harbour police
        summary: The police of the port.
        kind: organization
        part_of: city-government
        country: 'PT'
        tags: [police]
        aliases: [Port police]
        note: Not to be confused with the city police.
        ---
        The harbour police kept a log[^police-log] and spoke to the
        [[daily-courier]][^daily-courier].
        """,
    "content/actors/night-watchman.yml": """
        name: The night watchman
        kind: person
        """,
    "content/sources/police-log.md": """
        ---
        title: Harbour police log
        summary: The log of the night of the fire.
        publisher: Harbour police
        url: https://police.example/log
        archive_url: https://archive.example/police/log
        author: [Officer Amado, Officer Brites]
        published: 2020-08-04T23:00:00+01:00
        accessed: 2020-08-10
        language: pt
        kind: document
        via: [harbour-watch]
        reliability: C
        tags: [police]
        aliases: [The log]
        note: Obtained by request.
        claims:
          - subject: harbour-inquiry
            about: witnesses
            value: 12
            quote: twelve witnesses
        ---
        The log names the [[fire-brigade]] and quotes the city's statement[^city-hall].
        """,
    "content/sources/spare-clipping.yml": """
        title: A clipping nobody cites
        publisher: The Weekly
        kind: news
        published: 2020-08
        """,
    "content/incidents/harbour-inquiry.md": """
        ---
        title: Inquiry into the harbour fire
        summary: The port's police asked who started the fire.
        date: 2020-09-01
        end_date: 2020-12-15
        place: warehouse-row
        actors:
          - {actor: harbour-police, role: investigator}
          - {actor: city-government}
        related: [harbour-fire]
        tags: [inquiry, harbour]
        aliases: [The harbour inquiry]
        note: The hearings were public.
        claims:
          - about: witnesses
            value: [10, 11]
            sources: [daily-courier]
            attributed_to: harbour-police
            quote: ten or eleven witnesses
            note: Counted at the first hearing.
          - about: cause
            value: electrical fault
            sources: [police-log, city-hall]
            attributed_to: harbour-police
          - about: cause
            value: arson
            sources: [harbour-watch]
          - subject: harbour-fire
            about: dead
            value: 6
            sources: [police-log]
            attributed_to: harbour-police
        assessments:
          - about: cause
            note: The log is the record made at the time.
            preferred: electrical fault
        ---
        The [[harbour-police]] opened an inquiry into the [[harbour-fire]][^police-log].
        Witnesses were heard[^daily-courier][^police-log] at the [[warehouse-row|row]].
        """,
    "content/pages/method.md": """
        ---
        title: How we work
        summary: Sources first.
        order: 2
        tags: [method]
        aliases: [Method]
        note: Revised after the inquiry.
        ---
        We read every source[^city-hall] and follow the [[harbour-inquiry]].
        """,
}
CONFIG_EXTRA = {
    "base_url": "https://example.org/harbour/",
    "author": "The harbour desk",
    "license": "CC BY 4.0",
}
TARGET = {
    "incidents": "harbour-inquiry",
    "actors": "harbour-police",
    "sources": "police-log",
    "places": "warehouse-row",
    "pages": "method",
}
"""The entry of each kind whose fields are edited: the one that has them all."""


def make_dossier(folder: Path) -> Content:
    """A copy of the harbour fixture with the entries above, in `folder`."""
    root = folder / "dossier"
    shutil.copytree(HARBOUR, root)
    for rel, text in EXTRA.items():
        (root / rel).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    dossier = load(root)
    dossier.config |= CONFIG_EXTRA
    dossier.write_config()
    return dossier


# Edits ----------------------------------------------------------------------------------

TITLES = ["A new title", "Fire & <smoke>", "Inquérito", "Ещё одно название"]
TEXTS = ["Another sentence.", "Ça brûle « encore ».", "Two words"]
TAGS = [["harbour"], ["fire", "port"], []]
ALIASES = [["Another name"], ["Alias one", "Alias two"], []]
DATES = ["2020", "2020-08", "2020-08-04", "2020-08-04T06:30:00+01:00", "2020-09-01", "2021-01-15"]
COUNTRIES = ["PT", "ES", "TR"]
URLS = ["https://courier.example/other", "http://old.example/page"]
ARCHIVES = ["https://archive.example/other", "https://web.archive.org/web/2020/https://x.example/"]
VALUES: list[Any] = [
    3,
    7.5,
    [2, 4],
    {"min": 5},
    {"max": 9},
    "2020-08-04",
    "2020-08",
    True,
    "a fault",
]


def _choices(d: Content, id_: str, name: str) -> list[Any]:
    """Valid new values of the field `name` of the entry `id_` (REMOVE: the field goes)."""
    doc = d.docs[id_]
    data = doc.data
    others = lambda kind: [i for i in d.ids(kind) if i != id_]  # noqa: E731
    if name in ("title", "name"):
        return TITLES
    if name in ("summary", "note", "publisher"):
        return [*TEXTS, REMOVE]
    if name == "tags":
        return TAGS
    if name == "aliases":
        return ALIASES
    if name == "date":
        end = data.get("end_date")
        return [v for v in DATES if end is None or v <= end] + ([REMOVE] if end is None else [])
    if name == "end_date":
        start = data.get("date")
        return [v for v in DATES if start is None or v >= start] + [REMOVE]
    if name == "place":
        return [*d.ids("places"), REMOVE]
    if name == "actors":
        actors = d.ids("actors")
        return [
            [{"actor": actors[0], "role": "witness"}],
            [{"actor": a} for a in actors[-2:]],
            [{"actor": actors[-1], "role": "another role"}, {"actor": actors[0]}],
            [],
        ]
    if name == "related":
        incidents = others("incidents")
        return [incidents[:1], incidents, []]
    if name == "kind":
        if doc.kind == "actors":
            return ["person", "state", "armed-group", "media", "other", REMOVE]
        return ["news", "statement", "report", "social", "other", REMOVE]
    if name == "part_of":
        below = {a for a in d.ids("actors") if id_ in d.ancestors(a, "part_of")}
        return [a for a in others("actors") if a not in below] + [REMOVE]
    if name == "via":
        below = {s for s in d.ids("sources") if id_ in d.ancestors(s, "via")}
        fine = [s for s in others("sources") if s not in below]
        return [fine[:1], fine[-2:], []]
    if name == "country":
        return [*COUNTRIES, REMOVE]
    if name == "coordinates":
        return [[38.72, -9.15], [-33.9, 18.4], REMOVE]
    if name == "precision":
        return ["exact", "region", "country", REMOVE]
    if name == "url":
        return [*URLS, REMOVE]
    if name == "archive_url":
        return [*ARCHIVES, REMOVE]
    if name == "author":
        return ["A. Reporter", ["One", "Two"], REMOVE]
    if name == "published":
        return ["2020-08-03", "2020-08-05T09:00:00+01:00", "2020", REMOVE]
    if name == "accessed":
        return ["2020-08-11", "2021-02-01", REMOVE]
    if name == "language":
        return ["en", "tr", "pt-BR", REMOVE]
    if name == "reliability":
        return ["A", "D", "F", REMOVE]
    if name == "order":
        return [1, 5, REMOVE]
    raise AssertionError(name)


COMMON = ["title", "summary", "tags", "aliases", "note"]
SOURCE_FIELDS = ["publisher", "url", "archive_url", "author", "published", "accessed", "language"]
SOURCE_FIELDS += ["kind", "via", "reliability"]
FIELDS = {
    "incidents": [*COMMON, "date", "end_date", "place", "actors", "related"],
    "actors": ["name", *COMMON[1:], "kind", "part_of", "country"],
    "sources": [*COMMON, *SOURCE_FIELDS],
    "places": ["name", *COMMON[1:], "country", "coordinates", "precision"],
    "pages": [*COMMON, "order"],
}
REQUIRED = {"title", "name"}


def set_field(d: Content, id_: str, name: str, value: Any) -> None:
    data = d.docs[id_].data
    if value is REMOVE:
        data.pop(name, None)
    else:
        data[name] = copy.deepcopy(value)
    d.write(id_)


# Claims and assessments: every key of a claim, and of an assessment.
CLAIM_FIELDS = ["value", "sources", "subject", "attributed_to", "quote", "note", "about"]
ASSESSMENT_FIELDS = ["note", "preferred", "about"]


def _claim_choices(d: Content, id_: str, index: int, name: str) -> list[Any]:
    claim = d.docs[id_].data["claims"][index]
    in_source = d.docs[id_].kind == "sources"
    if name == "value":
        return VALUES
    if name == "sources":
        sources = d.ids("sources")
        return [sources[:1], sources[-2:]] + ([[]] if in_source else [])
    if name == "subject":
        return [*[i for i in sorted(d.docs) if i != claim.get("subject")][:3], REMOVE]
    if name == "attributed_to":
        return [*d.ids("actors"), REMOVE]
    if name in ("quote", "note"):
        return [*TEXTS, REMOVE]
    if name == "about":
        return ["witnesses", "cause", "damage"]
    raise AssertionError(name)


def set_claim(d: Content, id_: str, index: int, name: str, value: Any) -> None:
    claim = d.docs[id_].data["claims"][index]
    if value is REMOVE:
        claim.pop(name, None)
    else:
        claim[name] = copy.deepcopy(value)
    d.write(id_)


def set_assessment(d: Content, id_: str, index: int, name: str, value: Any) -> None:
    assessment = d.docs[id_].data["assessments"][index]
    if value is REMOVE:
        assessment.pop(name, None)
    else:
        assessment[name] = copy.deepcopy(value)
    d.write(id_)


def _assessment_choices(d: Content, id_: str, index: int, name: str) -> list[Any]:
    if name == "note":
        return TEXTS
    if name == "preferred":
        return ["arson", 6, REMOVE]
    taken = {a["about"] for a in d.docs[id_].data.get("assessments", [])}
    return [a for a in ["witnesses", "dead", "damage"] if a not in taken]


def add_claim(d: Content, id_: str) -> None:
    claim = {"about": "staff", "value": 40, "sources": d.ids("sources")[:1]}
    d.docs[id_].data.setdefault("claims", []).append(claim)
    d.write(id_)


def remove_claim(d: Content, id_: str, index: int) -> None:
    claims = d.docs[id_].data["claims"]
    del claims[index]
    if not claims:
        del d.docs[id_].data["claims"]
    d.write(id_)


def add_assessment(d: Content, id_: str) -> None:
    taken = {a["about"] for a in d.docs[id_].data.get("assessments", [])}
    about = next(a for a in ["witnesses", "dead", "injured", "damage", "staff"] if a not in taken)
    d.docs[id_].data.setdefault("assessments", []).append({"about": about, "note": "Weighed."})
    d.write(id_)


def remove_assessment(d: Content, id_: str, index: int) -> None:
    assessments = d.docs[id_].data["assessments"]
    del assessments[index]
    if not assessments:
        del d.docs[id_].data["assessments"]
    d.write(id_)


# The Markdown body.

LINK = re.compile(r"\[\[\s*([^\]|]+?)\s*(?:\|([^\]]*))?\]\]")


def body_add_link(d: Content, id_: str, target: str) -> None:
    d.docs[id_].body = (d.docs[id_].body or "").rstrip("\n") + f" See [[{target}]].\n"
    d.write(id_)


def body_remove_link(d: Content, id_: str) -> None:
    body = d.docs[id_].body or ""
    d.docs[id_].body = LINK.sub(lambda m: m[2] or m[1], body, count=1)
    d.write(id_)


def _source_cites(d: Content, body: str) -> list[re.Match[str]]:
    sources = set(d.ids("sources"))
    return [m for m in re.finditer(r"\[\^([^\]\s]+)\](?!:)", body) if m[1] in sources]


def body_add_cite(d: Content, id_: str, source: str) -> None:
    d.docs[id_].body = (d.docs[id_].body or "").rstrip("\n") + f" As reported[^{source}].\n"
    d.write(id_)


def body_remove_cite(d: Content, id_: str) -> None:
    body = d.docs[id_].body or ""
    m = _source_cites(d, body)[0]
    d.docs[id_].body = body[: m.start()] + body[m.end() :]
    d.write(id_)


def body_add_word(d: Content, id_: str, word: str) -> None:
    body = d.docs[id_].body or ""
    d.docs[id_].body = f"{word} {body}"
    d.write(id_)


def body_remove_word(d: Content, id_: str) -> None:
    body = d.docs[id_].body or ""
    d.docs[id_].body = re.sub(r"\b[A-Za-z]+\b ", "", body, count=1)
    d.write(id_)


# Files that come, go and change their name.


def add_source(d: Content, id_: str, fields: dict[str, Any]) -> None:
    d.docs[id_] = Doc("sources", {"title": f"New source {id_}", **fields})
    d.write(id_)


def add_incident(d: Content, id_: str) -> None:
    data = {
        "title": f"New incident {id_}",
        "date": "2020-08-06",
        "place": d.ids("places")[0],
        "actors": [{"actor": d.ids("actors")[0], "role": "seen"}],
        "claims": [{"about": "dead", "value": 1, "sources": d.ids("sources")[:1]}],
    }
    d.docs[id_] = Doc(
        "incidents", data, f"It followed the [[harbour-fire]][^{d.ids('sources')[-1]}].\n"
    )
    d.write(id_)


def delete(d: Content, id_: str) -> None:
    d.unlink(id_)
    del d.docs[id_]


def rename(d: Content, id_: str, new: str) -> None:
    d.unlink(id_)
    d.docs[new] = d.docs.pop(id_)
    d.write(new)


def unreferenced(d: Content) -> list[str]:
    return sorted(set(d.docs) - d.referenced())


def set_config(d: Content, name: str, value: Any) -> None:
    if value is REMOVE:
        d.config.pop(name, None)
    else:
        d.config[name] = value
    d.write_config()


# Comparing sites ------------------------------------------------------------------------


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def differences(served: dict[str, bytes], fresh: dict[str, bytes]) -> str:
    """The files that differ, in words, with where each first differs."""
    out = []
    for name in sorted(set(served) | set(fresh)):
        if name not in fresh:
            out.append(f"{name}: left behind (a fresh build has no such file)")
        elif name not in served:
            out.append(f"{name}: missing (a fresh build writes it)")
        elif served[name] != fresh[name]:
            old, new = served[name], fresh[name]
            at = next(
                (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                min(len(old), len(new)),
            )
            start = max(0, at - 60)
            out.append(
                f"{name}: stale at byte {at}\n"
                f"    rebuilt: ...{old[start : at + 60].decode(errors='replace')!r}\n"
                f"    fresh:   ...{new[start : at + 60].decode(errors='replace')!r}"
            )
    return "\n".join(out)


_FIRST: dict[str, bytes] | None = None
"""A fresh build of the extended fixture, as first written."""


class Session:
    """A dossier on disk, a builder that has built it, and fresh builds to compare with."""

    def __init__(self, folder: Path, watched: bool = False) -> None:
        self.folder = folder
        self.watched = watched
        """Does each rebuild get the files touched, as under `serve`, or walk them all?"""
        self.dossier = make_dossier(folder)
        self.out = folder / "served"
        self.builder = site_builder(self.dossier.root, self.out)
        self.builds = itertools.count()
        self.errors: list[str] = []
        self.builder.rebuild()
        global _FIRST
        if _FIRST is None:  # every session starts from the same content: build it once
            _FIRST = self.fresh()
            assert _FIRST is not None, f"the extended fixture has errors: {self.errors}"
        self.good = _FIRST
        self.assert_in_line("the first build")

    def fresh(self) -> dict[str, bytes] | None:
        """A fresh full build of the content as it is now; None if it has errors."""
        out = self.folder / f"fresh-{next(self.builds)}"
        result = build(self.dossier.root, out)
        if result.report.errors:
            self.errors = [d.text() for d in result.report.sorted() if d.severity == "error"]
            return None
        site = files(out)
        shutil.rmtree(out)
        return site

    def assert_in_line(self, what: str) -> None:
        served = files(self.out)
        if served != self.good:
            pytest.fail(
                f"after {what}, the rebuilt site differs:\n{differences(served, self.good)}"
            )

    def step(self, what: str, edit: Callable[[], None]) -> bool:
        """Make the edit, rebuild, compare; True when the edit kept the dossier clean."""
        before = copy.deepcopy((self.dossier.config, self.dossier.docs))
        edit()
        self.rebuild()
        fresh = self.fresh()
        if fresh is None:  # a broken dossier: the last good site stays, then is mended
            self.assert_in_line(f"{what} (an error: {self.errors[:1]}), the site")
            self.restore(before)
            self.rebuild()
            self.assert_in_line(f"undoing {what}")
            return False
        self.good = fresh
        self.assert_in_line(what)
        return True

    def rebuild(self) -> Any:
        """Rebuild, given the files touched since the last rebuild when `watched`."""
        touched, self.dossier.touched = self.dossier.touched, set()
        return self.builder.rebuild(touched=touched if self.watched else None)

    def restore(self, before: tuple[dict[str, Any], dict[str, Doc]]) -> None:
        """Put the files back as they were before the edit (only those it changed)."""
        config, docs = before
        d = self.dossier
        current = d.docs
        for id_ in set(current) - set(docs):
            d.unlink(id_)
        changed_config = d.config != config
        d.config, d.docs = config, docs
        if changed_config:
            d.write_config()
        for id_, doc in docs.items():
            if current.get(id_) != doc or not d.path(id_).exists():
                d.write(id_)


@pytest.fixture(params=["walked", "watched"])
def session(tmp_path: Path, request: pytest.FixtureRequest) -> Session:
    """A session whose rebuilds walk every file, or get the files touched (`serve`'s)."""
    return Session(tmp_path, watched=request.param == "watched")


# One deterministic edit per (kind, field) -----------------------------------------------


def _field_cases() -> Iterator[Any]:
    for kind, names in FIELDS.items():
        for name in names:
            yield pytest.param(kind, name, "change", id=f"{kind.removesuffix('s')}-{name}")
        for name in names:
            if name not in REQUIRED:  # each case costs two builds: these are the long run
                label = f"{kind.removesuffix('s')}-{name}-removed"
                yield pytest.param(kind, name, "remove", id=label, marks=pytest.mark.slow)


@pytest.mark.parametrize(("kind", "name", "how"), list(_field_cases()))
def test_single_field_edit(session, kind, name, how):
    """The field changes to another valid value, or (`-removed`) goes."""
    d = session.dossier
    id_ = TARGET[kind]
    current = d.docs[id_].data.get(name, REMOVE)
    if how == "remove":
        new = REMOVE
    else:
        new = next(v for v in _choices(d, id_, name) if v is not REMOVE and v != current)
    assert session.step(f"{name} of {id_} := {new!r}", lambda: set_field(d, id_, name, new)), (
        session.errors
    )


def test_archive_url_of_a_source_the_harbour_fixture_cites(session):
    """The harbour's own daily-courier: cited by the fire, the contradictions, an actor."""
    d = session.dossier
    new = "https://archive.example/courier/harbour-ablaze-2"
    assert session.step(
        "archive_url of daily-courier", lambda: set_field(d, "daily-courier", "archive_url", new)
    )


def test_internal_sources_stand_in_and_show_what_they_stand_for(session):
    """A stand-in keeps its id while the source it stands for changes its grades, or
    another hidden source takes its number: its citations must show the new words."""
    d = session.dossier
    edits = [
        ("police-log", "visibility", "internal"),
        ("police-log", "reliability", "D"),
        ("police-log", "kind", "report"),
        ("city-hall", "visibility", "internal"),  # it is confidential-source-1 now
        ("police-log", "visibility", REMOVE),
        ("city-hall", "reliability", "F"),
    ]
    titles = {"police-log": b"Harbour police log", "city-hall": b"Statement on the harbour fire"}
    for id_, name, value in edits:
        edit = functools.partial(set_field, d, id_, name, value)
        assert session.step(f"{name} of {id_} := {value!r}", edit), session.errors
        served = b"".join(files(session.out).values())
        for source, title in titles.items():
            internal = d.docs[source].data.get("visibility") == "internal"
            assert (title in served) != internal, (source, name, value)


def _claim_cases() -> Iterator[Any]:
    # In an incident (about itself, and about another entry) and in a source.
    holders = [("incident", "harbour-inquiry", 0), ("incident-subject", "harbour-inquiry", 3)]
    holders += [("source", "police-log", 0)]
    for label, id_, index in holders:
        for name in CLAIM_FIELDS if label == "incident" else ["value", "subject", "quote"]:
            yield pytest.param(id_, index, name, id=f"{label}-claims.{name}")
            if name in ("subject", "attributed_to", "quote", "note"):
                yield pytest.param(
                    id_, index, name + "-removed", id=f"{label}-claims.{name}-removed"
                )


@pytest.mark.parametrize(("id_", "index", "name"), list(_claim_cases()))
def test_claim_edit(session, id_, index, name):
    d = session.dossier
    if name.endswith("-removed"):
        name, new = name.removesuffix("-removed"), REMOVE
    else:
        current = d.docs[id_].data["claims"][index].get(name, REMOVE)
        new = next(
            v for v in _claim_choices(d, id_, index, name) if v is not REMOVE and v != current
        )
    assert session.step(
        f"claims[{index}].{name} of {id_} := {new!r}", lambda: set_claim(d, id_, index, name, new)
    ), session.errors


@pytest.mark.parametrize("name", ["note", "preferred", "preferred-removed", "about"])
def test_assessment_edit(session, name):
    d, id_ = session.dossier, "harbour-inquiry"
    if name.endswith("-removed"):
        name, new = name.removesuffix("-removed"), REMOVE
    else:
        current = d.docs[id_].data["assessments"][0].get(name)
        new = next(v for v in _assessment_choices(d, id_, 0, name) if v != current)
    assert session.step(
        f"assessments[0].{name} := {new!r}", lambda: set_assessment(d, id_, 0, name, new)
    ), session.errors


COME_AND_GO = [(kind, "claims-added") for kind in ("actors", "sources", "places", "pages")]
COME_AND_GO += [("incidents", "claims-removed"), ("sources", "claims-removed")]
COME_AND_GO += [("incidents", "assessments-added"), ("incidents", "assessments-removed")]


@pytest.mark.parametrize(
    ("kind", "what"),
    [pytest.param(k, w, id=f"{k.removesuffix('s')}-{w}") for k, w in COME_AND_GO],
)
def test_claims_and_assessments_come_and_go(session, kind, what):
    d, id_ = session.dossier, TARGET[kind]
    edit = {
        "claims-added": lambda: add_claim(d, id_),
        "assessments-added": lambda: add_assessment(d, id_),
        "claims-removed": lambda: remove_claim(d, id_, 0),
        "assessments-removed": lambda: remove_assessment(d, id_, 0),
    }[what]
    assert session.step(f"{what} in {id_}", edit), session.errors


BODY_OPS = ["link-added", "link-removed", "cite-added", "cite-removed", "word-added"]
BODY_OPS += ["word-removed"]
BODY_CASES = [("harbour-fire", op) for op in BODY_OPS]
BODY_CASES += [
    (id_, op)
    for id_ in ("harbour-police", "police-log", "method")
    for op in ("link-added", "cite-removed")
]


@pytest.mark.parametrize(("id_", "what"), [pytest.param(*c, id="-".join(c)) for c in BODY_CASES])
def test_body_edit(session, id_, what):
    d = session.dossier
    edits: dict[str, Callable[[], None]] = {
        "link-added": lambda: body_add_link(d, id_, "night-watchman"),
        "link-removed": lambda: body_remove_link(d, id_),
        "cite-added": lambda: body_add_cite(d, id_, "spare-clipping"),
        "cite-removed": lambda: body_remove_cite(d, id_),
        "word-added": lambda: body_add_word(d, id_, "Reportedly"),
        "word-removed": lambda: body_remove_word(d, id_),
    }
    body = d.docs[id_].body or ""
    if what == "link-removed" and not LINK.search(body):
        pytest.skip("no [[id]] to remove")
    if what == "cite-removed" and not _source_cites(d, body):
        pytest.skip("no [^source] to remove")
    assert session.step(f"{what} in the body of {id_}", edits[what]), session.errors


# Edits of fields no check reads: the checks of the last dossier are kept -----------------


def _auditing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now, each check that derives links and claims again and audits them (the
    audience's own links are not checks): the number of entries, as it runs."""
    import dossier.audit

    runs: list[int] = []
    real = dossier.audit.audit

    def counted(entries: Any, *args: Any, **kwargs: Any) -> Any:
        runs.append(len(entries))
        return real(entries, *args, **kwargs)

    monkeypatch.setattr(dossier.audit, "audit", counted)
    return runs


def _report(session: Session) -> list[str]:
    """The report of the last rebuild, as `dossier serve` prints it."""
    return [d.text() for d in session.rebuild().report.sorted()]


def _fresh_report(session: Session) -> list[str]:
    from dossier.pipeline import check

    return [d.text() for d in check(session.dossier.root).report.sorted()]


def _neutral_cases() -> Iterator[Any]:
    for kind, names in FIELDS.items():
        for name in ("title", "name", "summary"):
            if name in names:
                yield pytest.param(kind, name, id=f"{kind.removesuffix('s')}-{name}")


@pytest.mark.parametrize(("kind", "name"), list(_neutral_cases()))
def test_a_title_name_or_summary_edit_keeps_the_checks(session, monkeypatch, kind, name):
    """Links, claims and warnings are not derived again, and the site is a fresh build's."""
    d = session.dossier
    id_ = TARGET[kind]
    current = d.docs[id_].data.get(name, REMOVE)
    new = next(v for v in _choices(d, id_, name) if v is not REMOVE and v != current)
    assert session.step(f"{id_} written as the test writes it", lambda: d.write(id_))
    runs = _auditing(monkeypatch)
    assert session.step(f"{name} of {id_} := {new!r}", lambda: set_field(d, id_, name, new))
    # `step` builds the fresh site too, which checks once; the rebuild itself must not.
    assert len(runs) == 1, runs
    assert _report(session) == _fresh_report(session)


def _warned_source(session: Session) -> str:
    """police-log with a url and no archive_url: a warning at its url, below its title."""
    d = session.dossier
    d.docs["police-log"].data["url"] = "https://police.example/log"
    d.docs["police-log"].data.pop("archive_url", None)
    d.write("police-log")
    session.rebuild()
    report = _report(session)
    assert any("police-log" in line and "archive" in line for line in report), report
    return "police-log"


def test_a_title_edit_keeps_a_warning_below_it_where_it_was(session, monkeypatch):
    id_ = _warned_source(session)
    runs = _auditing(monkeypatch)
    d = session.dossier
    assert session.step("a new title", lambda: set_field(d, id_, "title", "A new title"))
    assert len(runs) == 1, runs  # the fresh build's
    assert _report(session) == _fresh_report(session)


@pytest.mark.parametrize("id_", ["police-log", "harbour-inquiry"])
def test_a_title_that_moves_the_lines_below_it_checks_again(session, monkeypatch, id_):
    """A title written on two lines moves every warning and claim below it: they are
    found again (the site's data/ gives each claim's line; the report, each warning's)."""
    d = session.dossier
    if id_ == "police-log":
        _warned_source(session)
    else:
        assert session.step(f"{id_} written as the test writes it", lambda: d.write(id_))

    def two_lines() -> None:
        path = d.path(id_)
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("title: ")
        _, _, rest = rest.partition("\n")
        path.write_text(f"{head}title: >-\n  A title\n  on two lines\n{rest}", encoding="utf-8")
        d._touch(path)

    runs = _auditing(monkeypatch)
    assert session.step(f"a two-line title of {id_}", two_lines)
    assert len(runs) == 2, runs  # the rebuild's and the fresh build's
    assert _report(session) == _fresh_report(session)


def test_a_source_is_added_then_cited(session):
    d = session.dossier
    fields = {"publisher": "The Evening Post", "kind": "news", "published": "2020-08-05"}
    assert session.step("a new source", lambda: add_source(d, "evening-post", fields))
    assert session.step("citing it", lambda: body_add_cite(d, "harbour-fire", "evening-post"))


def test_an_incident_is_added(session):
    assert session.step("a new incident", lambda: add_incident(session.dossier, "harbour-protest"))


@pytest.mark.parametrize("id_", ["spare-clipping", "night-watchman"])
def test_an_entry_nothing_names_is_deleted(session, id_):
    assert id_ in unreferenced(session.dossier)
    assert session.step(f"deleting {id_}", lambda: delete(session.dossier, id_))


@pytest.mark.parametrize("id_", ["spare-clipping", "night-watchman"])
def test_an_entry_nothing_names_is_renamed(session, id_):
    assert id_ in unreferenced(session.dossier)
    assert session.step(f"renaming {id_}", lambda: rename(session.dossier, id_, f"{id_}-2"))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("title", "The harbour fire, revisited", id="config-title"),
        pytest.param("description", "Another description.", id="config-description"),
        pytest.param("base_url", "https://example.net/other/", id="config-base_url"),
        pytest.param("base_url", REMOVE, id="config-base_url-removed"),
        pytest.param("author", REMOVE, id="config-author-removed"),
    ],
)
def test_config_edit(session, name, value):
    assert session.step(f"{name} in dossier.yml", lambda: set_config(session.dossier, name, value))


def test_an_error_keeps_the_last_good_site_and_the_fix_brings_it_back(session):
    d = session.dossier
    good = copy.deepcopy(d.docs["old-harbour"].data)
    before = files(session.out)
    set_field(d, "old-harbour", "country", "pt")  # not a country code: an error
    session.rebuild()
    assert files(session.out) == before
    set_field(d, "old-harbour", "name", "The old harbour")  # still broken, another edit
    session.rebuild()
    assert files(session.out) == before
    d.docs["old-harbour"].data = good | {"name": "The old harbour"}
    d.write("old-harbour")
    session.rebuild()
    session.good = session.fresh()
    assert session.good is not None
    session.assert_in_line("the fix")


# Random runs of edits --------------------------------------------------------------------


@st.composite
def edits(draw: st.DrawFn, d: Content) -> tuple[str, Callable[[], None]]:
    """One edit of the dossier as it is now: mostly valid, sometimes (rarely) breaking it."""
    what = draw(
        st.sampled_from(
            ["field"] * 6 + ["claim"] * 2 + ["body"] * 3 + ["add", "delete", "rename", "config"]
        )
    )
    if what == "field":
        id_ = draw(st.sampled_from(sorted(d.docs)))
        kind = d.docs[id_].kind
        name = draw(st.sampled_from(FIELDS[kind]))
        value = draw(st.sampled_from(_choices(d, id_, name)))
        return f"{name} of {id_} := {value!r}", lambda: set_field(d, id_, name, value)
    if what == "claim":
        holders = sorted(i for i, doc in d.docs.items() if doc.data.get("claims"))
        id_ = draw(st.sampled_from(sorted(d.docs)))
        action = draw(st.sampled_from(["add", "set", "remove", "assess"]))
        if action == "add" or id_ not in holders:
            return f"a claim added to {id_}", lambda: add_claim(d, id_)
        claims = d.docs[id_].data["claims"]
        index = draw(st.integers(0, len(claims) - 1))
        if action == "remove":
            return f"claims[{index}] of {id_} removed", lambda: remove_claim(d, id_, index)
        if action == "assess":
            return f"an assessment added to {id_}", lambda: add_assessment(d, id_)
        name = draw(st.sampled_from(CLAIM_FIELDS))
        value = draw(st.sampled_from(_claim_choices(d, id_, index, name)))
        return (
            f"claims[{index}].{name} of {id_} := {value!r}",
            lambda: set_claim(d, id_, index, name, value),
        )
    if what == "body":
        id_ = draw(st.sampled_from(sorted(i for i, doc in d.docs.items() if doc.body is not None)))
        body = d.docs[id_].body or ""
        ops = ["link-added", "cite-added", "word-added", "word-removed"]
        ops += ["link-removed"] if LINK.search(body) else []
        ops += ["cite-removed"] if _source_cites(d, body) else []
        op = draw(st.sampled_from(ops))
        target = draw(st.sampled_from(sorted(set(d.docs) - {id_})))
        source = draw(st.sampled_from(d.ids("sources")))
        word = draw(st.sampled_from(["Reportedly", "Later", "Ночью"]))
        run: Callable[[], None] = {
            "link-added": lambda: body_add_link(d, id_, target),
            "link-removed": lambda: body_remove_link(d, id_),
            "cite-added": lambda: body_add_cite(d, id_, source),
            "cite-removed": lambda: body_remove_cite(d, id_),
            "word-added": lambda: body_add_word(d, id_, word),
            "word-removed": lambda: body_remove_word(d, id_),
        }[op]
        return f"{op} in the body of {id_}", run
    if what == "add":
        new = d.new_id("new-entry")
        if draw(st.booleans()):
            return f"a new incident {new}", lambda: add_incident(d, new)
        fields = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "publisher": st.sampled_from(TEXTS),
                    "url": st.sampled_from(URLS),
                    "published": st.sampled_from(DATES),
                    "reliability": st.sampled_from("ABCDEF"),
                },
            )
        )
        return f"a new source {new} {fields}", lambda: add_source(d, new, fields)
    if what in ("delete", "rename"):
        free = unreferenced(d)
        if not free:
            return "nothing", lambda: None
        id_ = draw(st.sampled_from(free))
        if what == "delete":
            return f"deleting {id_}", lambda: delete(d, id_)
        new = d.new_id("renamed")
        return f"renaming {id_} to {new}", lambda: rename(d, id_, new)
    name, value = draw(
        st.sampled_from(
            [
                ("title", "Another title"),
                ("description", "Another description."),
                ("base_url", "https://example.net/"),
                ("base_url", REMOVE),
            ]
        )
    )
    return f"{name} in dossier.yml := {value!r}", lambda: set_config(d, name, value)


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_random_edits_rebuild_to_a_fresh_build(data):
    with tempfile.TemporaryDirectory() as folder:
        session = Session(Path(folder), watched=data.draw(st.booleans(), label="watched"))
        for _ in range(data.draw(st.integers(1, 8), label="steps")):
            what, edit = data.draw(edits(session.dossier), label="edit")
            session.step(what, edit)


def test_a_deferred_rebuild_writes_the_pages_then_the_rest(session):
    """`serve` rebuilds with `defer`: the edited page first, the search index and `data/`
    only at `finish()`, after which the site is a fresh build's again."""
    d = session.dossier
    id_ = TARGET["incidents"]
    index = session.out / "assets" / "search-index.js"
    data = session.out / "data" / "dossier.json"
    before = index.read_bytes(), data.read_bytes()
    body_add_word(d, id_, "Reportedly")
    result = session.builder.rebuild(defer=True)
    assert result.pages == [f"incidents/{id_}.html"]
    assert "Reportedly" in (session.out / result.pages[0]).read_text(encoding="utf-8")
    assert (index.read_bytes(), data.read_bytes()) == before
    session.builder.finish()
    assert b"Reportedly" in index.read_bytes()
    session.good = session.fresh()
    session.assert_in_line("the deferred rebuild, finished")
    body_add_word(d, id_, "Allegedly")  # two rebuilds, one finish: the last dossier's
    session.builder.rebuild(defer=True)
    body_add_word(d, id_, "Apparently")
    session.builder.rebuild(defer=True)
    session.builder.finish()
    session.good = session.fresh()
    session.assert_in_line("two deferred rebuilds, finished once")


def test_a_title_moved_below_the_other_fields_checks_again(session, monkeypatch):
    """The same values, and the body where it was, but the fields below the title one line
    higher: the warning at the source's url is found again at its new line."""
    id_ = _warned_source(session)
    d = session.dossier

    def title_last() -> None:
        path = d.path(id_)
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        lines = front.splitlines(keepends=True)
        title = next(line for line in lines if line.startswith("title: "))
        lines.remove(title)
        path.write_text(f"---\n{''.join(lines)}{title}---\n{body}", encoding="utf-8")
        d._touch(path)

    runs = _auditing(monkeypatch)
    assert session.step(f"the title of {id_} written last", title_last)
    assert len(runs) == 2, runs  # the rebuild's and the fresh build's
    assert _report(session) == _fresh_report(session)
