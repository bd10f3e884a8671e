"""The HTTP backends ``AsyncLocally(http_backend=...)`` can send with, all behind httpx's API.

A backend is only an httpx transport: the pipeline (:mod:`locally._transport`) builds the same
``httpx.Request`` and reads the same ``httpx.Response`` whichever sends it.

- ``"httpx"`` (the default): httpx's own connection pool (httpcore).
- ``"aiohttp"``: the ``httpx-aiohttp`` package's transport (``pip install 'locally[aiohttp]'``),
  which sends through an ``aiohttp`` session, several times cheaper per request in CPU
  (docs/benchmarks.md).  Its errors are mapped again here, because the pipeline decides from
  the error's type whether a request may have been sent, and ``httpx-aiohttp`` reports a
  server that hung up as a *connect* timeout, which would let an order be placed twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx

from ._errors import ConfigurationError

if TYPE_CHECKING:
    import aiohttp

__all__ = ["DEFAULT_POOL_LIMITS", "HTTP_BACKENDS", "async_http_client"]

#: The backends ``http_backend`` accepts.
HTTP_BACKENDS = ("httpx", "aiohttp")
#: httpx's own default pool: at most 100 connections, 20 kept alive when idle (for 5 s).
DEFAULT_POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def async_http_client(backend: str, limits: httpx.Limits | None) -> httpx.AsyncClient:
    """A new ``httpx.AsyncClient`` sending through ``backend`` with pool ``limits``."""
    limits = limits or DEFAULT_POOL_LIMITS
    if backend == "httpx":
        return httpx.AsyncClient(limits=limits)
    if backend == "aiohttp":
        try:
            transport_class = _aiohttp_transport_class()
        except ImportError:
            raise ConfigurationError(
                "http_backend='aiohttp' needs the httpx-aiohttp package: "
                "pip install 'locally[aiohttp]'"
            ) from None
        return _client_with(transport_class, limits)
    raise ConfigurationError(
        f"http_backend must be one of {', '.join(map(repr, HTTP_BACKENDS))}, got {backend!r}"
    )


def _client_with(
    transport_class: type[httpx.AsyncBaseTransport], limits: httpx.Limits
) -> httpx.AsyncClient:
    class AiohttpClient(httpx.AsyncClient):
        """An ``httpx.AsyncClient`` whose transports, proxied ones included, are aiohttp's.

        It keeps no cookies either: the SDK builds every request itself, so cookies the
        client stored would never be sent, and storing them (through ``http.cookiejar``) cost
        about a tenth of each request's CPU.
        """

        def _init_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
            kwargs.pop("transport", None)
            return transport_class(*args, **kwargs)

        def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
            return transport_class(*args, **kwargs)

    client = AiohttpClient(limits=limits)
    client._cookies = _NoCookies()
    return client


class _NoCookies(httpx.Cookies):
    """A cookie store that stores nothing (see ``AiohttpClient``)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep no cookie from ``response``."""


def _sent_error(exc: BaseException) -> type[httpx.TransportError]:
    """The httpx error for an aiohttp failure: "unsent" only when it surely happened first."""
    import aiohttp

    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError
    if isinstance(exc, (aiohttp.ServerTimeoutError, asyncio.TimeoutError, TimeoutError)):
        return httpx.ReadTimeout
    if isinstance(exc, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError)):
        return httpx.RemoteProtocolError
    if isinstance(exc, aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError
    return httpx.ReadError


def _mapped(exc: BaseException, request: httpx.Request) -> httpx.TransportError:
    cause = exc.__cause__ if isinstance(exc, httpx.TransportError) else exc
    error_class = _sent_error(cause if cause is not None else exc)
    return error_class(f"{type(cause or exc).__name__}: {cause or exc}", request=request)


def _aiohttp_transport_class() -> type[httpx.AsyncBaseTransport]:
    import aiohttp
    from httpx_aiohttp import AiohttpTransport

    failures = (httpx.TransportError, aiohttp.ClientError, asyncio.TimeoutError)

    class RemappedStream(httpx.AsyncByteStream):
        """The body, with aiohttp's errors mid-body mapped like the request's.

        It hands on whatever aiohttp has buffered (``iter_any``) rather than fixed 16 KiB
        chunks: a small reply is one chunk, a large one still arrives piece by piece.
        """

        def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
            self._inner = inner
            self._request = request

        async def __aiter__(self) -> AsyncIterator[bytes]:
            source: aiohttp.ClientResponse | None = getattr(self._inner, "_aiohttp_response", None)
            try:
                if source is None:  # another httpx-aiohttp version: its own chunks
                    async for chunk in self._inner:
                        yield chunk
                    return
                async for chunk in source.content.iter_any():
                    yield chunk
            except failures as exc:
                raise _mapped(exc, self._request) from exc

        async def aclose(self) -> None:
            await self._inner.aclose()

    class Transport(AiohttpTransport):
        """``httpx-aiohttp``'s transport: no cookie jar, and errors that say what was sent."""

        def get_client(self) -> aiohttp.ClientSession:
            # httpx's client never sends cookies it was given back (the SDK builds each
            # request itself); aiohttp's session would, so it keeps none.
            connector = aiohttp.TCPConnector(
                limit=self.limits.max_connections or 0,  # 0: no limit, as None in httpx
                keepalive_timeout=self.limits.keepalive_expiry,
                ssl=self.ssl_context,
            )
            return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                raise httpx.UnsupportedProtocol(
                    "http_backend='aiohttp' runs on asyncio only; use the 'httpx' backend "
                    "under another event loop",
                    request=request,
                ) from None
            try:
                response = await super().handle_async_request(request)
            except failures as exc:
                raise _mapped(exc, request) from exc
            stream = response.stream
            assert isinstance(stream, httpx.AsyncByteStream)
            response.stream = RemappedStream(stream, request)
            return response

    return Transport
