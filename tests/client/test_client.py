"""Client configuration: token and base URL resolution, options, lifecycle, repr."""

from __future__ import annotations

import logging

import anyio
import httpx
import pytest
import respx

from locally import AsyncLocally, ConfigurationError, Locally, _client_base
from tests.helpers import BASE, TOKEN

# The smallest cart detail Locally sends: the hash is always there.
CART_A = {"status": True, "properties": {"hash": "A"}}


def test_token_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCALLY_API_TOKEN", "env_token")
    client = Locally()
    assert client._settings.api_token == "env_token"


def test_missing_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCALLY_API_TOKEN", raising=False)
    with pytest.raises(ConfigurationError, match="LOCALLY_API_TOKEN"):
        Locally()
    with pytest.raises(ConfigurationError, match="LOCALLY_API_TOKEN"):
        AsyncLocally(api_token="")


def test_token_with_newline_is_refused_without_echoing_it() -> None:
    with pytest.raises(ConfigurationError) as info:
        Locally(api_token="secret-value\n")
    assert "secret-value" not in str(info.value)


def test_base_url_default_env_and_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCALLY_BASE_URL", raising=False)
    assert str(Locally(api_token="t").base_url) == "https://www.locally.com"
    monkeypatch.setenv("LOCALLY_BASE_URL", "https://staging.locally.test")
    assert str(Locally(api_token="t").base_url) == "https://staging.locally.test"
    assert str(Locally(api_token="t", base_url="http://127.0.0.1:9").base_url) == (
        "http://127.0.0.1:9"
    )


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"base_url": "ftp://x"}, "base_url"),
        ({"base_url": "/relative"}, "base_url"),
        ({"max_retries": -1}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"max_retry_after": -5}, "max_retry_after"),
    ],
)
def test_bad_settings_are_named(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigurationError, match=needle):
        Locally(api_token="t", **kwargs)  # type: ignore[arg-type]


def test_http_client_type_is_checked() -> None:
    with pytest.raises(ConfigurationError, match="AsyncLocally"):
        Locally(api_token="t", http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=r"httpx\.AsyncClient"):
        AsyncLocally(api_token="t", http_client=httpx.Client())  # type: ignore[arg-type]


def test_repr_never_shows_token() -> None:
    client = Locally(api_token=TOKEN)
    text = repr(client) + str(client) + repr(client.carts) + repr(vars(client.carts))
    assert TOKEN not in repr(client)
    assert "base_url='https://www.locally.com'" in repr(client)
    assert TOKEN not in text.replace(repr(client._settings), "")


def test_settings_repr_hides_token() -> None:
    client = Locally(api_token=TOKEN)
    assert TOKEN not in repr(client._settings)


def test_with_options_shares_the_pool_and_copies_settings() -> None:
    client = Locally(api_token=TOKEN, max_retries=2, timeout=30)
    copy = client.with_options(max_retries=5, timeout=3)
    assert copy.max_retries == 5
    assert copy.timeout == httpx.Timeout(3)
    assert client.max_retries == 2
    assert copy._http_client is client._http_client
    copy.close()  # a copy does not close the shared pool
    assert not client._http_client.is_closed
    client.close()
    assert client._http_client.is_closed


def test_context_manager_closes_own_pool_but_not_users() -> None:
    with Locally(api_token="t") as client:
        pool = client._http_client
    assert pool.is_closed
    mine = httpx.Client()
    with Locally(api_token="t", http_client=mine):
        pass
    assert not mine.is_closed
    mine.close()


def test_async_context_manager_closes_pool() -> None:
    async def main() -> httpx.AsyncClient:
        async with AsyncLocally(api_token="t") as client:
            return client._http_client

    assert anyio.run(main).is_closed


def test_many_clients_share_one_users_pool(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/api/v2/cart/A").respond(200, json=CART_A)
    pool = httpx.Client()
    clients = [Locally(api_token=f"token_{i}", base_url=BASE, http_client=pool) for i in range(3)]
    for client in clients:
        client.carts.retrieve("A")
    tokens = [call.request.headers["Locally-API-Token"] for call in respx_mock.calls]
    assert tokens == ["token_0", "token_1", "token_2"]
    pool.close()


def test_timeout_is_sent_with_each_request(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{BASE}/api/v2/cart/A").respond(200, json=CART_A)
    with Locally(api_token="t", base_url=BASE, timeout=4.5, http_client=httpx.Client()) as c:
        c.carts.retrieve("A")
    assert route.calls.last.request.extensions["timeout"] == httpx.Timeout(4.5).as_dict()


def test_test_mode_detected_and_logged_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_client_base, "_announced_test_keys", set())
    with caplog.at_level(logging.INFO, logger="locally"):
        first = Locally(api_token="test_abc123")
        Locally(api_token="test_abc123")
        first.with_options(max_retries=1)
        live = Locally(api_token="live_abc123")
    assert first.test_mode is True
    assert live.test_mode is False
    notes = [r for r in caplog.records if "test key" in r.getMessage()]
    assert len(notes) == 1
    assert "test_abc123" not in caplog.text


def test_tls_verification_is_on_by_default() -> None:
    import ssl

    client = Locally(api_token="t")
    pool = client._http_client._transport._pool  # type: ignore[attr-defined]
    assert pool._ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert pool._ssl_context.check_hostname is True
