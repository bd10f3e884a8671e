"""Watch the carts and handle each change with the code you would give a webhook.

``event.notice`` is the model ``locally.webhooks.parse_webhook`` returns for the same notice,
so one handler serves webhooks and the watch.  Runs against FakeLocally; against Locally,
use ``Locally()`` and a checkpoint file that outlives the process.
"""

from __future__ import annotations

import anyio

from locally import AsyncLocally, Locally
from locally.testing import FakeItem, FakeLocally
from locally.watch import MemoryCheckpoint
from locally.webhooks import ItemStatusNotice, PushCartNotice, ShipToStoreNotice


def handle(notice: PushCartNotice | ItemStatusNotice | ShipToStoreNotice) -> str:
    """Your webhook handler."""
    if isinstance(notice, PushCartNotice):
        return f"order {notice.cart.hash} with {len(notice.cart.items)} item(s)"
    if isinstance(notice, ItemStatusNotice):
        return f"item {notice.upc} of {notice.order_id} is {notice.status}"
    return f"ship-to-store {notice.order_id} {notice.sts_status}"


def watch(client: Locally, checkpoint: MemoryCheckpoint) -> None:
    """Everything since the last call, then stop (``once=True``)."""
    with client.carts.watch(checkpoint=checkpoint, once=True) as events:
        for event in events:
            print(f"{event.kind:<14} {handle(event.notice)}  ({event.id})")


async def async_watch(client: AsyncLocally, checkpoint: MemoryCheckpoint) -> None:
    """The same with the async client."""
    async with client.carts.watch(checkpoint=checkpoint, once=True) as events:
        async for event in events:
            print(f"async {event.kind:<8} {handle(event.notice)}")


def main() -> None:
    """Two orders, then their first status changes, watched with both clients."""
    fake = FakeLocally()
    checkpoint = MemoryCheckpoint()
    with fake.client() as client:
        watch(client, checkpoint)  # a new checkpoint starts from now: nothing yet
        order = fake.place_order("ORDER", hash="WATCH1", items=[FakeItem(upc="012345678905")])
        ship = fake.place_order("SHIP", hash="WATCH2", items=[FakeItem(upc="811950030719")])
        watch(client, checkpoint)
        client.pushcart.confirm(order.hash, "012345678905")
        client.ship_to_store.confirm(ship.hash, "811950030719")

    async def later() -> None:
        async with fake.async_client() as client:
            await async_watch(client, checkpoint)

    anyio.run(later)


if __name__ == "__main__":
    main()
