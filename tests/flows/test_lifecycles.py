"""Whole lifecycles against FakeLocally, reading the status back after each step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import anyio
import pytest

from locally import APIResultError, Locally, NotFoundError
from locally.fees import FeeLedger, network_fee
from locally.lifecycle import PUSHCART, SHIP_TO_STORE
from locally.testing import FakeItem, FakeLocally
from locally.types import ItemStatus, ShipToStoreStatus


def _status(client: Locally, cart_hash: str, upc: str) -> Any:
    return next(i for i in client.carts.retrieve(cart_hash).items if i.upc == upc)


def test_pushcart_lifecycle_in_process() -> None:
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order("ORDER", items=[FakeItem(upc="012345678905", msrp=Decimal("50.00"))])
    upc = "012345678905"
    with fake.client() as client:
        assert _status(client, cart.hash, upc).status is ItemStatus.ORDERED
        client.pushcart.mark_received(cart.hash, upc, fulfillment_url="https://oms.test/o/9")
        assert _status(client, cart.hash, upc).status is ItemStatus.RECEIVED
        assert fake.carts[cart.hash].items[0].fulfillment_url == "https://oms.test/o/9"
        item = _status(client, cart.hash, upc)
        client.pushcart.confirm(cart.hash, upc, current_status=item.status)
        assert _status(client, cart.hash, upc).status is ItemStatus.CONFIRMED
        client.pushcart.mark_fulfilled(cart.hash, upc)
        assert _status(client, cart.hash, upc).status is ItemStatus.FULFILLED
        client.pushcart.refund(cart.hash, upc, Decimal("20.00"))
        assert _status(client, cart.hash, upc).status is ItemStatus.REFUNDED
    assert fake.carts[cart.hash].items[0].refunded_amount == Decimal("20.00")


def test_pushcart_reject_and_illegal_moves_answered_status_false() -> None:
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order("ORDER", items=[FakeItem(upc="012345678905")])
    with fake.client() as client:
        with pytest.raises(APIResultError, match="Cannot change status"):
            client.pushcart.mark_fulfilled(cart.hash, "012345678905")
        client.pushcart.reject(cart.hash, "012345678905", reason="No stock")
        item = _status(client, cart.hash, "012345678905")
        assert item.status is ItemStatus.CANCELED
        assert item.resolution_notes == "No stock"
        with pytest.raises(APIResultError):
            client.pushcart.confirm(cart.hash, "012345678905")
        with pytest.raises(NotFoundError):
            client.pushcart.confirm(cart.hash, "999999999993")


def test_ship_to_store_lifecycle_over_loopback() -> None:
    fake = FakeLocally(generated_carts=0)
    upc = "811950030719"
    cart = fake.place_order("SHIP", items=[FakeItem(upc=upc, msrp=Decimal("1000.00"))])
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        item = _status(client, cart.hash, upc)
        assert item.sts_status is ShipToStoreStatus.PENDING_BRAND
        assert item.split_brand == Decimal("700.00")
        assert item.disbursement_brand == Decimal("0.00")
        client.ship_to_store.confirm(cart.hash, upc, current_status=item.sts_status)
        assert _status(client, cart.hash, upc).sts_status is ShipToStoreStatus.CONFIRMED
        client.ship_to_store.start_processing(cart.hash, upc)
        assert _status(client, cart.hash, upc).sts_status is ShipToStoreStatus.PROCESSING
        client.ship_to_store.mark_shipped(cart.hash, upc, tracking_number="9400", carrier="UPS")
        item = _status(client, cart.hash, upc)
        assert item.sts_status is ShipToStoreStatus.SHIPPED
        assert item.disbursement_brand == Decimal("700.00")
        assert any(
            "Tracking Number: 9400; Carrier: UPS" in (m.description or "") for m in item.messages
        )
        fake.advance_ship_to_store(cart.hash, upc, "ready for pickup")
        assert _status(client, cart.hash, upc).sts_status is ShipToStoreStatus.READY_FOR_PICKUP
        fake.advance_ship_to_store(cart.hash, upc, "picked up")
        item = _status(client, cart.hash, upc)
        assert item.sts_status is ShipToStoreStatus.PICKED_UP
        assert item.disbursement_retail == Decimal("300.00")


def test_ship_to_store_processing_straight_from_pending_and_reject() -> None:
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order("SHIP", items=[FakeItem(upc="1"), FakeItem(upc="2")])
    with fake.client() as client:
        client.ship_to_store.start_processing(cart.hash, "1")
        assert _status(client, cart.hash, "1").sts_status is ShipToStoreStatus.PROCESSING
        client.ship_to_store.reject(cart.hash, "2", reason="Discontinued")
        assert _status(client, cart.hash, "2").sts_status is ShipToStoreStatus.REJECTED
        with pytest.raises(APIResultError, match="Cannot change sts_status"):
            client.ship_to_store.start_processing(cart.hash, "2")
        order = fake.place_order("ORDER")
        with pytest.raises(APIResultError, match="not a Ship-to-Store order"):
            client.ship_to_store.confirm(order.hash, "012345678905")


def test_cart_to_cart_outcomes_in_process() -> None:
    fake = FakeLocally(generated_carts=0)
    cart = fake.add_cart(items=[FakeItem(upc="12345"), FakeItem(upc="12346", qty=3)])
    now = dt.datetime.now(dt.timezone.utc)
    with fake.client() as client:
        client.cart_to_cart.record_outcome(cart.hash, "confirmed", now)
        assert {i.order_resolution for i in client.carts.retrieve(cart.hash).items} == {"CONFIRMED"}
        client.cart_to_cart.record_item_outcome(cart.hash, "12346", "refunded", now)
        items = client.carts.retrieve(cart.hash).items
        assert [i.order_resolution for i in items] == ["CONFIRMED", "REFUNDED"]
    old = fake.add_cart(ordered_at=dt.datetime(2020, 1, 1), items=[FakeItem(upc="12345")])
    with fake.client() as client, pytest.raises(APIResultError, match="30 days"):
        client.cart_to_cart.record_outcome(old.hash, "refunded", now)


def test_whole_cart_report_keeps_going_after_a_failure() -> None:
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order(
        "ORDER", items=[FakeItem(upc="111"), FakeItem(upc="222"), FakeItem(upc="333")]
    )
    fake.carts[cart.hash].items[1].status = "Canceled"  # the store already declined this one
    with fake.client() as client:
        report = client.pushcart.confirm_cart(cart.hash)
    assert report.succeeded == ["111", "333"]
    assert list(report.failed) == ["222"]
    assert isinstance(report.failed["222"], APIResultError)
    assert not report.ok
    from locally import CartUpdateError

    with pytest.raises(CartUpdateError, match="1 of 3 items") as info:
        report.raise_for_failures()
    assert list(info.value.failures) == ["222"]


def test_async_whole_cart_confirm_keeps_order() -> None:
    fake = FakeLocally(generated_carts=0)
    upcs = [str(n) for n in range(100, 110)]
    cart = fake.place_order("SHIP", items=[FakeItem(upc=u) for u in upcs])
    fake.faults.latency((0.0, 0.02))

    async def main() -> Any:
        async with fake.async_client() as client:
            report = await client.ship_to_store.confirm_cart(cart.hash, concurrency=4)
            detail = await client.carts.retrieve(cart.hash)
            return report, detail

    report, detail = anyio.run(main)
    assert [o.upc for o in report.outcomes] == upcs
    assert report.ok
    assert {i.sts_status for i in detail.items} == {ShipToStoreStatus.CONFIRMED}


def test_async_lifecycle_pushcart() -> None:
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order("ORDER", items=[FakeItem(upc="012345678905")])

    async def main() -> Any:
        async with fake.async_client() as client:
            await client.pushcart.confirm(cart.hash, "012345678905", current_status="Ordered")
            await client.pushcart.mark_fulfilled(cart.hash, "012345678905")
            return (await client.carts.retrieve(cart.hash)).items[0].status

    assert anyio.run(main) is ItemStatus.FULFILLED


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("Pending Brand", "confirm-brand", True),
        ("confirm-store", "processing", True),
        ("CONFIRMED", "shipped", False),
        ("Processing", "refunded", True),
        ("Shipped", "refund", False),
        ("Ready for Pickup", "picked up", True),
        ("Something New", "shipped", True),  # unknown states are left to the server
    ],
)
def test_ship_to_store_machine(current: str, target: str, allowed: bool) -> None:
    assert SHIP_TO_STORE.can_move(current, target) is allowed


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("Ordered", "received", True),
        ("Ordered", "confirmed", True),
        ("Received", "rejected", True),
        ("Ordered", "fulfilled", False),
        ("Ordered", "refund", False),
        ("Confirmed", "refund", True),
        ("Fulfilled", "refund", True),
        ("Canceled", "confirmed", False),
    ],
)
def test_pushcart_machine(current: str, target: str, allowed: bool) -> None:
    assert PUSHCART.can_move(current, target) is allowed


def test_fee_ledger() -> None:
    assert network_fee(Decimal("100")) == Decimal("3.50")
    assert network_fee(Decimal("0.30")) == Decimal("0.01")  # 0.0105 rounds half up
    assert network_fee(Decimal("0.10")) == Decimal("0.00")  # 0.0035
    fake = FakeLocally()
    with fake.client() as client:
        detail = client.carts.retrieve("PDQE89")
        o3v36 = next(c for c in client.carts.list() if c.hash == "O3V36")
    ledger = FeeLedger.from_carts([(detail, "confirmed"), (o3v36, "ABANDONED")])
    assert ledger.owed == Decimal("79.20")  # 3.5% of 2262.74 = 79.1959
    assert ledger.waived == Decimal("3.88")  # 3.5% of 110.85 = 3.87975
    assert [e.owed for e in ledger.entries] == [True, False]


# The shortest way to a state, written from the documented lifecycles: PushCart (02) is
# ordered -> (received) -> confirmed | rejected, then fulfilled or refund; Ship-to-Store (03)
# is pending brand -> confirmed -> processing -> shipped -> ready for pickup -> picked up,
# with processing also straight from pending brand.
@pytest.mark.parametrize(
    ("machine", "current", "target", "path"),
    [
        (PUSHCART, "Ordered", "fulfilled", ("confirmed", "fulfilled")),
        (PUSHCART, "RECEIVED", "refund", ("confirmed", "refund")),
        (PUSHCART, "ordered", "confirmed", ("confirmed",)),
        (PUSHCART, "confirmed", "confirmed", ()),
        (PUSHCART, "Refunded", "confirmed", None),
        (PUSHCART, "Canceled", "fulfilled", None),
        (PUSHCART, "no such status", "confirmed", None),
        (SHIP_TO_STORE, "Pending Brand", "shipped", ("processing", "shipped")),
        (
            SHIP_TO_STORE,
            "confirm-store",
            "picked up",
            ("processing", "shipped", "ready for pickup", "picked up"),
        ),
        (SHIP_TO_STORE, "confirm-brand", "shipped", ("processing", "shipped")),
        (SHIP_TO_STORE, "shipped", "refunded", None),
    ],
)
def test_path_to_a_state(machine: Any, current: str, target: str, path: Any) -> None:
    assert machine.path(current, target) == path


def test_refused_move_names_the_step_that_comes_first() -> None:
    from locally import InvalidTransitionError

    with pytest.raises(InvalidTransitionError, match=r"move it to 'confirmed' first$"):
        PUSHCART.check("Ordered", "fulfilled")
    with pytest.raises(InvalidTransitionError, match=r"move it to 'processing' first$"):
        SHIP_TO_STORE.check("pending brand", "shipped")
    with pytest.raises(InvalidTransitionError) as info:
        PUSHCART.check("refund", "confirmed")
    assert "first" not in str(info.value)
    assert "nothing (final state)" in str(info.value)
