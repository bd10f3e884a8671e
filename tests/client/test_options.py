"""Per-client options: ``with_options`` copies sharing one pool, ``timeout=None``, backoff."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
import respx

from locally import NOT_GIVEN, AsyncLocally, ConfigurationError, Locally, RateLimitError
from locally._transport import AsyncTransport, SyncTransport
from locally.testing import FakeItem, FakeLocally
from tests.helpers import BASE, TOKEN, Mode

URL = f"{BASE}/api/v2/cart/A"
CART_A = {"status": True, "properties": {"hash": "A"}}
NO_TIMEOUT = {"connect": None, "read": None, "write": None, "pool": None}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waits of both transports' retry loops instead of sleeping."""
    waited: list[float] = []

    def record(self: object, seconds: float) -> None:
        waited.append(seconds)

    async def async_record(self: object, seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(SyncTransport, "sleep", record)
    monkeypatch.setattr(AsyncTransport, "sleep", async_record)
    return waited


# -- with_options ----------------------------------------------------------------------------


def test_with_options_api_token_sends_the_new_token_on_the_same_pool(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(URL).respond(200, json=CART_A)
    with Locally(api_token="token_store_1", base_url=BASE) as client:
        store_2 = client.with_options(api_token="token_store_2")
        client.carts.retrieve("A")
        store_2.carts.retrieve("A")
        assert store_2._http_client is client._http_client
        assert "token_store_2" not in repr(store_2)
    sent = [call.request.headers["Locally-API-Token"] for call in route.calls]
    assert sent == ["token_store_1", "token_store_2"]


def test_one_client_many_store_tokens_over_loopback() -> None:
    """A multi-store service: one pool, a copy per store token, each store its own server."""
    fakes = []
    for number in (1, 2, 3):
        fake = FakeLocally(generated_carts=0, include_samples=False, api_token=f"test_s{number}")
        fake.add_cart(hash=f"STORE{number}", items=[FakeItem(upc="012345678905")])
        fakes.append(fake)
    with ExitStack() as stack:
        urls = [stack.enter_context(fake.serve()) for fake in fakes]
        client = stack.enter_context(Locally(api_token="test_unused", base_url=urls[0]))
        seen = []
        for fake, url in zip(fakes, urls, strict=True):
            store = client.with_options(api_token=fake.api_token, base_url=url)
            seen.append([cart.hash for cart in store.carts.list()])
            store.close()  # closing a copy leaves the shared pool open
        assert not client._http_client.is_closed
    assert seen == [["STORE1"], ["STORE2"], ["STORE3"]]


def test_timeout_none_means_no_timeout_in_constructor_and_with_options(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    route = respx_mock.get(URL).respond(200, json=CART_A)

    def calls(client: Any) -> Any:
        calls = [
            client.carts.retrieve("A"),
            client.with_options(timeout=12).carts.retrieve("A"),
            client.with_options(timeout=12).with_options(timeout=None).carts.retrieve("A"),
            client.with_options(max_retries=1).carts.retrieve("A"),
        ]
        if mode.name == "sync":
            return calls

        async def gather() -> list[Any]:
            return [await call for call in calls]

        return gather()

    mode.run(calls, timeout=None)
    sent = [call.request.extensions["timeout"] for call in route.calls]
    assert sent == [NO_TIMEOUT, httpx.Timeout(12).as_dict(), NO_TIMEOUT, NO_TIMEOUT]


def test_options_left_out_keep_the_clients_values() -> None:
    client = Locally(
        api_token=TOKEN,
        base_url=BASE,
        timeout=7,
        max_retries=4,
        max_retry_after=9,
        retry_backoff=0.1,
        default_headers={"X-Team": "oms"},
    )
    copy = client.with_options(default_headers={"X-Store": "5"})
    assert copy.timeout == httpx.Timeout(7)
    assert (copy.max_retries, copy.max_retry_after, copy.retry_backoff) == (4, 9.0, 0.1)
    assert str(copy.base_url) == BASE
    assert copy._settings.api_token == TOKEN
    assert dict(copy._settings.default_headers) == {"X-Team": "oms", "X-Store": "5"}
    explicit = client.with_options(timeout=NOT_GIVEN, max_retries=0)
    assert explicit.timeout == httpx.Timeout(7)
    assert explicit.max_retries == 0


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("api_token", ""),
        ("base_url", "ftp://x"),
        ("timeout", -1),
        ("max_retries", -1),
        ("max_retry_after", float("nan")),
        ("retry_backoff", -0.5),
        ("retry_backoff", float("inf")),
    ],
)
def test_bad_options_are_refused_naming_the_option(option: str, value: object) -> None:
    client = Locally(api_token=TOKEN)
    options: dict[str, Any] = {option: value}
    with pytest.raises(ConfigurationError, match=option if option != "api_token" else "token"):
        client.with_options(**options)


def test_async_close_and_aclose_both_close_the_pool() -> None:
    import anyio

    async def main() -> tuple[bool, bool]:
        first = AsyncLocally(api_token=TOKEN)
        await first.close()
        second = AsyncLocally(api_token=TOKEN)
        await second.aclose()
        return first._http_client.is_closed, second._http_client.is_closed

    assert anyio.run(main) == (True, True)


# -- retry_backoff -------------------------------------------------------------------------


def test_retry_backoff_defaults_to_half_a_second() -> None:
    assert Locally(api_token=TOKEN).retry_backoff == 0.5


def test_retry_backoff_zero_retries_at_once(
    respx_mock: respx.MockRouter, mode: Mode, sleeps: list[float]
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(503), httpx.Response(503), httpx.Response(200, json=CART_A)]
    cart = mode.run(lambda c: c.carts.retrieve("A"), retry_backoff=0)
    assert cart.hash == "A"
    assert route.call_count == 3
    assert sleeps == [0.0, 0.0]


def test_retry_backoff_zero_still_waits_out_retry_after(
    respx_mock: respx.MockRouter, mode: Mode, sleeps: list[float]
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [
        httpx.Response(429, headers={"Retry-After": "2"}),
        httpx.Response(200, json=CART_A),
    ]
    mode.run(lambda c: c.carts.retrieve("A"), retry_backoff=0)
    assert sleeps == [2.0]


def test_retry_backoff_is_the_first_delay_and_doubles(
    respx_mock: respx.MockRouter, mode: Mode, sleeps: list[float]
) -> None:
    respx_mock.get(URL).respond(503)
    with pytest.raises(Exception, match="HTTP 503"):
        mode.run(lambda c: c.carts.retrieve("A"), retry_backoff=0.25, max_retries=3)
    # Full jitter: each wait is anywhere from 0 up to 0.25 s, then 0.5 s, then 1 s.
    assert len(sleeps) == 3
    for wait, ceiling in zip(sleeps, [0.25, 0.5, 1.0], strict=True):
        assert 0 <= wait <= ceiling


def test_with_options_can_change_the_backoff(
    respx_mock: respx.MockRouter, sleeps: list[float]
) -> None:
    route = respx_mock.get(URL)
    route.side_effect = [httpx.Response(503), httpx.Response(200, json=CART_A)]
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        client.with_options(retry_backoff=0).carts.retrieve("A")
    assert sleeps == [0.0]


# -- the fake's clients ------------------------------------------------------------------------


def test_fake_clients_retry_without_backoff() -> None:
    fake = FakeLocally(generated_carts=0)
    fake.faults.fail(next=2, status=503, route="GET /api/v2/cart/*")
    started = time.monotonic()
    with fake.client() as client:
        assert client.carts.retrieve("PDQE89").hash == "PDQE89"
    assert time.monotonic() - started < 0.5  # the real backoff would be 0.5 s, then 1 s
    assert len(fake.requests) == 3
    assert client.retry_backoff == 0.0


def test_fake_client_overrides(mode: Mode) -> None:
    fake = FakeLocally(generated_carts=0)
    fake.faults.fail(next=1, status=503)

    def build(**options: Any) -> Any:
        return fake.client(**options) if mode.name == "sync" else fake.async_client(**options)

    with pytest.raises(Exception, match="HTTP 503"):
        mode.run(lambda _: build(max_retries=0).carts.retrieve("PDQE89"))
    with pytest.raises(Exception, match="HTTP 401"):
        mode.run(lambda _: build(api_token="test_someone_else").carts.retrieve("PDQE89"))
    client = build(timeout=None, max_retry_after=1, retry_backoff=0.2, default_headers={"X": "1"})
    assert client.timeout == httpx.Timeout(None)
    assert (client.max_retry_after, client.retry_backoff) == (1.0, 0.2)


def test_fake_client_429_retry_after_beyond_the_limit_is_raised() -> None:
    fake = FakeLocally(generated_carts=0)
    fake.faults.fail(next=1, status=429, retry_after=30)
    with fake.client(max_retry_after=5) as client, pytest.raises(RateLimitError) as info:
        client.carts.retrieve("PDQE89")
    assert info.value.retry_after == 30.0
    assert len(fake.requests) == 1
