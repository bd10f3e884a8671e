"""Walking every page of carts: lazily, in order, and without duplicates when pages shift."""

from __future__ import annotations

import datetime as dt
from typing import Any

import anyio
import httpx
import pytest

from locally import AsyncLocally, CartPage, Locally, PaginationError
from locally._pagination import RecentHashes
from locally.testing import FakeItem, FakeLocally
from tests.helpers import Mode, fake_with_carts


def test_list_walks_every_page_newest_first() -> None:
    fake = fake_with_carts(120)
    expected = [cart.hash for cart in fake.carts_newest_first()]
    with fake.client() as client:
        hashes = [cart.hash for cart in client.carts.list()]
    assert hashes == expected
    assert len(hashes) == 120
    pages = [r.url.path for r in fake.requests]
    assert pages == ["/api/v2/carts/0", "/api/v2/carts/1", "/api/v2/carts/2"]


def test_list_is_lazy() -> None:
    fake = fake_with_carts(120)
    with fake.client() as client:
        iterator = iter(client.carts.list())
        assert fake.requests == []
        first = next(iterator)
    assert first.hash == fake.carts_newest_first()[0].hash
    assert len(fake.requests) == 1


def test_async_list_walks_every_page() -> None:
    fake = fake_with_carts(101)

    async def main() -> list[str]:
        async with fake.async_client() as client:
            return [cart.hash async for cart in client.carts.list()]

    assert anyio.run(main) == [c.hash for c in fake.carts_newest_first()]


def test_page_objects_chain_with_next_page(mode: Mode) -> None:
    fake = fake_with_carts(60)

    def walk(client: Any) -> Any:
        if isinstance(client, Locally):
            page: CartPage | None = client.carts.list_page(0)
            sizes = []
            while page is not None:
                sizes.append(len(page.carts))
                page = page.next_page()
            return sizes

        async def awalk() -> list[int]:
            apage = await client.carts.list_page(0)
            sizes = []
            while apage is not None:
                sizes.append(len(apage.carts))
                apage = await apage.next_page()
            return sizes

        return awalk()

    if mode.name == "sync":
        with fake.client() as c:
            assert walk(c) == [50, 10]
    else:

        async def main() -> list[int]:
            async with fake.async_client() as c:
                result: list[int] = await walk(c)
                return result

        assert anyio.run(main) == [50, 10]


class _InsertingFake(FakeLocally):
    """Adds new carts at the head of the list right after each page is served."""

    def __init__(self, per_page: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.per_page = per_page
        self.added: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        response = super().handle(request)
        if request.url.path.startswith("/api/v2/carts"):
            for _ in range(self.per_page):
                newest = self.carts_newest_first()[0].ordered_at
                cart = self.add_cart(
                    ordered_at=newest + dt.timedelta(seconds=1), items=[FakeItem(upc="1")]
                )
                self.added.append(cart.hash)
        return response


@pytest.mark.parametrize("per_page", [1, 7, 25])
def test_carts_arriving_mid_walk_are_not_yielded_twice(per_page: int) -> None:
    fake = _InsertingFake(per_page, generated_carts=175, include_samples=False, seed=3)
    original = [cart.hash for cart in fake.carts_newest_first()]
    with fake.client() as client:
        seen = [cart.hash for cart in client.carts.list()]
    assert len(seen) == len(set(seen)), "a cart was yielded twice"
    # Every cart that existed when the walk began is yielded, in order.
    assert [h for h in seen if h in set(original)] == original
    assert fake.added  # the scenario really did shift the pages


def test_async_carts_arriving_mid_walk_are_not_yielded_twice() -> None:
    fake = _InsertingFake(13, generated_carts=160, include_samples=False, seed=5)
    original = [cart.hash for cart in fake.carts_newest_first()]

    async def main() -> list[str]:
        async with fake.async_client() as client:
            return [cart.hash async for cart in client.carts.list()]

    seen = anyio.run(main)
    assert len(seen) == len(set(seen))
    assert [h for h in seen if h in set(original)] == original


@pytest.mark.parametrize("per_page", [50, 130])
def test_list_outrun_by_arrivals_stops_with_an_error(per_page: int) -> None:
    fake = _InsertingFake(per_page, generated_carts=120, include_samples=False, seed=3)
    seen: list[str] = []
    with fake.client() as client, pytest.raises(PaginationError, match="faster than pages"):
        seen.extend(cart.hash for cart in client.carts.list())
    assert len(seen) == len(set(seen))
    assert len(fake.requests) == 3 * 2 + 20  # first page reported 3 pages


def test_max_pages_is_respected() -> None:
    fake = fake_with_carts(300)
    with fake.client() as client, pytest.raises(PaginationError):
        list(client.carts.list(max_pages=2))
    assert len(fake.requests) == 2


def test_start_page() -> None:
    fake = fake_with_carts(120)
    with fake.client() as client:
        hashes = [cart.hash for cart in client.carts.list(start_page=2)]
    assert hashes == [c.hash for c in fake.carts_newest_first()[100:]]


def test_empty_account_yields_nothing() -> None:
    fake = fake_with_carts(0)
    with fake.client() as client:
        assert list(client.carts.list()) == []
        page = client.carts.list_page()
    assert not page.has_next_page()
    assert page.next_page() is None


def test_recent_hashes_window_is_bounded() -> None:
    recent = RecentHashes(3)
    assert [recent.first_time(h) for h in "abca"] == [True, True, True, False]
    assert recent.first_time("d") is True  # "a" falls out of the window
    assert recent.first_time("a") is True
    assert len(recent._members) == 3


def test_async_client_list_returns_async_pager() -> None:
    client = AsyncLocally(api_token="t")
    assert hasattr(client.carts.list(), "__aiter__")
