"""``python -c "import locally"`` vs ``python -c "import httpx, pydantic"``, fresh processes."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from ._measure import Result

RUNS = 15


def _seconds(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def run() -> Result:
    sdk: list[float] = []
    base: list[float] = []
    _seconds("import locally")  # warm the OS file cache for both
    _seconds("import httpx, pydantic")
    for _ in range(RUNS):
        sdk.append(_seconds("import locally"))
        base.append(_seconds("import httpx, pydantic"))
    return Result(
        "import time (subprocess)",
        statistics.median(sdk) * 1000,
        statistics.median(base) * 1000,
        "ms",
        "<=",
        1.2,
        note="includes interpreter start-up",
    )
