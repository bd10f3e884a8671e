"""Retry rules, pinned from the design (DESIGN.md "Retries") and Locally's reference (05).

What is retried: connection errors, 408, 409, 429 and 5xx, with exponential backoff and full
jitter (first delay 0.5 s, doubling, at most 8 s), or exactly the server's ``Retry-After``
(seconds or an HTTP date) up to ``max_retry_after`` (60 s by default); ``max_retries=2`` means
three attempts.  An order is retried only after failures that happened before any byte left:
connect errors, connect timeouts and pool timeouts.  Every delay here is what the client
asked its sleep for, recorded instead of slept.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import random
from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest
import respx

from locally import (
    APIConnectionError,
    APIStatusError,
    AsyncLocally,
    Locally,
    OrderOutcomeUnknownError,
    RateLimitError,
)

from ._wire import BASE, TOKEN

URL = f"{BASE}/api/v2/cart/ABC123"
OK = {"status": True, "properties": {"hash": "ABC123"}}
ORDER = f"{BASE}/headless/api/1.0/cart/order"

# The documented schedule: 0.5 s doubling per retry, capped at 8 s (full jitter's upper bound).
BACKOFF_CEILINGS = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record every delay the retry loop asks for, sync and async, without sleeping."""
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)

    async def async_sleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr("time.sleep", sleep)
    monkeypatch.setattr(anyio, "sleep", async_sleep)
    return delays


def _call(kind: str, fn: Callable[[Any], Any], **options: Any) -> Any:
    options = {"api_token": TOKEN, "base_url": BASE, **options}
    if kind == "sync":
        with Locally(**options) as client:
            return fn(client)

    async def main() -> Any:
        async with AsyncLocally(**options) as client:
            return await fn(client)

    return anyio.run(main)


def _retrieve(client: Any) -> Any:
    return client.carts.retrieve("ABC123")


def _order(client: Any) -> Any:
    from locally import HeadlessSession

    session = HeadlessSession(session_id="s", cart_hash_jwt="j", cart_hash="ABC", hold=True)
    person = {"first_name": "Ana", "last_name": "Ito", "email": "a@example.com", "phone": "1"}
    return client.headless.place_ropis_order(session, customer=person)


def test_backoff_follows_the_documented_schedule(
    respx_mock: respx.MockRouter,
    kind: str,
    slept: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Full jitter draws uniformly below the ceiling; drawing the ceiling itself exposes it.
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(503)] * 7 + [httpx.Response(200, json=OK)]
    assert _call(kind, _retrieve, max_retries=7).hash == "ABC123"
    assert slept == BACKOFF_CEILINGS
    assert route.call_count == 8


def test_backoff_is_jittered_below_the_ceiling(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(random, "uniform", lambda low, high: (low + high) / 2)
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(503)] * 3 + [httpx.Response(200, json=OK)]
    _call(kind, _retrieve, max_retries=3)
    assert slept == [ceiling / 2 for ceiling in BACKOFF_CEILINGS[:3]]


@pytest.mark.parametrize("max_retries", [0, 1, 2, 5])
def test_max_retries_means_that_many_retries(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], max_retries: int
) -> None:
    route = respx_mock.get(URL).respond(503)
    with pytest.raises(APIStatusError):
        _call(kind, _retrieve, max_retries=max_retries)
    assert route.call_count == max_retries + 1
    assert len(slept) == max_retries


def test_default_is_two_retries(
    respx_mock: respx.MockRouter, kind: str, slept: list[float]
) -> None:
    route = respx_mock.get(URL).respond(500)
    with pytest.raises(APIStatusError):
        _call(kind, _retrieve)
    assert route.call_count == 3


@pytest.mark.parametrize(("value", "waited"), [("0", 0.0), ("7", 7.0), ("60", 60.0)])
def test_retry_after_seconds_up_to_60_are_waited_exactly(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], value: str, waited: float
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [
        httpx.Response(429, headers={"Retry-After": value}),
        httpx.Response(200, json=OK),
    ]
    assert _call(kind, _retrieve).hash == "ABC123"
    assert slept == [waited]


@pytest.mark.parametrize("value", ["60.5", "61", "3600"])
def test_retry_after_over_60_seconds_is_raised_at_once(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], value: str
) -> None:
    route = respx_mock.get(URL).respond(429, headers={"Retry-After": value})
    with pytest.raises(RateLimitError) as info:
        _call(kind, _retrieve)
    assert info.value.retry_after == float(value)
    assert route.call_count == 1
    assert slept == []


def test_max_retry_after_moves_the_boundary(
    respx_mock: respx.MockRouter, kind: str, slept: list[float]
) -> None:
    route = respx_mock.get(URL).respond(429, headers={"Retry-After": "11"})
    with pytest.raises(RateLimitError):
        _call(kind, _retrieve, max_retry_after=10)
    assert route.call_count == 1
    route.side_effect = [
        httpx.Response(429, headers={"Retry-After": "10"}),
        httpx.Response(200, json=OK),
    ]
    _call(kind, _retrieve, max_retry_after=10)
    assert slept == [10.0]


def test_retry_after_as_an_http_date_is_waited_until_then(
    respx_mock: respx.MockRouter, kind: str, slept: list[float]
) -> None:
    when = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=30)
    route = respx_mock.get(URL)
    route.side_effect = [
        httpx.Response(503, headers={"Retry-After": email.utils.format_datetime(when, True)}),
        httpx.Response(200, json=OK),
    ]
    _call(kind, _retrieve)
    # The date has one-second resolution and a little time passes before it is read.
    assert len(slept) == 1
    assert 27.0 <= slept[0] <= 30.0


def test_retry_after_date_in_the_past_retries_without_waiting(
    respx_mock: respx.MockRouter, kind: str, slept: list[float]
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [
        httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        httpx.Response(200, json=OK),
    ]
    _call(kind, _retrieve)
    assert slept == [0.0]


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], status: int
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(status), httpx.Response(200, json=OK)]
    assert _call(kind, _retrieve).hash == "ABC123"
    assert route.call_count == 2


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 405, 410, 422, 499])
def test_other_statuses_are_not_retried(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], status: int
) -> None:
    route = respx_mock.get(URL).respond(status)
    with pytest.raises(APIStatusError) as info:
        _call(kind, _retrieve)
    assert info.value.status_code == status
    assert route.call_count == 1
    assert slept == []


# Failures before a byte of the request left this machine: safe even for an order.
UNSENT = [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("full")]
# Failures after the request may have reached Locally.
MAYBE_SENT = [
    httpx.ReadTimeout("slow"),
    httpx.WriteTimeout("slow"),
    httpx.ReadError("reset"),
    httpx.WriteError("reset"),
    httpx.RemoteProtocolError("dropped"),
]


@pytest.mark.parametrize("failure", UNSENT, ids=lambda e: type(e).__name__)
def test_an_order_is_retried_after_a_failure_before_sending(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], failure: Exception
) -> None:
    route = respx_mock.post(ORDER)
    route.side_effect = [failure, httpx.Response(200, json={"success": True, "data": {}})]
    _call(kind, _order)
    assert route.call_count == 2


@pytest.mark.parametrize("failure", UNSENT, ids=lambda e: type(e).__name__)
def test_failures_before_sending_say_so(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], failure: Exception
) -> None:
    respx_mock.get(URL).mock(side_effect=failure)
    with pytest.raises(APIConnectionError) as info:
        _call(kind, _retrieve, max_retries=0)
    assert info.value.request_sent is False


@pytest.mark.parametrize("failure", MAYBE_SENT, ids=lambda e: type(e).__name__)
def test_an_order_is_never_resent_after_it_may_have_landed(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], failure: Exception
) -> None:
    route = respx_mock.post(ORDER)
    route.side_effect = [failure, httpx.Response(200, json={"success": True, "data": {}})]
    with pytest.raises(OrderOutcomeUnknownError):
        _call(kind, _order)
    assert route.call_count == 1
    assert slept == []


@pytest.mark.parametrize("failure", MAYBE_SENT, ids=lambda e: type(e).__name__)
def test_reads_are_retried_after_any_connection_failure(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], failure: Exception
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [failure, httpx.Response(200, json=OK)]
    assert _call(kind, _retrieve).hash == "ABC123"
    assert route.call_count == 2
