"""``headless.resolve_order``: placed, not placed or unknown after an order's reply was lost."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest
import respx

from locally import (
    AuthenticationError,
    HeadlessCustomer,
    HeadlessSession,
    InternalServerError,
    Locally,
    OrderOutcomeUnknownError,
    RequestValidationError,
)
from locally.testing import FakeLocally
from locally.types import CartDetail, CartType, HeadlessCart
from locally.types.order_resolution import OrderResolution, OrderStatus
from tests.helpers import BASE, Mode, load_sample

HOST = "www.example.com"
ORDER_ROUTE = "POST /headless/api/1.0/cart/order"
SHOPPER = HeadlessCustomer(
    first_name="Ben", last_name="Khan", email="ben@example.com", phone="+13125550101"
)


def _carts_with(fake: FakeLocally, cart_hash: str) -> int:
    return sum(1 for cart in fake.carts_newest_first() if cart.hash == cart_hash)


def test_reply_lost_after_the_order_was_placed_over_loopback() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        cart = client.headless.add_item(
            store_id=99999, upc="012345678905", host_domain=HOST, hold=True
        )
        fake.faults.drop(route=ORDER_ROUTE)
        with pytest.raises(OrderOutcomeUnknownError) as info:
            client.headless.place_ropis_order(cart.session, customer=SHOPPER)
        assert info.value.cart_hash == cart.session.cart_hash
        assert "resolve_order(session)" in str(info.value)
        resolution = client.headless.resolve_order(cart.session)
    assert resolution.status is OrderStatus.PLACED
    assert resolution.placed
    assert resolution.cart_hash == cart.session.cart_hash
    assert isinstance(resolution.order, CartDetail)
    assert resolution.order.hash == cart.session.cart_hash
    assert resolution.order.properties.type is CartType.HOLD
    assert [item.upc for item in resolution.order.items] == ["012345678905"]
    assert resolution.cart is None
    assert _carts_with(fake, cart.session.cart_hash or "") == 1
    # Only the Carts API was asked: the order was there at the first look.
    asked = [f"{r.method} {r.url.path}" for r in fake.requests[-1:]]
    assert asked == [f"GET /api/v2/cart/{cart.session.cart_hash}"]


def test_reply_lost_before_the_order_was_processed_then_a_retry_places_it_once() -> None:
    fake = FakeLocally(generated_carts=0)
    stock = fake.headless.products[(99999, "012345678905")]
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        cart = client.headless.add_item(
            store_id=99999, upc="012345678905", host_domain=HOST, hold=True
        )
        fake.faults.drop(processed=False, route=ORDER_ROUTE)
        with pytest.raises(OrderOutcomeUnknownError):
            client.headless.place_ropis_order(cart.session, customer=SHOPPER)
        resolution = client.headless.resolve_order(cart.session)
        assert resolution.status is OrderStatus.NOT_PLACED
        assert not resolution.placed
        assert resolution.order is None
        assert isinstance(resolution.cart, HeadlessCart)
        assert resolution.cart.items[0].upc == "012345678905"
        assert stock.qty_available == 3  # nothing was ordered yet
        # The open cart travels in the answer; its JWT and session id stay out of its repr.
        secrets = (cart.session.cart_hash_jwt, cart.session.session_id)
        assert all(secret and secret not in repr(resolution) for secret in secrets)
        order = client.headless.place_ropis_order(cart.session, customer=SHOPPER)
        assert order.message == "Your hold request has been sent."
        again = client.headless.resolve_order(cart.session)
    assert again.status is OrderStatus.PLACED
    assert _carts_with(fake, cart.session.cart_hash or "") == 1
    assert stock.qty_available == 2  # one unit, ordered once


def test_resolution_async_in_process_for_a_bopis_order() -> None:
    fake = FakeLocally(generated_carts=0)
    buyer = SHOPPER.model_copy(
        update={
            "address": "1 Main St",
            "city": "Chicago",
            "state": "IL",
            "zip": "60605",
            "country": "US",
        }
    )

    async def main() -> tuple[OrderResolution, str | None]:
        async with fake.async_client() as client:
            cart = await client.headless.add_item(
                store_id=99999, upc="000000000000", host_domain=HOST
            )
            fake.faults.drop(mid_body=True, route=ORDER_ROUTE)
            with pytest.raises(OrderOutcomeUnknownError):
                await client.headless.place_bopis_order(
                    cart.session, customer=buyer, setup_intent_id="seti_1"
                )
            return await client.headless.resolve_order(cart.session), cart.session.cart_hash

    resolution, cart_hash = anyio.run(main)
    assert resolution.status is OrderStatus.PLACED
    assert resolution.order is not None
    assert resolution.order.properties.type is CartType.ORDER
    assert resolution.order.hash == cart_hash


# -- the exact requests, and the answers that are not "placed" -----------------------------

H = f"{BASE}/headless/api/1.0"


def _session() -> HeadlessSession:
    return HeadlessSession(session_id="s1", cart_hash_jwt="jwt-1", cart_hash="OV9", hold=True)


def _gone() -> dict[str, Any]:
    return {
        "success": False,
        "data": {},
        "msg": "Authentication error: User not found.",
        "error_code": 1206,
    }


def test_gone_everywhere_is_unknown_after_a_second_look(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    order = respx_mock.get(f"{BASE}/api/v2/cart/OV9").respond(
        404, json={"status": False, "message": "no"}
    )
    headless = respx_mock.get(f"{H}/cart").respond(404, json=_gone())
    resolution = mode.run(lambda c: c.headless.resolve_order(_session()))
    assert resolution.status is OrderStatus.UNKNOWN
    assert "gone" in resolution.reason
    assert resolution.error is None
    assert order.call_count == 2
    assert headless.call_count == 1
    sent = headless.calls.last.request
    assert sent.headers["Locally-Api-Session-Id"] == "s1"
    assert sent.headers["Locally-Pl-Jwt"] == "jwt-1"


def test_order_found_on_the_second_look(respx_mock: respx.MockRouter, mode: Mode) -> None:
    detail = load_sample("cart_detail.json")
    respx_mock.get(f"{BASE}/api/v2/cart/OV9").mock(
        side_effect=[httpx.Response(404, json={"status": False}), httpx.Response(200, json=detail)]
    )
    respx_mock.get(f"{H}/cart").respond(404, json=_gone())
    resolution = mode.run(lambda c: c.headless.resolve_order(_session()))
    assert resolution.status is OrderStatus.PLACED
    assert "second look" in resolution.reason


def test_open_cart_is_not_placed(respx_mock: respx.MockRouter, mode: Mode) -> None:
    respx_mock.get(f"{BASE}/api/v2/cart/OV9").respond(404, json={"status": False})
    cart = load_sample("headless_cart.json")
    respx_mock.get(f"{H}/cart").respond(200, json=cart)
    resolution = mode.run(lambda c: c.headless.resolve_order(_session()))
    assert resolution.status is OrderStatus.NOT_PLACED
    assert resolution.cart is not None
    assert resolution.cart.items[0].upc == "000000000000"


def test_an_unreachable_api_leaves_it_unknown(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    route = respx_mock.get(f"{BASE}/api/v2/cart/OV9").respond(503)
    resolution = mode.run(lambda c: c.headless.resolve_order(_session()))
    assert resolution.status is OrderStatus.UNKNOWN
    assert isinstance(resolution.error, InternalServerError)
    assert resolution.error.status_code == 503
    assert route.call_count == 3  # a read: retried as usual


def test_a_bad_token_is_raised_not_answered(respx_mock: respx.MockRouter, mode: Mode) -> None:
    respx_mock.get(f"{BASE}/api/v2/cart/OV9").respond(
        401, json={"status": False, "message": "token"}
    )
    with pytest.raises(AuthenticationError):
        mode.run(lambda c: c.headless.resolve_order(_session()))


@pytest.mark.parametrize(
    "session",
    [
        HeadlessSession(session_id="s1", cart_hash_jwt="j"),
        HeadlessSession(cart_hash="OV9"),
        "OV9",
    ],
    ids=["no cart hash", "nothing to fetch the cart with", "not a session"],
)
def test_refused_before_sending(respx_mock: respx.MockRouter, mode: Mode, session: Any) -> None:
    route = respx_mock.get(f"{BASE}/api/v2/cart/OV9")
    with pytest.raises(RequestValidationError) as info:
        mode.run(lambda c: c.headless.resolve_order(session))
    assert info.value.field == "session"
    assert route.call_count == 0
