"""Quickstart: list carts, read one, and walk an order through its lifecycle.

``make demo`` runs this against the built-in FakeLocally over a real loopback socket: no
token, no network.  To talk to Locally instead, build the client with ``Locally()`` and set
``LOCALLY_API_TOKEN``; nothing else changes.
"""

from __future__ import annotations

from decimal import Decimal

from locally import Locally
from locally.testing import FakeItem, FakeLocally


def main(client: Locally, new_order: str) -> None:
    """Read carts, then confirm, fulfil and partly refund ``new_order`` (a PushCart order)."""
    page = client.carts.list_page(0)
    print(f"{len(page.carts)} carts on page 0 of {page.properties.total_pages}")
    for cart in page.carts[:5]:
        print(f"  {cart.hash}  {cart.type}  {cart.n_items} item(s)  ordered {cart.ordered_at}")

    total = sum(1 for _ in client.carts.list())
    print(f"{total} carts in all")

    detail = client.carts.retrieve("PDQE89")
    item = detail.items[0]
    print(f"Cart {detail.hash} at {detail.store.name}: {item.name} x{item.qty}")
    print(f"  msrp {item.msrp} + tax {item.tax} = total {item.total} {item.currency}")
    for message in item.messages[:3]:
        print(f"  [{message.created_at}] {message.sender}: {message.description}")

    print(f"Order {new_order}:")
    for step in ("confirm", "fulfil", "refund"):
        for line in client.carts.retrieve(new_order).items:
            if step == "confirm":
                client.pushcart.confirm(new_order, line.upc, current_status=line.status)
            elif step == "fulfil":
                client.pushcart.mark_fulfilled(new_order, line.upc, current_status=line.status)
            else:
                client.pushcart.refund(new_order, line.upc, Decimal("5.00"))
        statuses = [str(line.status) for line in client.carts.retrieve(new_order).items]
        print(f"  after {step}: {statuses}")


if __name__ == "__main__":
    fake = FakeLocally()
    order = fake.place_order(
        "ORDER", items=[FakeItem(upc="012345678905", name="Headlamp", msrp=Decimal("44.95"))]
    )
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as fake_client:
        print(f"FakeLocally serving on {url}")
        main(fake_client, order.hash)
    print(f"{len(fake.requests)} HTTP requests served over loopback")
