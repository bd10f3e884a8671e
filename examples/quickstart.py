"""Quickstart: list carts and read one, against the built-in FakeLocally.

Run it with ``make demo``.  To talk to the real API instead, build the client with
``Locally()`` and set ``LOCALLY_API_TOKEN``; nothing else changes.
"""

from __future__ import annotations

from locally import Locally
from locally.testing import FakeLocally


def main(client: Locally) -> None:
    """Walk the first page of carts, then read the newest cart in full."""
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


if __name__ == "__main__":
    with FakeLocally().client() as fake_client:
        main(fake_client)
