"""Timing helpers and the result row shared by every scenario.

The machine these run on is shared, so no scenario reports an absolute goal: each times the
SDK and its baseline in the same loop, one round of each after the other (alternating which
goes first), takes the ratio of every round and reports the median of those ratios with their
spread.  A burst of load from another process then lands inside one round's pair and moves one
ratio, not the median.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One row of the table: SDK and baseline figures, the median ratio, its spread, the goal."""

    scenario: str
    sdk: float
    baseline: float
    unit: str
    #: Median of the per-round ratios: SDK cost / baseline cost, or for speed-ups (``>=``
    #: goals) baseline time / SDK time.
    ratio: float
    #: The lowest and highest per-round ratio.
    spread: tuple[float, float]
    #: "<=" when the ratio must stay at or under ``goal``; ">=" when it must reach it.
    direction: str
    #: None for a row shown for context only.
    goal: float | None
    note: str = ""
    #: How the ratio is printed: "x" (a factor) or "%" (a share of a budget).
    ratio_unit: str = "x"

    @classmethod
    def single(
        cls,
        scenario: str,
        sdk: float,
        baseline: float,
        unit: str,
        direction: str,
        goal: float,
        note: str = "",
    ) -> Result:
        """A row measured once (a memory peak, a request count): no spread to report."""
        ratio = baseline / sdk if direction == ">=" else sdk / baseline
        return cls(scenario, sdk, baseline, unit, ratio, (ratio, ratio), direction, goal, note)

    @property
    def passed(self) -> bool:
        if self.goal is None:
            return True
        return self.ratio >= self.goal if self.direction == ">=" else self.ratio <= self.goal


@dataclass(frozen=True)
class Skipped:
    """A scenario that could not run here, with the reason printed instead of figures."""

    scenario: str
    note: str


@dataclass(frozen=True)
class Paired:
    """Per-round figures of two contenders timed in the same loop."""

    sdk: list[float]
    baseline: list[float]

    def ratios(self, *, speedup: bool = False) -> list[float]:
        if speedup:
            return [b / s for s, b in zip(self.sdk, self.baseline, strict=True)]
        return [s / b for s, b in zip(self.sdk, self.baseline, strict=True)]

    def row(
        self,
        scenario: str,
        *,
        unit: str,
        scale: float,
        goal: float | None,
        speedup: bool = False,
        note: str = "",
    ) -> Result:
        """The table row: medians scaled to ``unit``, the median ratio and its spread."""
        ratios = self.ratios(speedup=speedup)
        return Result(
            scenario,
            statistics.median(self.sdk) * scale,
            statistics.median(self.baseline) * scale,
            unit,
            statistics.median(ratios),
            (min(ratios), max(ratios)),
            ">=" if speedup else "<=",
            goal,
            note,
        )


def alternate(sdk: Callable[[], float], baseline: Callable[[], float], *, rounds: int) -> Paired:
    """Run ``sdk`` and ``baseline`` (each returns its own figure) in alternating order."""
    sdk_runs: list[float] = []
    base_runs: list[float] = []
    for round_number in range(rounds):
        if round_number % 2:
            base_runs.append(baseline())
            sdk_runs.append(sdk())
        else:
            sdk_runs.append(sdk())
            base_runs.append(baseline())
    return Paired(sdk_runs, base_runs)


def per_call(fn: Callable[[], object], calls: int) -> Callable[[], float]:
    """A contender for :func:`alternate`: seconds per call of ``fn`` over ``calls`` calls."""

    def timed() -> float:
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - started) / calls

    return timed


def interleaved(
    sdk: Callable[[], object],
    baseline: Callable[[], object],
    *,
    calls: int,
    rounds: int,
) -> Paired:
    """Seconds per call of ``sdk`` and ``baseline``, ``calls`` at a time, in alternating rounds."""
    for _ in range(max(calls // 10, 1)):  # warm caches, pools and lazy imports
        sdk()
        baseline()
    return alternate(per_call(sdk, calls), per_call(baseline, calls), rounds=rounds)
