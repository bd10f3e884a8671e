"""What the fake's headless API holds: companies, stores, stock, sessions and open carts.

An open cart lives here until it is ordered; then it leaves this state and becomes an ORDER
or HOLD cart that the Carts API v2 endpoints list.  Stores have coordinates and a company, so
the store finder can answer by distance from a map centre.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "FakeCompany",
    "FakeProduct",
    "FakeStore",
    "HeadlessCart",
    "HeadlessLine",
    "HeadlessState",
    "ShopperGeo",
]


@dataclass
class FakeCompany:
    """A company whose stores the store finder shows."""

    id: int
    name: str
    slug: str
    logo: str = "image.jpg"


@dataclass
class ShopperGeo:
    """Where the fake places every shopper (``user_geo`` of ``conversion/start``)."""

    lat: Decimal = Decimal("41.8756719")
    lng: Decimal = Decimal("-87.6243469")
    city_label: str = "Chicago, IL"
    country: str = "US"
    distance_unit: str = "mi"


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
    sdd: bool = False
    lat: Decimal = Decimal("41.91136867")
    lng: Decimal = Decimal("-87.67771437")
    phone: str = "(555) 555-5555"
    company_id: int = 99
    vendor_id: str = ""


@dataclass
class FakeProduct:
    """A product a store has in stock."""

    upc: str
    name: str
    price: Decimal
    qty_available: int
    brand: str = "ACME Outfitters"
    product_id: int = 999999
    style: str = "99999"
    #: What the store finder reports; None derives it from the store's options.
    stock_status: str | None = None


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
    #: Companies by id; stores name theirs in ``company_id``.
    companies: dict[int, FakeCompany] = field(default_factory=dict[int, FakeCompany])
    #: Where every shopper is, for ``conversion/start``.
    shopper: ShopperGeo = field(default_factory=ShopperGeo)
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
        """The store and products of Locally's documentation sample, plus a second product.

        Two more stores of the same company, in Evanston (about 9 miles north of the sample
        store) and Milwaukee (about 80 miles), give the store finder distances to tell apart.
        """
        self.companies[99] = FakeCompany(99, "ACME Outfitters", "acme-outfitters")
        self.stores[99999] = FakeStore(99999, "ACME Oufitters Chicago")
        self.stores[99998] = FakeStore(
            99998,
            "ACME Outfitters Evanston",
            address="1700 Sherman Ave",
            city="Evanston",
            zip="60201",
            lat=Decimal("42.04615"),
            lng=Decimal("-87.68194"),
            bopis=False,
        )
        self.stores[99997] = FakeStore(
            99997,
            "ACME Outfitters Milwaukee",
            address="275 W Wisconsin Ave",
            city="Milwaukee",
            state="WI",
            zip="53203",
            lat=Decimal("43.03880"),
            lng=Decimal("-87.91470"),
            sdd=True,
        )
        widget = ("000000000000", "ACME Outfitters Widget", Decimal("100.00"))
        headlamp = ("012345678905", "Headlamp 400", Decimal("44.95"))
        self.products[(99999, widget[0])] = FakeProduct(*widget, 10)
        self.products[(99999, headlamp[0])] = FakeProduct(
            *headlamp, 3, product_id=100200, style="HL400"
        )
        self.products[(99998, headlamp[0])] = FakeProduct(
            *headlamp, 5, product_id=100200, style="HL400"
        )
        self.products[(99997, widget[0])] = FakeProduct(*widget, 2)

    def new_id(self) -> int:
        """A fresh id for a cart or a line."""
        self.next_id += 1
        return self.next_id
