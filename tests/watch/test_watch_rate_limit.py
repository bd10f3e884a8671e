"""A watch sends through the client, so it keeps to the client's rate limit like any call."""

from __future__ import annotations

import datetime as _dt
import time

import anyio
import pytest

from locally._rate_limit import RateLimiter
from locally.testing import FakeLocally
from locally.watch import WatchEvent
from tests.watch.helpers import Clock

# Small enough to be reached in a second or two, as Locally's 1,000 a minute would be in a day.
LIMIT = "40/second"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_catching_up_keeps_within_the_rate_limit(mode: str) -> None:
    clock = Clock()
    fake = FakeLocally(
        generated_carts=100, include_samples=False, seed=5, clock=clock, rate_limit=LIMIT
    )
    start = _dt.datetime(2025, 1, 1)
    started = time.monotonic()
    if mode == "sync":
        with (
            fake.client(rate_limit=LIMIT, max_retries=0) as client,
            client.carts.watch(checkpoint=":memory:", once=True, start=start) as watch,
        ):
            events: list[WatchEvent] = list(watch)
            limiter = client.rate_limiter
    else:

        async def run() -> tuple[list[WatchEvent], RateLimiter | None]:
            async with (
                fake.async_client(rate_limit=LIMIT, max_retries=0) as client,
                client.carts.watch(checkpoint=":memory:", once=True, start=start) as watch,
            ):
                return [event async for event in watch], client.rate_limiter

        events, limiter = anyio.run(run)
    elapsed = time.monotonic() - started
    assert fake.rate_limit is not None
    requests = fake.rate_limit.allowed
    # Every cart announced once (each needs its detail), and not one request over the budget.
    assert sum(event.kind == "new_cart" for event in events) == 100
    assert requests >= 100
    assert fake.rate_limit.refused == 0
    # The budget was the bound: the client waited, for about the time the excess needs.
    assert limiter is not None
    assert limiter.waits > 0
    assert elapsed >= (requests - 40) / 40 * 0.9
