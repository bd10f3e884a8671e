"""What the fake's headless cart API holds: stores, stock, sessions and open carts.

An open cart lives here until it is ordered; then it leaves this state and becomes an ORDER
or HOLD cart that the Carts API v2 endpoints list.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["FakeProduct", "FakeStore", "HeadlessCart", "HeadlessLine", "HeadlessState"]


@dataclass
class FakeStore:
    """A store that sells through headless carts."""

    id: int
    name: str
    tax_rate: Decimal = Decimal("10.25")
    address: str = "123 ACME St."
    city: str = "Chicago"
    state: str = "IL"
    zip: str = "60605"
    country: str = "US"
    opens: int = 1100
    closes: int = 1900
    bopis: bool = True
    ropis: bool = True


@dataclass
class FakeProduct:
    """A product a store has in stock."""

    upc: str
    name: str
    price: Decimal
    qty_available: int
    brand: str = "ACME Outfitters"
    product_id: int = 999999


@dataclass
class HeadlessLine:
    """One line of an open headless cart."""

    id: int
    upc: str
    qty: int


@dataclass
class HeadlessCart:
    """A headless cart not yet ordered: one store, buy (BOPIS) or hold (ROPIS)."""

    id: int
    hash: str
    jwt: str
    hold: bool
    origin: str
    store_id: int
    lines: list[HeadlessLine] = field(default_factory=list[HeadlessLine])


@dataclass
class HeadlessState:
    """Stores, stock, sessions and open headless carts of a fake."""

    session_ttl: _dt.timedelta = _dt.timedelta(minutes=30)
    stores: dict[int, FakeStore] = field(default_factory=dict[int, FakeStore])
    #: Stock by ``(store_id, upc)``.
    products: dict[tuple[int, str], FakeProduct] = field(
        default_factory=dict[tuple[int, str], FakeProduct]
    )
    #: The cart hash (if any) and expiry time of each session id.
    sessions: dict[str, tuple[str | None, _dt.datetime]] = field(
        default_factory=dict[str, tuple[str | None, _dt.datetime]]
    )
    #: Open carts by hash.
    carts: dict[str, HeadlessCart] = field(default_factory=dict[str, HeadlessCart])
    #: The cart hash each cart JWT stands for.
    jwts: dict[str, str] = field(default_factory=dict[str, str])
    next_id: int = 1000

    def seed(self) -> None:
        """The store and products of Locally's documentation sample, plus a second product."""
        self.stores[99999] = FakeStore(99999, "ACME Oufitters Chicago")
        self.products[(99999, "000000000000")] = FakeProduct(
            "000000000000", "ACME Outfitters Widget", Decimal("100.00"), 10
        )
        self.products[(99999, "012345678905")] = FakeProduct(
            "012345678905", "Headlamp 400", Decimal("44.95"), 3, product_id=100200
        )

    def new_id(self) -> int:
        """A fresh id for a cart or a line."""
        self.next_id += 1
        return self.next_id
