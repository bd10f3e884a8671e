"""PushCart: a retailer's OMS takes each new order through its lifecycle.

Runs against FakeLocally: an order arrives, the retailer marks it received (with its own
order page), confirms, records the pickup and later refunds part of it.
"""

from __future__ import annotations

from decimal import Decimal

from locally import InvalidTransitionError, Locally
from locally.testing import FakeItem, FakeLocally


def handle_order(client: Locally, cart_hash: str) -> None:
    """Receive and confirm every item of a new order, then show the statuses."""
    cart = client.carts.retrieve(cart_hash)
    for item in cart.items:
        client.pushcart.mark_received(
            cart_hash, item.upc, fulfillment_url=f"https://oms.example.com/orders/{cart_hash}"
        )
    report = client.pushcart.confirm_cart(cart_hash)
    print(f"confirmed {report.succeeded}, failed {list(report.failed)}")

    first = client.carts.retrieve(cart_hash).items[0]
    try:
        # Passing the current status lets the SDK refuse an illegal move without a request.
        client.pushcart.mark_received(cart_hash, first.upc, current_status=first.status)
    except InvalidTransitionError as exc:
        print(f"refused locally: {exc.current} -> {exc.target}")

    client.pushcart.mark_fulfilled(cart_hash, first.upc)
    client.pushcart.refund(cart_hash, first.upc, refund_amount=Decimal("5.00"))
    for item in client.carts.retrieve(cart_hash).items:
        print(f"{item.upc}: {item.status}")


if __name__ == "__main__":
    fake = FakeLocally(generated_carts=0)
    order = fake.place_order(
        "ORDER",
        items=[
            FakeItem(upc="012345678905", name="Headlamp", msrp=Decimal("44.95")),
            FakeItem(upc="036000291452", name="Camp Stove", msrp=Decimal("74.25")),
        ],
    )
    with fake.client() as fake_client:
        handle_order(fake_client, order.hash)
