"""Async quickstart: iterate over every cart with ``async for`` against FakeLocally."""

from __future__ import annotations

import asyncio

from locally import AsyncLocally
from locally.testing import FakeLocally


async def main(client: AsyncLocally) -> None:
    """Count carts by type, then read one in full."""
    by_type: dict[str, int] = {}
    async for cart in client.carts.list():
        by_type[str(cart.type)] = by_type.get(str(cart.type), 0) + 1
    print("carts by type:", dict(sorted(by_type.items())))

    detail = await client.carts.retrieve("O3V36")
    print(f"{detail.hash}: {len(detail.items)} item(s), first UPC {detail.items[0].upc}")


async def run() -> None:
    """Run :func:`main` with a client wired to a fresh fake."""
    async with FakeLocally().async_client() as client:
        await main(client)


if __name__ == "__main__":
    asyncio.run(run())
