"""The fake's headless cart API: sessions, JWTs, stock, tax, and orders that become carts.

Sessions expire after ``session_ttl`` of the fake's clock; a call with an expired (or no)
session id gets a new one back, as Locally does.  The cart JWT never expires and finds the
cart from any session.  Orders create ``ORDER`` (BOPIS) or ``HOLD`` (ROPIS) carts that the
Carts API v2 endpoints then list.
"""

from __future__ import annotations

import re
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx

from ._carts import FakeItem
from ._fake_state import FakeState
from ._headless_state import FakeStore, HeadlessCart, HeadlessLine
from ._router import Route, json_response

__all__ = ["ROUTES"]

_CENT = Decimal("0.01")
_UNAVAILABLE = "Sorry, this purchase option is no longer available at this store."
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _session(state: FakeState, request: httpx.Request) -> tuple[str, HeadlessCart | None]:
    headless = state.headless
    now = state.now()
    sid = request.headers.get("locally-api-session-id")
    cart_hash: str | None = None
    known = headless.sessions.get(sid) if sid else None
    if sid is None or known is None or known[1] <= now:
        sid = "sess_" + secrets.token_hex(8)
    else:
        cart_hash = known[0]
    jwt = request.headers.get("locally-pl-jwt")
    if jwt and jwt in headless.jwts:
        cart_hash = headless.jwts[jwt]
    headless.sessions[sid] = (cart_hash, now + headless.session_ttl)
    return sid, headless.carts.get(cart_hash) if cart_hash else None


def _bind(state: FakeState, sid: str, cart: HeadlessCart) -> None:
    state.headless.sessions[sid] = (cart.hash, state.now() + state.headless.session_ttl)


def _failure(status: int, msg: str, code: int, sid: str) -> httpx.Response:
    body = {"success": False, "data": {"session": {"id": sid}}, "msg": msg, "error_code": code}
    return json_response(status, body)


def _money(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _store_payload(store: FakeStore) -> dict[str, Any]:
    # The store's options are as add_store set them; "sdd" stays 0 since the fake has no
    # same-day delivery carts.
    hours: dict[str, Any] = {}
    for day in _DAYS:
        hours[f"{day}_time_open"] = store.opens
        hours[f"{day}_time_close"] = store.closes
    return {
        "id": store.id,
        "name": store.name,
        "address": store.address,
        "address_2": "",
        "city": store.city,
        "state": store.state,
        "zip": store.zip,
        "country": store.country,
        "timezone": "America/Chicago",
        **hours,
        "store_hours": [
            {
                "id": n + 1,
                "store_id": store.id,
                "type": 0,
                "dow": n,
                "closed": 0,
                "start_time": store.opens,
                "end_time": store.closes,
                "is_closed": 0,
            }
            for n in range(7)
        ],
        "pickup_time_slots": {"time": None, "days": None},
        "store_vat_details": {"id": store.id, "uses_vat": 0, "sales_tax_label": ""},
        "company_id": store.company_id,
        "lat": str(store.lat),
        "lng": str(store.lng),
        "phone": store.phone,
        "acquisition_options": {"bopis": int(store.bopis), "sdd": 0, "ropis": int(store.ropis)},
    }


def _cart_payload(
    state: FakeState,
    cart: HeadlessCart,
    sid: str,
    *,
    success: bool = True,
    error: str | None = None,
) -> httpx.Response:
    headless = state.headless
    store = headless.stores[cart.store_id]
    items: list[dict[str, Any]] = []
    subtotal_sum = tax_sum = Decimal(0)
    for line in cart.lines:
        product = headless.products[(cart.store_id, line.upc)]
        subtotal = product.price * line.qty
        tax = _money(subtotal * store.tax_rate / 100)
        subtotal_sum += subtotal
        tax_sum += tax
        items.append(
            {
                "id": line.id,
                "qty": line.qty,
                "upc": line.upc,
                "product_name": product.name,
                "product_company_name": product.brand,
                "product_price": product.price,
                "product_id": product.product_id,
                "store_id": store.id,
                "subtotal": subtotal,
                "tax_total": tax,
                "shipping_cost": Decimal(0),
                "grand_total": subtotal + tax,
                "qty_available": product.qty_available,
                "product_currency": "USD",
                "coupon_discount_total": Decimal(0),
                "vat": Decimal(0),
                "tax_rate": store.tax_rate,
                "product": {"id": product.product_id, "name": product.name},
            }
        )
    subtotal, tax_total = subtotal_sum, tax_sum
    body = {
        "success": success,
        "data": {
            "n_in_cart": sum(line.qty for line in cart.lines),
            "cart_hash": cart.hash,
            "cart_content": {
                "user": {"id": cart.id, "email": "", "preferred_country": "US"},
                "cart": {
                    "id": cart.id,
                    "hash": cart.hash,
                    "subtotal": subtotal,
                    "tax_total": tax_total,
                    "shipping_cost_total": Decimal(0),
                    "grand_total": subtotal + tax_total,
                    "origin": cart.origin,
                    "for_hold": int(cart.hold),
                    "cart_currency": "USD",
                    "items": items,
                },
                "country": {"code": "US", "name": "United States", "primary_currency": "USD"},
                "cart_error": error or 0,
                "cart_store": _store_payload(store),
            },
            "delivery_options": None,
            "cart_hash_jwt": cart.jwt,
            "session": {"id": sid},
        },
        "msg": "",
    }
    return json_response(200, body)


def _cart_error(state: FakeState, cart: HeadlessCart | None, sid: str, text: str) -> httpx.Response:
    if cart is None:
        body = {
            "success": False,
            "data": {"cart_content": {"cart_error": text}, "session": {"id": sid}},
            "msg": "",
        }
        return json_response(200, body)
    return _cart_payload(state, cart, sid, success=False, error=text)


def add_item(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """``GET /headless/api/1.0/cart/items/add``."""
    params = request.url.params
    with state.lock:
        headless = state.headless
        sid, cart = _session(state, request)
        missing = [p for p in ("store_id", "upc", "host_domain") if not params.get(p)]
        if missing:
            return _failure(400, f"Missing parameter: {missing[0]}", 0, sid)
        raw_store = params["store_id"]
        store_id = int(raw_store) if raw_store.isascii() and raw_store.isdigit() else -1
        if store_id not in headless.stores:
            return _failure(404, "Store not found", 1329, sid)
        hold = params.get("hold") == "true"
        upc = params["upc"]
        product = headless.products.get((store_id, upc))
        store = headless.stores[store_id]
        offered = store.ropis if hold else store.bopis
        if product is None or product.qty_available < 1 or not offered:
            return _cart_error(state, cart, sid, _UNAVAILABLE)
        if cart is None:
            number = headless.new_id()
            cart_hash = f"HL{number}"
            cart = HeadlessCart(
                number,
                cart_hash,
                "jwt." + secrets.token_urlsafe(16),
                hold,
                params["host_domain"],
                store_id,
            )
            headless.carts[cart_hash] = cart
            headless.jwts[cart.jwt] = cart_hash
        if cart.hold != hold:
            return _cart_error(state, cart, sid, "This cart cannot mix reserve and buy items.")
        if cart.store_id != store_id:
            return _cart_error(state, cart, sid, "Items in a cart must come from one store.")
        line = next((ln for ln in cart.lines if ln.upc == upc), None)
        wanted = (line.qty if line else 0) + 1
        if wanted > product.qty_available:
            return _cart_error(state, cart, sid, f"Only {product.qty_available} available.")
        if line is None:
            cart.lines.append(HeadlessLine(headless.new_id(), upc, 1))
        else:
            line.qty = wanted
        _bind(state, sid, cart)
        return _cart_payload(state, cart, sid)


def get_cart(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """``GET /headless/api/1.0/cart``."""
    with state.lock:
        sid, cart = _session(state, request)
        if cart is None:
            return _failure(404, "Authentication error: User not found.", 1206, sid)
        return _cart_payload(state, cart, sid)


def update_cart(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """``POST /headless/api/1.0/cart?qty[ID]=Q`` or ``?remove_item=ID``."""
    params = request.url.params
    with state.lock:
        sid, cart = _session(state, request)
        if cart is None:
            return _failure(404, "Authentication error: User not found.", 1206, sid)
        if "remove_item" in params:
            before = len(cart.lines)
            cart.lines = [ln for ln in cart.lines if str(ln.id) != params["remove_item"]]
            if len(cart.lines) == before:
                return _cart_error(state, cart, sid, "That item is not in the cart.")
            return _cart_payload(state, cart, sid)
        for key, value in params.items():
            found = re.fullmatch(r"qty\[(\d+)\]", key)
            if not found:
                continue
            line = next((ln for ln in cart.lines if str(ln.id) == found.group(1)), None)
            if line is None:
                return _cart_error(state, cart, sid, "That item is not in the cart.")
            product = state.headless.products[(cart.store_id, line.upc)]
            quantity = int(value) if value.isascii() and value.isdigit() else -1
            if quantity < 1:
                return _failure(400, f"Invalid quantity {value!r}", 0, sid)
            if quantity > product.qty_available:
                return _cart_error(state, cart, sid, f"Only {product.qty_available} available.")
            line.qty = quantity
        return _cart_payload(state, cart, sid)


def place_order(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """``POST /headless/api/1.0/cart/order``: the cart becomes an ORDER or HOLD cart."""
    params = request.url.params
    with state.lock:
        headless = state.headless
        sid, cart = _session(state, request)
        if cart is None or params.get("hash") != cart.hash:
            return _failure(404, "Authentication error: User not found.", 1206, sid)
        if not cart.lines:
            return _failure(400, "The cart is empty.", 0, sid)
        if not cart.hold and not params.get("setup_intent_id"):
            return _failure(402, "A payment method is required.", 1323, sid)
        for line in cart.lines:
            if headless.products[(cart.store_id, line.upc)].qty_available < line.qty:
                # The order call's documented failure: error_code 401 (not a token problem).
                msg = (
                    "We're sorry, we've detected that this item is no longer available and "
                    "cannot be purchased."
                )
                return _failure(401, msg, 401, sid)
        store = headless.stores[cart.store_id]
        items: list[FakeItem] = []
        for line in cart.lines:
            product = headless.products[(cart.store_id, line.upc)]
            product.qty_available -= line.qty
            tax = (
                Decimal(0) if cart.hold else _money(product.price * line.qty * store.tax_rate / 100)
            )
            items.append(
                FakeItem(
                    upc=line.upc,
                    name=product.name,
                    brand=product.brand,
                    qty=line.qty,
                    product_id=product.product_id,
                    msrp=product.price,
                    tax=tax,
                    tax_rate=Decimal(0) if cart.hold else store.tax_rate,
                )
            )
        full = params.get("full_name", "")
        first, _, last = full.partition(" ")
        customer = {
            "first_name": params.get("first_name", first),
            "last_name": params.get("last_name", last),
            "email": params.get("email", ""),
            "phone": params.get("phone", ""),
            "address_1": params.get("address", ""),
            "city": params.get("city", ""),
            "state": params.get("state", ""),
            "zip": params.get("zip", ""),
            "country": params.get("country", ""),
            "marketing_active_consent": params.get("is_opt_in_consent") == "true",
        }
        store_info: dict[str, Any] = {
            "name": store.name,
            "address": store.address,
            "city": store.city,
            "state": store.state,
            "zip": store.zip,
            "country": store.country,
            "store_id": store.id,
            "vendor_id": 0,
        }
        state.place_order(
            "HOLD" if cart.hold else "ORDER",
            items=items,
            hash=cart.hash,
            customer=customer,
            store=store_info,
        )
        del headless.carts[cart.hash]
        del headless.jwts[cart.jwt]
        message = "Your hold request has been sent." if cart.hold else "Your order has been placed"
        data = {
            "message": message,
            "target_uri": f"/order/{cart.hash}/{cart.id}",
            "status_code": 200,
            "session": {"id": sid},
        }
        if cart.hold:
            data["status"] = 200
        return json_response(200, {"success": True, "data": data, "msg": ""})


ROUTES = [
    Route("GET", re.compile(r"/headless/api/1\.0/cart/items/add/?"), add_item),
    Route("POST", re.compile(r"/headless/api/1\.0/cart/order/?"), place_order),
    Route("GET", re.compile(r"/headless/api/1\.0/cart/?"), get_cart),
    Route("POST", re.compile(r"/headless/api/1\.0/cart/?"), update_cart),
]
