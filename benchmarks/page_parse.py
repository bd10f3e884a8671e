"""Parsing one 50-cart page of ``GET /api/v2/carts``: the SDK's model vs ``json.loads`` alone.

A third measurement gives the floor for any SDK bound by ``DESIGN.md``: plain pydantic models
of the same page with only what the design requires (money as ``Decimal``, datetimes parsed,
unknown fields kept), statuses left as plain strings and blank values left as they come.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from locally import CartPage
from locally.testing import FakeLocally

from ._measure import Result, alternate, per_call

#: The SDK's page model may cost at most this much more than the design floor: what the design
#: requires beyond it (case-insensitive statuses kept when unknown, "" read as None, amounts
#: such as "2,262.74") measures about 0.2x of json.loads on top of the floor's ~1.55x.
FLOOR_GOAL = 1.25


class _Plain(BaseModel):
    model_config = ConfigDict(extra="allow", cache_strings="keys")


class _FloorItem(_Plain):
    currency: str | None = None
    total: Decimal | None = None
    status: str | None = None
    sts_status: str | None = None
    qty: int = 0
    product_id: int | None = None
    order_resolution: str | None = None
    upc: str = ""
    alias: list[str] = []


class _FloorCart(_Plain):
    hash: str
    type: str | None = None
    source: str | None = None
    n_items: int = 0
    ordered_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    delivery_status: str | None = None
    pickup_window: str | None = None
    items: list[_FloorItem] = []


class _FloorProperties(_Plain):
    date_time: dt.datetime | None = None
    current_page: int = 0
    total_pages: int = 0


class _FloorPage(_Plain):
    status: bool = True
    message: str | None = None
    properties: _FloorProperties | None = None
    carts: list[_FloorCart] = []


def page_body() -> bytes:
    """The bytes of a full page as the fake serves it (50 carts, one or more items each)."""
    fake = FakeLocally(generated_carts=60, include_samples=False)
    with fake.client() as client:
        return client.carts.with_raw_response.list_page(0).http_response.content


def run() -> list[Result]:
    body = page_body()
    assert len(CartPage.model_validate_json(body).carts) == 50
    assert len(_FloorPage.model_validate_json(body).carts) == 50

    def sdk() -> object:
        return CartPage.model_validate_json(body)

    def floor() -> object:
        return _FloorPage.model_validate_json(body)

    def raw() -> object:
        return json.loads(body)

    for _ in range(20):  # warm up
        sdk(), floor(), raw()
    vs_json = alternate(per_call(sdk, 100), per_call(raw, 100), rounds=15)
    vs_floor = alternate(per_call(sdk, 100), per_call(floor, 100), rounds=15)
    floor_vs_json = alternate(per_call(floor, 100), per_call(raw, 100), rounds=15)
    floor_ratio = statistics.median(floor_vs_json.ratios())
    return [
        vs_json.row(
            "parse a 50-cart page vs json.loads",
            unit="us",
            scale=1e6,
            goal=None,
            note=f"{len(body):,} bytes; the design floor alone is {floor_ratio:.2f}x",
        ),
        vs_floor.row(
            "parse a 50-cart page vs the design floor",
            unit="us",
            scale=1e6,
            goal=FLOOR_GOAL,
            note="plain models with only what DESIGN.md requires",
        ),
    ]
