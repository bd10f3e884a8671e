"""``import locally`` stays cheap: optional parts load on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

LAZY = [
    "locally.testing",
    "locally.webhooks",
    "locally.feeds",
    "locally.cli",
    "dateutil",
    "respx",
]
# Building pydantic models and importing tenacity are most of what ``import locally`` would
# cost on top of httpx and pydantic (docs/benchmarks.md): they load on the first request.  A
# resource module must import its models inside its request builders, not at the top.
DEFERRED = ["pydantic.main", "locally.types", "locally._pages", "tenacity"]


def test_import_locally_does_not_load_optional_modules() -> None:
    code = "import sys, locally; print(','.join(sorted(m for m in sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.strip().split(","))
    assert "locally" in loaded
    for name in LAZY:
        assert name not in loaded, f"{name} was imported by `import locally`"
    for name in DEFERRED:
        assert name not in loaded, (
            f"{name} was imported by `import locally`; import models where requests are built "
            "(see locally/resources/carts.py) so that importing the SDK stays cheap"
        )


def test_page_models_load_on_first_use() -> None:
    code = (
        "import sys, locally; before = 'locally._pages' in sys.modules; "
        "page = locally.CartPage; print(before, page.__module__, 'pydantic.main' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "locally._pages", "True"]


def test_unknown_attribute_is_still_an_attribute_error() -> None:
    import locally

    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        locally.Nope  # noqa: B018


def test_package_ships_py_typed() -> None:
    from importlib import resources

    assert resources.files("locally").joinpath("py.typed").is_file()
