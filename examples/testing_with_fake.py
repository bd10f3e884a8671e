"""Testing your own code against FakeLocally (copy this into your test suite).

Run it directly, or with pytest: it holds ordinary test functions.
"""

from __future__ import annotations

from decimal import Decimal

from locally import Locally
from locally.testing import FakeItem, FakeLocally


def open_order_value(client: Locally) -> Decimal:
    """Your code under test: the value of every item still waiting for the store."""
    total = Decimal("0")
    for cart in client.carts.list():
        for item in cart.items:
            if item.status == "ordered" and item.total is not None:
                total += item.total
    return total


def test_open_order_value_counts_only_ordered_items() -> None:
    """Arrange carts in the fake, run the code, assert on the result and the requests."""
    fake = FakeLocally(generated_carts=0, include_samples=False)
    fake.add_cart(items=[FakeItem(upc="012345678905", msrp=Decimal("19.99"), qty=2)])
    fake.add_cart(items=[FakeItem(upc="036000291452", msrp=Decimal("5.00"), status="Confirmed")])
    with fake.client() as client:
        assert open_order_value(client) == Decimal("39.98")
    assert [request.url.path for request in fake.requests] == ["/api/v2/carts/0"]


def test_over_a_real_socket() -> None:
    """The same code over HTTP on loopback."""
    fake = FakeLocally(generated_carts=0, include_samples=False)
    fake.add_cart(items=[FakeItem(upc="012345678905", msrp=Decimal("1.10"))])
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        assert open_order_value(client) == Decimal("1.10")


if __name__ == "__main__":
    test_open_order_value_counts_only_ordered_items()
    test_over_a_real_socket()
    print("both example tests passed")
