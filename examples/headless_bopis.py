"""Headless BOPIS: a storefront backend builds a cart and places a paid pickup order.

Runs against FakeLocally over loopback.  The shopper's ``HeadlessSession`` is stored between
"requests" as a small dict, as a web app would keep it in the shopper's session; the session
id expires meanwhile and the SDK picks up the new one by itself.
"""

from __future__ import annotations

from locally import HeadlessCustomer, HeadlessSession, Locally
from locally.testing import FakeLocally

HOST = "www.example.com"  # the bare host the shopper is on


def shop(client: Locally, fake: FakeLocally) -> None:
    """Add items, change a quantity, come back later and pay."""
    cart = client.headless.add_item(store_id=99999, upc="000000000000", host_domain=HOST)
    cart = client.headless.add_item(
        store_id=99999, upc="012345678905", host_domain=HOST, session=cart.session
    )
    widget = cart.items[0]
    cart = client.headless.set_quantity(cart.session, widget.id, 2, host_domain=HOST)
    totals = cart.cart_content.cart if cart.cart_content else None
    if totals is not None:
        print(f"cart {cart.cart_hash}: subtotal {totals.subtotal} tax {totals.tax_total}")
        print(f"  grand total {totals.grand_total} for {cart.n_in_cart} units")
    stored = cart.session.to_dict()  # keep this in the shopper's web session

    fake.expire_sessions()  # time passes; Locally's session id expires

    session = HeadlessSession.from_dict(stored)
    client.headless.retrieve(session)
    print(f"session rotated: {session.session_id != stored['session_id']}")
    order = client.headless.place_bopis_order(
        session,
        customer=HeadlessCustomer(
            first_name="Ana",
            last_name="Ito",
            email="ana.ito@example.com",
            phone="+13125550100",
            address="1 Main St",
            city="Chicago",
            state="IL",
            zip="60605",
            country="US",
        ),
        setup_intent_id="seti_from_your_stripe_integration",
    )
    print(f"{order.message}: {order.target_uri}")
    placed = client.carts.retrieve(order.cart_hash)  # the cart the order was placed for
    print(f"now in the carts API as {placed.properties.type} with {len(placed.items)} items")


if __name__ == "__main__":
    fake = FakeLocally(generated_carts=0)
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        shop(client, fake)
