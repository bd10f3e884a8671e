"""Available-to-sell feed validation, rows per second, vs a bare ``csv.reader`` loop.

``locally.feeds`` is built on another branch.  Until it is merged this scenario prints why it
was skipped; afterwards it validates the same generated CSV text through the first reading entry
point the module offers.
"""

from __future__ import annotations

import csv
import importlib
import io
import random
import time
from collections.abc import Callable

from ._measure import Result, Skipped

ROWS = 20_000
ROUNDS = 5
#: Entry points tried in order on ``AvailableToSellFeed`` (class methods taking CSV text).
ENTRY_POINTS = ("parse", "from_csv", "read", "loads", "validate")


def feed_text(rows: int = ROWS) -> str:
    """A feed in the documented column order: UPC, qty, percent retained, shipping, country."""
    rng = random.Random(7)
    lines = ["upc,qty,percent revenue retained,shipping cost,country"]
    for _ in range(rows):
        upc = "".join(rng.choice("0123456789") for _ in range(12))
        lines.append(
            f"{upc},{rng.randint(0, 40)},{rng.choice([70, 80, -1])},{rng.choice(['0', '25.50'])},US"
        )
    return "\n".join(lines) + "\n"


def _entry_point() -> Callable[[str], object] | str:
    try:
        feeds = importlib.import_module("locally.feeds")
    except ImportError:
        return "locally.feeds is not in this build yet (another branch); skipped"
    feed_class = getattr(feeds, "AvailableToSellFeed", None)
    for name in ENTRY_POINTS:
        reader = getattr(feed_class, name, None)
        if callable(reader):
            return reader  # type: ignore[no-any-return]
    return f"locally.feeds has no AvailableToSellFeed.{{{','.join(ENTRY_POINTS)}}}; wire it here"


def _rows_per_second(work: Callable[[], object]) -> float:
    best: list[float] = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        best.append(time.perf_counter() - started)
    best.sort()
    return ROWS / best[len(best) // 2]


def run() -> Result | Skipped:
    scenario = f"feed validation, {ROWS:,} rows"
    reader = _entry_point()
    if isinstance(reader, str):
        return Skipped(scenario, reader)
    text = feed_text()

    def baseline() -> None:
        for _ in csv.reader(io.StringIO(text)):
            pass

    sdk_rate = base_rate = 0.0
    # Alternate the two so that load from other processes hits both alike.
    for _ in range(2):
        sdk_rate = max(sdk_rate, _rows_per_second(lambda: reader(text)))
        base_rate = max(base_rate, _rows_per_second(baseline))
    # Rows per second: the SDK's slowdown is baseline rate / SDK rate.
    return Result(scenario, 1 / sdk_rate * 1e6, 1 / base_rate * 1e6, "us/row", "<=", 3.0)
