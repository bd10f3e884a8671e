"""Ids Locally always sends are required: a reply without one is a typed error naming it."""

from __future__ import annotations

import httpx
import pytest
import respx

from locally import APIResponseValidationError, HeadlessSession
from tests.helpers import BASE, Mode, load_sample


def test_cart_detail_without_its_hash_names_the_field(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    body = load_sample("cart_detail.json")
    del body["properties"]["hash"]
    respx_mock.get(f"{BASE}/api/v2/cart/PDQE89").respond(200, json=body)
    with pytest.raises(
        APIResponseValidationError, match=r"first: properties\.hash: Field required"
    ):
        mode.run(lambda c: c.carts.retrieve("PDQE89"))


def test_cart_detail_hash_is_the_properties_hash(respx_mock: respx.MockRouter, mode: Mode) -> None:
    respx_mock.get(f"{BASE}/api/v2/cart/PDQE89").respond(200, json=load_sample("cart_detail.json"))
    cart = mode.run(lambda c: c.carts.retrieve("PDQE89"))
    assert (cart.hash, cart.properties.hash) == ("PDQE89", "PDQE89")


def test_headless_cart_without_cart_hash_names_the_field(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    body = load_sample("headless_cart.json")
    del body["data"]["cart_hash"]
    respx_mock.get(f"{BASE}/headless/api/1.0/cart").mock(
        return_value=httpx.Response(200, json=body)
    )
    session = HeadlessSession(session_id="s", cart_hash_jwt="j", cart_hash="OV9")
    with pytest.raises(APIResponseValidationError, match=r"first: data\.cart_hash: Field required"):
        mode.run(lambda c: c.headless.retrieve(session))


def test_raw_order_response_parses_with_the_cart_hash(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    reply = {"success": True, "data": {"message": "Your hold request has been sent."}}
    respx_mock.post(f"{BASE}/headless/api/1.0/cart/order").respond(200, json=reply)
    session = HeadlessSession(session_id="s", cart_hash_jwt="j", cart_hash="W9K", hold=True)
    customer = {"first_name": "Ana", "last_name": "Ito", "email": "ana@example.com", "phone": "1"}
    raw = mode.run(
        lambda c: c.headless.with_raw_response.place_ropis_order(session, customer=customer)
    )
    assert raw.parse().cart_hash == "W9K"
