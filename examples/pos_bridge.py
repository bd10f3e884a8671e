"""An on-premises POS bridge: Locally orders into a point of sale that Locally cannot reach.

The store's POS sits behind a firewall, so Locally's PushCart webhook cannot call it.  The
bridge runs inside the store's network instead and polls with ``client.carts.watch()``: each
new order is imported into the POS and its items confirmed or rejected from the POS's stock.
The checkpoint file remembers what was delivered; the POS remembers which event ids it has
handled, so an event delivered again after a crash is recognised and skipped.

Runs against FakeLocally.  Against Locally, build ``Locally()`` (token from
``LOCALLY_API_TOKEN``), keep the checkpoint somewhere durable, and run ``run_bridge`` with
``once=False`` as a service (docs/listen.md), or with ``once=True`` from cron.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from locally import Locally
from locally.testing import FakeItem, FakeLocally
from locally.watch import CartAutoRejected, ItemStatusChanged, NewCart, WatchEvent


class PointOfSale:
    """A stand-in for the POS database: stock, imported orders, and the events handled."""

    def __init__(self, stock: dict[str, int]) -> None:
        self.stock = stock
        self.orders: dict[str, list[str]] = {}
        self.handled: set[str] = set()  # in the POS's own database, next to the orders
        self.power_cut_after: str | None = None

    def import_order(self, cart_hash: str, upcs: list[str]) -> None:
        """Store a Locally order in the POS."""
        self.orders[cart_hash] = upcs
        print(f"POS imported order {cart_hash}: {len(upcs)} item(s)")


class PowerCut(Exception):
    """The bridge stops between the POS saving an event and the checkpoint recording it."""


def handle(client: Locally, pos: PointOfSale, event: WatchEvent) -> None:
    """What the bridge does with one event."""
    if isinstance(event, NewCart):
        upcs = [item.upc for item in event.cart.items]
        pos.import_order(event.cart_hash, upcs)
        for upc in upcs:
            if upc not in pos.stock:
                print(f"  left {upc} of {event.cart_hash} for the staff to answer")
            elif pos.stock[upc] > 0:
                pos.stock[upc] -= 1
                client.pushcart.confirm(event.cart_hash, upc)
                print(f"  confirmed {upc} of {event.cart_hash}")
            else:
                client.pushcart.reject(event.cart_hash, upc, reason="Out of stock")
                print(f"  rejected {upc} of {event.cart_hash}: out of stock")
    elif isinstance(event, ItemStatusChanged):
        print(f"status {event.cart_hash}/{event.upc} -> {event.status}")
    elif isinstance(event, CartAutoRejected):
        print(f"Locally cancelled {event.cart_hash}: release {', '.join(event.upcs)}")


def run_bridge(client: Locally, pos: PointOfSale, checkpoint: Path, *, once: bool) -> None:
    """Deliver every change since the last run to the POS, at least once."""
    try:
        with client.carts.watch(checkpoint=checkpoint, once=once, interval=30) as events:
            for event in events:
                if event.id in pos.handled:
                    print(f"already handled {event.kind} of {event.cart_hash}; skipped")
                    continue
                handle(client, pos, event)
                pos.handled.add(event.id)
                if event.cart_hash == pos.power_cut_after:
                    pos.power_cut_after = None
                    raise PowerCut(event.cart_hash)
    except PowerCut as cut:
        print(f"power cut after the POS saved {cut}; its event will be delivered again")


def main() -> None:
    """Three runs of the bridge against the fake: from now, a crash and its restart, a rejection."""
    fake = FakeLocally(generated_carts=0)
    pos = PointOfSale(stock={"012345678905": 5, "036000291452": 0})
    with tempfile.TemporaryDirectory() as folder, fake.client() as client:
        checkpoint = Path(folder) / "pos-bridge.sqlite3"
        run_bridge(client, pos, checkpoint, once=True)  # first run: from now on
        print(f"first run: {len(pos.orders)} orders; watching from now")

        fake.place_order(
            hash="POS001", items=[FakeItem(upc="012345678905"), FakeItem(upc="036000291452")]
        )
        fake.place_order(hash="POS002", items=[FakeItem(upc="012345678905")])
        pos.power_cut_after = "POS001"
        run_bridge(client, pos, checkpoint, once=True)
        run_bridge(client, pos, checkpoint, once=True)  # after the restart

        fake.place_order(hash="POS003", items=[FakeItem(upc="190340561721")])
        run_bridge(client, pos, checkpoint, once=True)
        fake.auto_reject("POS003")  # nobody answered within the 2-hour window
        run_bridge(client, pos, checkpoint, once=True)
        print(f"POS holds {sorted(pos.orders)}; stock left {pos.stock}")


if __name__ == "__main__":
    main()
