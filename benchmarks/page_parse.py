"""Parsing one 50-cart page of ``GET /api/v2/carts``: the SDK's model vs ``json.loads`` alone."""

from __future__ import annotations

import json

from locally import CartPage
from locally.testing import FakeLocally

from ._measure import Result, interleaved


def page_body() -> bytes:
    """The bytes of a full page as the fake serves it (50 carts, one or more items each)."""
    fake = FakeLocally(generated_carts=60, include_samples=False)
    with fake.client() as client:
        return client.carts.with_raw_response.list_page(0).http_response.content


def run() -> Result:
    body = page_body()
    assert len(CartPage.model_validate_json(body).carts) == 50
    sdk_time, base_time = interleaved(
        lambda: CartPage.model_validate_json(body), lambda: json.loads(body), calls=100, rounds=15
    )
    return Result(
        "parse a 50-cart page (validate_json)",
        sdk_time * 1e6,
        base_time * 1e6,
        "us",
        "<=",
        1.5,
        note=f"{len(body):,} bytes",
    )
