"""Ship-to-Store: a brand confirms, processes and ships an order to the dealer's store.

Runs against FakeLocally; the store's own steps (ready for pickup, picked up) are made with
the fake's ``advance_ship_to_store`` helper, as the store would in Locally's order screen.
"""

from __future__ import annotations

from decimal import Decimal

from locally import Locally
from locally.testing import FakeItem, FakeLocally


def fulfil(client: Locally, cart_hash: str, upc: str) -> None:
    """Walk one item from pending brand to shipped, printing its status after each step."""

    def show(step: str) -> None:
        item = next(i for i in client.carts.retrieve(cart_hash).items if i.upc == upc)
        print(f"{step:<12} sts_status={item.sts_status}  brand payable={item.disbursement_brand}")

    show("placed")
    client.ship_to_store.confirm(cart_hash, upc)
    show("confirmed")
    client.ship_to_store.start_processing(cart_hash, upc)
    show("processing")
    client.ship_to_store.mark_shipped(
        cart_hash,
        upc,
        "New item is on the way to the store.",
        tracking_number="9400100000000000000000",
        carrier="USPS",
    )
    show("shipped")


if __name__ == "__main__":
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order(
        "SHIP", items=[FakeItem(upc="811950030719", name="The E-bike", msrp=Decimal("1000.00"))]
    )
    with fake.client() as fake_client:
        fulfil(fake_client, cart.hash, "811950030719")
        fake.advance_ship_to_store(cart.hash, "811950030719", "ready for pickup")
        fake.advance_ship_to_store(cart.hash, "811950030719", "picked up")
        item = fake_client.carts.retrieve(cart.hash).items[0]
        payable = item.disbursement_retail
        print(f"picked up    sts_status={item.sts_status}  retailer payable={payable}")
