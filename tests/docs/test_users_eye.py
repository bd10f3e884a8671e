"""A user's test file: only the plugin's fixtures, walking a Ship-to-Store order end to end."""

from __future__ import annotations

from decimal import Decimal

from locally import Locally
from locally.testing import FakeItem, FakeLocally
from locally.types import ShipToStoreStatus


def test_ship_to_store_order_from_placed_to_picked_up(
    locally_fake: FakeLocally, locally_client: Locally
) -> None:
    cart = locally_fake.place_order(
        "SHIP", items=[FakeItem(upc="811950030719", msrp=Decimal("2099.99"))]
    )
    upc = "811950030719"

    def sts() -> ShipToStoreStatus | str | None:
        return locally_client.carts.retrieve(cart.hash).items[0].sts_status

    assert sts() is ShipToStoreStatus.PENDING_BRAND
    locally_client.ship_to_store.confirm(cart.hash, upc, current_status=sts())
    assert sts() is ShipToStoreStatus.CONFIRMED
    locally_client.ship_to_store.start_processing(cart.hash, upc, current_status=sts())
    assert sts() is ShipToStoreStatus.PROCESSING
    locally_client.ship_to_store.mark_shipped(
        cart.hash, upc, tracking_number="1Z999", carrier="UPS", current_status=sts()
    )
    assert sts() is ShipToStoreStatus.SHIPPED
    locally_fake.advance_ship_to_store(cart.hash, upc, "ready for pickup")
    assert sts() is ShipToStoreStatus.READY_FOR_PICKUP
    locally_fake.advance_ship_to_store(cart.hash, upc, "picked up")
    item = locally_client.carts.retrieve(cart.hash).items[0]
    assert item.sts_status is ShipToStoreStatus.PICKED_UP
    assert item.disbursement_brand is not None
    assert item.disbursement_retail is not None
    assert item.disbursement_brand + item.disbursement_retail == Decimal("2099.99")
