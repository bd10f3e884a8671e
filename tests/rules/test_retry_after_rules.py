"""When an error says the client did not wait out a long ``Retry-After``, and backoff limits.

A ``Retry-After`` longer than ``max_retry_after`` is raised at once; the error then says so
(DESIGN.md "Retries") — but only when the request would otherwise have been retried: a
retryable status (408, 409, 429 or any 5xx), a read, and retries left.  ``Retry-After`` is
ASCII seconds or an HTTP date; anything else is unreadable, and the usual backoff applies.
Delays are recorded instead of slept.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest
import respx

from locally import APIStatusError, AsyncLocally, Locally

from ._wire import BASE, TOKEN

URL = f"{BASE}/api/v2/cart/ABC123"
OK = {"status": True, "properties": {"hash": "ABC123"}}
HINT = (
    "Retry-After asked for 120 s, longer than max_retry_after (60 s), so the client did not "
    "wait it out: retry later, or raise max_retry_after to let the client wait."
)


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


def _retrieve(kind: str, **options: Any) -> Any:
    options = {"api_token": TOKEN, "base_url": BASE, **options}
    if kind == "sync":
        with Locally(**options) as client:
            return client.carts.retrieve("ABC123")

    async def main() -> Any:
        async with AsyncLocally(**options) as client:
            return await client.carts.retrieve("ABC123")

    return anyio.run(main)


def _raised(kind: str, **options: Any) -> APIStatusError:
    with pytest.raises(APIStatusError) as info:
        _retrieve(kind, **options)
    return info.value


@pytest.mark.parametrize("status", [408, 409, 429, 500, 501, 503])
def test_a_long_retry_after_on_a_retryable_status_says_why_it_was_not_waited(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], status: int
) -> None:
    route = respx_mock.get(URL).respond(status, headers={"Retry-After": "120"})
    error = _raised(kind)
    assert str(error).endswith(HINT)
    assert route.call_count == 1
    assert slept == []


@pytest.mark.parametrize("status", [400, 404, 422, 499])
def test_a_status_that_is_never_retried_does_not_mention_retry_after(
    respx_mock: respx.MockRouter, kind: str, status: int
) -> None:
    respx_mock.get(URL).respond(status, headers={"Retry-After": "120"})
    assert "max_retry_after" not in str(_raised(kind))


def test_with_no_retries_allowed_a_long_retry_after_is_not_blamed(
    respx_mock: respx.MockRouter, kind: str, slept: list[float]
) -> None:
    # Nothing would have been retried anyway, so waiting less is not why it was raised.
    route = respx_mock.get(URL).respond(429, headers={"Retry-After": "120"})
    error = _raised(kind, max_retries=0)
    assert error.retry_after == 120.0
    assert "max_retry_after" not in str(error)
    assert route.call_count == 1


def test_after_the_last_retry_a_long_retry_after_is_not_blamed(
    respx_mock: respx.MockRouter, kind: str, slept: list[float]
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "120"}),
    ]
    error = _raised(kind, max_retries=1)
    assert "max_retry_after" not in str(error)
    assert route.call_count == 2


# Digits Python's float() reads although they are not ASCII: fullwidth, Arabic-Indic.
@pytest.mark.parametrize("value", ["\uff15", "\u0665", " \uff13\uff10 "])
def test_a_non_ascii_retry_after_is_unreadable(
    respx_mock: respx.MockRouter, kind: str, value: str
) -> None:
    respx_mock.get(URL).respond(429, headers=[(b"Retry-After", value.encode("utf-8"))])
    assert _raised(kind, max_retries=0).retry_after is None


@pytest.mark.parametrize("initial", [1.0, 2.0])
def test_a_backoff_of_whole_seconds_still_waits(
    respx_mock: respx.MockRouter, kind: str, slept: list[float], initial: float
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(503)] * 3 + [httpx.Response(200, json=OK)]
    assert _retrieve(kind, max_retries=3, retry_backoff=initial).hash == "ABC123"
    assert len(slept) == 3
    # Full jitter draws from 0 up to the ceiling; three draws of exactly 0 do not happen.
    assert sum(slept) > 0
    assert all(0 <= s <= initial * 2**n for n, s in enumerate(slept))


def test_a_zero_backoff_retries_at_once(
    respx_mock: respx.MockRouter, kind: str, slept: list[float]
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(503)] * 2 + [httpx.Response(200, json=OK)]
    assert _retrieve(kind, max_retries=2, retry_backoff=0).hash == "ABC123"
    assert slept == [0.0, 0.0]
