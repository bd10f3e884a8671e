"""Reading a 1,000,000-row inventory feed: peak memory against a 10,000-row one.

Both files are written to a temporary folder first; the SDK side iterates every row of
``read_inventory_feed(path)`` (each an ``InventoryRow``) under tracemalloc.  Streaming means
the peak does not grow with the file: a hundred times the rows, the same memory.
"""

from __future__ import annotations

import gc
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from ._measure import Result

ROWS = 1_000_000
SMALL = 10_000


def _upcs(count: int) -> list[str]:
    """``count`` UPC-A codes with correct check digits."""
    rng = random.Random(11)
    codes = []
    for _ in range(count):
        body = [rng.randrange(10) for _ in range(11)]
        check = (10 - (sum(body[0::2]) * 3 + sum(body[1::2])) % 10) % 10
        codes.append("".join(map(str, body)) + str(check))
    return codes


def write_feed(path: Path, rows: int) -> None:
    """A combined feed: UPC, quantity, price, store id, with a header."""
    upcs = _upcs(5_000)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("upc,quantity,price,store_id\n")
        for n in range(rows):
            price = "" if n % 9 == 0 else f"{n % 200}.{n % 100:02d}"
            handle.write(f"{upcs[n % len(upcs)]},{n % 40},{price},S{n % 25:03d}\n")


def _peak(path: Path) -> tuple[int, int]:
    """Peak traced bytes and rows read while iterating every row of ``path``."""
    from locally.feeds import read_inventory_feed

    gc.collect()
    tracemalloc.start()
    try:
        feed = read_inventory_feed(path)
        count = sum(1 for _ in feed)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    if feed.errors:
        raise AssertionError(f"generated feed has problems: {feed.errors[:3]}")
    return peak, count


def _rows_per_second(path: Path) -> float:
    """Rows read per second, without tracing (which slows every allocation)."""
    from locally.feeds import read_inventory_feed

    started = time.perf_counter()
    count = sum(1 for _ in read_inventory_feed(path))
    return count / (time.perf_counter() - started)


def run() -> Result:
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.csv", Path(folder) / "large.csv"
        write_feed(small, SMALL)
        write_feed(large, ROWS)
        size_mb = large.stat().st_size / 1e6
        _peak(small)  # warm imports and caches
        small_peak, small_rows = _peak(small)
        large_peak, large_rows = _peak(large)
        rate = _rows_per_second(large)
    assert (small_rows, large_rows) == (SMALL, ROWS)
    return Result(
        f"memory, read a {ROWS:,}-row inventory feed",
        large_peak / 1024,
        small_peak / 1024,
        "KiB",
        "<=",
        1.5,
        note=f"{size_mb:.0f} MB, tracemalloc peak vs {SMALL:,} rows; {rate:,.0f} rows/s",
    )
