"""``Locally`` and ``AsyncLocally``: configuration and the resource attributes.

Both clients resolve their settings the same way (:func:`resolve_settings`) and hand every
request to the shared pipeline in :mod:`locally._transport`; they differ only in the httpx
client they hold and in whether their methods are awaited.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

import httpx
from typing_extensions import Self

from ._client_base import ClientBase
from ._constants import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_TIMEOUT,
)
from ._errors import ConfigurationError
from ._http_clients import adopt_http_client, checked_http_client
from ._rate_limit import AUTO, DEFAULT_RATE_LIMIT_STORAGE, RateLimiter, rate_limiter_for
from ._settings import (
    NOT_GIVEN,
    NotGiven,
    Settings,
    resolve_settings,
)
from ._transport import AsyncTransport, Pipeline, SyncTransport

if TYPE_CHECKING:
    from .resources.cart_to_cart import AsyncCartToCart, CartToCart
    from .resources.carts import AsyncCarts, Carts
    from .resources.headless import AsyncHeadless, Headless
    from .resources.pushcart import AsyncPushCart, PushCart
    from .resources.ship_to_store import AsyncShipToStore, ShipToStore
    from .resources.webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncLocally", "Locally", "adopt_http_client"]


class Locally(ClientBase[httpx.Client]):
    """Synchronous client for the Locally APIs.

    Args:
        api_token: Your API key; defaults to the ``LOCALLY_API_TOKEN`` environment variable.
        base_url: Defaults to ``LOCALLY_BASE_URL`` or ``https://www.locally.com``.  Plain
            ``http://`` is refused except for loopback hosts (the fake, a local proxy).
        timeout: Seconds (or an ``httpx.Timeout``) for every attempt, body included: a reply
            still arriving after the longest of its timeouts is cut off.  ``None`` for no
            timeout at all.  Default: 30 s, 10 s to connect.
        max_retries: How often a retryable failure is retried (default 2).
        max_retry_after: The longest ``Retry-After`` in seconds waited out before a retry;
            a longer one raises :class:`~locally.RateLimitError` at once (default 60).
        retry_backoff: Seconds of the first backoff before a retry, doubling with each
            retry up to 8 s, with full jitter (default 0.5).  ``0`` retries at once, which
            is what tests want; a server's ``Retry-After`` is still waited out.
        http_client: Your own ``httpx.Client`` (proxies, TLS settings, a shared pool).  It is
            never closed by the SDK.
        default_headers: Extra headers sent with every request (visible ASCII values).
        max_response_bytes: The largest reply body read, in bytes once decompressed (default
            4 MiB); a larger one raises :class:`~locally.ResponseTooLargeError`.
        allow_insecure_http: Allow a plain ``http://`` ``base_url`` to a host that is not
            loopback; the token then crosses the network unencrypted.
        rate_limit: The request budget to stay under, such as ``"1000/minute"``; requests wait
            for room instead of drawing 429s.  ``"auto"`` (the default) is Locally's
            documented 1,000 a minute when ``base_url`` is Locally's own host and no limit
            elsewhere; ``None`` turns it off.
        rate_limit_storage: Where the budget's moving window is kept: ``"memory://"`` (this
            process, the default) or ``"redis://host:port"`` to share one budget across
            processes and machines (``pip install 'locally[redis]'``).

    Example:
        >>> with Locally() as client:  # doctest: +SKIP
        ...     for cart in client.carts.list():
        ...         print(cart.hash, cart.type)
    """

    def __init__(
        self,
        *,
        api_token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_backoff: float | NotGiven = NOT_GIVEN,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure_http: bool = False,
        rate_limit: str | None = AUTO,
        rate_limit_storage: str = DEFAULT_RATE_LIMIT_STORAGE,
    ) -> None:
        settings = resolve_settings(
            api_token=api_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            retry_backoff=retry_backoff,
            default_headers=default_headers,
            max_response_bytes=max_response_bytes,
            allow_insecure_http=allow_insecure_http,
        )
        user_client = checked_http_client(
            http_client, httpx.Client, "use AsyncLocally with an httpx.AsyncClient"
        )
        limiter = rate_limiter_for(
            rate_limit,
            rate_limit_storage,
            api_token=settings.api_token,
            base_url=settings.base_url,
        )
        self._setup(
            settings,
            user_client or httpx.Client(),
            owns_client=user_client is None,
            rate_limiter=limiter,
        )
        self._announce_test_mode()

    def _setup(
        self,
        settings: Settings,
        http_client: httpx.Client,
        *,
        owns_client: bool,
        rate_limiter: RateLimiter | None,
    ) -> None:
        self._settings = settings
        self._http_client = http_client
        self._rate_limiter = rate_limiter
        self._transport = SyncTransport(
            Pipeline(settings), http_client, owns_client=owns_client, rate_limiter=rate_limiter
        )

    @cached_property
    def carts(self) -> Carts:
        """Read carts: :class:`~locally.resources.carts.Carts`."""
        from .resources.carts import Carts

        return Carts(self._transport)

    @cached_property
    def pushcart(self) -> PushCart:
        """Retailer item updates (PushCart): :class:`~locally.resources.pushcart.PushCart`."""
        from .resources.pushcart import PushCart

        return PushCart(self._transport)

    @cached_property
    def cart_to_cart(self) -> CartToCart:
        """Cart-to-Cart outcomes: :class:`~locally.resources.cart_to_cart.CartToCart`."""
        from .resources.cart_to_cart import CartToCart

        return CartToCart(self._transport)

    @cached_property
    def ship_to_store(self) -> ShipToStore:
        """Brand item updates: :class:`~locally.resources.ship_to_store.ShipToStore`."""
        from .resources.ship_to_store import ShipToStore

        return ShipToStore(self._transport)

    @cached_property
    def webhooks(self) -> Webhooks:
        """Verify received webhooks: :class:`~locally.resources.webhooks.Webhooks`."""
        from .resources.webhooks import Webhooks

        return Webhooks(self._transport)

    @cached_property
    def headless(self) -> Headless:
        """Headless carts and orders: :class:`~locally.resources.headless.Headless`."""
        from .resources.headless import Headless

        return Headless(self._transport)

    def close(self) -> None:
        """Close the connection pool (unless it is a client you passed in).

        Any call made afterwards raises :class:`~locally.ClientClosedError`.
        """
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncLocally(ClientBase[httpx.AsyncClient]):
    """Asynchronous client for the Locally APIs; the same surface as :class:`Locally`.

    Methods are coroutines and ``carts.list()`` is iterated with ``async for``.  Takes the
    same arguments as :class:`Locally`, with ``http_client`` an ``httpx.AsyncClient``, and two
    more (aiohttp has no blocking client, so :class:`Locally` has no backend to choose):

    Args:
        http_backend: What sends the requests: ``"httpx"`` (the default) or ``"aiohttp"``,
            httpx's API over an aiohttp session, far cheaper in CPU when many requests run at
            once (asyncio only; ``pip install 'locally[aiohttp]'``).  Not with
            ``http_client``, which brings its own transport.
        pool_limits: The connection pool's ``httpx.Limits`` (default: at most 100
            connections, 20 kept alive); with ``http_client``, set them on your client.
    """

    def __init__(
        self,
        *,
        api_token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_backoff: float | NotGiven = NOT_GIVEN,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure_http: bool = False,
        rate_limit: str | None = AUTO,
        rate_limit_storage: str = DEFAULT_RATE_LIMIT_STORAGE,
        http_backend: str = "httpx",
        pool_limits: httpx.Limits | None = None,
    ) -> None:
        from ._backends import async_http_client

        settings = resolve_settings(
            api_token=api_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            retry_backoff=retry_backoff,
            default_headers=default_headers,
            max_response_bytes=max_response_bytes,
            allow_insecure_http=allow_insecure_http,
        )
        user_client = checked_http_client(
            http_client, httpx.AsyncClient, "use Locally with an httpx.Client"
        )
        if user_client is not None and (pool_limits is not None or http_backend != "httpx"):
            raise ConfigurationError(
                "http_backend and pool_limits shape the pool the client creates; with "
                "http_client=, build your httpx.AsyncClient with that transport and limits="
            )
        limiter = rate_limiter_for(
            rate_limit,
            rate_limit_storage,
            api_token=settings.api_token,
            base_url=settings.base_url,
        )
        self._setup(
            settings,
            user_client or async_http_client(http_backend, pool_limits),
            owns_client=user_client is None,
            rate_limiter=limiter,
        )
        self._announce_test_mode()

    def _setup(
        self,
        settings: Settings,
        http_client: httpx.AsyncClient,
        *,
        owns_client: bool,
        rate_limiter: RateLimiter | None,
    ) -> None:
        self._settings = settings
        self._http_client = http_client
        self._rate_limiter = rate_limiter
        self._transport = AsyncTransport(
            Pipeline(settings), http_client, owns_client=owns_client, rate_limiter=rate_limiter
        )

    @cached_property
    def carts(self) -> AsyncCarts:
        """Read carts: :class:`~locally.resources.carts.AsyncCarts`."""
        from .resources.carts import AsyncCarts

        return AsyncCarts(self._transport)

    @cached_property
    def pushcart(self) -> AsyncPushCart:
        """Retailer item updates (PushCart): :class:`~locally.resources.pushcart.AsyncPushCart`."""
        from .resources.pushcart import AsyncPushCart

        return AsyncPushCart(self._transport)

    @cached_property
    def cart_to_cart(self) -> AsyncCartToCart:
        """Cart-to-Cart outcomes: :class:`~locally.resources.cart_to_cart.AsyncCartToCart`."""
        from .resources.cart_to_cart import AsyncCartToCart

        return AsyncCartToCart(self._transport)

    @cached_property
    def ship_to_store(self) -> AsyncShipToStore:
        """Brand item updates: :class:`~locally.resources.ship_to_store.AsyncShipToStore`."""
        from .resources.ship_to_store import AsyncShipToStore

        return AsyncShipToStore(self._transport)

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        """Verify received webhooks: :class:`~locally.resources.webhooks.AsyncWebhooks`."""
        from .resources.webhooks import AsyncWebhooks

        return AsyncWebhooks(self._transport)

    @cached_property
    def headless(self) -> AsyncHeadless:
        """Headless carts and orders: :class:`~locally.resources.headless.AsyncHeadless`."""
        from .resources.headless import AsyncHeadless

        return AsyncHeadless(self._transport)

    async def close(self) -> None:
        """Close the connection pool (unless it is a client you passed in).

        Any call made afterwards raises :class:`~locally.ClientClosedError`.
        """
        await self._transport.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (unless it is a client you passed in); httpx's name."""
        await self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
