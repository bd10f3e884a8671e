"""``python -c "import locally"`` vs ``python -c "import httpx, pydantic"``, fresh processes."""

from __future__ import annotations

import subprocess
import sys
import time

from ._measure import Result, alternate

RUNS = 15


def _seconds(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def run() -> Result:
    _seconds("import locally")  # warm the OS file cache for both
    _seconds("import httpx, pydantic")
    paired = alternate(
        lambda: _seconds("import locally"), lambda: _seconds("import httpx, pydantic"), rounds=RUNS
    )
    return paired.row(
        "import time (subprocess)",
        unit="ms",
        scale=1000,
        goal=1.2,
        note="includes interpreter start-up",
    )
