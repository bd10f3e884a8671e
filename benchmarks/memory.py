"""Iterating 100,000 carts with ``Locally.carts.list()``: peak memory vs parsing one page.

Pages are synthesised on demand by a ``MockTransport`` handler, so the fake holds nothing; the
peak is what tracemalloc sees while the SDK fetches, parses and yields every cart.
"""

from __future__ import annotations

import gc
import itertools
import tracemalloc
from collections.abc import Callable

import httpx

from locally import Locally

from ._measure import Result
from ._pages import SyntheticPages

CARTS = 100_000
WARM_UP = 10_000


def _client(pages: SyntheticPages) -> Locally:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=pages.render(pages.page_number(request.url.path)))

    return Locally(
        api_token="bench",
        base_url="https://bench.invalid",
        http_client=httpx.Client(transport=httpx.MockTransport(handle)),
    )


def _peak(work: Callable[[], object]) -> int:
    """Bytes allocated above the starting point at the peak of ``work`` (tracing is on)."""
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    work()
    return tracemalloc.get_traced_memory()[1] - before


def run() -> Result:
    with _client(SyntheticPages(CARTS // 50)) as client:

        def walk(carts: int) -> Callable[[], None]:
            def every_cart() -> None:
                count = sum(1 for _ in itertools.islice(client.carts.list(), carts))
                assert count == carts, count

            return every_cart

        # Tracing starts before the warm-up, so that process-wide bounded caches which any
        # HTTP client fills (urllib's 128-entry URL cache behind httpx's cookie jar, the re
        # module's cache) are traced when full: replacing an entry then nets out instead of
        # counting as growth.
        tracemalloc.start()
        try:
            walk(WARM_UP)()
            page_peak = _peak(lambda: client.carts.list_page(0))
            small_peak = _peak(walk(WARM_UP))
            walk_peak = _peak(walk(CARTS))
        finally:
            tracemalloc.stop()
    return Result.single(
        f"memory, iterate {CARTS:,} carts",
        walk_peak / 1024,
        page_peak / 1024,
        "KiB",
        "<=",
        2.0,
        note=(f"tracemalloc peak vs one page; {WARM_UP:,} carts: {small_peak / 1024:,.0f} KiB"),
    )
