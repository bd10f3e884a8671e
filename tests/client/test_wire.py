"""The exact HTTP each read call sends, asserted with respx, for both clients."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from locally import CartPage, RequestValidationError, __version__
from locally.types import CartDetail
from tests.helpers import BASE, TOKEN, Mode, load_sample


def _assert_common_headers(request: httpx.Request) -> None:
    assert request.headers["Locally-API-Token"] == TOKEN
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"].startswith(f"locally-python/{__version__} ")
    assert request.content == b""


@pytest.mark.parametrize(("page", "path"), [(0, "/api/v2/carts/0"), (3, "/api/v2/carts/3")])
def test_list_page_wire(respx_mock: respx.MockRouter, mode: Mode, page: int, path: str) -> None:
    route = respx_mock.get(f"{BASE}{path}").respond(200, json=load_sample("carts_page.json"))
    result = mode.run(lambda c: c.carts.list_page(page))
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url.path == path
    assert request.url.query == b""
    _assert_common_headers(request)
    assert [cart.hash for cart in result.carts] == ["O3V36", "4RT36"]
    assert isinstance(result, CartPage) == (mode.name == "sync")


def test_retrieve_wire(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get(f"{BASE}/api/v2/cart/PDQE89").respond(
        200, json=load_sample("cart_detail.json")
    )
    cart = mode.run(lambda c: c.carts.retrieve("PDQE89"))
    assert isinstance(cart, CartDetail)
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url == httpx.URL(f"{BASE}/api/v2/cart/PDQE89")
    _assert_common_headers(request)
    assert cart.items[0].name == "The E-bike"


def test_base_url_path_prefix_and_default_headers(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get("https://proxy.test/locally/api/v2/cart/AB12").respond(
        200, json={"status": True, "properties": {"hash": "AB12"}}
    )
    mode.run(
        lambda c: c.carts.retrieve("AB12"),
        base_url="https://proxy.test/locally/",
        default_headers={"X-Team": "oms"},
    )
    assert route.calls.last.request.headers["X-Team"] == "oms"


@pytest.mark.parametrize("bad", ["", "a/b", "a b", "x?y", "..%2f"])
def test_invalid_cart_hash_is_refused_before_sending(
    respx_mock: respx.MockRouter, mode: Mode, bad: str
) -> None:
    route = respx_mock.route().respond(200)
    with pytest.raises(RequestValidationError) as info:
        mode.run(lambda c: c.carts.retrieve(bad))
    assert info.value.field == "cart_hash"
    assert info.value.value == bad
    assert route.call_count == 0


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True])
def test_invalid_page_is_refused_before_sending(
    respx_mock: respx.MockRouter, mode: Mode, bad: Any
) -> None:
    route = respx_mock.route().respond(200)
    with pytest.raises(RequestValidationError, match="page") as info:
        mode.run(lambda c: c.carts.list_page(bad))
    assert info.value.value == bad
    assert route.call_count == 0


def test_raw_response_gives_http_response_and_model(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(f"{BASE}/api/v2/cart/PDQE89").respond(
        200, json=load_sample("cart_detail.json"), headers={"X-Request-Id": "req_1"}
    )
    raw = mode.run(lambda c: c.carts.with_raw_response.retrieve("PDQE89"))
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_1"
    assert raw.retries_taken == 0
    assert raw.parse().hash == "PDQE89"
    assert json.loads(raw.http_response.content)["properties"]["hash"] == "PDQE89"
