"""Resolve every reference between entries; compute backlinks, citations and origins once.

Every reference an entry makes, from a field (`place`, `actors`, `via`, a claim's
`sources`...) or from its Markdown body (`[[id]]`, `[^source]`), becomes a `Link`. Links
that resolve to an entry of the right kind feed the derived data the renderer uses:
who names whom (backlinks), where each source is cited, and the independent origins each
source relays (following `via` to the sources that relay nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .diagnostics import Diagnostic, Location, Report, did_you_mean
from .kinds import Kind
from .markdown import MAX_DEPTH, RefKind, position, unsafe_scheme
from .media import target
from .model import Actor, Entry, Incident, Source
from .yamlread import Path as DataPath


class Link(NamedTuple):
    """One reference from an entry to an id."""

    source: str
    """The id of the entry that makes it."""
    target: str
    kinds: tuple[Kind, ...]
    """The kinds it may name; empty for any kind."""
    field: str
    """What makes it: `place`, `via`, `claims`, `body`, `cite`..."""
    entry: Entry
    """The entry that makes it."""
    where: DataPath | int
    """The key path of a field, or the offset in the body: positions are found lazily."""

    @property
    def at(self) -> Location:
        entry = self.entry
        if isinstance(self.where, int):
            return Location(entry.path, *position(entry.body, entry.body_line, self.where))
        return entry.marks.value(self.where)


@dataclass
class Links:
    """What linking derives from the entries."""

    resolved: list[Link] = field(default_factory=list)
    backlinks: dict[str, list[str]] = field(default_factory=dict)
    """Entry id → the ids of the entries that name it, sorted."""
    outlinks: dict[str, list[str]] = field(default_factory=dict)
    """Entry id → the ids it names, sorted."""
    citations: dict[str, list[Link]] = field(default_factory=dict)
    """Source id → every place that cites it (claims and `[^id]` in bodies)."""
    origins: dict[str, list[str]] = field(default_factory=dict)
    """Source id → the sources at the end of its `via` chains (itself if it relays none)."""
    reach: dict[str, frozenset[str]] = field(default_factory=dict)
    """Source id → every source it relays, directly or through others."""
    roles: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    """Actor id → (incident id, role) for every incident the actor takes part in."""
    at_place: dict[str, list[str]] = field(default_factory=dict)
    """Place id → the incidents there."""
    members: dict[str, list[str]] = field(default_factory=dict)
    """Actor id → the actors that are `part_of` it."""
    relayed_by: dict[str, list[str]] = field(default_factory=dict)
    """Source id → the sources whose `via` names it."""

    def independent(self, sources: Iterable[str]) -> list[str]:
        """The independent origins behind a claim's sources.

        A source that relays another source of the same claim adds nothing of its own; one
        whose `via` chains all end in a single origin stands for that origin (five outlets
        relaying one ministry statement are one origin). A source that relays several
        things, like a report quoting many outlets, counts as itself."""
        listed = set(sources)
        found = set()
        for source in listed:
            if self.reach.get(source, frozenset()) & listed:
                continue
            ends = self.origins.get(source, [source])
            found.add(ends[0] if len(ends) == 1 else source)
        return sorted(found)


_PATHS: dict[DataPath, DataPath] = {}
"""Each key path a field link was made at, kept once: a few dozen of them (`claims`, 0,
`sources`, 1) are the paths of tens of thousands of links."""


def field_links(entry: Entry) -> Iterator[Link]:
    """The references an entry's fields make."""
    data = entry.data

    def link(target: str, kinds: tuple[Kind, ...], *path: str | int) -> Link:
        return Link(entry.id, target, kinds, str(path[0]), entry, _PATHS.setdefault(path, path))

    if isinstance(data, Incident):
        if data.place is not None:
            yield link(data.place, (Kind.PLACE,), "place")
        for i, role in enumerate(data.actors):
            yield link(role.actor, (Kind.ACTOR,), "actors", i, "actor")
        for i, other in enumerate(data.related):
            yield link(other, (Kind.INCIDENT,), "related", i)
    if isinstance(data, Actor) and data.part_of is not None:
        yield link(data.part_of, (Kind.ACTOR,), "part_of")
    if isinstance(data, Source):
        for i, other in enumerate(data.via):
            yield link(other, (Kind.SOURCE,), "via", i)
    for i, claim in enumerate(data.claims):
        if claim.subject is not None:
            yield link(claim.subject, (), "claims", i, "subject")
        for j, source in enumerate(claim.sources):
            yield link(source, (Kind.SOURCE,), "claims", i, "sources", j)
        if claim.attributed_to is not None:
            yield link(claim.attributed_to, (Kind.ACTOR,), "claims", i, "attributed_to")


def body_links(entry: Entry, report: Report, files: dict[str, str]) -> Iterator[Link]:
    """The references an entry's Markdown body makes, a relative link to an entry's file
    (`files`: path → id) among them; unsafe link schemes, and nesting too deep, reported."""
    for ref in entry.refs:
        if ref.kind == RefKind.ENTRY:
            yield Link(entry.id, ref.target, (), "body", entry, ref.offset)
        elif ref.kind == RefKind.CITE:
            yield Link(entry.id, ref.target, (Kind.SOURCE,), "cite", entry, ref.offset)
        elif ref.kind == RefKind.DEEP:
            report.warning(
                Location(entry.path, *position(entry.body, entry.body_line, ref.offset)),
                "deep-nesting",
                f"block quotes, lists and footnotes nest {MAX_DEPTH} deep at most: from this "
                "mark on, the marks that would nest deeper are shown as text",
            )
        elif ref.kind != RefKind.LINK:
            continue
        elif (found := target(ref.target, entry.path)) and found.path in files:
            yield Link(entry.id, files[found.path], (), "body", entry, ref.offset)
        elif scheme := unsafe_scheme(ref.target):
            report.error(
                Location(entry.path, *position(entry.body, entry.body_line, ref.offset)),
                "unsafe-link",
                f"link scheme '{scheme}:' is not allowed; "
                "use a relative, http, https or mailto link",
            )


@dataclass
class LinkCache:
    """Each entry's resolved references, kept while the entry and the set of ids are the
    same (a long-running `dossier serve` re-resolves only the entries that changed)."""

    kinds: dict[str, Kind] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """Entry file → id: a relative link to an entry names it by its file."""
    entries: dict[str, tuple[Entry, list[Link], list[Diagnostic]]] = field(default_factory=dict)


def link(
    entries: dict[str, Entry],
    unreadable: dict[str, Kind],
    report: Report,
    cache: LinkCache | None = None,
    unchecked: Iterable[Entry] = (),
) -> Links:
    """Resolve every reference; report the ones that do not resolve.

    `unchecked` are entries whose front matter failed the schema: the references of their
    Markdown are still checked, so that one run reports every problem of the file."""
    kind_of = {id_: e.kind for id_, e in entries.items()} | unreadable
    ids_by_kind: dict[Kind, list[str]] = defaultdict(list)
    for id_, kind in kind_of.items():
        ids_by_kind[kind].append(id_)
    ids = _Ids(kind_of, ids_by_kind)
    files = {e.path: id_ for id_, e in entries.items()}
    if cache is not None and (cache.kinds != kind_of or cache.files != files):
        cache.kinds, cache.files, cache.entries = kind_of, files, {}
    out = Links()
    for entry in entries.values():
        done = cache.entries.get(entry.id) if cache is not None else None
        if done is None or done[0] is not entry:
            own = Report()
            refs = (*field_links(entry), *body_links(entry, own, files))
            resolved = [ref for ref in refs if _resolve(ref, ids, own)]
            done = (entry, resolved, own.diagnostics)
            if cache is not None:
                cache.entries[entry.id] = done
        out.resolved.extend(done[1])
        report.diagnostics.extend(done[2])
    for entry in unchecked:
        for ref in body_links(entry, report, files):
            _resolve(ref, ids, report)
    _check_cycles(entries, out.resolved, report)
    _check_withheld(entries, out.resolved, report)
    back: dict[str, set[str]] = defaultdict(set)
    ahead: dict[str, set[str]] = defaultdict(set)
    cites: dict[str, list[Link]] = defaultdict(list)
    for ref in out.resolved:
        if ref.target != ref.source:
            back[ref.target].add(ref.source)
            ahead[ref.source].add(ref.target)
        if ref.field in ("cite", "claims") and kind_of[ref.target] is Kind.SOURCE:
            cites[ref.target].append(ref)
    out.backlinks = {k: sorted(v) for k, v in sorted(back.items())}
    out.outlinks = {k: sorted(v) for k, v in sorted(ahead.items())}
    out.citations = dict(sorted(cites.items()))
    out.origins, out.reach = _chains(entries)
    _reverse(entries, out)
    return out


_NAMING = {"body", "place", "actors", "related", "part_of", "subject", "attributed_to"}
"""The references that name an entry on the page that makes them (SPEC §9). A citation or
a claim's `sources` of an internal source is allowed: it shows as a confidential source."""


def _check_withheld(entries: dict[str, Entry], links: list[Link], report: Report) -> None:
    """`internal-ref`: public content that names an internal or embargoed entry."""
    withheld = {id_: e.data for id_, e in entries.items() if e.data.withheld}
    if not withheld:
        return
    for ref in links:
        target = withheld.get(ref.target)
        if target is None or ref.entry.data.withheld or ref.target == ref.source:
            continue
        where = ref.where
        name = ref.field
        if ref.field == "claims" and isinstance(where, tuple):
            claim = ref.entry.data.claims[int(where[1])]
            if claim.visibility == "internal":
                continue
            name = str(where[2])
        if name not in _NAMING:
            continue
        why = (
            "internal"
            if target.visibility == "internal"
            else f"under embargo until {target.embargo.isoformat() if target.embargo else ''}"
        )
        report.error(
            ref.at,
            "internal-ref",
            f"'{ref.target}' is {why}: public content cannot name it; "
            "mark this internal too, or remove the reference",
        )


def _reverse(entries: dict[str, Entry], out: Links) -> None:
    """The indexes read from the other side: an actor's incidents, a place's incidents, an
    actor's parts, a source's relayers. Entries in id order, so every list is sorted."""
    roles: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    at_place: dict[str, list[str]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    relayed_by: dict[str, list[str]] = defaultdict(list)
    for entry in entries.values():
        data = entry.data
        if isinstance(data, Incident):
            for role in data.actors:
                roles[role.actor].append((entry.id, role.role))
            if data.place:
                at_place[data.place].append(entry.id)
        elif isinstance(data, Actor) and data.part_of:
            members[data.part_of].append(entry.id)
        elif isinstance(data, Source):
            for relayed in data.via:
                relayed_by[relayed].append(entry.id)
    out.roles, out.at_place = dict(roles), dict(at_place)
    out.members, out.relayed_by = dict(members), dict(relayed_by)


@dataclass
class _Ids:
    """Every id, by id and by kind, and the "did you mean" already worked out for an unknown
    one: a body naming one unknown id thousands of times is not compared with every id of
    the dossier thousands of times."""

    kind_of: dict[str, Kind]
    by_kind: dict[Kind, list[str]]
    hints: dict[tuple[str, tuple[Kind, ...]], str] = field(default_factory=dict)

    def hint(self, target: str, kinds: tuple[Kind, ...]) -> str:
        found = self.hints.get((target, kinds))
        if found is None:
            pool = [i for k in kinds for i in self.by_kind[k]] if kinds else list(self.kind_of)
            found = self.hints[target, kinds] = did_you_mean(target, pool)
        return found


def _resolve(ref: Link, ids: _Ids, report: Report) -> bool:
    actual = ids.kind_of.get(ref.target)
    if actual is not None and (not ref.kinds or actual in ref.kinds):
        return True  # the common case, first: tens of thousands of references a check
    wanted = " or ".join(ref.kinds) if ref.kinds else "entry"
    if actual is None:
        report.error(
            ref.at,
            "unknown-ref",
            f"unknown {wanted} '{ref.target}'{ids.hint(ref.target, ref.kinds)}",
        )
        return False
    report.error(ref.at, "wrong-kind", f"'{ref.target}' is {_a(actual)}, not {_a(wanted)}")
    return False


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def _check_cycles(entries: dict[str, Entry], links: list[Link], report: Report) -> None:
    """`part_of` and `via` must lead somewhere: report each loop once, where it closes."""
    for name in ("part_of", "via"):
        graph: dict[str, list[Link]] = defaultdict(list)
        for ref in links:
            if ref.field == name:
                graph[ref.source].append(ref)
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        for start in sorted(graph):
            _visit(start, graph, state, [], name, report)


def _visit(
    node: str,
    graph: dict[str, list[Link]],
    state: dict[str, int],
    path: list[str],
    name: str,
    report: Report,
) -> None:
    # Iterative depth-first search: a long chain must not hit Python's recursion limit.
    stack: list[tuple[str, Iterator[Link]]] = []
    if state.get(node):
        return
    state[node] = 1
    path.append(node)
    stack.append((node, iter(graph.get(node, ()))))
    while stack:
        current, edges = stack[-1]
        ref = next(edges, None)
        if ref is None:
            state[current] = 2
            path.pop()
            stack.pop()
            continue
        seen = state.get(ref.target)
        if seen == 1:
            loop = [*path[path.index(ref.target) :], ref.target]
            report.error(ref.at, "cycle", f"{name} goes round in a circle: {' → '.join(loop)}")
        elif seen is None:
            state[ref.target] = 1
            path.append(ref.target)
            stack.append((ref.target, iter(graph.get(ref.target, ()))))


def _chains(entries: dict[str, Entry]) -> tuple[dict[str, list[str]], dict[str, frozenset[str]]]:
    """For each source: the sources at the ends of its `via` chains, and all it reaches."""
    via = {
        id_: [v for v in e.data.via if v in entries and entries[v].kind is Kind.SOURCE]
        for id_, e in entries.items()
        if isinstance(e.data, Source)
    }
    ends: dict[str, list[str]] = {}
    reach: dict[str, frozenset[str]] = {}
    for start in sorted(via):
        found: set[str] = set()
        seen = {start}
        todo = [start]
        while todo:
            current = todo.pop()
            nexts = [v for v in via.get(current, ()) if v not in seen]
            if not via.get(current):
                found.add(current)
            seen.update(nexts)
            todo.extend(nexts)
        ends[start] = sorted(found or {start})
        reach[start] = frozenset(seen - {start})
    return ends, reach
