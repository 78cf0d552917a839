"""The package's shape: no import cycle, no module past ~400 lines, no `Any` in the views."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dossier"
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = file
    return found


def runtime_imports(name: str, file: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports when it is imported: top-level imports,
    not those under `if TYPE_CHECKING:` nor those inside functions (made when called)."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(f"{stem}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def test_no_import_cycle():
    every = modules()
    graph = {name: runtime_imports(name, file, set(every)) for name, file in every.items()}
    # A package imports its parent's __init__ first; that edge is Python's, not a cycle.
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_no_module_is_too_long():
    long = {
        name: n
        for name, file in modules().items()
        if (n := len(file.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_view_data_is_typed():
    """No `Any` and no `dict[str, ...]` of loose values reach the templates."""
    for file in sorted((PACKAGE / "views").glob("*.py")):
        text = file.read_text(encoding="utf-8")
        assert "Any" not in text.replace("Any:", ""), file.name
        assert "dict[str, Any]" not in text, file.name
