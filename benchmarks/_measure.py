"""Timing helpers and the result row shared by every scenario.

The machine these run on is shared, so no scenario reports an absolute goal: each measures the
SDK and its baseline in the same run, alternating between them so that a burst of load from
another process hits both, and compares medians.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One row of the table: the SDK figure, the baseline figure and the goal for their ratio."""

    scenario: str
    sdk: float
    baseline: float
    unit: str
    #: "<=" when the SDK should cost at most ``goal`` times the baseline; ">=" when the SDK
    #: should be at least ``goal`` times faster (speed-ups, where ratio = baseline / sdk).
    direction: str
    goal: float
    note: str = ""

    @property
    def ratio(self) -> float:
        if self.direction == ">=":
            return self.baseline / self.sdk
        return self.sdk / self.baseline

    @property
    def passed(self) -> bool:
        return self.ratio >= self.goal if self.direction == ">=" else self.ratio <= self.goal


@dataclass(frozen=True)
class Skipped:
    """A scenario that could not run here, with the reason printed instead of figures."""

    scenario: str
    note: str


def interleaved(
    sdk: Callable[[], object],
    baseline: Callable[[], object],
    *,
    calls: int,
    rounds: int,
) -> tuple[float, float]:
    """Median seconds per call of ``sdk`` and ``baseline``, run in alternating blocks."""
    for _ in range(max(calls // 10, 1)):  # warm caches, pools and lazy imports
        sdk()
        baseline()
    sdk_runs: list[float] = []
    base_runs: list[float] = []
    for round_number in range(rounds):
        # Alternate which goes first, so neither always runs right after the other.
        order = [(sdk, sdk_runs), (baseline, base_runs)]
        if round_number % 2:
            order.reverse()
        for fn, runs in order:
            started = time.perf_counter()
            for _ in range(calls):
                fn()
            runs.append((time.perf_counter() - started) / calls)
    return statistics.median(sdk_runs), statistics.median(base_runs)
