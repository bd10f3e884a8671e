"""``FakeLocally``: a stateful, in-memory Locally for tests and demos.

It answers the Carts API v2 routes the way Locally documents them (token check, 50 carts per
page newest first, ``status`` envelopes) and plugs into the real clients through an
``httpx.MockTransport``, so the SDK's whole request pipeline runs without a network.
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import httpx

from .._client import AsyncLocally, Locally, adopt_http_client
from ..lifecycle import SHIP_TO_STORE
from . import _carts_api, _headless_api, _updates_api
from ._faults import Delivery, DeliveryMode, FaultPlan
from ._headless_api import FakeProduct, FakeStore, HeadlessState
from ._router import Route, dispatch, json_response, v2_failure
from ._state import (
    FakeCart,
    FakeItem,
    generate_carts,
    random_hash,
    sample_carts,
    ship_to_store_splits,
)
from ._updates_api import STS_LABELS
from ._webhooks_out import WebhookSender

__all__ = ["FakeLocally"]

DEFAULT_TOKEN = "test_fake_locally_token"
DEFAULT_BASE_URL = "https://fake.locally.test"
_GENERATED_NEWEST = _dt.datetime(2026, 1, 15, 12, 0, 0)

# Every endpoint the fake serves; each API family keeps its handlers in its own module.
ROUTES: list[Route] = [*_carts_api.ROUTES, *_updates_api.ROUTES, *_headless_api.ROUTES]


def _in_process(request: httpx.Request, delivery: Delivery) -> httpx.Response:
    # Without a socket, a dropped connection is the exception httpx raises for one.
    if delivery.mode is DeliveryMode.DROP_BEFORE_RESPONSE:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    if delivery.mode is DeliveryMode.DROP_MID_BODY:
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body", request=request
        )
    return delivery.response


class FakeLocally:
    """An in-memory Locally: holds carts and answers the API like the real service.

    Args:
        api_token: The token requests must carry (``Locally-API-Token``); anything else gets
            HTTP 401.  Starts with ``test_`` like Locally's sandbox keys.
        seed: Seeds the generated carts, so two fakes with the same seed hold the same data.
        generated_carts: How many generated carts to add to the documentation's samples.
        include_samples: Whether to load the carts from Locally's documentation.

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
    ) -> None:
        self.api_token = api_token
        self.base_url = DEFAULT_BASE_URL
        self.lock = threading.RLock()
        self._clock = clock or (lambda: _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None))
        #: Every cart by hash.
        self.carts: dict[str, FakeCart] = {}
        #: Headless stores, stock, sessions and open carts (seeded with the docs' store).
        self.headless = HeadlessState(session_ttl=session_ttl)
        self.headless.seed()
        #: Sends webhooks built from this fake's carts: ``fake.webhooks.send_pushcart(url, h)``.
        self.webhooks = WebhookSender(self)
        #: Failures to inject: ``fake.faults.fail(next=2, status=503)`` and friends.
        self.faults = FaultPlan()
        #: Every request received, in order (for assertions on what was sent).
        self.requests: list[httpx.Request] = []
        self._sequence: dict[str, int] = {}
        taken: set[str] = set()
        initial: list[FakeCart] = sample_carts() if include_samples else []
        taken.update(cart.hash for cart in initial)
        initial += generate_carts(generated_carts, seed=seed, newest=_GENERATED_NEWEST, taken=taken)
        self._hashes = taken
        self._seed = seed
        for cart in initial:
            self._store(cart)

    # -- state ------------------------------------------------------------------------------

    def now(self) -> _dt.datetime:
        """The fake's current time (naive UTC, like the API's timestamps)."""
        return self._clock()

    def _store(self, cart: FakeCart) -> None:
        self._sequence[cart.hash] = len(self._sequence)
        self.carts[cart.hash] = cart

    def carts_newest_first(self) -> list[FakeCart]:
        """All carts in the order the carts list serves them."""
        return sorted(
            self.carts.values(),
            key=lambda cart: (cart.ordered_at, self._sequence[cart.hash]),
            reverse=True,
        )

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
        import random

        with self.lock:
            cart_hash = hash or random_hash(
                random.Random(len(self.carts) + self._seed), self._hashes
            )
            self._hashes.add(cart_hash)
            cart = FakeCart(
                hash=cart_hash,
                type=type,
                ordered_at=ordered_at or self.now(),
                items=list(items) if items is not None else [FakeItem(upc="012345678905")],
                customer=customer or {},
                store=store or {},
            )
            self._store(cart)
            return cart

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
        kind = type.upper()
        if kind not in {"ORDER", "HOLD", "SHIP"}:
            raise ValueError(f"type must be ORDER, HOLD or SHIP, got {type!r}")
        lines = list(items) if items is not None else [FakeItem(upc="012345678905")]
        for item in lines:
            item.status = "Ordered"
            if kind == "SHIP":
                item.sts_status = "Pending Brand"
                if item.split_brand is None:
                    splits = ship_to_store_splits(item.item_total())
                    item.split_brand = splits["split_brand"]
                    item.split_retailer = splits["split_retailer"]
        return self.add_cart(type=kind, items=lines, hash=hash, customer=customer, store=store)

    def add_store(
        self, store_id: int, name: str, *, tax_rate: Decimal = Decimal("10.25")
    ) -> FakeStore:
        """Add a store that sells through headless carts, taxing at ``tax_rate`` percent."""
        with self.lock:
            store = FakeStore(store_id, name, tax_rate=tax_rate)
            self.headless.stores[store_id] = store
            return store

    def add_product(
        self, store_id: int, upc: str, *, name: str, price: Decimal, qty_available: int
    ) -> FakeProduct:
        """Stock ``qty_available`` units of a product at a store."""
        with self.lock:
            product = FakeProduct(upc, name, price, qty_available)
            self.headless.products[(store_id, upc)] = product
            return product

    def expire_sessions(self) -> None:
        """Expire every headless session now, as time passing would."""
        with self.lock:
            past = self.now() - _dt.timedelta(seconds=1)
            self.headless.sessions = {
                sid: (cart, past) for sid, (cart, _) in self.headless.sessions.items()
            }

    def advance_ship_to_store(self, cart_hash: str, upc: str, status: str) -> None:
        """Make the store's move on a Ship-to-Store item: "ready for pickup" or "picked up".

        Raises :class:`~locally.InvalidTransitionError` for a move the lifecycle forbids.
        """
        with self.lock:
            item = next(i for i in self.carts[cart_hash].items if i.upc == upc)
            SHIP_TO_STORE.check(item.sts_status or "pending brand", status)
            target = SHIP_TO_STORE.normalize(status)
            item.sts_status = STS_LABELS[target]
            if target == "picked up":
                item.disbursement_retail = item.split_retailer
            self.carts[cart_hash].updated_at = self.now()

    # -- HTTP -------------------------------------------------------------------------------

    def respond(self, request: httpx.Request) -> Delivery:
        """Decide the reply to ``request``, applying any scripted fault; no waiting here."""
        with self.lock:
            self.requests.append(request)
        fault, latency = self.faults.take(request)
        kind = fault.kind if fault is not None else None
        if fault is not None and kind == "status":
            headers = {"Content-Type": "application/json"}
            if fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
            body = {"status": False, "success": False, "message": "Injected failure"}
            response = httpx.Response(fault.status, json=body, headers=headers)
            return Delivery(response, latency=latency)
        if fault is not None and kind == "html":
            page = f"<html><body><h1>{fault.status} Bad Gateway</h1></body></html>"
            html = httpx.Response(fault.status, text=page, headers={"Content-Type": "text/html"})
            return Delivery(html, latency=latency)
        response = self._answer(request)
        if kind == "truncate":
            cut = response.content[: len(response.content) // 2]
            response = httpx.Response(response.status_code, content=cut, headers=response.headers)
        mode = {
            "drop": DeliveryMode.DROP_BEFORE_RESPONSE,
            "drop_mid": DeliveryMode.DROP_MID_BODY,
            "slow": DeliveryMode.SLOW_BODY,
        }.get(kind or "", DeliveryMode.NORMAL)
        slow = fault.seconds if fault is not None else 0.0
        return Delivery(response, mode=mode, latency=latency, slow_seconds=slow)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("locally-api-token") != self.api_token:
            if request.url.path.startswith("/headless/"):
                body: dict[str, object] = {
                    "success": False,
                    "data": {},
                    "msg": "Not authorised",
                    "error_code": 1102,
                }
                return json_response(401, body)
            return v2_failure(401, "Invalid or missing API token")
        return dispatch(self, ROUTES, request)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in process (blocking), faults included."""
        delivery = self.respond(request)
        time.sleep(delivery.latency + delivery.slow_seconds)
        return _in_process(request, delivery)

    async def async_handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in process without blocking the event loop, faults included."""
        import anyio

        delivery = self.respond(request)
        await anyio.sleep(delivery.latency + delivery.slow_seconds)
        return _in_process(request, delivery)

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

    def client(self, **options: Any) -> Locally:
        """A :class:`~locally.Locally` client wired to this fake, without sockets."""
        client = Locally(
            api_token=self.api_token,
            base_url=self.base_url,
            http_client=httpx.Client(transport=self.transport()),
            **options,
        )
        return adopt_http_client(client)

    def async_client(self, **options: Any) -> AsyncLocally:
        """An :class:`~locally.AsyncLocally` client wired to this fake, without sockets."""
        client = AsyncLocally(
            api_token=self.api_token,
            base_url=self.base_url,
            http_client=httpx.AsyncClient(transport=self.async_transport()),
            **options,
        )
        return adopt_http_client(client)
