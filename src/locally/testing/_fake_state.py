"""``FakeState``: everything a :class:`~locally.testing.FakeLocally` holds, behind one lock.

The HTTP handlers and the webhook sender read and change the fake through this object only,
so none of them needs the facade (``FakeLocally``) that wires them together.
"""

from __future__ import annotations

import datetime as _dt
import random
import threading
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import httpx

from ..lifecycle import PUSHCART, SHIP_TO_STORE
from ._carts import STS_LABELS, FakeCart, FakeItem, ship_to_store_splits
from ._headless_state import FakeCompany, FakeProduct, FakeStore, HeadlessState
from ._seed_carts import generate_carts, random_hash, sample_carts

__all__ = ["AUTO_CANCELLED_LABEL", "FakeState"]

#: How Locally's order history labels an order it rejected by itself (``locally-docs/05``).
AUTO_CANCELLED_LABEL = "Auto-cancelled"
#: The PushCart states in which the 2-hour window still runs.
AWAITING_RETAILER = frozenset({"ordered", "received"})

# Fixed rather than "now" so that a seed always yields the same carts.
_GENERATED_NEWEST = _dt.datetime(2026, 1, 15, 12, 0, 0)


def _utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)


class FakeState:
    """The carts, headless stores and sessions, clock and request log of a fake.

    Args:
        seed: Seeds the generated carts and the hashes of carts added later.
        generated_carts: How many generated carts to add to the documentation's samples.
        include_samples: Whether to load the carts from Locally's documentation.
        clock: Returns the current time (naive UTC); defaults to the system clock.
        session_ttl: How long a headless session lives without being used.
    """

    def __init__(
        self,
        *,
        seed: int,
        generated_carts: int,
        include_samples: bool,
        clock: Callable[[], _dt.datetime] | None,
        session_ttl: _dt.timedelta,
    ) -> None:
        # Re-entrant: the headless order handler places its order while holding the lock.
        self.lock: threading.RLock = threading.RLock()
        self._clock = clock or _utc_now
        #: Every cart by hash.
        self.carts: dict[str, FakeCart] = {}
        #: Headless stores, stock, sessions and open carts (seeded with the docs' store).
        self.headless = HeadlessState(session_ttl=session_ttl)
        self.headless.seed()
        #: Every request received, in order.
        self.requests: list[httpx.Request] = []
        # Breaks ties in ordered_at: of two carts placed at the same time, the later added is newer.
        self._sequence: dict[str, int] = {}
        self._hashes: set[str] = set()
        self._seed = seed
        initial: list[FakeCart] = sample_carts() if include_samples else []
        self._hashes.update(cart.hash for cart in initial)
        initial += generate_carts(
            generated_carts, seed=seed, newest=_GENERATED_NEWEST, taken=self._hashes
        )
        for cart in initial:
            self._store(cart)

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
        """Add a new ORDER, HOLD or SHIP cart whose items start as a shopper's order does."""
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

    def add_company(self, company_id: int, name: str, *, slug: str | None) -> FakeCompany:
        """Add a company for the store finder."""
        with self.lock:
            company = FakeCompany(company_id, name, slug or "-".join(name.lower().split()))
            self.headless.companies[company_id] = company
            return company

    def add_store(
        self,
        store_id: int,
        name: str,
        *,
        tax_rate: Decimal,
        company_id: int = 99,
        lat: Decimal | None = None,
        lng: Decimal | None = None,
        bopis: bool = True,
        ropis: bool = True,
        sdd: bool = False,
    ) -> FakeStore:
        """Add a store that sells through headless carts."""
        with self.lock:
            store = FakeStore(
                store_id,
                name,
                tax_rate=tax_rate,
                company_id=company_id,
                bopis=bopis,
                ropis=ropis,
                sdd=sdd,
            )
            if lat is not None:
                store.lat = lat
            if lng is not None:
                store.lng = lng
            self.headless.stores[store_id] = store
            return store

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
        """Stock ``qty_available`` units of a product at a store."""
        with self.lock:
            product = FakeProduct(
                upc, name, price, qty_available, style=style, stock_status=stock_status
            )
            self.headless.products[(store_id, upc)] = product
            return product

    def expire_sessions(self) -> None:
        """Expire every headless session now."""
        with self.lock:
            past = self.now() - _dt.timedelta(seconds=1)
            self.headless.sessions = {
                sid: (cart, past) for sid, (cart, _) in self.headless.sessions.items()
            }

    def auto_reject(self, cart_hash: str) -> list[str]:
        """Let the 2-hour window pass: every item still ordered or received is auto-cancelled."""
        with self.lock:
            cart = self.carts[cart_hash]
            expired = [
                item for item in cart.items if PUSHCART.normalize(item.status) in AWAITING_RETAILER
            ]
            for item in expired:
                item.status = AUTO_CANCELLED_LABEL
                item.order_resolution = "DECLINED"
            if expired:
                cart.updated_at = self.now()
            return [item.upc for item in expired]

    def advance_ship_to_store(self, cart_hash: str, upc: str, status: str) -> None:
        """Move a Ship-to-Store item to ``status`` if its lifecycle allows it, else raise."""
        with self.lock:
            item = next(i for i in self.carts[cart_hash].items if i.upc == upc)
            SHIP_TO_STORE.check(item.sts_status or "pending brand", status)
            target = SHIP_TO_STORE.normalize(status)
            item.sts_status = STS_LABELS[target]
            if target == "picked up":
                item.disbursement_retail = item.split_retailer
            self.carts[cart_hash].updated_at = self.now()
