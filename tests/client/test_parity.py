"""The sync and async surfaces are twins: same methods, parameters and docstrings.

Both clients are thin shells over shared request builders (as httpx's are), so nothing but
this test keeps the two shells from drifting apart.  Every difference allowed here is listed
with its reason.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import locally
import locally.resources
from locally import _client_base

SRC = Path(locally.__file__).parent

MODULES = [
    "locally._client",
    "locally._pagination",
    "locally._pages",
    *(f"locally.resources.{m.name}" for m in pkgutil.iter_modules(locally.resources.__path__)),
    "locally.watch.iterators",
]

# Public classes with no async twin, and why.
SYNC_ONLY = {
    "RecentHashes": "no I/O: the duplicate filter both pagers share",
    "PageWalk": "no I/O: the page bookkeeping both pagers share",
    "CartPageBase": "the fields both page classes inherit",
    "RawResponse": "one result type for both wrappers; its parse() does no I/O",
}
# Methods only the async twin has, and why.
ASYNC_ONLY_METHODS = {("AsyncLocally", "aclose"): "httpx's name for close(), kept beside it"}
# Parameters only the async twin has, and why.
ASYNC_ONLY_PARAMETERS = {
    ("AsyncCarts", "list"): {"prefetch": "reads pages concurrently; a sync walk cannot"},
    ("AsyncPushCart", "confirm_cart"): {"concurrency": "updates items concurrently"},
    ("AsyncShipToStore", "confirm_cart"): {"concurrency": "updates items concurrently"},
}
# Dunder methods and their async counterparts.
DUNDER_TWINS = {"__iter__": "__aiter__", "__enter__": "__aenter__", "__exit__": "__aexit__"}
# Methods that start no I/O themselves in either flavour.  ``watch`` returns the iterator that
# polls; ``stop`` only sets a flag the iterator reads.
NO_IO = {"list", "watch", "stop", "with_options", "has_next_page", "next_page_number"}
# Resource methods with no raw-response form, and why.
NO_RAW_RESPONSE = {
    "list": "returns a pager of many responses; use list_page()",
    "watch": "yields events from many responses; use list_page() and retrieve()",
    "confirm_cart": "sends one request per item; the report holds each outcome",
    "verify": "a retrieve plus a check; use carts.with_raw_response.retrieve()",
    "resolve_order": "asks up to three endpoints; the resolution says what each answered",
}


def _public_classes(module: ModuleType) -> dict[str, type]:
    return {
        name: value
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == module.__name__ and name[0] != "_"
    }


def _pairs() -> list[tuple[type, type]]:
    pairs: list[tuple[type, type]] = []
    for module_name in MODULES:
        classes = _public_classes(importlib.import_module(module_name))
        for name, cls in classes.items():
            if name.startswith("Async"):
                assert name[5:] in classes, f"{module_name}.{name} has no sync twin"
                pairs.append((classes[name[5:]], cls))
            elif name not in SYNC_ONLY:
                assert f"Async{name}" in classes, f"{module_name}.{name} has no async twin"
    return pairs


PAIRS = _pairs()


def _methods(cls: type) -> set[str]:
    """Public members the SDK defines (not those a base such as pydantic's brings)."""
    own = {name for k in cls.__mro__ if k.__module__.startswith("locally") for name in vars(k)}
    dunders = {*DUNDER_TWINS, *DUNDER_TWINS.values()}
    return {name for name in own if not name.startswith("_") or name in dunders}


def _async_name(name: str) -> str:
    return DUNDER_TWINS.get(name, name)


def _normalised_doc(value: Any) -> str | None:
    doc = inspect.getdoc(value)
    # Docstrings may name the twin class of their own flavour: AsyncCarts for Carts.
    return re.sub(r"\bAsync(?=[A-Z])", "", doc) if doc else doc


def test_the_twins_were_found() -> None:
    names = {sync.__name__ for sync, _ in PAIRS}
    assert {"Locally", "Carts", "PushCart", "CartToCart", "ShipToStore", "Headless"} <= names
    assert {"Webhooks", "CartPager", "CartPage", "HeadlessWithRawResponse"} <= names
    assert "CartWatch" in names


@pytest.mark.parametrize(("sync", "asynchronous"), PAIRS, ids=[s.__name__ for s, _ in PAIRS])
def test_same_public_methods(sync: type, asynchronous: type) -> None:
    expected = {_async_name(name) for name in _methods(sync)}
    async_only = {name for (cls, name) in ASYNC_ONLY_METHODS if cls == asynchronous.__name__}
    assert _methods(asynchronous) - async_only == expected


@pytest.mark.parametrize(("sync", "asynchronous"), PAIRS, ids=[s.__name__ for s, _ in PAIRS])
def test_same_parameters_and_docstrings(sync: type, asynchronous: type) -> None:
    for name in _methods(sync):
        sync_member = inspect.getattr_static(sync, name)
        async_member = inspect.getattr_static(asynchronous, _async_name(name))
        if callable(sync_member) and not isinstance(sync_member, type):
            allowed = ASYNC_ONLY_PARAMETERS.get((asynchronous.__name__, name), {})
            sync_params = list(inspect.signature(sync_member).parameters.values())
            async_params = [
                p
                for p in inspect.signature(async_member).parameters.values()
                if p.name not in allowed
            ]
            assert [(p.name, p.kind, p.default) for p in async_params] == [
                (p.name, p.kind, p.default) for p in sync_params
            ], f"{asynchronous.__name__}.{name} differs from {sync.__name__}.{name}"
            if allowed:
                continue  # the docstring explains the async-only parameter
        if name in DUNDER_TWINS:
            continue
        assert _normalised_doc(async_member) == _normalised_doc(sync_member), (
            f"{asynchronous.__name__}.{name} has another docstring than {sync.__name__}.{name}"
        )


@pytest.mark.parametrize(("sync", "asynchronous"), PAIRS, ids=[s.__name__ for s, _ in PAIRS])
def test_async_methods_are_awaited_where_sync_ones_do_io(sync: type, asynchronous: type) -> None:
    for name in _methods(sync):
        sync_member = inspect.getattr_static(sync, name)
        async_member = inspect.getattr_static(asynchronous, _async_name(name))
        if not inspect.isfunction(sync_member) or not sync_member.__module__.startswith("locally"):
            continue
        if name.startswith("_") or name in NO_IO:
            continue
        assert inspect.iscoroutinefunction(async_member) or inspect.isasyncgenfunction(
            async_member
        ), f"{asynchronous.__name__}.{name} is not async"


@pytest.mark.parametrize(
    "resource",
    [
        cls
        for sync, asynchronous in PAIRS
        for cls in (sync, asynchronous)
        if cls.__module__.startswith("locally.resources.")
        and not cls.__name__.endswith("WithRawResponse")
    ],
    ids=lambda cls: cls.__name__,
)
def test_with_raw_response_covers_every_method(resource: type) -> None:
    methods = {
        name
        for name in dir(resource)
        if not name.startswith("_") and inspect.isfunction(inspect.getattr_static(resource, name))
    }
    raw_property = inspect.getattr_static(resource, "with_raw_response", None)
    if raw_property is None:
        assert methods <= set(NO_RAW_RESPONSE), f"{resource.__name__} has no with_raw_response"
        return
    raw_class = inspect.signature(raw_property.fget).return_annotation
    wrapper = getattr(importlib.import_module(resource.__module__), raw_class)
    assigned = {
        node.attr
        for node in ast.walk(ast.parse(inspect.getsource(wrapper.__init__).strip()))
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
    }
    assert assigned == methods - set(NO_RAW_RESPONSE), resource.__name__


def test_with_options_lives_once_on_the_base_client() -> None:
    assert "with_options" in vars(_client_base.ClientBase)
    assert "with_options" not in vars(locally.Locally)
    assert "with_options" not in vars(locally.AsyncLocally)


def _defined_names(tree: ast.AST) -> list[tuple[str, set[str]]]:
    """Each function or method name with the names defined beside it."""
    found: list[tuple[str, set[str]]] = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        siblings = {
            item.name
            for item in body
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }
        found.extend((name, siblings) for name in siblings)
    return found


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_one_naming_rule_for_async_twins(path: Path) -> None:
    """``Async*`` classes, ``async_*`` functions; ``a*`` only where httpx uses it (aclose)."""
    for name, siblings in _defined_names(ast.parse(path.read_text("utf-8"))):
        assert not name.endswith("_async"), f"{path.name}: {name} should be async_{name[:-6]}"
        if name.startswith("a") and name != "aclose" and name[1:] in siblings:
            pytest.fail(f"{path.name}: {name} should be named async_{name[1:]}")
        if name.startswith("Async"):
            continue
        if name[:1].isupper() and name.endswith("Async"):
            pytest.fail(f"{path.name}: {name} should be named Async{name[:-5]}")
