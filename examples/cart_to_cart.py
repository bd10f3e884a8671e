"""Cart-to-Cart: record how each hand-off ended, and work out the network fee.

Runs against FakeLocally: one cart is confirmed, one abandoned, and one line of a third is
refunded; the ledger then shows the 3.5% fee owed and waived.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from locally import Locally, RequestValidationError
from locally.fees import FeeLedger
from locally.testing import FakeItem, FakeLocally
from locally.types import OutcomeStatus


def reconcile(client: Locally, outcomes: dict[str, OutcomeStatus]) -> None:
    """Report each cart's outcome, then print the fee ledger."""
    now = dt.datetime.now(dt.timezone.utc)
    for cart_hash, outcome in outcomes.items():
        client.cart_to_cart.record_outcome(cart_hash, outcome, now)

    carts = [(client.carts.retrieve(h), outcome) for h, outcome in outcomes.items()]
    ledger = FeeLedger.from_carts(carts)
    for entry in ledger.entries:
        print(f"{entry.cart_hash}  {entry.status:<9}  total {entry.order_total}  fee {entry.fee}")
    print(f"fee owed {ledger.owed}, waived {ledger.waived}")

    old = carts[0][0]
    try:
        client.cart_to_cart.record_outcome(
            old.hash, "refunded", now + dt.timedelta(days=45), ordered_at=now
        )
    except RequestValidationError as exc:
        print(f"refused before sending: {exc.field}")


if __name__ == "__main__":
    fake = FakeLocally(generated_carts=0)
    a = fake.add_cart(items=[FakeItem(upc="12345", msrp=Decimal("100.00"))])
    b = fake.add_cart(items=[FakeItem(upc="12346", msrp=Decimal("50.00"), qty=3)])
    with fake.client() as fake_client:
        reconcile(fake_client, {a.hash: OutcomeStatus.CONFIRMED, b.hash: OutcomeStatus.ABANDONED})
