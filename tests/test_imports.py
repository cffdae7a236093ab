"""The package has no import cycle: each module builds only on the ones below it.

A cycle (``queries`` ↔ ``remote`` once) hides which module owns a concept and forces
imports into function bodies to break it at run time. Imports inside functions and under
``TYPE_CHECKING`` count too: they are the same dependency, only deferred.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ipo_graph

PACKAGE = Path(ipo_graph.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, name: str, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` (module ``name``) imports, at any depth."""
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            stem = base[: len(base) - node.level + 1] if node.level else []
            module = ".".join([*stem, *(node.module or "").split(".")]).strip(".")
            # ``from . import x`` imports the submodule x when there is one
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(f"{target}."):
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imported(path, name, set(files)) for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_sees_imports() -> None:
    graph = import_graph()
    assert "ipo_graph.queryfiles" in graph["ipo_graph.commands.query"]
    assert "ipo_graph.errors" in graph["ipo_graph.queryfiles"]


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


# helpers once borrowed from a module whose job is something else (issue 17, item 5)
SIDEWAYS = [
    ("ipo_graph.canonical", "ipo_graph.validate"),
    ("ipo_graph.commands.fmt", "ipo_graph.report"),
    ("ipo_graph.commands.source", "ipo_graph.report"),
    ("ipo_graph.serve", "ipo_graph.remote"),
    ("ipo_graph.export.mermaid", "ipo_graph.export.graphviz"),
    ("ipo_graph.export.html", "ipo_graph.export.graphviz"),
    ("ipo_graph.docs", "ipo_graph.export.graphviz"),
    ("ipo_graph.commands.diff", "ipo_graph.export.graphviz"),
]


@pytest.mark.parametrize(("importer", "imported"), SIDEWAYS)
def test_no_sideways_import(importer: str, imported: str) -> None:
    assert imported not in import_graph()[importer]
