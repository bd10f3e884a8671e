"""The requests behind ``client.headless``, and the session each one reads and updates.

Every call carries the shopper's :class:`~locally.types.headless.HeadlessSession`: its session
id and cart JWT go out as ``Locally-Api-Session-Id`` and ``Locally-Pl-Jwt``, and the ids in
each reply (including a rotated session id) are written back into it.  Both are checked before
anything is sent, and an id a reply carries is kept only if it could be sent back.  Placing an
order or adding an item is retried only while the request cannot have reached Locally.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import httpx
import pydantic

from .. import _json
from .._constants import CART_JWT_HEADER, SESSION_ID_HEADER
from .._errors import RequestValidationError
from .._logs import logger
from .._transport import APIRequest, Envelope, RetryMode
from .._validation import (
    header_secret,
    host_name,
    path_segment,
    positive_whole_number,
    whole_number,
)
from .._validation import upc as checked_upc
from ..types.headless import (
    HeadlessCart,
    HeadlessCartEnvelope,
    HeadlessOrder,
    HeadlessOrderEnvelope,
)
from ..types.headless_inputs import HeadlessCustomer, HeadlessSession

__all__ = [
    "PREFIX",
    "RESOLVE_HINT",
    "add_item_request",
    "bopis_request",
    "finish_cart",
    "quantity_request",
    "remove_request",
    "retrieve_request",
    "ropis_request",
]

PREFIX = "/headless/api/1.0"


class _CartReply(HeadlessCartEnvelope):
    data: HeadlessCart  # pyright: ignore[reportIncompatibleVariableOverride]


class _OrderReply(HeadlessOrderEnvelope):
    data: HeadlessOrder = pydantic.Field(default_factory=HeadlessOrder)  # pyright: ignore[reportIncompatibleVariableOverride]


# -- checks ---------------------------------------------------------------------------------


def _checked_session(session: object) -> HeadlessSession:
    """``session`` if it is a HeadlessSession whose ids can be sent; never echoes a secret."""
    if not isinstance(session, HeadlessSession):
        raise RequestValidationError(
            f"session must be a HeadlessSession, got {type(session).__name__}", field="session"
        )
    if session.session_id is not None:
        header_secret("session.session_id", session.session_id)
    if session.cart_hash_jwt is not None:
        header_secret("session.cart_hash_jwt", session.cart_hash_jwt)
    if session.cart_hash is not None:
        path_segment("session.cart_hash", session.cart_hash)
    return session


def _session_with_cart(session: object) -> HeadlessSession:
    checked = _checked_session(session)
    if not (checked.session_id or checked.cart_hash_jwt):
        raise RequestValidationError(
            "session has neither a session id nor a cart JWT: add an item first, or restore "
            "the session with HeadlessSession.from_dict()",
            field="session",
        )
    return checked


def _customer(value: object) -> HeadlessCustomer:
    if isinstance(value, HeadlessCustomer):
        return value
    return HeadlessCustomer.model_validate(value)


# -- session bookkeeping --------------------------------------------------------------------


def _mapping(value: object) -> dict[str, object]:
    return cast("dict[str, object]", value) if isinstance(value, dict) else {}


def _sendable(value: object, check: Callable[[str, object], str]) -> str | None:
    """``value`` if it is text the next request could send (``check`` passes), else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        check("id", value)
        return value
    except RequestValidationError:
        # A reply cannot make the session unusable: the old id is kept, and Locally rotates
        # it again on the next call.  The value is a secret, so only its field is logged.
        logger.warning("Ignored an unusable id from a headless reply (not visible ASCII).")
        return None


def _absorb(session: HeadlessSession) -> Callable[[httpx.Response], None]:
    def observe(response: httpx.Response) -> None:
        try:
            body = _json.loads(response.content)
        except ValueError:
            return
        data = _mapping(_mapping(body).get("data"))
        ref = _sendable(_mapping(data.get("session")).get("id"), header_secret)
        if ref is not None:
            session.session_id = ref
        jwt = _sendable(data.get("cart_hash_jwt"), header_secret)
        if jwt is not None:
            session.cart_hash_jwt = jwt
        cart_hash = _sendable(data.get("cart_hash"), path_segment)
        if cart_hash is not None:
            session.cart_hash = cart_hash

    return observe


def _headers(session: HeadlessSession) -> dict[str, str]:
    headers: dict[str, str] = {}
    if session.session_id:
        headers[SESSION_ID_HEADER] = session.session_id
    if session.cart_hash_jwt:
        headers[CART_JWT_HEADER] = session.cart_hash_jwt
    return headers


#: How to learn the outcome of a headless request that may have landed.
RESOLVE_HINT = (
    "Call client.headless.resolve_order(session) to learn whether the cart was ordered "
    "before trying again."
)


def _cart_request(
    method: str,
    path: str,
    params: dict[str, str],
    session: HeadlessSession,
    retry_mode: RetryMode = RetryMode.IDEMPOTENT,
    action: str = "apply the request",
) -> APIRequest[_CartReply]:
    return APIRequest(
        method,
        PREFIX + path,
        _CartReply.model_validate_json,
        params=params,
        headers=_headers(session),
        envelope=Envelope.HEADLESS,
        retry_mode=retry_mode,
        observe=_absorb(session),
        action=action,
        cart_hash=session.cart_hash,
        outcome_hint="Retrieve the cart (client.headless.retrieve) to see whether the item "
        "was added before trying again.",
    )


def finish_cart(reply: _CartReply, session: HeadlessSession) -> HeadlessCart:
    """Hand back the cart, tied to the caller's (now updated) session."""
    cart = reply.data
    cart._session = session
    return cart


# -- requests ---------------------------------------------------------------------------------


def add_item_request(
    store_id: int, upc: str, host_domain: str, hold: bool, session: HeadlessSession | None
) -> tuple[APIRequest[_CartReply], HeadlessSession]:
    """``GET /cart/items/add``; a new session is started when none is given."""
    params: dict[str, str] = {"hold": "true"} if hold else {}
    params.update(
        store_id=str(positive_whole_number("store_id", store_id)),
        upc=checked_upc("upc", upc),
        host_domain=host_name("host_domain", host_domain),
    )
    target = _checked_session(session) if session is not None else HeadlessSession()
    if target.hold is not None and target.hold != hold:
        kind = "ROPIS (hold=True)" if target.hold else "BOPIS (hold=False)"
        raise RequestValidationError(
            f"this cart was started for {kind}; a cart is either reserved (ROPIS) or paid "
            "(BOPIS), so start a new session for the other kind",
            field="hold",
            value=hold,
        )
    request = _cart_request(
        "GET", "/cart/items/add", params, target, RetryMode.UNSENT_ONLY, "add the item"
    )
    return request, target


def retrieve_request(session: object) -> APIRequest[_CartReply]:
    """``GET /cart``."""
    return _cart_request("GET", "/cart", {}, _session_with_cart(session))


def quantity_request(
    session: object, item_id: int, quantity: int, host_domain: str
) -> APIRequest[_CartReply]:
    """``POST /cart?qty[ID]=Q``; a quantity of 0 removes the line."""
    checked = _session_with_cart(session)
    line = positive_whole_number("item_id", item_id)
    if whole_number("quantity", quantity, note="0 removes the item") == 0:
        return remove_request(checked, line, host_domain)
    params = {f"qty[{line}]": str(quantity), "host_domain": host_name("host_domain", host_domain)}
    return _cart_request("POST", "/cart", params, checked)


def remove_request(session: object, item_id: int, host_domain: str) -> APIRequest[_CartReply]:
    """``POST /cart?remove_item=ID``."""
    params = {
        "remove_item": str(positive_whole_number("item_id", item_id)),
        "host_domain": host_name("host_domain", host_domain),
    }
    return _cart_request("POST", "/cart", params, _session_with_cart(session))


def _order_parser(cart_hash: str) -> Callable[[bytes], _OrderReply]:
    def parse(content: bytes) -> _OrderReply:
        reply = _OrderReply.model_validate_json(content)
        # The reply does not name the cart; the order is for the hash the request sent.
        reply.data._cart_hash = cart_hash
        return reply

    return parse


def _order_request(session: HeadlessSession, params: dict[str, str]) -> APIRequest[_OrderReply]:
    return APIRequest(
        "POST",
        PREFIX + "/cart/order",
        _order_parser(params["hash"]),
        params=params,
        headers=_headers(session),
        envelope=Envelope.HEADLESS,
        retry_mode=RetryMode.UNSENT_ONLY,
        observe=_absorb(session),
        action="place the order",
        cart_hash=session.cart_hash,
        outcome_hint=RESOLVE_HINT,
    )


def _order_session(session: object, *, hold: bool) -> tuple[HeadlessSession, str]:
    """The session to order with, and its cart hash; refuses one that cannot be ordered."""
    checked = _session_with_cart(session)
    cart_hash = checked.cart_hash
    if not cart_hash:
        raise RequestValidationError(
            "session has no cart hash: retrieve the cart first", field="session"
        )
    if checked.hold is not None and checked.hold != hold:
        if hold:
            why = "its items were added without hold=True (BOPIS); add them with hold=True"
        else:
            why = "its items were added with hold=True (ROPIS); place a ROPIS order instead"
        kind = "ROPIS" if hold else "BOPIS"
        raise RequestValidationError(
            f"cannot place a {kind} order for this cart: {why}", field="session"
        )
    return checked, cart_hash


def _flag(value: bool) -> str:
    return "true" if value else "false"


def bopis_request(
    session: object, customer: object, setup_intent_id: str
) -> APIRequest[_OrderReply]:
    """``POST /cart/order`` for a paid order (pick up in store)."""
    checked, cart_hash = _order_session(session, hold=False)
    person = _customer(customer)
    missing = [f for f in ("address", "city", "state", "zip", "country") if not getattr(person, f)]
    if missing:
        raise RequestValidationError(
            f"a BOPIS order needs the billing {', '.join(missing)} of the customer",
            field=f"customer.{missing[0]}",
            value=None,
        )
    if not isinstance(setup_intent_id, str) or not setup_intent_id.strip():
        raise RequestValidationError(
            f"setup_intent_id must be the Stripe setup intent id, got {setup_intent_id!r}",
            field="setup_intent_id",
            value=setup_intent_id,
        )
    params = {
        "hash": cart_hash,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "address": person.address or "",
        "city": person.city or "",
        "state": person.state or "",
        "zip": person.zip or "",
        "country": person.country or "",
        "is_opt_in_consent": _flag(person.opt_in_retailer),
        "is_opt_in_consent_brand": _flag(person.opt_in_brand),
        "setup_intent_id": setup_intent_id.strip(),
    }
    return _order_request(checked, params)


def ropis_request(session: object, customer: object) -> APIRequest[_OrderReply]:
    """``POST /cart/order`` for a reservation (pay in store)."""
    checked, cart_hash = _order_session(session, hold=True)
    person = _customer(customer)
    params = {
        "hash": cart_hash,
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "is_opt_in_consent": _flag(person.opt_in_retailer),
        "is_opt_in_consent_brand": _flag(person.opt_in_brand),
    }
    return _order_request(checked, params)
