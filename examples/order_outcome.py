"""After ``OrderOutcomeUnknownError``: learn whether the order went through before retrying.

Runs against FakeLocally over loopback.  The fake loses the reply to the first order after
placing it, and drops the second order's connection before acting on it; ``resolve_order``
tells the two apart, and only the second is placed again.
"""

from __future__ import annotations

from locally import HeadlessCustomer, HeadlessSession, Locally, OrderOutcomeUnknownError
from locally.testing import FakeLocally
from locally.types import HeadlessOrder
from locally.types.order_resolution import OrderStatus

HOST = "www.example.com"
SHOPPER = HeadlessCustomer(
    first_name="Ben", last_name="Khan", email="ben@example.com", phone="+13125550101"
)


def place_once(client: Locally, session: HeadlessSession) -> None:
    """Place a ROPIS order exactly once, whatever happens to the reply."""
    order: HeadlessOrder | None
    try:
        order = client.headless.place_ropis_order(session, customer=SHOPPER)
    except OrderOutcomeUnknownError as exc:
        print(f"outcome unknown for cart {exc.cart_hash}")
        resolution = client.headless.resolve_order(session)
        print(f"  resolved: {resolution.status} ({resolution.reason})")
        if resolution.status is OrderStatus.PLACED:
            order = None  # it went through: do not place it again
        elif resolution.status is OrderStatus.NOT_PLACED:
            order = client.headless.place_ropis_order(session, customer=SHOPPER)
        else:
            raise SystemExit("still unknown: ask again later, do not place it again now") from exc
        cart_hash = resolution.cart_hash
    else:
        cart_hash = order.cart_hash
    if order is not None:
        print(f"  placed: {order.message}")
    placed = client.carts.retrieve(cart_hash)
    print(f"  cart {placed.hash} is a {placed.properties.type} order")


def main(client: Locally, fake: FakeLocally) -> None:
    """Two carts, two kinds of lost reply."""
    order_route = "POST /headless/api/1.0/cart/order"
    first = client.headless.add_item(
        store_id=99999, upc="012345678905", host_domain=HOST, hold=True
    )
    fake.faults.drop(route=order_route)  # processed, then the reply is lost
    place_once(client, first.session)

    second = client.headless.add_item(
        store_id=99999, upc="000000000000", host_domain=HOST, hold=True
    )
    fake.faults.drop(processed=False, route=order_route)  # lost before Locally acted on it
    place_once(client, second.session)

    orders = [cart.hash for cart in fake.carts_newest_first()]
    print(f"orders in the carts API: {sorted(orders)}")


if __name__ == "__main__":
    fake = FakeLocally(generated_carts=0, include_samples=False)
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        main(client, fake)
