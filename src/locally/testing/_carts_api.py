"""The fake's Carts API v2 read endpoints: ``GET /api/v2/carts/{page}`` and ``/cart/{hash}``."""

from __future__ import annotations

import math
import re

import httpx

from ._carts import format_time
from ._fake_state import FakeState
from ._router import Route, json_response, v2_failure

__all__ = ["PAGE_SIZE", "ROUTES"]

PAGE_SIZE = 50


def list_carts(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """One page of carts, newest first."""
    page = int(match.group("page") or 0)
    with state.lock:
        ordered = state.carts_newest_first()
        total_pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
        chunk = ordered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        payload = {
            "status": True,
            "properties": {
                "date_time": format_time(state.now()),
                "current_page": page,
                "total_pages": total_pages,
            },
            "carts": [cart.summary() for cart in chunk],
        }
    return json_response(200, payload)


def get_cart(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """One cart in full."""
    with state.lock:
        cart = state.carts.get(match.group("hash"))
        if cart is None:
            return v2_failure(404, f"Cart {match.group('hash')} not found")
        return json_response(200, cart.detail(state.now()))


ROUTES = [
    Route("GET", re.compile(r"/api/v2/carts(?:/(?P<page>\d+))?/?"), list_carts),
    Route("GET", re.compile(r"/api/v2/cart/(?P<hash>[^/]+)/?"), get_cart),
]
