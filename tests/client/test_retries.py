"""Retries: which failures are retried, how long the client waits, and when it gives up."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
import respx

from locally import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    OrderOutcomeUnknownError,
    RateLimitError,
)
from locally._transport import APIRequest, Pipeline, RetryMode, SyncTransport
from locally.types import CartDetail
from tests.helpers import BASE, Mode

URL = f"{BASE}/api/v2/cart/ABC123"
OK = {"status": True, "properties": {"hash": "ABC123"}}


def retrieve(client: Any) -> Any:
    return client.carts.retrieve("ABC123")


def test_429_with_retry_after_waits_about_that_long(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [
        httpx.Response(429, headers={"Retry-After": "1"}, json={"message": "slow down"}),
        httpx.Response(200, json=OK),
    ]
    started = time.monotonic()
    cart = mode.run(retrieve)
    elapsed = time.monotonic() - started
    assert cart.hash == "ABC123"
    assert route.call_count == 2
    assert 0.9 <= elapsed < 3.0


def test_503_twice_then_200_succeeds_with_three_requests(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(503), httpx.Response(503), httpx.Response(200, json=OK)]
    raw = mode.run(lambda c: c.carts.with_raw_response.retrieve("ABC123"))
    assert route.call_count == 3
    assert raw.retries_taken == 2
    assert raw.parse().hash == "ABC123"


def test_500_three_times_gives_up_after_three_requests(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    route = respx_mock.get(URL).respond(500, json={"message": "boom"})
    with pytest.raises(InternalServerError, match="boom"):
        mode.run(retrieve, max_retries=2)
    assert route.call_count == 3


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 504])
def test_retryable_statuses(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None, status: int
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(status), httpx.Response(200, json=OK)]
    assert mode.run(retrieve).hash == "ABC123"
    assert route.call_count == 2


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 422])
def test_client_errors_are_not_retried(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None, status: int
) -> None:
    route = respx_mock.get(URL).respond(status, json={"message": "no"})
    with pytest.raises(Exception) as info:
        mode.run(retrieve)
    assert getattr(info.value, "status_code", None) == status
    assert route.call_count == 1


def test_max_retries_zero_and_per_call_override(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    route = respx_mock.get(URL).respond(503)
    with pytest.raises(InternalServerError):
        mode.run(retrieve, max_retries=0)
    assert route.call_count == 1
    route.reset()
    with pytest.raises(InternalServerError):
        mode.run(lambda c: c.with_options(max_retries=4).carts.retrieve("ABC123"), max_retries=0)
    assert route.call_count == 5


def test_retry_after_beyond_cap_raises_at_once(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get(URL).respond(429, headers={"Retry-After": "120"})
    started = time.monotonic()
    with pytest.raises(RateLimitError) as info:
        mode.run(retrieve)
    assert time.monotonic() - started < 1.0
    assert info.value.retry_after == 120.0
    assert route.call_count == 1


def test_retry_after_cap_is_configurable(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get(URL).respond(429, headers={"Retry-After": "2"})
    with pytest.raises(RateLimitError):
        mode.run(retrieve, max_retry_after=1.0)
    assert route.call_count == 1


def test_retry_after_http_date(respx_mock: respx.MockRouter, mode: Mode) -> None:
    past = "Wed, 21 Oct 2015 07:28:00 GMT"
    route = respx_mock.get(URL)
    route.side_effect = [
        httpx.Response(503, headers={"Retry-After": past}),
        httpx.Response(200, json=OK),
    ]
    started = time.monotonic()
    assert mode.run(retrieve).hash == "ABC123"
    assert time.monotonic() - started < 1.0  # a date in the past means "now"


@pytest.mark.parametrize(
    ("exc", "error"),
    [
        (httpx.ConnectError("refused"), APIConnectionError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
        (httpx.RemoteProtocolError("dropped"), APIConnectionError),
    ],
)
def test_transport_errors_are_retried_then_raised(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None, exc: Exception, error: type
) -> None:
    route = respx_mock.get(URL).mock(side_effect=exc)
    with pytest.raises(error):
        mode.run(retrieve)
    assert route.call_count == 3


def test_transport_error_then_success(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.ConnectError("refused"), httpx.Response(200, json=OK)]
    assert mode.run(retrieve).hash == "ABC123"
    assert route.call_count == 2


def test_backoff_grows_and_is_capped(
    respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from locally import Locally

    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    respx_mock.get(URL).respond(503)
    with (
        Locally(api_token="t", base_url=BASE, max_retries=6) as client,
        pytest.raises(InternalServerError),
    ):
        client.carts.retrieve("ABC123")
    assert len(sleeps) == 6
    assert all(0 <= s <= 8.0 for s in sleeps)  # full jitter under the 8 s cap


# -- requests that must never be sent twice (order placement) ------------------------------


def _order_request() -> APIRequest[CartDetail]:
    return APIRequest(
        "POST",
        "/headless/api/1.0/cart/order",
        CartDetail.model_validate_json,
        retry_mode=RetryMode.UNSENT_ONLY,
    )


def _transport() -> SyncTransport:
    from locally._settings import resolve_settings

    settings = resolve_settings(
        api_token="t",
        base_url=BASE,
        timeout=5,
        max_retries=2,
        max_retry_after=60,
        default_headers=None,
    )
    return SyncTransport(Pipeline(settings), httpx.Client(), owns_client=True)


def test_unsent_only_retries_connect_errors(respx_mock: respx.MockRouter, no_backoff: None) -> None:
    route = respx_mock.post(f"{BASE}/headless/api/1.0/cart/order")
    route.side_effect = [httpx.ConnectError("refused"), httpx.Response(200, json=OK)]
    assert _transport().request(_order_request()).hash == "ABC123"
    assert route.call_count == 2


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"), httpx.Response(503)],
)
def test_unsent_only_never_resends_after_it_may_have_landed(
    respx_mock: respx.MockRouter, no_backoff: None, failure: Any
) -> None:
    route = respx_mock.post(f"{BASE}/headless/api/1.0/cart/order")
    route.side_effect = [failure, httpx.Response(200, json=OK)]
    with pytest.raises(OrderOutcomeUnknownError, match="may or may not") as info:
        _transport().request(_order_request())
    assert route.call_count == 1
    assert "Retrieve the cart" in str(info.value)


def test_unsent_only_does_not_retry_rate_limits(
    respx_mock: respx.MockRouter, no_backoff: None
) -> None:
    route = respx_mock.post(f"{BASE}/headless/api/1.0/cart/order").respond(429)
    with pytest.raises(RateLimitError):
        _transport().request(_order_request())
    assert route.call_count == 1


def test_not_found_is_not_retried_in_any_mode(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/headless/api/1.0/cart/order").respond(404)
    with pytest.raises(NotFoundError):
        _transport().request(_order_request())
    assert route.call_count == 1
