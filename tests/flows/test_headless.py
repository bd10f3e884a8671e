"""Headless carts: the exact wire, checks before sending, sessions, orders, and the fake."""

from __future__ import annotations

import json
from typing import Any

import anyio
import httpx
import pytest
import respx

from locally import (
    CartError,
    CartNotFoundError,
    HeadlessCustomer,
    HeadlessSession,
    ItemUnavailableError,
    Locally,
    OrderOutcomeUnknownError,
    RequestValidationError,
)
from locally.testing import FakeLocally
from locally.types import HeadlessCart
from tests.helpers import BASE, TOKEN, Mode, load_sample

H = f"{BASE}/headless/api/1.0"
HOST = "www.example.com"
CUSTOMER = HeadlessCustomer(
    first_name="John",
    last_name="Smith",
    email="john@example.com",
    phone="+18054031225",
    address="555 University Ave",
    city="Ventura",
    state="CA",
    zip="93003",
    country="US",
    opt_in_retailer=True,
)


def _cart_reply(session_id: str = "sess-1") -> dict[str, Any]:
    body = load_sample("headless_cart.json")
    body["data"]["session"]["id"] = session_id
    body["data"]["cart_hash_jwt"] = "jwt-abc"
    return body


def _session() -> HeadlessSession:
    return HeadlessSession(
        session_id="sess-1", cart_hash_jwt="jwt-abc", cart_hash="OV9", hold=False
    )


def test_docs_sample_parses() -> None:
    from locally.types.headless import HeadlessCartEnvelope

    reply = HeadlessCartEnvelope.model_validate(load_sample("headless_cart.json"))
    cart = reply.data.cart_content
    assert cart is not None
    assert cart.cart is not None
    assert cart.cart_store is not None
    item = cart.cart.items[0]
    assert str(item.tax_total) == "10.1"
    assert item.upc == "000000000000"
    assert item.product is not None
    assert item.product.style_number == "99999"
    assert cart.cart.for_hold is False
    assert cart.cart_store.acquisition_options is not None
    assert cart.cart_store.acquisition_options.ropis is True
    assert cart.cart_store.store_hours[6].end_time == 2000
    assert cart.country is not None
    assert cart.country.code_3 == "USA"


def test_add_item_wire_starts_a_session(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get(f"{H}/cart/items/add").respond(200, json=_cart_reply("sess-new"))
    cart = mode.run(
        lambda c: c.headless.add_item(store_id=99999, upc="000000000000", host_domain=HOST)
    )
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url.query == b"store_id=99999&upc=000000000000&host_domain=www.example.com"
    assert request.headers["Locally-API-Token"] == TOKEN
    assert "Locally-Api-Session-Id" not in request.headers
    assert "Locally-Pl-Jwt" not in request.headers
    assert isinstance(cart, HeadlessCart)
    assert cart.session.session_id == "sess-new"
    assert cart.session.cart_hash_jwt == "jwt-abc"
    assert cart.session.cart_hash == "OV9"
    assert cart.session.hold is False
    assert cart.items[0].id == 999


def test_ropis_add_item_wire(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get(f"{H}/cart/items/add").respond(200, json=_cart_reply())
    cart = mode.run(
        lambda c: c.headless.add_item(store_id=1, upc="000000000000", host_domain=HOST, hold=True)
    )
    assert route.calls.last.request.url.query.startswith(b"hold=true&store_id=1&")
    assert cart.session.hold is True


def test_calls_send_session_headers_and_learn_rotation(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    route = respx_mock.get(f"{H}/cart").respond(200, json=_cart_reply("sess-2"))
    session = _session()
    cart = mode.run(lambda c: c.headless.retrieve(session))
    request = route.calls.last.request
    assert request.headers["Locally-Api-Session-Id"] == "sess-1"
    assert request.headers["Locally-Pl-Jwt"] == "jwt-abc"
    assert session.session_id == "sess-2"  # the caller's own object was updated
    assert cart.session is session


def test_quantity_and_remove_wire(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.post(f"{H}/cart").respond(200, json=_cart_reply())
    mode.run(lambda c: c.headless.set_quantity(_session(), 999, 3, host_domain=HOST))
    assert route.calls.last.request.url.query == b"qty%5B999%5D=3&host_domain=www.example.com"
    mode.run(lambda c: c.headless.remove_item(_session(), 999, host_domain=HOST))
    assert route.calls.last.request.url.query == b"remove_item=999&host_domain=www.example.com"
    mode.run(lambda c: c.headless.set_quantity(_session(), 999, 0, host_domain=HOST))
    assert route.calls.last.request.url.query == b"remove_item=999&host_domain=www.example.com"


def test_bopis_order_wire(respx_mock: respx.MockRouter, mode: Mode) -> None:
    reply = {
        "success": True,
        "data": {
            "message": "Your order has been placed",
            "target_uri": "/order/a/b",
            "status_code": 200,
            "session": {"id": "sess-1"},
        },
        "msg": "",
    }
    route = respx_mock.post(f"{H}/cart/order").respond(200, json=reply)
    order = mode.run(
        lambda c: c.headless.place_bopis_order(
            _session(), customer=CUSTOMER, setup_intent_id="seti_1"
        )
    )
    request = route.calls.last.request
    assert dict(request.url.params) == {
        "hash": "OV9",
        "first_name": "John",
        "last_name": "Smith",
        "full_name": "John Smith",
        "email": "john@example.com",
        "phone": "+18054031225",
        "address": "555 University Ave",
        "city": "Ventura",
        "state": "CA",
        "zip": "93003",
        "country": "US",
        "is_opt_in_consent": "true",
        "is_opt_in_consent_brand": "false",
        "setup_intent_id": "seti_1",
    }
    assert request.url.query.startswith(
        b"hash=OV9&first_name=John&last_name=Smith&full_name=John+Smith"
    )
    assert request.headers["Locally-Pl-Jwt"] == "jwt-abc"
    assert request.content == b""
    assert (order.message, order.target_uri) == ("Your order has been placed", "/order/a/b")
    assert order.cart_hash == "OV9"  # the hash the order was sent with


def test_ropis_order_wire(respx_mock: respx.MockRouter, mode: Mode) -> None:
    reply = {
        "success": True,
        "data": {
            "message": "Your hold request has been sent.",
            "target_uri": "/order/x/y",
            "status": 200,
        },
        "msg": "",
    }
    route = respx_mock.post(f"{H}/cart/order").respond(200, json=reply)
    session = HeadlessSession(session_id="s", cart_hash_jwt="j", cart_hash="W9K", hold=True)
    customer = {"first_name": "Ana", "last_name": "Ito", "email": "ana@example.com", "phone": "1"}
    order = mode.run(lambda c: c.headless.place_ropis_order(session, customer=customer))
    assert dict(route.calls.last.request.url.params) == {
        "hash": "W9K",
        "full_name": "Ana Ito",
        "email": "ana@example.com",
        "phone": "1",
        "is_opt_in_consent": "false",
        "is_opt_in_consent_brand": "false",
    }
    assert order.message == "Your hold request has been sent."
    assert order.cart_hash == "W9K"


REFUSED: list[tuple[str, Any, str]] = [
    (
        "url as host",
        lambda c: c.headless.add_item(store_id=1, upc="1", host_domain="https://www.example.com"),
        "host_domain",
    ),
    (
        "host with path",
        lambda c: c.headless.add_item(store_id=1, upc="1", host_domain="example.com/shop"),
        "host_domain",
    ),
    ("store id", lambda c: c.headless.add_item(store_id=0, upc="1", host_domain=HOST), "store_id"),
    ("upc", lambda c: c.headless.add_item(store_id=1, upc="12a", host_domain=HOST), "upc"),
    (
        "negative qty",
        lambda c: c.headless.set_quantity(_session(), 1, -1, host_domain=HOST),
        "quantity",
    ),
    (
        "float qty",
        lambda c: c.headless.set_quantity(_session(), 1, 1.5, host_domain=HOST),
        "quantity",
    ),
    ("no session", lambda c: c.headless.retrieve(HeadlessSession()), "session"),
    (
        "bad email",
        lambda c: c.headless.place_ropis_order(_held(), customer={**_person(), "email": "nope"}),
        "customer.email",
    ),
    (
        "empty name",
        lambda c: c.headless.place_ropis_order(_held(), customer={**_person(), "first_name": " "}),
        "customer.first_name",
    ),
    (
        "no address",
        lambda c: c.headless.place_bopis_order(_session(), customer=_person(), setup_intent_id="s"),
        "customer.address",
    ),
    (
        "no intent",
        lambda c: c.headless.place_bopis_order(_session(), customer=CUSTOMER, setup_intent_id=""),
        "setup_intent_id",
    ),
    (
        "ropis on bopis cart",
        lambda c: c.headless.place_ropis_order(_session(), customer=_person()),
        "session",
    ),
    (
        "bopis on ropis cart",
        lambda c: c.headless.place_bopis_order(_held(), customer=CUSTOMER, setup_intent_id="s"),
        "session",
    ),
    (
        "hold mismatch",
        lambda c: c.headless.add_item(
            store_id=1, upc="1", host_domain=HOST, hold=True, session=_session()
        ),
        "hold",
    ),
]


def _person() -> dict[str, str]:
    return {"first_name": "Ana", "last_name": "Ito", "email": "ana@example.com", "phone": "1"}


def _held() -> HeadlessSession:
    return HeadlessSession(session_id="s", cart_hash_jwt="j", cart_hash="W9K", hold=True)


@pytest.mark.parametrize(("name", "call", "field"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_before_sending(
    respx_mock: respx.MockRouter, mode: Mode, name: str, call: Any, field: str
) -> None:
    route = respx_mock.route().respond(200, json=_cart_reply())
    with pytest.raises(RequestValidationError) as info:
        mode.run(call)
    assert info.value.field == field
    assert route.call_count == 0


def test_ropis_mismatch_is_explained(respx_mock: respx.MockRouter, mode: Mode) -> None:
    with pytest.raises(RequestValidationError, match="added without hold=True"):
        mode.run(lambda c: c.headless.place_ropis_order(_session(), customer=_person()))


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(503),
        httpx.Response(500),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("x"),
    ],
)
def test_order_is_never_sent_twice_after_it_may_have_landed(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None, failure: Any
) -> None:
    route = respx_mock.post(f"{H}/cart/order")
    route.side_effect = [failure, httpx.Response(200, json={"success": True, "data": {}})]
    with pytest.raises(OrderOutcomeUnknownError, match=r"resolve_order\(session\)") as info:
        mode.run(lambda c: c.headless.place_ropis_order(_held(), customer=_person()))
    assert route.call_count == 1
    assert info.value.cart_hash == "W9K"


def test_outcome_unknown_names_the_operation(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    respx_mock.post(f"{H}/cart/order").respond(503)
    respx_mock.get(f"{H}/cart/items/add").respond(503)
    with pytest.raises(OrderOutcomeUnknownError) as order:
        mode.run(lambda c: c.headless.place_ropis_order(_held(), customer=_person()))
    assert "could place the order twice" in str(order.value)
    with pytest.raises(OrderOutcomeUnknownError) as add:
        mode.run(lambda c: c.headless.add_item(store_id=1, upc="012345678905", host_domain=HOST))
    assert "could add the item twice" in str(add.value)
    assert "order" not in str(add.value).split("may or may not")[1]


def test_order_retried_when_never_sent(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    route = respx_mock.post(f"{H}/cart/order")
    route.side_effect = [
        httpx.ConnectError("refused"),
        httpx.Response(200, json={"success": True, "data": {"message": "ok"}}),
    ]
    assert (
        mode.run(lambda c: c.headless.place_ropis_order(_held(), customer=_person())).message
        == "ok"
    )
    assert route.call_count == 2


def test_cart_error_and_not_found(respx_mock: respx.MockRouter, mode: Mode) -> None:
    failed = {
        "success": False,
        "data": {
            "cart_hash": "W9K",
            "cart_content": {
                "cart_error": "Sorry, this purchase option is no longer available at this store."
            },
            "session": {"id": "sess-9"},
        },
        "msg": "",
    }
    respx_mock.get(f"{H}/cart/items/add").respond(200, json=failed)
    with pytest.raises(CartError, match="no longer available") as info:
        mode.run(lambda c: c.headless.add_item(store_id=1, upc="1", host_domain=HOST))
    assert (
        info.value.cart_error == "Sorry, this purchase option is no longer available at this store."
    )
    respx_mock.get(f"{H}/cart").respond(
        404,
        json={
            "success": False,
            "data": {"session": {"id": "sess-3"}},
            "msg": "Authentication error: User not found.",
            "error_code": 1206,
        },
    )
    session = _session()
    with pytest.raises(CartNotFoundError):
        mode.run(lambda c: c.headless.retrieve(session))
    assert session.session_id == "sess-3"  # rotation is learnt from error replies too
    respx_mock.post(f"{H}/cart/order").respond(
        400, json={"success": False, "msg": "We're sorry...", "error_code": 1327}
    )
    with pytest.raises(ItemUnavailableError):
        mode.run(lambda c: c.headless.place_ropis_order(_held(), customer=_person()))


def test_session_round_trips_and_hides_jwt() -> None:
    session = HeadlessSession(
        session_id="s1", cart_hash_jwt="eyJhbGciOiJIUzI1NiJ9.secret", cart_hash="A", hold=True
    )
    stored = json.loads(json.dumps(session.to_dict()))
    assert HeadlessSession.from_dict(stored) == session
    assert "secret" not in repr(session)
    assert HeadlessSession.from_dict({}) == HeadlessSession()


# -- against the fake ---------------------------------------------------------------------


def test_bopis_flow_against_fake_over_loopback() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        cart = client.headless.add_item(store_id=99999, upc="000000000000", host_domain=HOST)
        session = cart.session
        assert str(cart.items[0].tax_total) == "10.25"  # 10.25% of 100.00
        cart = client.headless.add_item(
            store_id=99999, upc="012345678905", host_domain=HOST, session=session
        )
        assert len(cart.items) == 2
        cart = client.headless.set_quantity(session, cart.items[0].id, 4, host_domain=HOST)
        assert cart.items[0].qty == 4
        with pytest.raises(CartError, match="Only 10 available"):
            client.headless.set_quantity(session, cart.items[0].id, 11, host_domain=HOST)
        cart = client.headless.remove_item(session, cart.items[1].id, host_domain=HOST)
        assert [i.upc for i in cart.items] == ["000000000000"]
        stored = session.to_dict()

        # Later, in another request of the storefront: the session expired meanwhile.
        fake.expire_sessions()
        restored = HeadlessSession.from_dict(stored)
        cart = client.headless.retrieve(restored)
        assert restored.session_id != stored["session_id"]
        assert cart.items[0].qty == 4
        order = client.headless.place_bopis_order(
            restored, customer=CUSTOMER, setup_intent_id="seti_1"
        )
        assert order.message == "Your order has been placed"
        assert order.cart_hash == restored.cart_hash
        placed = client.carts.retrieve(order.cart_hash)
        assert str(placed.properties.type) == "ORDER"
        assert placed.customer.email == "john@example.com"
        assert placed.items[0].qty == 4
        with pytest.raises(CartNotFoundError):
            client.headless.retrieve(restored)
    assert fake.headless.products[(99999, "000000000000")].qty_available == 6


def test_ropis_flow_async_in_process() -> None:
    fake = FakeLocally(generated_carts=0, include_samples=False)

    async def main() -> Any:
        async with fake.async_client() as client:
            cart = await client.headless.add_item(
                store_id=99999, upc="012345678905", host_domain=HOST, hold=True
            )
            order = await client.headless.place_ropis_order(cart.session, customer=_person())
            listed = [c async for c in client.carts.list()]
            return order, listed, cart.session

    order, listed, session = anyio.run(main)
    assert order.message == "Your hold request has been sent."
    assert [(c.hash, str(c.type)) for c in listed] == [(order.cart_hash, "HOLD")]
    assert order.cart_hash == session.cart_hash


def test_fake_refuses_unknown_store_and_out_of_stock() -> None:
    from locally import StoreNotFoundError

    fake = FakeLocally(generated_carts=0)
    fake.add_store(5, "Tiny Shop")
    fake.add_product(
        5,
        "036000291452",
        name="Camp Stove",
        price=__import__("decimal").Decimal("74.25"),
        qty_available=0,
    )
    with fake.client() as client:
        with pytest.raises(StoreNotFoundError):
            client.headless.add_item(store_id=4, upc="000000000000", host_domain=HOST)
        with pytest.raises(CartError, match="no longer available"):
            client.headless.add_item(store_id=5, upc="036000291452", host_domain=HOST)


def test_jwt_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    fake = FakeLocally(generated_carts=0)
    with caplog.at_level(logging.DEBUG, logger="locally"), fake.client() as client:
        cart = client.headless.add_item(store_id=99999, upc="000000000000", host_domain=HOST)
        client.headless.retrieve(cart.session)
    assert cart.session.cart_hash_jwt
    assert cart.session.cart_hash_jwt not in caplog.text
    assert fake.api_token not in caplog.text
