"""The fake's status-update endpoints: ``POST /api/v2/cart/{hash}/{upc}`` and ``/cart/{hash}``.

One endpoint serves three flows, told apart by the body: ``sts_status`` (Ship-to-Store),
``date`` (a Cart-to-Cart outcome) or ``status`` alone (PushCart).  Moves are checked with the
same state machines the clients use (:mod:`locally.lifecycle`); an illegal one is answered as
Locally does, HTTP 200 with ``{"status": false, "message": ...}``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import httpx

from ..lifecycle import PUSHCART, SHIP_TO_STORE
from ._carts import PUSHCART_LABELS, STS_LABELS, FakeCart, FakeItem, format_time
from ._fake_state import FakeState
from ._router import Route, json_response, v2_failure

__all__ = ["ROUTES"]

_C2C_OUTCOMES = {"confirmed", "abandoned", "refunded"}
_REFUND_WINDOW = _dt.timedelta(days=30)
_OK = {"status": True}


def _refused(message: str) -> httpx.Response:
    return json_response(200, {"status": False, "message": message})


def _body(request: httpx.Request) -> dict[str, Any] | None:
    try:
        body: object = json.loads(request.content or b"{}")
    except ValueError:
        return None
    return cast("dict[str, Any]", body) if isinstance(body, dict) else None


def _find_item(cart: FakeCart, upc: str) -> FakeItem | None:
    return next((i for i in cart.items if i.upc == upc or upc in i.alias), None)


def _message(state: FakeState, item: FakeItem, sender: str, text: str) -> None:
    item.messages.append(
        {"sender": sender, "description": text, "created_at": format_time(state.now())}
    )


def _ship_to_store(
    state: FakeState, cart: FakeCart, item: FakeItem, body: dict[str, Any]
) -> httpx.Response:
    if cart.type.upper() != "SHIP":
        return _refused(f"Cart {cart.hash} is not a Ship-to-Store order")
    target = SHIP_TO_STORE.normalize(body["sts_status"])
    if target not in {"confirmed", "rejected", "processing", "shipped"}:
        return _refused(f"Unknown sts_status {body['sts_status']!r}")
    current = item.sts_status or "pending brand"
    if SHIP_TO_STORE.normalize(current) == target:
        # Setting the status an item already has changes nothing: a retried update succeeds.
        return json_response(200, _OK)
    if not SHIP_TO_STORE.can_move(current, target):
        return _refused(f"Cannot change sts_status from {current!r} to {body['sts_status']!r}")
    if target == "rejected" and not str(body.get("reason") or "").strip():
        return _refused("A reason is required to reject an order")
    item.sts_status = STS_LABELS[target]
    if target == "rejected":
        item.resolution_notes = str(body["reason"])
    if target == "shipped":
        item.disbursement_brand = item.split_brand
        if body.get("message"):
            _message(state, item, "brand", str(body["message"]))
    _message(state, item, "locally", f"{item.name} is now {STS_LABELS[target].lower()}.")
    cart.updated_at = state.now()
    return json_response(200, _OK)


def _pushcart(
    state: FakeState, cart: FakeCart, item: FakeItem, body: dict[str, Any]
) -> httpx.Response:
    target = PUSHCART.normalize(body.get("status", ""))
    if target not in PUSHCART_LABELS or target == "ordered":
        return _refused(f"Unknown status {body.get('status')!r}")
    if PUSHCART.normalize(item.status) == target:
        return json_response(200, _OK)
    if not PUSHCART.can_move(item.status, target):
        return _refused(f"Cannot change status from {item.status!r} to {body['status']!r}")
    if target == "rejected" and not str(body.get("reason") or "").strip():
        return _refused("A reason is required to reject an order")
    if target == "received" and body.get("fulfillment_url"):
        item.fulfillment_url = str(body["fulfillment_url"])
    if target == "refund":
        try:
            amount = Decimal(str(body.get("refund_amount")))
        except InvalidOperation:
            return _refused("refund_amount must be a number")
        if not amount.is_finite() or amount <= 0 or amount > item.item_total():
            return _refused(f"refund_amount must be between 0 and {item.item_total()}")
        item.refunded_amount = amount
    if target == "rejected":
        item.resolution_notes = str(body["reason"])
        item.order_resolution = "DECLINED"
    if target == "confirmed":
        item.order_resolution = "SUCCESS"
    item.status = PUSHCART_LABELS[target]
    cart.updated_at = state.now()
    return json_response(200, _OK)


def _c2c_outcome(
    state: FakeState, cart: FakeCart, items: list[FakeItem], body: dict[str, Any]
) -> httpx.Response:
    outcome = str(body.get("status") or "confirmed").casefold()
    if outcome not in _C2C_OUTCOMES:
        return _refused(f"Unknown status {body.get('status')!r}")
    try:
        when = _dt.datetime.fromisoformat(str(body.get("date", "")).replace("Z", "+00:00"))
    except ValueError:
        return _refused(f"Invalid date {body.get('date')!r}")
    placed = cart.ordered_at.replace(tzinfo=_dt.timezone.utc)
    if outcome == "refunded" and when - placed > _REFUND_WINDOW:
        return _refused("Refunds can be reported for up to 30 days after the order")
    for item in items:
        item.order_resolution = outcome.upper()
    cart.updated_at = state.now()
    return json_response(200, _OK)


def _target(
    state: FakeState, request: httpx.Request, match: re.Match[str]
) -> tuple[dict[str, Any], FakeCart] | httpx.Response:
    body = _body(request)
    if body is None:
        return v2_failure(400, "The body must be a JSON object")
    cart = state.carts.get(match.group("hash"))
    if cart is None:
        return v2_failure(404, f"Cart {match.group('hash')} not found")
    return body, cart


def update_item(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """Apply a PushCart, Ship-to-Store or Cart-to-Cart update to one item."""
    with state.lock:
        found = _target(state, request, match)
        if isinstance(found, httpx.Response):
            return found
        body, cart = found
        item = _find_item(cart, match.group("upc"))
        if item is None:
            return v2_failure(404, f"Item {match.group('upc')} is not in cart {cart.hash}")
        if "sts_status" in body:
            return _ship_to_store(state, cart, item, body)
        if "date" in body:
            return _c2c_outcome(state, cart, [item], body)
        return _pushcart(state, cart, item, body)


def update_cart(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """Record a Cart-to-Cart outcome for a whole cart."""
    with state.lock:
        found = _target(state, request, match)
        if isinstance(found, httpx.Response):
            return found
        body, cart = found
        return _c2c_outcome(state, cart, cart.items, body)


ROUTES = [
    Route("POST", re.compile(r"/api/v2/cart/(?P<hash>[^/]+)/(?P<upc>[^/]+)/?"), update_item),
    Route("POST", re.compile(r"/api/v2/cart/(?P<hash>[^/]+)/?"), update_cart),
]
