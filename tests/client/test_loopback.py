"""Both clients over real sockets against FakeLocally's loopback server."""

from __future__ import annotations

from decimal import Decimal

import anyio
import pytest

from locally import AsyncLocally, AuthenticationError, Locally, NotFoundError
from locally.testing import FakeLocally


@pytest.fixture(scope="module")
def served() -> object:
    fake = FakeLocally(generated_carts=70)
    with fake.serve() as url:
        yield fake, url


def test_sync_client_over_loopback(served: tuple[FakeLocally, str]) -> None:
    fake, url = served
    with Locally(api_token=fake.api_token, base_url=url) as client:
        hashes = [cart.hash for cart in client.carts.list()]
        detail = client.carts.retrieve("PDQE89")
        with pytest.raises(NotFoundError):
            client.carts.retrieve("MISSING")
    assert hashes == [cart.hash for cart in fake.carts_newest_first()]
    assert detail.items[0].total == Decimal("2262.74")


def test_async_client_over_loopback(served: tuple[FakeLocally, str]) -> None:
    fake, url = served

    async def main() -> tuple[int, Decimal | None]:
        async with AsyncLocally(api_token=fake.api_token, base_url=url) as client:
            count = 0
            async for _ in client.carts.list():
                count += 1
            cart = await client.carts.retrieve("O3V36")
            return count, cart.items[0].total

    count, total = anyio.run(main)
    assert count == len(fake.carts)
    assert total == Decimal("110.85")


def test_wrong_token_over_loopback(served: tuple[FakeLocally, str]) -> None:
    _, url = served
    with Locally(api_token="wrong", base_url=url) as client, pytest.raises(AuthenticationError):
        client.carts.list_page()


def test_keep_alive_reuses_one_connection(served: tuple[FakeLocally, str]) -> None:
    fake, url = served
    with Locally(api_token=fake.api_token, base_url=url) as client:
        client.carts.retrieve("PDQE89")
        pool = client._http_client._transport._pool  # type: ignore[attr-defined]
        client.carts.retrieve("O3V36")
        assert len(pool.connections) == 1
