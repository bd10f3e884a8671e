"""Run every benchmark and print one table: ``python -m benchmarks`` (what ``make bench`` does).

Every scenario measures the SDK and a baseline in the same loop and reports the median of the
per-round ratios with their spread, so the figures hold on a machine shared with other work;
see docs/benchmarks.md for the latest table.  Exits 1 when any goal is missed (or a scenario
fails outright), so ``make bench`` fails too.
"""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from collections.abc import Callable, Sequence

from . import (
    concurrency,
    feeds,
    import_time,
    inventory_feed,
    listen,
    memory,
    page_parse,
    prefetch,
    rate_limited,
    retrieve,
)
from ._measure import Result, Skipped

Outcome = Result | Skipped | Sequence[Result]

SCENARIOS: list[Callable[[], Outcome]] = [
    retrieve.in_process,
    retrieve.loopback,
    page_parse.run,
    prefetch.run,
    concurrency.run,
    rate_limited.one_process,
    rate_limited.fleet,
    memory.run,
    import_time.run,
    feeds.run,
    listen.run,
    inventory_feed.run,
]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _ratio(value: float, unit: str) -> str:
    return f"{value:.1f}%" if unit == "%" else f"{value:.2f}x"


def _print(result: Result) -> None:
    note = f" ({result.note})" if result.note else ""
    low, high = result.spread
    goal = (
        "-"
        if result.goal is None
        else f"{result.direction} {_ratio(result.goal, result.ratio_unit)}"
    )
    verdict = "context" if result.goal is None else ("pass" if result.passed else "FAIL")
    print(
        _row(
            [
                result.scenario + note,
                f"{result.sdk:,.1f} {result.unit}",
                f"{result.baseline:,.1f} {result.unit}",
                _ratio(result.ratio, result.ratio_unit),
                f"{_ratio(low, result.ratio_unit)}-{_ratio(high, result.ratio_unit)}",
                goal,
                verdict,
            ]
        ),
        flush=True,
    )


def main(argv: Sequence[str] = ()) -> int:
    """Print a Markdown table; 1 if a goal was missed.  Arguments pick scenarios by name."""
    started = time.perf_counter()
    print(
        f"python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared), {platform.system()}"
    )
    print(_row(["scenario", "SDK", "baseline", "ratio (median)", "spread", "goal", "result"]))
    print(_row(["---"] * 7))
    failed = 0
    for scenario in SCENARIOS:
        name = f"{scenario.__module__.rsplit('.', 1)[-1]}.{scenario.__name__}"
        if argv and not any(wanted in name for wanted in argv):
            continue
        try:
            outcome = scenario()
        except Exception as exc:
            traceback.print_exc()
            print(_row([name, "-", "-", "-", "-", "-", f"FAIL: {exc}"]), flush=True)
            failed += 1
            continue
        if isinstance(outcome, Skipped):
            print(_row([outcome.scenario, "-", "-", "-", "-", "-", f"skipped: {outcome.note}"]))
            continue
        for result in [outcome] if isinstance(outcome, Result) else outcome:
            failed += not result.passed
            _print(result)
    print(f"\n{time.perf_counter() - started:.0f} s; {failed} goal(s) missed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
