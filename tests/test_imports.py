"""``import locally`` stays cheap: optional parts load on first use."""

from __future__ import annotations

import subprocess
import sys

LAZY = [
    "locally.testing",
    "locally.webhooks",
    "locally.feeds",
    "locally.cli",
    "dateutil",
    "respx",
]


def test_import_locally_does_not_load_optional_modules() -> None:
    code = "import sys, locally; print(','.join(sorted(m for m in sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.strip().split(","))
    assert "locally" in loaded
    for name in LAZY:
        assert name not in loaded, f"{name} was imported by `import locally`"


def test_package_ships_py_typed() -> None:
    from importlib import resources

    assert resources.files("locally").joinpath("py.typed").is_file()
