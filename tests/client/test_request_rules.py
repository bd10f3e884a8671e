"""Nothing reaches an endpoint it was not meant for, and nothing unsendable is ever sent.

Each refusal is a RequestValidationError (or ConfigurationError when the client is built)
that names the field, raised before a byte leaves: the mocked API records no request.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from typing import Any

import anyio
import httpx
import pytest
import respx

from locally import (
    APIConnectionError,
    AsyncLocally,
    ClientClosedError,
    ConfigurationError,
    HeadlessSession,
    Locally,
    LocallyError,
    RequestValidationError,
)
from tests.helpers import BASE, JWT, SESSION_ID, TOKEN, Mode

H = f"{BASE}/headless/api/1.0"
HOST = "www.example.com"
CUSTOMER = {"first_name": "Ana", "last_name": "Ito", "email": "a@example.com", "phone": "1"}
CART_REPLY = {"success": True, "data": {"cart_hash": "HL1"}}


def _session(**changes: Any) -> HeadlessSession:
    values: dict[str, Any] = {
        "session_id": SESSION_ID,
        "cart_hash_jwt": JWT,
        "cart_hash": "HL1",
        "hold": True,
    }
    values.update(changes)
    return HeadlessSession(**values)


def _refused(mode: Mode, call: Any, respx_mock: respx.MockRouter) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as info:
        mode.run(call)
    assert respx_mock.calls.call_count == 0, "a refused request must not be sent"
    return info.value


# -- item 4: the endpoint is the one meant ---------------------------------------------------


@pytest.mark.parametrize("cart_hash", [".", ".."])
@pytest.mark.parametrize(
    "call",
    [
        lambda c, h: c.carts.retrieve(h),
        lambda c, h: c.pushcart.confirm(h, "012345678905"),
        lambda c, h: c.ship_to_store.confirm(h, "012345678905"),
        lambda c, h: c.cart_to_cart.record_outcome(h, "abandoned"),
    ],
    ids=["retrieve", "pushcart", "ship_to_store", "cart_to_cart"],
)
def test_dot_segments_are_refused(
    respx_mock: respx.MockRouter, mode: Mode, cart_hash: str, call: Any
) -> None:
    # httpx normalises /api/v2/cart/./012345678905 to /api/v2/cart/012345678905: another
    # endpoint (the whole-cart outcome) than the item update that was asked for.
    error = _refused(mode, lambda c: call(c, cart_hash), respx_mock)
    assert error.field == "cart_hash"
    assert "names another endpoint" in str(error)


@pytest.mark.parametrize("cart_hash", ["A\x7f", "A B", "A\ud800", "A/B", "A%2e", "A\t"])
def test_cart_hashes_cannot_leave_their_path_segment(
    respx_mock: respx.MockRouter, mode: Mode, cart_hash: str
) -> None:
    error = _refused(mode, lambda c: c.carts.retrieve(cart_hash), respx_mock)
    assert error.field == "cart_hash"


@pytest.mark.parametrize("upc", ["\u00b2", "12\u00b3", "\u0661\u0662\u0663", "\uff11\uff12", "1 2"])
def test_upc_digits_are_ascii(respx_mock: respx.MockRouter, mode: Mode, upc: str) -> None:
    error = _refused(mode, lambda c: c.pushcart.confirm("PDQE89", upc), respx_mock)
    assert (error.field, error.value) == ("upc", upc)
    add = _refused(
        mode, lambda c: c.headless.add_item(store_id=1, upc=upc, host_domain=HOST), respx_mock
    )
    assert add.field == "upc"


class Store(enum.IntEnum):
    MAIN = 7


@pytest.mark.parametrize(
    ("field", "call"),
    [
        ("store_id", lambda c: c.headless.add_item(store_id=2**63, upc="1", host_domain=HOST)),
        ("store_id", lambda c: c.headless.add_item(store_id=0, upc="1", host_domain=HOST)),
        ("store_id", lambda c: c.headless.add_item(store_id=True, upc="1", host_domain=HOST)),
        ("item_id", lambda c: c.headless.remove_item(_session(), 2**64, host_domain=HOST)),
        ("quantity", lambda c: c.headless.set_quantity(_session(), 1, 2**63, host_domain=HOST)),
        ("page", lambda c: c.carts.list_page(2**63)),
    ],
)
def test_ids_and_quantities_are_range_checked(
    respx_mock: respx.MockRouter, mode: Mode, field: str, call: Any
) -> None:
    assert _refused(mode, call, respx_mock).field == field


def test_an_int_subclass_is_sent_as_its_digits(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{H}/cart/items/add").respond(200, json=CART_REPLY)
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        client.headless.add_item(store_id=Store.MAIN, upc="1", host_domain=HOST)
    assert route.calls.last.request.url.params["store_id"] == "7"


@pytest.mark.parametrize(
    "host",
    ["www.example.com\n", "www.example.com\r\nX-Evil: 1", "www.example.com:0", "a.b:65536"],
)
def test_host_domain_is_matched_whole(respx_mock: respx.MockRouter, mode: Mode, host: str) -> None:
    error = _refused(
        mode, lambda c: c.headless.add_item(store_id=1, upc="1", host_domain=host), respx_mock
    )
    assert error.field == "host_domain"


def test_host_domain_with_a_valid_port_is_sent(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{H}/cart/items/add").respond(200, json=CART_REPLY)
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        client.headless.add_item(store_id=1, upc="1", host_domain="Shop.Example.com:65535")
    assert route.calls.last.request.url.params["host_domain"] == "shop.example.com:65535"


# -- item 5: headers are checked before anything is sent ----------------------------------------

BAD_HEADER_VALUES = ["sess\r\nX-Injected: 1", "sess\n", "sess\x00", "s\u00e9ss", "two words", ""]


@pytest.mark.parametrize("bad", BAD_HEADER_VALUES)
@pytest.mark.parametrize("field", ["session_id", "cart_hash_jwt"])
def test_bad_session_values_are_refused_naming_the_field(
    respx_mock: respx.MockRouter, mode: Mode, field: str, bad: str
) -> None:
    session = _session(**{field: bad})
    calls = [
        lambda c: c.headless.retrieve(session),
        lambda c: c.headless.place_ropis_order(session, customer=CUSTOMER),
        lambda c: c.headless.add_item(store_id=1, upc="1", host_domain=HOST, session=session),
    ]
    for call in calls:
        error = _refused(mode, call, respx_mock)
        # Never a false OrderOutcomeUnknownError or APIConnectionError(request_sent=True).
        assert type(error) is RequestValidationError
        assert error.field == f"session.{field}"
        assert error.value is None
        if bad:
            assert bad not in str(error)


def test_a_session_restored_from_a_tampered_dict_is_refused(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    session = HeadlessSession.from_dict({"session_id": 12345, "cart_hash_jwt": JWT})
    error = _refused(mode, lambda c: c.headless.retrieve(session), respx_mock)
    assert error.field == "session.session_id"


@pytest.mark.parametrize(
    "rotated",
    ["new\r\nSet-Cookie: x=1", "n\u00e9w", "x" * 5000, "", "has space", None],
)
def test_an_unusable_rotated_session_id_is_ignored(
    respx_mock: respx.MockRouter, mode: Mode, caplog: pytest.LogCaptureFixture, rotated: object
) -> None:
    route = respx_mock.get(f"{H}/cart")
    route.respond(
        200,
        json={
            "success": True,
            "data": {"session": {"id": rotated}, "cart_hash_jwt": rotated, "cart_hash": "HL1"},
        },
    )
    session = _session()

    def twice(client: Any) -> Any:
        if mode.name == "sync":
            client.headless.retrieve(session)
            return client.headless.retrieve(session)

        async def both() -> None:
            await client.headless.retrieve(session)
            await client.headless.retrieve(session)

        return both()

    with caplog.at_level(logging.WARNING, logger="locally"):
        mode.run(twice)
    assert route.call_count == 2
    assert (session.session_id, session.cart_hash_jwt) == (SESSION_ID, JWT)
    for call in route.calls:
        assert call.request.headers["Locally-Api-Session-Id"] == SESSION_ID
        assert call.request.headers["Locally-Pl-Jwt"] == JWT
    if isinstance(rotated, str) and rotated:
        assert "Ignored an unusable id" in caplog.text
        assert rotated not in caplog.text


def test_a_rotated_id_of_the_wrong_type_fails_the_reply_and_keeps_the_session(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(f"{H}/cart").respond(
        200, json={"success": True, "data": {"session": {"id": 42}, "cart_hash_jwt": [JWT]}}
    )
    session = _session()
    with Locally(api_token=TOKEN, base_url=BASE) as client, pytest.raises(LocallyError):
        client.headless.retrieve(session)
    assert (session.session_id, session.cart_hash_jwt) == (SESSION_ID, JWT)


def test_a_well_formed_rotated_session_id_is_kept(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{H}/cart").respond(
        200,
        json={"success": True, "data": {"cart_hash": "HL1", "session": {"id": "sess_rotated_2"}}},
    )
    session = _session()
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        client.headless.retrieve(session)
    assert session.session_id == "sess_rotated_2"


def test_a_request_httpx_refuses_to_write_is_unsent(respx_mock: respx.MockRouter) -> None:
    """h11 refusing to write a request is this side's refusal: the order is retried."""
    route = respx_mock.post(f"{H}/cart/order")
    route.side_effect = [
        httpx.LocalProtocolError("Illegal header value"),
        httpx.Response(200, json={"success": True, "data": {"message": "placed"}}),
    ]
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        order = client.headless.place_ropis_order(_session(), customer=CUSTOMER)
    assert order.message == "placed"
    assert route.call_count == 2
    route.side_effect = httpx.LocalProtocolError("Illegal header value")
    with (
        Locally(api_token=TOKEN, base_url=BASE, max_retries=0) as client,
        pytest.raises(APIConnectionError) as info,
    ):
        client.headless.place_ropis_order(_session(), customer=CUSTOMER)
    assert info.value.request_sent is False


@pytest.mark.parametrize(
    "token", ["tok\u00e9n_0123456789", "token with space", "token\t1", "\u200btoken", "tok\x00en"]
)
def test_a_token_that_cannot_be_sent_is_refused_when_the_client_is_built(token: str) -> None:
    for client in (Locally, AsyncLocally):
        with pytest.raises(ConfigurationError, match="visible ASCII") as info:
            client(api_token=token)
        assert token not in str(info.value)


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        ({"X-Team": "\u00e9quipe"}, "X-Team"),
        ({"X-Team": "a\r\nX-Evil: 1"}, "X-Team"),
        ({"X-Team": "a\x00"}, "X-Team"),
        ({"X-Team": " padded"}, "X-Team"),
        ({"X Team": "a"}, "X Team"),
        ({"X-Te\u00e4m": "a"}, "X-Te\u00e4m"),
        ({"": "a"}, "''"),
    ],
)
def test_default_headers_that_cannot_be_sent_are_refused(
    headers: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigurationError, match="default_headers") as info:
        Locally(api_token=TOKEN, default_headers=headers)
    assert named in str(info.value)
    for value in headers.values():
        if len(value) > 2:
            assert value not in str(info.value)  # a header value may be a credential
    client = Locally(api_token=TOKEN)
    with pytest.raises(ConfigurationError, match="default_headers"):
        client.with_options(default_headers=headers)


# -- item 6: plain http only to loopback, unless asked ------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://api.example.com", "http://10.0.0.5:8080/locally", "http://localhost.evil.com"]
)
def test_plain_http_to_another_host_is_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http=True"):
        Locally(api_token=TOKEN, base_url=url)
    monkeypatch.setenv("LOCALLY_BASE_URL", url)
    with pytest.raises(ConfigurationError, match="allow_insecure_http=True"):
        AsyncLocally(api_token=TOKEN)
    monkeypatch.delenv("LOCALLY_BASE_URL")
    client = Locally(api_token=TOKEN, base_url=url, allow_insecure_http=True)
    assert str(client.base_url) == url
    with pytest.raises(ConfigurationError, match="allow_insecure_http=True"):
        Locally(api_token=TOKEN).with_options(base_url=url)
    assert str(
        Locally(api_token=TOKEN).with_options(base_url=url, allow_insecure_http=True).base_url
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://127.9.8.7",
        "http://localhost:9",
        "http://LOCALHOST",
        "http://[::1]:8080/locally",
        "https://api.example.com",
    ],
)
def test_loopback_and_https_need_no_opt_in(url: str) -> None:
    assert Locally(api_token=TOKEN, base_url=url).base_url == httpx.URL(url)


@pytest.mark.parametrize("url", ["https://api.example.com/?a=1", "https://api.example.com/#x"])
def test_a_base_url_with_query_or_fragment_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="query or fragment"):
        Locally(api_token=TOKEN, base_url=url)


@pytest.mark.parametrize("limit", [0, -1, True, 1.5, "4MB"])
def test_max_response_bytes_is_checked(limit: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        Locally(api_token=TOKEN, max_response_bytes=limit)


def test_max_response_bytes_per_client_and_copy() -> None:
    client = Locally(api_token=TOKEN, max_response_bytes=1000)
    assert client.max_response_bytes == 1000
    assert client.with_options(max_response_bytes=5).max_response_bytes == 5
    assert client.with_options(max_retries=1).max_response_bytes == 1000
    assert Locally(api_token=TOKEN).max_response_bytes == 4 * 1024 * 1024


# -- a closed client -----------------------------------------------------------------------------


def test_a_closed_client_raises_client_closed_error(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/api/v2/cart/A").respond(200, json={"status": True})
    client = Locally(api_token=TOKEN, base_url=BASE)
    copy = client.with_options(max_retries=0)
    client.close()
    for closed in (client, copy):
        with pytest.raises(ClientClosedError, match="closed") as info:
            closed.carts.retrieve("A")
        assert isinstance(info.value, RuntimeError)
    mine = httpx.Client()
    borrowing = Locally(api_token=TOKEN, base_url=BASE, http_client=mine)
    borrowing.close()
    assert not mine.is_closed
    with pytest.raises(ClientClosedError):
        borrowing.carts.retrieve("A")
    other = Locally(api_token=TOKEN, base_url=BASE, http_client=mine)
    mine.close()
    with pytest.raises(ClientClosedError, match="http_client"):
        other.carts.retrieve("A")
    assert respx_mock.calls.call_count == 0


def test_a_closed_async_client_raises_client_closed_error() -> None:
    async def main() -> None:
        async with AsyncLocally(api_token=TOKEN, base_url=BASE) as client:
            pass
        await client.carts.retrieve("A")

    with pytest.raises(ClientClosedError):
        anyio.run(main)


# -- found by fuzzing: arguments of the wrong type ----------------------------------------------

WHEN = dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("field", "call"),
    [
        ("message", lambda c: c.ship_to_store.mark_shipped("PDQE89", "1", message=["sent"])),
        ("dedupe_window", lambda c: list(c.carts.list(dedupe_window=None))),
        ("max_pages", lambda c: list(c.carts.list(max_pages=0))),
        (
            "ordered_at",
            lambda c: c.cart_to_cart.record_outcome("PDQE89", "refunded", WHEN, ordered_at=False),
        ),
    ],
)
def test_arguments_of_the_wrong_kind_are_refused_by_name(
    respx_mock: respx.MockRouter, field: str, call: Any
) -> None:
    with (
        Locally(api_token=TOKEN, base_url=BASE) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        call(client)
    assert info.value.field == field
    assert respx_mock.calls.call_count == 0


@pytest.mark.parametrize("token", [1, b"sk_live_0123", ["sk_live_0123"]])
def test_a_token_that_is_not_text_is_a_configuration_error(token: Any) -> None:
    with pytest.raises(ConfigurationError, match="api_token must be text"):
        Locally(api_token=token)
