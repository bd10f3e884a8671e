"""Parsing one 50-cart page of ``GET /api/v2/carts``: the SDK's model vs ``json.loads`` alone.

A third measurement gives the floor for any SDK bound by ``DESIGN.md``: plain pydantic models
of the same page with only what the design requires (money as ``Decimal``, datetimes parsed,
unknown fields kept), statuses left as plain strings and blank values left as they come.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from locally import CartPage
from locally.testing import FakeLocally

from ._measure import Result, interleaved


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


def run() -> Result:
    body = page_body()
    assert len(CartPage.model_validate_json(body).carts) == 50
    assert len(_FloorPage.model_validate_json(body).carts) == 50
    sdk_time, base_time = interleaved(
        lambda: CartPage.model_validate_json(body), lambda: json.loads(body), calls=100, rounds=15
    )
    floor_time, floor_base = interleaved(
        lambda: _FloorPage.model_validate_json(body),
        lambda: json.loads(body),
        calls=100,
        rounds=15,
    )
    return Result(
        "parse a 50-cart page (validate_json)",
        sdk_time * 1e6,
        base_time * 1e6,
        "us",
        "<=",
        1.5,
        note=f"{len(body):,} bytes; design floor {floor_time / floor_base:.2f}x",
    )
