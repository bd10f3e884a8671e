"""The carts a :class:`~locally.testing.FakeLocally` holds, and how the Carts API renders them.

Carts are plain dataclasses rendered in the exact shapes the Carts API v2 uses: the list
summary (``GET /api/v2/carts``) with numeric totals, and the detail (``GET /api/v2/cart/{hash}``)
with money as strings such as "2,262.74".
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = [
    "PUSHCART_LABELS",
    "STS_LABELS",
    "TIME_FORMAT",
    "FakeCart",
    "FakeItem",
    "format_money",
    "format_time",
    "ship_to_store_splits",
]

#: How the Carts API writes a timestamp.
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_CENT = Decimal("0.01")

#: How the carts API spells each PushCart state.
PUSHCART_LABELS = {
    "ordered": "Ordered",
    "received": "Received",
    "confirmed": "Confirmed",
    "rejected": "Canceled",
    "fulfilled": "Fulfilled",
    "refund": "Refunded",
}
#: How the carts API spells each Ship-to-Store state.
STS_LABELS = {
    "pending brand": "Pending Brand",
    "confirmed": "Confirmed",
    "rejected": "Rejected",
    "processing": "Processing",
    "shipped": "Shipped",
    "ready for pickup": "Ready for Pickup",
    "picked up": "Picked Up",
    "refunded": "Refunded",
}


def format_time(value: _dt.datetime | None) -> str:
    """Render a datetime the way the Carts API does ("" for none)."""
    return value.strftime(TIME_FORMAT) if value is not None else ""


def format_money(value: Decimal | None) -> str:
    """Render money the way the cart detail does: "2,262.74"."""
    return f"{value.quantize(_CENT):,}" if value is not None else ""


def ship_to_store_splits(total: Decimal, brand_percent: Decimal = Decimal(70)) -> dict[str, Any]:
    """The brand's and the retailer's split of ``total`` for a Ship-to-Store item."""
    brand = (total * brand_percent / 100).quantize(_CENT)
    return {"split_brand": brand, "split_retailer": total - brand}


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
