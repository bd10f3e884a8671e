"""``carts.watch()`` in steady state: requests to Locally per event delivered.

A fake of 1,000 carts (20 pages, all inside a 30-day look-back) gets one status change per
poll, each to an item no other change touches, while a watch runs on a thread.  After the
first poll (which reads the whole look-back), requests and delivered events are counted over
the same stretch of time for:

- the SDK's defaults in proportion: ``interval`` : ``sweep`` = 1 : 20 (30 s : 600 s), so a
  poll reads the head page and one page of the look-back;
- the baseline: a watch that reads the whole look-back on every poll (``sweep = interval``),
  as a poller without the head/sweep split would.

Time is compressed (a poll every 50 ms); the ratio is what the defaults give at 30 s.
"""

from __future__ import annotations

import datetime as _dt
import random
import threading
import time

from locally.testing import FakeLocally
from locally.watch import MemoryCheckpoint

from ._measure import Result

CARTS = 1000
INTERVAL = 0.05
STEADY_SECONDS = 3.0
WARM_UP_SECONDS = 1.0
LOOKBACK = _dt.timedelta(days=30)
_NEWEST = _dt.datetime(2026, 1, 15, 12, 0)


def _requests_per_event(sweep: float) -> tuple[float, float]:
    """Requests per delivered event in steady state, and requests per second."""
    started = time.monotonic()
    fake = FakeLocally(
        generated_carts=CARTS,
        include_samples=False,
        seed=16,
        clock=lambda: _NEWEST + _dt.timedelta(seconds=time.monotonic() - started),
    )
    items = [(c, i) for c in fake.carts_newest_first() for i in c.items if c.type != "SHIP"]
    random.Random(16).shuffle(items)
    delivered: list[float] = []
    with fake.client() as client:
        watch = client.carts.watch(
            checkpoint=MemoryCheckpoint(), interval=INTERVAL, sweep=sweep, lookback=LOOKBACK
        )

        def consume() -> None:
            for _ in watch:
                delivered.append(time.monotonic())

        thread = threading.Thread(target=consume, daemon=True)
        thread.start()
        time.sleep(WARM_UP_SECONDS)
        begin, requests_before = time.monotonic(), len(fake.requests)
        events_before = len(delivered)
        while time.monotonic() - begin < STEADY_SECONDS:
            cart, item = items.pop()
            client.pushcart.confirm(cart.hash, item.upc)
            time.sleep(INTERVAL)
        elapsed = time.monotonic() - begin
        reads = sum(1 for r in fake.requests[requests_before:] if r.method == "GET")
        events = len(delivered) - events_before
        watch.stop()
        thread.join(timeout=10)
    return reads / max(events, 1), reads / elapsed


def run() -> Result:
    sdk, sdk_rate = _requests_per_event(sweep=INTERVAL * 20)
    naive, _ = _requests_per_event(sweep=INTERVAL)
    return Result(
        f"watch steady state, {CARTS} carts, 1 change a poll",
        sdk,
        naive,
        "req/event",
        "<=",
        0.25,
        note=(
            f"head + sweep vs whole look-back every poll; {sdk_rate * 60 * INTERVAL / 30:.1f} "
            "req/min at the 30 s default"
        ),
    )
