"""The exact HTTP of every PushCart, Cart-to-Cart and Ship-to-Store call, sync and async."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import respx

from locally import InvalidTransitionError, RequestValidationError
from locally.types import UpdateResult
from tests.helpers import BASE, TOKEN, Mode

ITEM = f"{BASE}/api/v2/cart/O3V36/190340561726"
CART = f"{BASE}/api/v2/cart/O3V36"
WHEN = dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)

Call = Callable[[Any], Any]

CASES: list[tuple[str, Call, str, dict[str, Any]]] = [
    (
        "pushcart received",
        lambda c: c.pushcart.mark_received("O3V36", "190340561726"),
        ITEM,
        {"status": "received"},
    ),
    (
        "pushcart received with url",
        lambda c: c.pushcart.mark_received(
            "O3V36", "190340561726", fulfillment_url="https://oms.test/o/1"
        ),
        ITEM,
        {"status": "received", "fulfillment_url": "https://oms.test/o/1"},
    ),
    (
        "pushcart confirm",
        lambda c: c.pushcart.confirm("O3V36", "190340561726"),
        ITEM,
        {"status": "confirmed"},
    ),
    (
        "pushcart reject",
        lambda c: c.pushcart.reject("O3V36", "190340561726", reason="Out of stock"),
        ITEM,
        {"status": "rejected", "reason": "Out of stock"},
    ),
    (
        "pushcart fulfilled",
        lambda c: c.pushcart.mark_fulfilled("O3V36", "190340561726"),
        ITEM,
        {"status": "fulfilled"},
    ),
    (
        "pushcart refund",
        lambda c: c.pushcart.refund("O3V36", "190340561726", refund_amount=Decimal("12.30")),
        ITEM,
        {"status": "refund", "refund_amount": Decimal("12.30")},
    ),
    (
        "c2c outcome",
        lambda c: c.cart_to_cart.record_outcome("O3V36", "abandoned", WHEN),
        CART,
        {"date": "2022-01-01T00:00:00.000Z", "status": "abandoned"},
    ),
    (
        "c2c item outcome",
        lambda c: c.cart_to_cart.record_item_outcome("O3V36", "190340561726", "refunded", WHEN),
        ITEM,
        {
            "hash": "O3V36",
            "upc": "190340561726",
            "date": "2022-01-01T00:00:00.000Z",
            "status": "refunded",
        },
    ),
    (
        "sts confirm",
        lambda c: c.ship_to_store.confirm("O3V36", "190340561726"),
        ITEM,
        {"sts_status": "confirm-brand"},
    ),
    (
        "sts reject",
        lambda c: c.ship_to_store.reject("O3V36", "190340561726", reason="Discontinued"),
        ITEM,
        {"sts_status": "reject-brand", "reason": "Discontinued"},
    ),
    (
        "sts processing",
        lambda c: c.ship_to_store.start_processing("O3V36", "190340561726"),
        ITEM,
        {"sts_status": "processing"},
    ),
    (
        "sts shipped",
        lambda c: c.ship_to_store.mark_shipped("O3V36", "190340561726"),
        ITEM,
        {"sts_status": "shipped"},
    ),
    (
        "sts shipped with tracking",
        lambda c: c.ship_to_store.mark_shipped(
            "O3V36",
            "190340561726",
            "New Item is on the way to the store.",
            tracking_number="9400100000000000000000",
            carrier="USPS",
        ),
        ITEM,
        {
            "sts_status": "shipped",
            "message": "New Item is on the way to the store. "
            "Tracking Number: 9400100000000000000000; Carrier: USPS",
        },
    ),
]


@pytest.mark.parametrize(("name", "call", "url", "body"), CASES, ids=[c[0] for c in CASES])
def test_exact_wire(
    respx_mock: respx.MockRouter,
    mode: Mode,
    name: str,
    call: Call,
    url: str,
    body: dict[str, Any],
) -> None:
    route = respx_mock.post(url).respond(200, json={"status": True})
    result = mode.run(call)
    assert isinstance(result, UpdateResult)
    assert result.status is True
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.headers["Locally-API-Token"] == TOKEN
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content, parse_float=Decimal) == body
    assert route.call_count == 1


def test_refund_amount_is_an_exact_json_number(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.post(ITEM).respond(200, json={"status": True})
    mode.run(lambda c: c.pushcart.refund("O3V36", "190340561726", Decimal("0.1") + Decimal("0.2")))
    assert route.calls.last.request.content == b'{"status":"refund","refund_amount":0.3}'


def test_default_date_is_now_in_utc_milliseconds(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.post(CART).respond(200, json={"status": True})
    before = dt.datetime.now(dt.timezone.utc)
    mode.run(lambda c: c.cart_to_cart.record_outcome("O3V36"))
    sent = json.loads(route.calls.last.request.content)
    assert sent["status"] == "confirmed"
    assert len(sent["date"]) == 24
    assert sent["date"].endswith("Z")
    parsed = dt.datetime.fromisoformat(sent["date"].replace("Z", "+00:00"))
    assert before - dt.timedelta(seconds=1) <= parsed <= dt.datetime.now(dt.timezone.utc)


def test_other_timezones_are_converted_to_utc(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.post(CART).respond(200, json={"status": True})
    chicago = dt.timezone(dt.timedelta(hours=-6))
    mode.run(
        lambda c: c.cart_to_cart.record_outcome(
            "O3V36", "confirmed", dt.datetime(2022, 1, 1, 18, 30, 0, 123456, tzinfo=chicago)
        )
    )
    assert json.loads(route.calls.last.request.content)["date"] == "2022-01-02T00:30:00.123Z"


REFUSED: list[tuple[str, Call, str]] = [
    ("empty reason", lambda c: c.pushcart.reject("O3V36", "190340561726", reason="  "), "reason"),
    ("sts empty reason", lambda c: c.ship_to_store.reject("O3V36", "190340561726", ""), "reason"),
    (
        "zero refund",
        lambda c: c.pushcart.refund("O3V36", "190340561726", Decimal(0)),
        "refund_amount",
    ),
    ("float refund", lambda c: c.pushcart.refund("O3V36", "190340561726", 1.5), "refund_amount"),
    ("nan refund", lambda c: c.pushcart.refund("O3V36", "190340561726", "NaN"), "refund_amount"),
    (
        "relative url",
        lambda c: c.pushcart.mark_received("O3V36", "190340561726", fulfillment_url="/orders/1"),
        "fulfillment_url",
    ),
    ("bad upc", lambda c: c.pushcart.confirm("O3V36", "ABC-1"), "upc"),
    ("bad hash", lambda c: c.pushcart.confirm("O3/V36", "190340561726"), "cart_hash"),
    ("bad outcome", lambda c: c.cart_to_cart.record_outcome("O3V36", "shipped"), "status"),
    (
        "naive date",
        lambda c: c.cart_to_cart.record_outcome("O3V36", "confirmed", dt.datetime(2022, 1, 1)),
        "date",
    ),
    (
        "late refund",
        lambda c: c.cart_to_cart.record_item_outcome(
            "O3V36", "190340561726", "refunded", WHEN, ordered_at=WHEN - dt.timedelta(days=31)
        ),
        "status",
    ),
    (
        "illegal pushcart move",
        lambda c: c.pushcart.mark_fulfilled("O3V36", "190340561726", current_status="Ordered"),
        "status",
    ),
    (
        "illegal sts move",
        lambda c: c.ship_to_store.mark_shipped(
            "O3V36", "190340561726", current_status="Pending Brand"
        ),
        "status",
    ),
    (
        "refund after shipped",
        lambda c: c.pushcart.refund("O3V36", "190340561726", Decimal(1), current_status="Canceled"),
        "status",
    ),
]


@pytest.mark.parametrize(("name", "call", "field"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_before_sending(
    respx_mock: respx.MockRouter, mode: Mode, name: str, call: Call, field: str
) -> None:
    route = respx_mock.route().respond(200, json={"status": True})
    with pytest.raises(RequestValidationError) as info:
        mode.run(call)
    assert info.value.field == field
    assert route.call_count == 0


def test_invalid_transition_names_both_states(respx_mock: respx.MockRouter, mode: Mode) -> None:
    with pytest.raises(InvalidTransitionError) as info:
        mode.run(
            lambda c: c.ship_to_store.confirm("O3V36", "190340561726", current_status="Shipped")
        )
    assert info.value.current == "shipped"
    assert info.value.target == "confirmed"
    assert "ready for pickup" in str(info.value)


def test_refund_within_window_is_sent(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.post(CART).respond(200, json={"status": True})
    ordered = dt.datetime(2021, 12, 5)  # naive, as the carts API sends it: read as UTC
    mode.run(lambda c: c.cart_to_cart.record_outcome("O3V36", "refunded", WHEN, ordered_at=ordered))
    assert route.call_count == 1


def test_status_false_reply_raises(respx_mock: respx.MockRouter, mode: Mode) -> None:
    from locally import APIResultError

    respx_mock.post(ITEM).respond(200, json={"status": False, "message": "Order already shipped"})
    with pytest.raises(APIResultError, match="Order already shipped"):
        mode.run(lambda c: c.ship_to_store.start_processing("O3V36", "190340561726"))


def test_raw_response_for_updates(respx_mock: respx.MockRouter, mode: Mode) -> None:
    respx_mock.post(ITEM).respond(200, json={"status": True})
    raw = mode.run(lambda c: c.pushcart.with_raw_response.confirm("O3V36", "190340561726"))
    assert raw.status_code == 200
    assert raw.parse().status is True
