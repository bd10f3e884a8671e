"""``FakeLocally``: a stateful, in-memory Locally for tests and demos.

It answers requests the way Locally documents them and plugs into the real clients through an
``httpx.MockTransport`` (or a loopback server), so the SDK's whole request pipeline runs
without a network.  The endpoints, and the token check in front of them, are listed in
``_endpoints``.

Besides answering:

- Faults (``fake.faults``, ``_faults``): error statuses (with ``Retry-After``), HTML error
  pages, truncated bodies, connections dropped before the reply or mid-body, slow bodies and
  latency, per route, the same in process and over the socket.
- Webhooks out (``fake.webhooks``, ``_webhooks_out``): the Cart-to-Cart hand-off, the
  Ship-to-Store and item-status notices, PushCart and its auto-reject ``PUT``, built from the
  fake's carts and posted to a receiver of yours.
- A request budget (``FakeLocally(rate_limit="20/second")``, ``_rate_limit``): 429 with
  ``Retry-After`` once it is spent, as Locally answers past 1,000 requests a minute.
- A loopback server (``fake.serve()``, ``_server``; ``python -m locally.testing serve``): real
  HTTP/1.1 keep-alive on a free port, on a background thread.

All state lives in one ``FakeState`` (``_fake_state``); this module only wires it to the
endpoints, the faults and the clients.
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import httpx

from .._client import AsyncLocally, Locally, adopt_http_client
from .._constants import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER
from .._rate_limit import DEFAULT_RATE_LIMIT_STORAGE
from .._settings import NOT_GIVEN, NotGiven
from ._carts import FakeCart, FakeItem
from ._endpoints import answer
from ._fake_state import FakeState
from ._faults import Delivery, FaultPlan, deliver_in_process
from ._headless_state import FakeCompany, FakeProduct, FakeStore, HeadlessState
from ._rate_limit import FakeRateLimit
from ._webhooks_out import WebhookSender

__all__ = ["FakeLocally"]

DEFAULT_TOKEN = "test_fake_locally_token"
DEFAULT_BASE_URL = "https://fake.locally.test"


class FakeLocally:
    """An in-memory Locally: holds carts and answers the API like the real service.

    Args:
        api_token: The token requests must carry (``Locally-API-Token``); anything else gets
            HTTP 401.  Starts with ``test_`` like Locally's sandbox keys.
        seed: Seeds the generated carts, so two fakes with the same seed hold the same data.
        generated_carts: How many generated carts to add to the documentation's samples.
        include_samples: Whether to load the carts from Locally's documentation.
        clock: Returns the fake's current time as a naive UTC datetime; it stamps new carts,
            updates and messages, and expires headless sessions.  Defaults to the system clock.
        session_ttl: How long a headless session id stays valid after its last use (30
            minutes by default); a request with an expired one gets a new session id.
        rate_limit: A request budget such as ``"20/second"`` (Locally's is 1,000 a minute):
            once spent, requests get HTTP 429 with ``Retry-After`` until the moving window
            has room, and ``fake.rate_limit.refused`` counts them.  None (the default): no
            limit.

    Attributes:
        api_token: The token the fake requires (``api_token`` above).
        base_url: The URL the in-process clients use; ``serve()`` yields the socket's URL.
        faults: Failures to inject: ``fake.faults.fail(next=2, status=503)`` and friends.
        webhooks: Sends the webhooks Locally sends, built from the fake's carts.

    Clients: :meth:`client` and :meth:`async_client` (in process, no backoff between
    retries), :meth:`serve` (a loopback server).  State: :meth:`add_cart`,
    :meth:`place_order`, :meth:`add_store`, :meth:`add_product`, :attr:`carts`,
    :attr:`requests`.

    Example:
        >>> fake = FakeLocally(generated_carts=3)
        >>> with fake.client() as client:
        ...     client.carts.retrieve("PDQE89").items[0].name
        'The E-bike'
    """

    def __init__(
        self,
        *,
        api_token: str = DEFAULT_TOKEN,
        seed: int = 0,
        generated_carts: int = 60,
        include_samples: bool = True,
        clock: Callable[[], _dt.datetime] | None = None,
        session_ttl: _dt.timedelta = _dt.timedelta(minutes=30),
        rate_limit: str | None = None,
    ) -> None:
        self.api_token = api_token
        self.base_url = DEFAULT_BASE_URL
        self._state = FakeState(
            seed=seed,
            generated_carts=generated_carts,
            include_samples=include_samples,
            clock=clock,
            session_ttl=session_ttl,
        )
        #: Sends webhooks built from this fake's carts: ``fake.webhooks.send_pushcart(url, h)``.
        self.webhooks = WebhookSender(self._state)
        #: Failures to inject: ``fake.faults.fail(next=2, status=503)`` and friends.
        self.faults = FaultPlan()
        #: The budget the fake enforces (``rate_limit=``), with its counts; None without one.
        self.rate_limit = FakeRateLimit(rate_limit) if rate_limit is not None else None

    # -- state ------------------------------------------------------------------------------

    @property
    def lock(self) -> threading.RLock:
        """The re-entrant lock guarding the fake's state; hold it to read a consistent view."""
        return self._state.lock

    @property
    def carts(self) -> dict[str, FakeCart]:
        """Every cart by hash."""
        return self._state.carts

    @property
    def headless(self) -> HeadlessState:
        """Companies, stores, stock, sessions and open carts (seeded with the docs' store).

        ``fake.headless.shopper`` is where the store finder places every shopper.
        """
        return self._state.headless

    @property
    def requests(self) -> list[httpx.Request]:
        """Every request received, in order (for assertions on what was sent)."""
        return self._state.requests

    def now(self) -> _dt.datetime:
        """The fake's current time (naive UTC, like the API's timestamps)."""
        return self._state.now()

    def carts_newest_first(self) -> list[FakeCart]:
        """All carts in the order the carts list serves them."""
        return self._state.carts_newest_first()

    def add_cart(
        self,
        *,
        type: str = "ORDER",
        items: Iterable[FakeItem] | None = None,
        hash: str | None = None,
        ordered_at: _dt.datetime | None = None,
        customer: dict[str, Any] | None = None,
        store: dict[str, Any] | None = None,
    ) -> FakeCart:
        """Add a cart (by default placed now, so it heads the list) and return it."""
        return self._state.add_cart(
            type=type, items=items, hash=hash, ordered_at=ordered_at, customer=customer, store=store
        )

    def place_order(
        self,
        type: str = "ORDER",
        *,
        items: Iterable[FakeItem] | None = None,
        hash: str | None = None,
        customer: dict[str, Any] | None = None,
        store: dict[str, Any] | None = None,
    ) -> FakeCart:
        """Place a new ORDER (BOPIS), HOLD (ROPIS) or SHIP (Ship-to-Store) cart, as a shopper.

        Items start "Ordered"; Ship-to-Store items also start "Pending Brand" with a 70/30
        brand/retailer revenue split.
        """
        return self._state.place_order(type, items=items, hash=hash, customer=customer, store=store)

    def add_company(self, company_id: int, name: str, *, slug: str | None = None) -> FakeCompany:
        """Add a company for the store finder; ``slug`` defaults to the name, dashed."""
        return self._state.add_company(company_id, name, slug=slug)

    def add_store(
        self,
        store_id: int,
        name: str,
        *,
        tax_rate: Decimal = Decimal("10.25"),
        company_id: int = 99,
        lat: Decimal | None = None,
        lng: Decimal | None = None,
        bopis: bool = True,
        ropis: bool = True,
        sdd: bool = False,
    ) -> FakeStore:
        """Add a store that sells through headless carts, taxing at ``tax_rate`` percent.

        ``company_id``, ``lat``/``lng`` (the docs' Chicago store when omitted) and the
        acquisition options are what the store finder reports; a cart for a kind the store does
        not offer (``bopis=False``, ``ropis=False``) gets Locally's cart error.
        """
        return self._state.add_store(
            store_id,
            name,
            tax_rate=tax_rate,
            company_id=company_id,
            lat=lat,
            lng=lng,
            bopis=bopis,
            ropis=ropis,
            sdd=sdd,
        )

    def add_product(
        self,
        store_id: int,
        upc: str,
        *,
        name: str,
        price: Decimal,
        qty_available: int,
        style: str = "99999",
        stock_status: str | None = None,
    ) -> FakeProduct:
        """Stock ``qty_available`` units of a product at a store.

        ``stock_status`` is what the store finder reports (by default PTP_BOPIS, PTP_ROPIS,
        PTP_SDD or IN_STOCK, from the store's options); ``style`` groups variants.
        """
        return self._state.add_product(
            store_id,
            upc,
            name=name,
            price=price,
            qty_available=qty_available,
            style=style,
            stock_status=stock_status,
        )

    def expire_sessions(self) -> None:
        """Expire every headless session now, as time passing would."""
        self._state.expire_sessions()

    def auto_reject(self, cart_hash: str) -> list[str]:
        """Let the PushCart 2-hour window pass unanswered, as Locally then does by itself.

        Every item still "Ordered" or "Received" becomes "Auto-cancelled" (the label Locally's
        order history uses) and the cart's ``updated_at`` moves to now.  Returns the UPCs that
        were cancelled.  Send Locally's ``PUT`` with ``fake.webhooks.send_auto_reject``.
        """
        return self._state.auto_reject(cart_hash)

    def advance_ship_to_store(self, cart_hash: str, upc: str, status: str) -> None:
        """Make the store's move on a Ship-to-Store item: "ready for pickup" or "picked up".

        Raises :class:`~locally.InvalidTransitionError` for a move the lifecycle forbids.
        """
        self._state.advance_ship_to_store(cart_hash, upc, status)

    # -- HTTP -------------------------------------------------------------------------------

    def respond(self, request: httpx.Request) -> Delivery:
        """Decide the reply to ``request``, applying any scripted fault; no waiting here."""
        with self._state.lock:
            self._state.requests.append(request)
        if self.rate_limit is not None:
            refusal = self.rate_limit.refusal(request)
            if refusal is not None:
                return Delivery(refusal)
        return self.faults.apply(request, self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        return answer(self._state, self.api_token, request)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in process (blocking), faults included."""
        delivery = self.respond(request)
        time.sleep(delivery.latency + delivery.slow_seconds)
        return deliver_in_process(request, delivery)

    async def async_handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in process without blocking the event loop, faults included."""
        import anyio

        delivery = self.respond(request)
        await anyio.sleep(delivery.latency + delivery.slow_seconds)
        return deliver_in_process(request, delivery)

    def transport(self) -> httpx.MockTransport:
        """An httpx transport for ``httpx.Client`` that routes requests to this fake."""
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        """An httpx transport for ``httpx.AsyncClient`` that routes requests to this fake."""
        return httpx.MockTransport(self.async_handle)

    @contextmanager
    def serve(self, *, host: str = "127.0.0.1", port: int = 0) -> Generator[str, None, None]:
        """Serve this fake over real HTTP/1.1 on loopback; yields the base URL.

        ``port=0`` picks a free port.  The server runs on a background thread and stops when
        the ``with`` block ends.
        """
        from ._server import serve

        with serve(self.respond, host=host, port=port) as url:
            yield url

    def _client_options(
        self,
        api_token: str | None,
        timeout: float | httpx.Timeout | NotGiven | None,
        max_retries: int,
        max_retry_after: float,
        retry_backoff: float,
        default_headers: Mapping[str, str] | None,
        rate_limit: str | None,
        rate_limit_storage: str,
    ) -> dict[str, Any]:
        options: dict[str, Any] = {
            "api_token": self.api_token if api_token is None else api_token,
            "base_url": self.base_url,
            "max_retries": max_retries,
            "max_retry_after": max_retry_after,
            "retry_backoff": retry_backoff,
            "default_headers": default_headers,
            "rate_limit": rate_limit,
            "rate_limit_storage": rate_limit_storage,
        }
        if not isinstance(timeout, NotGiven):
            options["timeout"] = timeout
        return options

    def client(
        self,
        *,
        api_token: str | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_backoff: float = 0.0,
        default_headers: Mapping[str, str] | None = None,
        rate_limit: str | None = None,
        rate_limit_storage: str = DEFAULT_RATE_LIMIT_STORAGE,
    ) -> Locally:
        """A :class:`~locally.Locally` client wired to this fake, without sockets.

        Takes the client's own options.  ``api_token`` defaults to the fake's token (pass
        another to see the fake answer 401); ``retry_backoff`` defaults to 0, so a test of
        "503, then success" retries at once instead of waiting out the real backoff (a
        ``Retry-After`` the fake sends is still honoured).  The fake is not Locally's host, so
        the client has no rate limit unless ``rate_limit`` gives one.  Close the client when
        done.
        """
        options = self._client_options(
            api_token,
            timeout,
            max_retries,
            max_retry_after,
            retry_backoff,
            default_headers,
            rate_limit,
            rate_limit_storage,
        )
        client = Locally(http_client=httpx.Client(transport=self.transport()), **options)
        return adopt_http_client(client)

    def async_client(
        self,
        *,
        api_token: str | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_backoff: float = 0.0,
        default_headers: Mapping[str, str] | None = None,
        rate_limit: str | None = None,
        rate_limit_storage: str = DEFAULT_RATE_LIMIT_STORAGE,
    ) -> AsyncLocally:
        """An :class:`~locally.AsyncLocally` client wired to this fake, without sockets.

        Takes the same options as :meth:`client`, with the same defaults.
        """
        options = self._client_options(
            api_token,
            timeout,
            max_retries,
            max_retry_after,
            retry_backoff,
            default_headers,
            rate_limit,
            rate_limit_storage,
        )
        client = AsyncLocally(
            http_client=httpx.AsyncClient(transport=self.async_transport()), **options
        )
        return adopt_http_client(client)
