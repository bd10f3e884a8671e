"""Iterating 100,000 carts with ``Locally.carts.list()``: peak memory vs parsing one page.

Pages are synthesised on demand by a ``MockTransport`` handler, so the fake holds nothing; the
peak is what tracemalloc sees while the SDK fetches, parses and yields every cart.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable

import httpx

from locally import Locally

from ._measure import Result
from ._pages import SyntheticPages

CARTS = 100_000


def _client(pages: SyntheticPages) -> Locally:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=pages.render(pages.page_number(request.url.path)))

    return Locally(
        api_token="bench",
        base_url="https://bench.invalid",
        http_client=httpx.Client(transport=httpx.MockTransport(handle)),
    )


def _peak(work: Callable[[], None]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        work()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def run() -> Result:
    pages = SyntheticPages(CARTS // 50)
    with _client(pages) as client:
        client.carts.list_page(0)  # warm up: lazy imports and pydantic's first-use caches

        def one_page() -> None:
            client.carts.list_page(0)

        def every_cart() -> None:
            count = sum(1 for _ in client.carts.list())
            assert count == CARTS, count

        page_peak = _peak(one_page)
        walk_peak = _peak(every_cart)
    return Result(
        f"memory, iterate {CARTS:,} carts",
        walk_peak / 1024,
        page_peak / 1024,
        "KiB",
        "<=",
        2.0,
        note="tracemalloc peak; baseline = fetch and parse one page",
    )
