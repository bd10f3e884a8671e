"""The modules of ``locally.testing`` import each other without cycles.

Handlers and helpers take the fake's state (``FakeState``) rather than the ``FakeLocally``
facade, so only the facade needs to know the API modules.  These tests read the imports with
``ast`` (``if TYPE_CHECKING:`` blocks and function bodies included), so a cycle that Python
would tolerate at run time still fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import locally.testing

PACKAGE = "locally.testing"
SOURCE = Path(locally.testing.__file__).parent
API_MODULES = {"_carts_api", "_updates_api", "_headless_api", "_stores_api"}


def _modules() -> dict[str, Path]:
    return {path.stem: path for path in sorted(SOURCE.glob("*.py"))}


def _target(module: str | None, level: int) -> str | None:
    """The dotted name, relative to the package, that an import refers to (None: outside)."""
    if level == 0:
        name = module or ""
        if name == PACKAGE:
            return ""
        return name.removeprefix(PACKAGE + ".") if name.startswith(PACKAGE + ".") else None
    if level == 1:
        return module or ""
    # ``from ..testing._x import y`` climbs out of the package and back in.
    parent = ".".join(PACKAGE.split(".")[-(level - 1) :])
    name = module or ""
    if name == parent:
        return ""
    return name.removeprefix(parent + ".") if name.startswith(parent + ".") else None


def _imports(path: Path, modules: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _target(alias.name, 0)
                if target is not None:
                    found.add(target.split(".")[0] or "__init__")
        elif isinstance(node, ast.ImportFrom):
            target = _target(node.module, node.level)
            if target is None:
                continue
            if target:
                found.add(target.split(".")[0])
                continue
            # ``from . import x``: x is a module of the package, or a name from __init__.
            for alias in node.names:
                found.add(alias.name if alias.name in modules else "__init__")
    return found & modules


def import_graph() -> dict[str, set[str]]:
    """Each module of ``locally.testing`` and the modules of the package it imports."""
    modules = _modules()
    return {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of module names (first == last), or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        path.append(name)
        for target in sorted(graph[name]):
            cycle = visit(target)
            if cycle is not None:
                return cycle
        path.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        cycle = visit(name)
        if cycle is not None:
            return cycle
    return None


def test_graph_sees_the_package() -> None:
    graph = import_graph()
    assert {"_fake", "_endpoints", "_fake_state", "_faults", *API_MODULES} <= set(graph)
    assert graph["_endpoints"] >= API_MODULES
    assert "_fake_state" in graph["_carts_api"]


def test_modules_import_each_other_without_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle in locally.testing: " + " -> ".join(cycle or [])


def test_only_the_endpoint_table_imports_the_api_modules() -> None:
    graph = import_graph()
    importers = {name for name, targets in graph.items() if targets & API_MODULES}
    assert importers == {"_endpoints"}


def test_cycle_finder_reports_a_type_checking_import(tmp_path: Path) -> None:
    handler = tmp_path / "handler.py"
    handler.write_text(
        "from typing import TYPE_CHECKING\n"
        "from ._fake_state import FakeState\n"
        "if TYPE_CHECKING:\n"
        "    from ._fake import FakeLocally\n",
        "utf-8",
    )
    modules = {"_fake", "_fake_state", "handler"}
    graph = {"_fake": {"handler", "_fake_state"}, "_fake_state": set[str]()}
    graph["handler"] = _imports(handler, modules)
    assert graph["handler"] == {"_fake", "_fake_state"}
    assert find_cycle(graph) == ["_fake", "handler", "_fake"]
