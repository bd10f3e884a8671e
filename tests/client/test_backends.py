"""``AsyncLocally(http_backend=...)``: httpx's pool or aiohttp's, behind one pipeline."""

from __future__ import annotations

import aiohttp
import anyio
import httpx
import pytest
from httpx_aiohttp import AiohttpTransport
from httpx_aiohttp.transport import map_aiohttp_exceptions

from locally import APIConnectionError, AsyncLocally, ConfigurationError
from locally._backends import _sent_error
from locally.testing import FakeLocally
from tests.helpers import TOKEN

BACKENDS = ["httpx", "aiohttp"]


def test_the_default_is_httpxs_own_pool() -> None:
    client = AsyncLocally(api_token=TOKEN)
    transport = client._http_client._transport
    assert isinstance(transport, httpx.AsyncHTTPTransport)
    assert not isinstance(transport, AiohttpTransport)


def test_aiohttp_is_an_httpx_transport_not_a_second_pipeline() -> None:
    client = AsyncLocally(api_token=TOKEN, http_backend="aiohttp")
    assert isinstance(client._http_client, httpx.AsyncClient)
    assert isinstance(client._http_client._transport, AiohttpTransport)


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ({"http_backend": "requests"}, "http_backend must be one of 'httpx', 'aiohttp'"),
        ({"http_backend": "aiohttp", "http_client": httpx.AsyncClient()}, "http_client="),
        (
            {"pool_limits": httpx.Limits(max_connections=5), "http_client": httpx.AsyncClient()},
            "limits=",
        ),
    ],
)
def test_contradictory_or_unknown_choices_are_refused(
    options: dict[str, object], needle: str
) -> None:
    with pytest.raises(ConfigurationError, match=needle):
        AsyncLocally(api_token=TOKEN, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_pool_limits_reach_the_pool(backend: str) -> None:
    limits = httpx.Limits(max_connections=7, max_keepalive_connections=3, keepalive_expiry=2.0)
    client = AsyncLocally(api_token=TOKEN, http_backend=backend, pool_limits=limits)
    transport = client._http_client._transport
    if isinstance(transport, AiohttpTransport):
        assert transport.limits == limits
    else:
        assert isinstance(transport, httpx.AsyncHTTPTransport)
        assert transport._pool._max_connections == 7
        assert transport._pool._max_keepalive_connections == 3


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_same_wire_and_model_over_loopback(backend: str) -> None:
    fake = FakeLocally(generated_carts=0)

    async def main() -> list[str]:
        async with AsyncLocally(
            api_token=fake.api_token, base_url=url, http_backend=backend
        ) as client:
            results: list[str] = []

            async def one() -> None:
                cart = await client.carts.retrieve("PDQE89")
                results.append(str(cart.items[0].total))

            async with anyio.create_task_group() as group:
                for _ in range(50):
                    group.start_soon(one)
            return results

    with fake.serve() as url:
        totals = anyio.run(main)
    assert totals == ["2262.74"] * 50
    sent = fake.requests[-1]
    assert sent.method == "GET"
    assert sent.url.path == "/api/v2/cart/PDQE89"
    assert sent.headers["locally-api-token"] == fake.api_token
    assert sent.headers["user-agent"].startswith("locally-python/")
    assert "cookie" not in sent.headers


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_refused_connection_is_a_typed_error_known_unsent(backend: str) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    async def main() -> None:
        async with AsyncLocally(
            api_token=TOKEN, base_url=f"http://127.0.0.1:{port}", http_backend=backend
        ) as client:
            await client.with_options(max_retries=0).carts.retrieve("PDQE89")

    with pytest.raises(APIConnectionError) as info:
        anyio.run(main)
    assert info.value.request_sent is False
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (aiohttp.ConnectionTimeoutError(), httpx.ConnectTimeout),
        (aiohttp.SocketTimeoutError(), httpx.ReadTimeout),
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientPayloadError("cut short"), httpx.RemoteProtocolError),
        (aiohttp.ClientOSError(104, "Connection reset by peer"), httpx.ReadError),
        (TimeoutError(), httpx.ReadTimeout),
    ],
)
def test_aiohttp_failures_say_whether_the_request_may_have_left(
    failure: Exception, expected: type[httpx.TransportError]
) -> None:
    assert _sent_error(failure) is expected


def test_why_the_packages_own_mapping_is_not_used() -> None:
    """httpx-aiohttp calls a server hanging up a connect timeout: "never sent", retry-safe."""
    with pytest.raises(httpx.ConnectTimeout), map_aiohttp_exceptions():
        raise aiohttp.ServerDisconnectedError()
    # The SDK's own mapping keeps it a failure after sending, so an order is not placed twice.
    assert not issubclass(_sent_error(aiohttp.ServerDisconnectedError()), httpx.ConnectTimeout)
