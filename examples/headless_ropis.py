"""Headless ROPIS: reserve an item to pay for in store, and handle a cart error."""

from __future__ import annotations

from locally import CartError, HeadlessCustomer, Locally, RequestValidationError
from locally.testing import FakeLocally


def reserve(client: Locally) -> None:
    """Reserve a headlamp; show what a sold-out item and a mismatched order look like."""
    cart = client.headless.add_item(
        store_id=99999, upc="012345678905", host_domain="www.example.com", hold=True
    )
    customer = HeadlessCustomer(
        first_name="Ben", last_name="Khan", email="ben@example.com", phone="+13125550101"
    )
    try:
        client.headless.place_bopis_order(cart.session, customer=customer, setup_intent_id="x")
    except RequestValidationError as exc:
        print(f"refused before sending: {exc}")
    order = client.headless.place_ropis_order(cart.session, customer=customer)
    print(order.message)
    again = client.headless.add_item(
        store_id=99999, upc="012345678905", host_domain="www.example.com", hold=True
    )
    try:
        for _ in range(5):
            again = client.headless.add_item(
                store_id=99999,
                upc="012345678905",
                host_domain="www.example.com",
                hold=True,
                session=again.session,
            )
    except CartError as exc:
        print(f"cart error after {again.items[0].qty} units: {exc.cart_error}")


if __name__ == "__main__":
    with FakeLocally(generated_carts=0).client() as fake_client:
        reserve(fake_client)
