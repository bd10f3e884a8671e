"""Many requests at once: a rate limit shared by every task, aiohttp, and a prefetching walk.

Runs against a local FakeLocally that enforces a (scaled-down) budget of its own, as Locally
does with 1,000 requests a minute: the client waits for budget instead of drawing 429s.
"""

from __future__ import annotations

import anyio

from locally import AsyncLocally
from locally.testing import FakeLocally

# Locally's is "1000/minute", on by default for www.locally.com.  A scaled-down budget keeps a
# window of seconds: a slot is reused 2% of the window late, to cover the time a request takes
# to reach the server, and 2% of one second is less than opening a connection can take.
BUDGET = "20 per 5 seconds"


async def main(url: str, token: str) -> None:
    """Ten concurrent retrieves and a walk of every cart, under one budget."""
    async with AsyncLocally(
        api_token=token, base_url=url, rate_limit=BUDGET, http_backend="aiohttp"
    ) as client:
        totals: list[str] = []

        async def retrieve() -> None:
            cart = await client.carts.retrieve("PDQE89")
            totals.append(str(cart.items[0].total))

        async with anyio.create_task_group() as group:
            for _ in range(10):
                group.start_soon(retrieve)
        print(f"{len(totals)} concurrent retrieves, all {set(totals)}")

        # The walk keeps 16 page reads in flight, each one waiting for budget too.
        carts = [cart.hash async for cart in client.carts.list(prefetch=16)]
        print(f"walked {len(carts)} carts, {len(set(carts))} distinct")

        limiter = client.rate_limiter
        assert limiter is not None
        print(f"budget {limiter.limit}: {limiter.waits} requests waited for it")


if __name__ == "__main__":
    fake = FakeLocally(generated_carts=500, rate_limit=BUDGET)
    with fake.serve() as url:
        anyio.run(main, url, fake.api_token)
    assert fake.rate_limit is not None
    print(f"the fake answered 429 {fake.rate_limit.refused} times")
