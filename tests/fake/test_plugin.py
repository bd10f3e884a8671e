"""The pytest plugin's fixtures, used exactly as a user's test suite would."""

from __future__ import annotations

import anyio

from locally import AsyncLocally, Locally
from locally.testing import FakeItem, FakeLocally


def test_fixtures_share_one_fake(locally_fake: FakeLocally, locally_client: Locally) -> None:
    cart = locally_fake.add_cart(items=[FakeItem(upc="012345678905")])
    assert locally_client.carts.retrieve(cart.hash).items[0].upc == "012345678905"
    assert locally_client.test_mode is True


def test_async_fixture(locally_fake: FakeLocally, async_locally_client: AsyncLocally) -> None:
    async def main() -> int:
        return len([c async for c in async_locally_client.carts.list()])

    assert anyio.run(main) == len(locally_fake.carts)


def test_plugin_is_registered_by_entry_point() -> None:
    from importlib.metadata import entry_points

    names = {ep.value for ep in entry_points(group="pytest11")}
    assert "locally.testing.pytest_plugin" in names
