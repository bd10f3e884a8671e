"""The carts a :class:`~locally.testing.FakeLocally` starts with.

The documentation's sample carts (O3V36, 4RT36 and PDQE89, from the JSON in ``samples/``) and
generated ones that are deterministic for a seed.  The samples are Locally's, except that their
email addresses, which the published pages show obscured, read as ``example.com`` addresses.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import string
from decimal import Decimal
from importlib import resources
from typing import Any

from ._carts import TIME_FORMAT, FakeCart, FakeItem, ship_to_store_splits

__all__ = ["DEMO_STORE", "generate_carts", "random_hash", "random_upc", "sample_carts"]

_CENT = Decimal("0.01")


def _parse_time(value: str) -> _dt.datetime | None:
    return _dt.datetime.strptime(value, TIME_FORMAT) if value else None


def _parse_money(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value).replace(",", ""))


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
                ordered_at=_dt.datetime.strptime(raw["ordered_at"], TIME_FORMAT),
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
                detail["items"][0]["messages"][0]["created_at"], TIME_FORMAT
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
#: The store of the generated carts (the one in Locally's sample cart).
DEMO_STORE = {
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
                store=dict(DEMO_STORE),
            )
        )
    return carts
