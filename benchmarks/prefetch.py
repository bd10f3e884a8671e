"""``AsyncLocally.carts.list()`` over 200 pages that each take 20 ms: prefetch vs one at a time.

The server is an async ``MockTransport`` handler that awaits ``anyio.sleep(0.02)`` before each
reply, so waiting never blocks the event loop; page bodies are rendered once up front so that
only the SDK's work (and the simulated latency) is timed.
"""

from __future__ import annotations

import statistics
import time

import anyio
import httpx

from locally import AsyncLocally
from locally._pagination import DEFAULT_PREFETCH

from ._measure import Result
from ._pages import SyntheticPages

PAGES = 200
LATENCY = 0.02
ROUNDS = 3


async def _walk(bodies: list[bytes], prefetch: int) -> float:
    async def handle(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(LATENCY)
        return httpx.Response(200, content=bodies[SyntheticPages.page_number(request.url.path)])

    async with AsyncLocally(
        api_token="bench",
        base_url="https://bench.invalid",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)),
    ) as client:
        started = time.perf_counter()
        count = 0
        async for _ in client.carts.list(prefetch=prefetch):
            count += 1
        elapsed = time.perf_counter() - started
    assert count == PAGES * 50, count
    return elapsed


def run() -> Result:
    pages = SyntheticPages(PAGES)
    bodies = [pages.render(n) for n in range(PAGES)]
    concurrent: list[float] = []
    sequential: list[float] = []
    for _ in range(ROUNDS):
        concurrent.append(anyio.run(_walk, bodies, DEFAULT_PREFETCH))
        sequential.append(anyio.run(_walk, bodies, 1))
    return Result(
        f"async list(), {PAGES} pages x 20 ms",
        statistics.median(concurrent),
        statistics.median(sequential),
        "s",
        ">=",
        8.0,
        note=f"prefetch={DEFAULT_PREFETCH} (default) vs prefetch=1",
    )
