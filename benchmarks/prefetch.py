"""``AsyncLocally.carts.list()`` over 200 pages that each take 20 ms: the window vs one at a time.

The server is an async ``MockTransport`` handler that awaits ``anyio.sleep(0.02)`` before each
reply, so waiting never blocks the event loop; page bodies are rendered once up front so that
only the SDK's work (and the simulated latency) is timed.  Each round walks once with
``prefetch=16`` (the default) and once with ``prefetch=1``; two rows come out of the same
rounds: the speed-up in wall time, and the CPU each page costs the client.
"""

from __future__ import annotations

import time

import anyio
import httpx

from locally import AsyncLocally
from locally._pagination import DEFAULT_PREFETCH

from ._measure import Paired, Result
from ._pages import SyntheticPages

PAGES = 200
LATENCY = 0.02
ROUNDS = 5


async def _walk(bodies: list[bytes], prefetch: int) -> tuple[float, float]:
    """Wall seconds and CPU seconds of one walk over every page."""

    async def handle(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(LATENCY)
        return httpx.Response(200, content=bodies[SyntheticPages.page_number(request.url.path)])

    async with AsyncLocally(
        api_token="bench",
        base_url="https://bench.invalid",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)),
    ) as client:
        started, cpu = time.perf_counter(), time.process_time()
        count = 0
        async for _ in client.carts.list(prefetch=prefetch):
            count += 1
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert count == PAGES * 50, count
    return elapsed, cpu


def run() -> list[Result]:
    pages = SyntheticPages(PAGES)
    bodies = [pages.render(n) for n in range(PAGES)]
    anyio.run(_walk, bodies, DEFAULT_PREFETCH)  # warm up
    window: list[tuple[float, float]] = []
    single: list[tuple[float, float]] = []
    for round_number in range(ROUNDS):
        order = [(DEFAULT_PREFETCH, window), (1, single)]
        for prefetch, runs in order[:: -1 if round_number % 2 else 1]:
            runs.append(anyio.run(_walk, bodies, prefetch))
    wall = Paired([w for w, _ in window], [w for w, _ in single])
    cpu = Paired([c / PAGES for _, c in window], [c / PAGES for _, c in single])
    return [
        wall.row(
            f"async list(), {PAGES} pages x 20 ms: prefetch window vs one at a time",
            unit="s",
            scale=1,
            goal=11.0,
            speedup=True,
            note=f"prefetch={DEFAULT_PREFETCH} (default) vs prefetch=1",
        ),
        cpu.row(
            f"async list(), {PAGES} pages: client CPU per page, window vs one at a time",
            unit="ms",
            scale=1000,
            goal=1.3,
        ),
    ]
