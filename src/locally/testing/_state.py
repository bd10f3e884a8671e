"""The in-memory state of :class:`~locally.testing.FakeLocally`: carts and their items.

Carts are held as plain dataclasses and rendered in the exact shapes the Carts API v2 uses:
the list summary (``GET /api/v2/carts``) with numeric totals, and the detail
(``GET /api/v2/cart/{hash}``) with money as strings such as "2,262.74".
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import string
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

__all__ = ["FakeCart", "FakeItem", "generate_carts", "sample_carts"]

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_CENT = Decimal("0.01")


def format_time(value: _dt.datetime | None) -> str:
    """Render a datetime the way the Carts API does ("" for none)."""
    return value.strftime(_TIME_FORMAT) if value is not None else ""


def format_money(value: Decimal | None) -> str:
    """Render money the way the cart detail does: "2,262.74"."""
    return f"{value.quantize(_CENT):,}" if value is not None else ""


def _parse_time(value: str) -> _dt.datetime | None:
    return _dt.datetime.strptime(value, _TIME_FORMAT) if value else None


def _parse_money(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value).replace(",", ""))


@dataclass
class FakeItem:
    """One line of a fake cart."""

    upc: str
    name: str = "Sample product"
    brand: str = "Sample Brand"
    product_id: int = 100000
    qty: int = 1
    currency: str = "USD"
    msrp: Decimal = Decimal("100.00")
    product_price: Decimal | None = None
    tax_rate: Decimal = Decimal("0")
    tax: Decimal = Decimal("0")
    commission: Decimal = Decimal("0")
    total: Decimal | None = None
    status: str = "Ordered"
    sts_status: str = ""
    order_resolution: str = ""
    resolution_notes: str = ""
    attrib_1: str = ""
    attrib_2: str = ""
    alias: list[str] = field(default_factory=list[str])
    messages: list[dict[str, str]] = field(default_factory=list[dict[str, str]])
    #: Where the retailer said it fulfils the order (PushCart ``received``).
    fulfillment_url: str = ""
    #: The amount refunded (PushCart ``refund``).
    refunded_amount: Decimal | None = None
    #: Ship-to-Store revenue splits, and what has become payable of them.
    split_brand: Decimal | None = None
    split_retailer: Decimal | None = None
    disbursement_brand: Decimal | None = None
    disbursement_retail: Decimal | None = None
    #: Fields rendered verbatim in the detail payload (for docs samples with extra fields).
    extra: dict[str, Any] = field(default_factory=dict[str, Any])

    def item_total(self) -> Decimal:
        """The line total: ``total`` when set, else price x qty + tax."""
        if self.total is not None:
            return self.total
        return (self.product_price or self.msrp) * self.qty + self.tax

    def summary(self) -> dict[str, Any]:
        """The item as listed in ``GET /api/v2/carts``."""
        return {
            "currency": self.currency,
            "total": self.item_total(),
            "status": self.status,
            "sts_status": self.sts_status,
            "qty": self.qty,
            "product_id": self.product_id,
            "order_resolution": self.order_resolution,
            "upc": self.upc,
            "alias": list(self.alias),
        }

    def detail(self) -> dict[str, Any]:
        """The item as shown by ``GET /api/v2/cart/{hash}``."""
        price = self.product_price or self.msrp
        payload: dict[str, Any] = {
            "status": self.status,
            "sts_status": self.sts_status or False,
            "product_id": self.product_id,
            "qty": self.qty,
            "brand": self.brand,
            "upc": self.upc,
            "alias": list(self.alias),
            "name": self.name,
            "attrib_1": self.attrib_1,
            "attrib_2": self.attrib_2,
            "currency": self.currency,
            "msrp": format_money(self.msrp),
            "product_price": format_money(price),
            "subtotal": format_money(price * self.qty),
            "tax": format_money(self.tax),
            "tax_rate": str(self.tax_rate),
            "tax_remitted": self.tax > 0,
            "commission": format_money(self.commission),
            "total": format_money(self.item_total()),
            "order_resolution": self.order_resolution,
            "resolution_notes": self.resolution_notes,
            "messages": [dict(m) for m in self.messages],
        }
        if self.split_brand is not None or self.split_retailer is not None:
            payload["split_brand"] = format_money(self.split_brand)
            payload["split_retailer"] = format_money(self.split_retailer)
            payload["disbursement_brand"] = format_money(self.disbursement_brand or Decimal(0))
            payload["disbursement_retail"] = format_money(self.disbursement_retail or Decimal(0))
        payload.update(self.extra)
        return payload


@dataclass
class FakeCart:
    """A fake cart: properties, customer, store and items."""

    hash: str
    type: str
    ordered_at: _dt.datetime
    items: list[FakeItem]
    source: str = "From Locally.com"
    updated_at: _dt.datetime | None = None
    delivery_status: str = ""
    pickup_window: _dt.datetime | None = None
    customer: dict[str, Any] = field(default_factory=dict[str, Any])
    store: dict[str, Any] = field(default_factory=dict[str, Any])

    def summary(self) -> dict[str, Any]:
        """The cart as listed in ``GET /api/v2/carts``."""
        return {
            "hash": self.hash,
            "type": self.type,
            "source": self.source,
            "n_items": len(self.items),
            "ordered_at": format_time(self.ordered_at),
            "updated_at": format_time(self.updated_at or self.ordered_at),
            "delivery_status": self.delivery_status,
            "pickup_window": format_time(self.pickup_window),
            "items": [item.summary() for item in self.items],
        }

    def detail(self, now: _dt.datetime) -> dict[str, Any]:
        """The full ``GET /api/v2/cart/{hash}`` reply."""
        return {
            "status": True,
            "properties": {
                "date_time": format_time(now),
                "type": self.type,
                "hash": self.hash,
                "pickup_window": format_time(self.pickup_window),
                "ordered_at": format_time(self.ordered_at),
                "updated_at": format_time(self.updated_at or self.ordered_at),
                "delivery_status": self.delivery_status,
                "invoice": f"https://www.locally.com/order/{self.hash}/INVOICE?print=1",
            },
            "customer": dict(self.customer),
            "store": dict(self.store),
            "items": [item.detail() for item in self.items],
        }


def _load_sample(name: str) -> dict[str, Any]:
    text = resources.files("locally.testing").joinpath("samples").joinpath(name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_ITEM_DETAIL_KEYS = {"tax_remitted", "disbursement", "subtotal", "product_price"}


def sample_carts() -> list[FakeCart]:
    """The carts from Locally's documentation (``03-ship-to-store``): O3V36, 4RT36 and PDQE89."""
    listing = _load_sample("carts_page.json")
    detail = _load_sample("cart_detail.json")
    carts: list[FakeCart] = []
    for raw in listing["carts"]:
        items = [
            FakeItem(
                upc=item["upc"],
                product_id=item["product_id"],
                qty=item["qty"],
                currency=item["currency"],
                msrp=Decimal(str(item["total"])),
                total=Decimal(str(item["total"])),
                status=item["status"],
                sts_status=item["sts_status"],
                order_resolution=item["order_resolution"],
                alias=list(item["alias"]),
            )
            for item in raw["items"]
        ]
        carts.append(
            FakeCart(
                hash=raw["hash"],
                type=raw["type"],
                source=raw["source"],
                ordered_at=_dt.datetime.strptime(raw["ordered_at"], _TIME_FORMAT),
                updated_at=_parse_time(raw["updated_at"]),
                delivery_status=raw["delivery_status"],
                pickup_window=_parse_time(raw["pickup_window"]),
                items=items,
            )
        )
    props = detail["properties"]
    detail_items: list[FakeItem] = []
    for item in detail["items"]:
        extra = {key: item[key] for key in _ITEM_DETAIL_KEYS if key in item}
        detail_items.append(
            FakeItem(
                upc=item["upc"],
                name=item["name"],
                brand=item["brand"],
                product_id=item["product_id"],
                qty=item["qty"],
                currency=item["currency"],
                msrp=_parse_money(item["msrp"]) or Decimal(0),
                tax=_parse_money(item["tax"]) or Decimal(0),
                commission=_parse_money(item["commission"]) or Decimal(0),
                total=_parse_money(item["total"]),
                status=item["status"],
                sts_status=item["sts_status"],
                order_resolution=item["order_resolution"],
                resolution_notes=item["resolution_notes"],
                attrib_1=item["attrib_1"],
                attrib_2=item["attrib_2"],
                alias=list(item["alias"]),
                messages=[dict(m) for m in item["messages"]],
                extra=extra,
            )
        )
    carts.append(
        FakeCart(
            hash=props["hash"],
            type=props["type"],
            # The sample has no ordered_at; its first message is when the order came in.
            ordered_at=_dt.datetime.strptime(
                detail["items"][0]["messages"][0]["created_at"], _TIME_FORMAT
            ),
            updated_at=_parse_time(props["updated_at"]),
            delivery_status=props["delivery_status"],
            pickup_window=_parse_time(props["pickup_window"]),
            customer=dict(detail["customer"]),
            store=dict(detail["store"]),
            items=detail_items,
        )
    )
    return carts


_FIRST_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hiro", "Iris", "Jon"]
_LAST_NAMES = ["Ito", "Khan", "Lopez", "Meyer", "Nowak", "Okafor", "Park", "Quinn", "Rossi"]
_PRODUCTS = [
    ("Trail Runner 3", "Summit Shoes", Decimal("129.99")),
    ("Merino Base Layer", "Ridge Apparel", Decimal("89.50")),
    ("City E-Bike", "Tron Bicycles", Decimal("2099.99")),
    ("Headlamp 400", "Lumen Gear", Decimal("44.95")),
    ("Rain Shell", "Ridge Apparel", Decimal("219.00")),
    ("Camp Stove", "Basecamp Co", Decimal("74.25")),
]
_STORE = {
    "name": "Hypercat Cycleworks",
    "address": "555 University Ave",
    "phone": "222-333-4444",
    "city": "Ventura",
    "state": "CA",
    "zip": "93003",
    "country": "US",
    "store_id": 128943,
    "vendor_id": 0,
}


def ship_to_store_splits(total: Decimal, brand_percent: Decimal = Decimal(70)) -> dict[str, Any]:
    """The brand's and the retailer's split of ``total`` for a Ship-to-Store item."""
    brand = (total * brand_percent / 100).quantize(_CENT)
    return {"split_brand": brand, "split_retailer": total - brand}


def random_upc(rng: random.Random) -> str:
    """A 12-digit UPC-A with a valid check digit."""
    digits = [rng.randrange(10) for _ in range(11)]
    odd = sum(digits[0::2])
    even = sum(digits[1::2])
    check = (10 - (odd * 3 + even) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def random_hash(rng: random.Random, taken: set[str]) -> str:
    """A cart hash like Locally's (six upper-case letters and digits), unique in ``taken``."""
    alphabet = string.ascii_uppercase + string.digits
    while True:
        candidate = "".join(rng.choice(alphabet) for _ in range(6))
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def generate_carts(
    count: int, *, seed: int, newest: _dt.datetime, taken: set[str]
) -> list[FakeCart]:
    """``count`` plausible carts, one every 37 minutes back from ``newest``; deterministic."""
    rng = random.Random(seed)
    carts: list[FakeCart] = []
    for index in range(count):
        ordered_at = newest - _dt.timedelta(minutes=37 * (index + 1))
        kind = rng.choice(["ORDER", "HOLD", "SHIP"])
        items: list[FakeItem] = []
        for _ in range(rng.randint(1, 3)):
            name, brand, price = rng.choice(_PRODUCTS)
            qty = rng.randint(1, 2)
            tax_rate = Decimal("7.25") if kind == "ORDER" else Decimal("0")
            tax = (price * qty * tax_rate / 100).quantize(_CENT)
            items.append(
                FakeItem(
                    upc=random_upc(rng),
                    name=name,
                    brand=brand,
                    product_id=rng.randint(100000, 999999),
                    qty=qty,
                    msrp=price,
                    tax_rate=tax_rate,
                    tax=tax,
                    commission=(price * qty * Decimal("0.035")).quantize(_CENT),
                    status="Ordered",
                    sts_status="Pending Brand" if kind == "SHIP" else "",
                    **(ship_to_store_splits(price * qty) if kind == "SHIP" else {}),
                )
            )
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        carts.append(
            FakeCart(
                hash=random_hash(rng, taken),
                type=kind,
                ordered_at=ordered_at,
                items=items,
                customer={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{first.lower()}.{last.lower()}@example.com",
                    "phone": f"+1805555{rng.randint(1000, 9999)}",
                },
                store=dict(_STORE),
            )
        )
    return carts
