"""An asyncio service that handles many stores at once.

A retailer chain gives each store its own API token.  This worker polls every store's carts
concurrently over one shared connection pool, confirms new PushCart orders that it can fulfil
and rejects the rest, with bounded concurrency.  It runs here against one FakeLocally per store,
all served over loopback.
"""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from decimal import Decimal

import httpx

from locally import AsyncLocally, LocallyError
from locally.testing import FakeItem, FakeLocally

IN_STOCK = {"012345678905", "036000291452"}


async def handle_store(name: str, client: AsyncLocally, limit: asyncio.Semaphore) -> str:
    """Confirm or reject every item still waiting in one store's new orders."""
    confirmed = rejected = 0
    async with limit:
        async for cart in client.carts.list():
            if str(cart.type) != "ORDER":
                continue
            for item in cart.items:
                if item.status != "ordered":
                    continue
                try:
                    if item.upc in IN_STOCK:
                        await client.pushcart.confirm(
                            cart.hash, item.upc, current_status=item.status
                        )
                        confirmed += 1
                    else:
                        await client.pushcart.reject(
                            cart.hash, item.upc, reason="Not stocked at this store"
                        )
                        rejected += 1
                except LocallyError as exc:
                    print(f"{name}: {cart.hash}/{item.upc} failed: {exc}")
    return f"{name}: confirmed {confirmed}, rejected {rejected}"


async def run(stores: dict[str, tuple[str, str]]) -> list[str]:
    """Handle every store concurrently; ``stores`` maps a name to (base URL, token)."""
    limit = asyncio.Semaphore(8)  # at most 8 stores in flight at once
    async with httpx.AsyncClient() as pool:  # one pool shared by every store's client
        clients = {
            name: AsyncLocally(api_token=token, base_url=url, http_client=pool)
            for name, (url, token) in stores.items()
        }
        return await asyncio.gather(
            *(handle_store(name, client, limit) for name, client in clients.items())
        )


def main() -> None:
    """Start one fake per store on loopback, then run the service against all of them."""
    fakes: dict[str, FakeLocally] = {}
    for number in range(1, 6):
        fake = FakeLocally(
            generated_carts=0, include_samples=False, api_token=f"test_store_{number}"
        )
        for n in range(number):
            fake.place_order(
                "ORDER",
                items=[
                    FakeItem(upc="012345678905", msrp=Decimal("44.95")),
                    FakeItem(upc="999999999993" if n % 2 else "036000291452"),
                ],
            )
        fakes[f"store-{number}"] = fake
    with ExitStack() as stack:
        stores = {
            name: (stack.enter_context(fake.serve()), fake.api_token)
            for name, fake in fakes.items()
        }
        for line in asyncio.run(run(stores)):
            print(line)


if __name__ == "__main__":
    main()
