"""``AsyncLocally.carts.list()`` reads pages concurrently without losing or repeating a cart."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import anyio
import httpx
import pytest

from locally import AsyncLocally, InternalServerError, PaginationError, RequestValidationError
from locally.testing import FakeItem, FakeLocally
from tests.helpers import fake_with_carts


class _SlowServer:
    """Answers for a fake after random delays, so pages are served out of the order asked.

    ``arrivals(n)`` says how many new carts land at the head of the list right after the n-th
    request is served (1-based).
    """

    def __init__(
        self, fake: FakeLocally, *, seed: int, arrivals: Callable[[int], int] = lambda n: 0
    ) -> None:
        self.fake = fake
        self.rng = random.Random(seed)
        self.arrivals = arrivals
        self.served = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self.added: list[str] = []

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await anyio.sleep(self.rng.random() * 0.004)
            response = self.fake.handle(request)
            self.served += 1
            for _ in range(self.arrivals(self.served)):
                newest = self.fake.carts_newest_first()[0].ordered_at
                cart = self.fake.add_cart(
                    ordered_at=newest + dt.timedelta(seconds=1), items=[FakeItem(upc="1")]
                )
                self.added.append(cart.hash)
            await anyio.sleep(self.rng.random() * 0.004)
            return response
        finally:
            self.in_flight -= 1

    def client(self, **options: object) -> AsyncLocally:
        return AsyncLocally(
            api_token=self.fake.api_token,
            base_url=self.fake.base_url,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(self.handle)),
            **options,  # type: ignore[arg-type]
        )


def _walk(server: _SlowServer, **list_options: object) -> list[str]:
    async def main() -> list[str]:
        async with server.client() as client:
            pager = client.carts.list(**list_options)  # type: ignore[arg-type]
            return [cart.hash async for cart in pager]

    return anyio.run(main)


def test_pages_are_read_concurrently_and_yielded_in_order() -> None:
    fake = fake_with_carts(1000, seed=11)  # 20 pages
    expected = [cart.hash for cart in fake.carts_newest_first()]
    server = _SlowServer(fake, seed=1)
    assert _walk(server, prefetch=4) == expected
    # Four page reads plus one re-read of the first page, never more.
    assert server.most_in_flight == 5
    pages = [int(r.url.path.rsplit("/", 1)[1]) for r in fake.requests]
    # Nothing changed, so every page after the first was read exactly once...
    assert sorted(p for p in pages if p) == list(range(1, 20))
    # ...and the re-reads of page 0 that proved it were fewer than the pages they covered.
    assert 1 < pages.count(0) < 19


class _OneSlowPage:
    """Serves every page after 2 ms, except page ``slow``, which takes 200 ms."""

    def __init__(self, fake: FakeLocally, slow: int) -> None:
        self.fake = fake
        self.slow = slow
        self.asked_while_held: list[int] = []
        self.holding = False

    async def handle(self, request: httpx.Request) -> httpx.Response:
        number = int(request.url.path.rsplit("/", 1)[1])
        if self.holding:
            self.asked_while_held.append(number)
        if number == self.slow:
            self.holding = True
            await anyio.sleep(0.2)
            self.holding = False
        else:
            await anyio.sleep(0.002)
        return self.fake.handle(request)


def test_the_window_slides_past_a_slow_page_but_holds_a_bounded_number() -> None:
    fake = fake_with_carts(1500, seed=11)  # 30 pages
    server = _OneSlowPage(fake, slow=3)

    async def main() -> list[str]:
        async with AsyncLocally(
            api_token=fake.api_token,
            base_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(server.handle)),
        ) as client:
            return [cart.hash async for cart in client.carts.list(prefetch=4)]

    assert anyio.run(main) == [c.hash for c in fake.carts_newest_first()]
    asked = [n for n in server.asked_while_held if n]
    # While page 3 was held, the other slots kept being refilled (a batch of four would
    # have stopped at page 6) until 2 * prefetch pages (4 to 11) were read and waiting...
    assert max(asked) >= 11
    # ...and never past that plus prefetch reads in flight (page 3 and up to 12 to 14).
    assert max(asked) <= 3 + 3 * 4 - 1


def test_prefetch_one_reads_one_page_at_a_time() -> None:
    fake = fake_with_carts(260, seed=11)
    server = _SlowServer(fake, seed=2)
    assert _walk(server, prefetch=1) == [c.hash for c in fake.carts_newest_first()]
    assert server.most_in_flight == 1
    assert [r.url.path for r in fake.requests] == [f"/api/v2/carts/{n}" for n in range(6)]


@pytest.mark.parametrize("prefetch", [4, 16])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "arrivals",
    [
        pytest.param(lambda n: 3 if n == 4 else 0, id="three-carts-once-mid-batch"),
        pytest.param(lambda n: 1 if n % 5 == 0 else 0, id="one-cart-every-fifth-request"),
        pytest.param(lambda n: 7, id="seven-carts-after-every-request"),
    ],
)
def test_carts_arriving_mid_walk_are_neither_lost_nor_repeated(
    seed: int, arrivals: Callable[[int], int], prefetch: int
) -> None:
    fake = fake_with_carts(600, seed=11)  # 12 pages
    original = [cart.hash for cart in fake.carts_newest_first()]
    server = _SlowServer(fake, seed=seed, arrivals=arrivals)
    seen = _walk(server, prefetch=prefetch)
    assert server.added, "the scenario did not change the list"
    assert len(seen) == len(set(seen)), "a cart was yielded twice"
    kept = set(original)
    assert [h for h in seen if h in kept] == original, "a cart was lost or reordered"
    assert set(seen) <= kept | set(server.added)


def test_a_failing_page_surfaces_its_error_and_leaves_nothing_running() -> None:
    fake = fake_with_carts(1000, seed=11)
    server = _SlowServer(fake, seed=3)
    healthy = server.handle

    async def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v2/carts/6":
            await anyio.sleep(0.001)
            return httpx.Response(500, json={"status": False, "message": "boom"})
        return await healthy(request)

    server.handle = flaky  # type: ignore[method-assign]

    async def main() -> list[str]:
        seen: list[str] = []
        async with server.client(max_retries=0) as client:
            with anyio.fail_after(5), pytest.raises(InternalServerError):
                seen.extend([cart.hash async for cart in client.carts.list(prefetch=4)])
        return seen

    seen = anyio.run(main)
    assert seen == [c.hash for c in fake.carts_newest_first()][: len(seen)]
    assert server.in_flight == 0


def test_aclose_cancels_the_reads_in_flight_and_sends_no_more_requests() -> None:
    fake = fake_with_carts(1000, seed=11)
    server = _SlowServer(fake, seed=4)

    async def main() -> list[str]:
        async with server.client() as client:
            pager = client.carts.list(prefetch=4).__aiter__()
            first = [await pager.__anext__() for _ in range(120)]
            assert server.in_flight > 0  # the window is reading ahead
            await pager.aclose()  # type: ignore[attr-defined]
            assert server.in_flight == 0  # cancelled, not left to finish
            sent = len(fake.requests)
            await anyio.sleep(0.02)
            assert len(fake.requests) == sent
            return [cart.hash for cart in first]

    assert anyio.run(main) == [c.hash for c in fake.carts_newest_first()][:120]
    assert server.in_flight == 0


def test_a_bare_break_cancels_the_reads_in_flight() -> None:
    fake = fake_with_carts(1000, seed=11)
    server = _SlowServer(fake, seed=4)

    async def main() -> list[str]:
        seen: list[str] = []
        async with server.client() as client:
            async for cart in client.carts.list(prefetch=4):
                seen.append(cart.hash)
                if len(seen) == 120:
                    break
            # The event loop closes the abandoned generator on its next turn.
            for _ in range(3):
                await anyio.sleep(0)
            assert server.in_flight == 0
            sent = len(fake.requests)
            await anyio.sleep(0.02)
            assert len(fake.requests) == sent
        return seen

    assert anyio.run(main) == [c.hash for c in fake.carts_newest_first()][:120]


def test_the_callers_own_cancel_scopes_work_between_pages() -> None:
    """No cancel scope of the walk spans a ``yield``, so the caller's can open and close."""
    fake = fake_with_carts(1000, seed=11)
    server = _SlowServer(fake, seed=6)

    async def main() -> int:
        async with server.client() as client:
            pager = client.carts.list(prefetch=4).__aiter__()
            count = 0
            for _ in range(200):
                with anyio.fail_after(5):
                    await pager.__anext__()
                count += 1
            with anyio.move_on_after(0.0005):  # cancelled while reads are in flight
                while True:
                    await pager.__anext__()
                    count += 1
            await pager.aclose()  # type: ignore[attr-defined]
            return count

    assert 200 <= anyio.run(main) < 1000
    assert server.in_flight == 0


def test_a_failed_page_is_raised_after_every_page_before_it() -> None:
    fake = fake_with_carts(1000, seed=11)
    server = _SlowServer(fake, seed=3)
    healthy = server.handle

    async def failing(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v2/carts/9":
            return httpx.Response(500, json={"status": False, "message": "boom"})
        return await healthy(request)

    server.handle = failing  # type: ignore[method-assign]

    async def main() -> list[str]:
        seen: list[str] = []
        async with server.client(max_retries=0) as client:
            pager = client.carts.list(prefetch=4)

            async def walk() -> None:
                async for cart in pager:
                    seen.append(cart.hash)

            with pytest.raises(InternalServerError):
                await walk()
        return seen

    assert anyio.run(main) == [c.hash for c in fake.carts_newest_first()][: 9 * 50]
    assert server.in_flight == 0


def test_max_pages_holds_with_prefetch() -> None:
    fake = fake_with_carts(1000, seed=11)
    server = _SlowServer(fake, seed=5)
    with pytest.raises(PaginationError):
        _walk(server, prefetch=4, max_pages=6)
    pages = {r.url.path for r in fake.requests}
    assert pages == {f"/api/v2/carts/{n}" for n in range(6)}


@pytest.mark.parametrize("prefetch", [0, -1, 2.5, True, "4"])
def test_prefetch_must_be_a_positive_whole_number(prefetch: object) -> None:
    client = AsyncLocally(api_token="t")
    with pytest.raises(RequestValidationError) as info:
        client.carts.list(prefetch=prefetch)  # type: ignore[arg-type]
    assert info.value.field == "prefetch"


def test_a_read_page_is_freed_without_waiting_for_the_cycle_collector() -> None:
    """httpx leaves each response in a reference cycle; the SDK breaks it (flat memory)."""
    import gc

    fake = fake_with_carts(120, seed=11)
    with fake.client() as client:
        client.carts.list_page(0)
        gc.collect()
        gc.disable()
        try:
            client.carts.list_page(1)
            unreachable = gc.collect()
        finally:
            gc.enable()
    assert unreachable == 0
