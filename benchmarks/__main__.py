"""Run every benchmark and print one table: ``python -m benchmarks`` (what ``make bench`` does).

Every scenario measures the SDK and a baseline in the same run and reports their ratio, so the
figures hold on a machine shared with other work; see docs/benchmarks.md for the latest table.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable

from . import (
    feeds,
    import_time,
    inventory_feed,
    listen,
    memory,
    page_parse,
    prefetch,
    retrieve,
)
from ._measure import Result, Skipped

SCENARIOS: list[Callable[[], Result | Skipped]] = [
    retrieve.in_process,
    retrieve.loopback,
    page_parse.run,
    prefetch.run,
    memory.run,
    import_time.run,
    feeds.run,
    listen.run,
    inventory_feed.run,
]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    """Print a Markdown table: scenario, SDK, baseline, ratio, goal, result."""
    started = time.perf_counter()
    print(
        f"python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared), {platform.system()}"
    )
    print(_row(["scenario", "SDK", "baseline", "ratio", "goal", "result"]))
    print(_row(["---"] * 6))
    failed = 0
    for scenario in SCENARIOS:
        outcome = scenario()
        if isinstance(outcome, Skipped):
            print(_row([outcome.scenario, "-", "-", "-", "-", f"skipped: {outcome.note}"]))
            continue
        failed += not outcome.passed
        goal = f"{outcome.direction} {outcome.goal:g}x"
        note = f" ({outcome.note})" if outcome.note else ""
        print(
            _row(
                [
                    outcome.scenario + note,
                    f"{outcome.sdk:,.1f} {outcome.unit}",
                    f"{outcome.baseline:,.1f} {outcome.unit}",
                    f"{outcome.ratio:.2f}x",
                    goal,
                    "pass" if outcome.passed else "FAIL",
                ]
            ),
            flush=True,
        )
    print(f"\n{time.perf_counter() - started:.0f} s; {failed} goal(s) missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
