"""``client.headless``: build carts for shoppers and place BOPIS / ROPIS orders.

Every call carries the shopper's :class:`~locally.types.headless.HeadlessSession`: its session
id and cart JWT go out as ``Locally-Api-Session-Id`` and ``Locally-Pl-Jwt``, and the ids in
each reply (including a rotated session id) are written back into it.

Placing an order is not idempotent: it is retried only when the request never left this
machine; any later failure raises :class:`~locally.OrderOutcomeUnknownError`.  Adding an item
is treated the same way, since repeating it could add the item twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

import httpx
import pydantic

from .._constants import CART_JWT_HEADER, SESSION_ID_HEADER
from .._errors import RequestValidationError
from .._transport import APIRequest, Envelope, RetryMode
from .._validation import upc as checked_upc
from ..types.headless import (
    HeadlessCart,
    HeadlessCartEnvelope,
    HeadlessCustomer,
    HeadlessOrder,
    HeadlessOrderEnvelope,
    HeadlessSession,
)
from ._raw import async_to_raw_response, to_raw_response

if TYPE_CHECKING:
    from .._transport import AsyncTransport, SyncTransport

__all__ = ["AsyncHeadless", "Headless"]

PREFIX = "/headless/api/1.0"
_HOST = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$"
)


class _CartReply(HeadlessCartEnvelope):
    data: HeadlessCart = pydantic.Field(default_factory=HeadlessCart)  # pyright: ignore[reportIncompatibleVariableOverride]


class _OrderReply(HeadlessOrderEnvelope):
    data: HeadlessOrder = pydantic.Field(default_factory=HeadlessOrder)  # pyright: ignore[reportIncompatibleVariableOverride]


# -- checks ---------------------------------------------------------------------------------


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RequestValidationError(
            f"{name} must be a whole number > 0, got {value!r}", field=name, value=value
        )
    return value


def _host_domain(value: object) -> str:
    if not isinstance(value, str) or not _HOST.match(value):
        hint = ""
        if isinstance(value, str) and "://" in value:
            hint = f"; pass the bare host, e.g. {value.split('://', 1)[1].split('/', 1)[0]!r}"
        raise RequestValidationError(
            f"host_domain must be a bare host name such as 'www.example.com' (no scheme, path "
            f"or spaces), got {value!r}{hint}",
            field="host_domain",
            value=value,
        )
    return value.lower()


def _needs_cart(session: object) -> HeadlessSession:
    if not isinstance(session, HeadlessSession):
        raise RequestValidationError(
            f"session must be a HeadlessSession, got {type(session).__name__}",
            field="session",
            value=session,
        )
    if not (session.session_id or session.cart_hash_jwt):
        raise RequestValidationError(
            "session has neither a session id nor a cart JWT: add an item first, or restore "
            "the session with HeadlessSession.from_dict()",
            field="session",
            value=session,
        )
    return session


def _customer(value: object) -> HeadlessCustomer:
    if isinstance(value, HeadlessCustomer):
        return value
    try:
        return HeadlessCustomer.model_validate(value)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]) or "customer"
        raise RequestValidationError(
            f"customer.{name}: {first['msg']} (got {first.get('input')!r})",
            field=f"customer.{name}",
            value=first.get("input"),
        ) from None


# -- session bookkeeping --------------------------------------------------------------------


def _mapping(value: object) -> dict[str, object]:
    return cast("dict[str, object]", value) if isinstance(value, dict) else {}


def _absorb(session: HeadlessSession) -> Callable[[httpx.Response], None]:
    def observe(response: httpx.Response) -> None:
        try:
            body: object = json.loads(response.content)
        except ValueError:
            return
        data = _mapping(_mapping(body).get("data"))
        ref = _mapping(data.get("session")).get("id")
        if isinstance(ref, str) and ref:
            session.session_id = ref
        jwt = data.get("cart_hash_jwt")
        if isinstance(jwt, str) and jwt:
            session.cart_hash_jwt = jwt
        cart_hash = data.get("cart_hash")
        if isinstance(cart_hash, str) and cart_hash:
            session.cart_hash = cart_hash

    return observe


def _headers(session: HeadlessSession) -> dict[str, str]:
    headers: dict[str, str] = {}
    if session.session_id:
        headers[SESSION_ID_HEADER] = session.session_id
    if session.cart_hash_jwt:
        headers[CART_JWT_HEADER] = session.cart_hash_jwt
    return headers


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
        store_id=str(_positive_int("store_id", store_id)),
        upc=checked_upc("upc", upc),
        host_domain=_host_domain(host_domain),
    )
    target = session if session is not None else HeadlessSession()
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
    return _cart_request("GET", "/cart", {}, _needs_cart(session))


def quantity_request(
    session: object, item_id: int, quantity: int, host_domain: str
) -> APIRequest[_CartReply]:
    """``POST /cart?qty[ID]=Q``; a quantity of 0 removes the line."""
    checked = _needs_cart(session)
    line = _positive_int("item_id", item_id)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise RequestValidationError(
            f"quantity must be a whole number >= 0 (0 removes the item), got {quantity!r}",
            field="quantity",
            value=quantity,
        )
    if quantity == 0:
        return remove_request(checked, line, host_domain)
    params = {f"qty[{line}]": str(quantity), "host_domain": _host_domain(host_domain)}
    return _cart_request("POST", "/cart", params, checked)


def remove_request(session: object, item_id: int, host_domain: str) -> APIRequest[_CartReply]:
    """``POST /cart?remove_item=ID``."""
    params = {
        "remove_item": str(_positive_int("item_id", item_id)),
        "host_domain": _host_domain(host_domain),
    }
    return _cart_request("POST", "/cart", params, _needs_cart(session))


def _order_request(session: HeadlessSession, params: dict[str, str]) -> APIRequest[_OrderReply]:
    return APIRequest(
        "POST",
        PREFIX + "/cart/order",
        _OrderReply.model_validate_json,
        params=params,
        headers=_headers(session),
        envelope=Envelope.HEADLESS,
        retry_mode=RetryMode.UNSENT_ONLY,
        observe=_absorb(session),
        action="place the order",
    )


def _order_session(session: object, *, hold: bool) -> HeadlessSession:
    checked = _needs_cart(session)
    if not checked.cart_hash:
        raise RequestValidationError(
            "session has no cart hash: retrieve the cart first", field="session", value=session
        )
    if checked.hold is not None and checked.hold != hold:
        if hold:
            why = "its items were added without hold=True (BOPIS); add them with hold=True"
        else:
            why = "its items were added with hold=True (ROPIS); place a ROPIS order instead"
        kind = "ROPIS" if hold else "BOPIS"
        raise RequestValidationError(
            f"cannot place a {kind} order for this cart: {why}", field="session", value=session
        )
    return checked


def _flag(value: bool) -> str:
    return "true" if value else "false"


def bopis_request(
    session: object, customer: object, setup_intent_id: str
) -> APIRequest[_OrderReply]:
    """``POST /cart/order`` for a paid order (pick up in store)."""
    checked = _order_session(session, hold=False)
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
        "hash": checked.cart_hash or "",
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
    checked = _order_session(session, hold=True)
    person = _customer(customer)
    params = {
        "hash": checked.cart_hash or "",
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "is_opt_in_consent": _flag(person.opt_in_retailer),
        "is_opt_in_consent_brand": _flag(person.opt_in_brand),
    }
    return _order_request(checked, params)


def _held(session: HeadlessSession, hold: bool) -> HeadlessSession:
    session.hold = hold
    return session


CustomerInput = HeadlessCustomer | Mapping[str, Any]


class Headless:
    """Build headless carts and place orders (sync)."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def add_item(
        self,
        *,
        store_id: int,
        upc: str,
        host_domain: str,
        hold: bool = False,
        session: HeadlessSession | None = None,
    ) -> HeadlessCart:
        """Add one unit of ``upc`` from ``store_id``; starts a cart when ``session`` is None.

        ``host_domain`` is the bare host the shopper is on (``www.example.com``).  With
        ``hold=True`` the cart is a ROPIS reservation.
        """
        request, target = add_item_request(store_id, upc, host_domain, hold, session)
        return finish_cart(self._transport.request(request), _held(target, hold))

    def retrieve(self, session: HeadlessSession) -> HeadlessCart:
        """Fetch the shopper's cart."""
        request = retrieve_request(session)
        return finish_cart(self._transport.request(request), session)

    def set_quantity(
        self, session: HeadlessSession, item_id: int, quantity: int, *, host_domain: str
    ) -> HeadlessCart:
        """Set a line's quantity (``item_id`` from ``cart.items[].id``); 0 removes it."""
        request = quantity_request(session, item_id, quantity, host_domain)
        return finish_cart(self._transport.request(request), session)

    def remove_item(
        self, session: HeadlessSession, item_id: int, *, host_domain: str
    ) -> HeadlessCart:
        """Remove a line from the cart."""
        request = remove_request(session, item_id, host_domain)
        return finish_cart(self._transport.request(request), session)

    def place_bopis_order(
        self, session: HeadlessSession, *, customer: CustomerInput, setup_intent_id: str
    ) -> HeadlessOrder:
        """Place a paid order for in-store pickup (needs the billing address)."""
        return self._transport.request(bopis_request(session, customer, setup_intent_id)).data

    def place_ropis_order(
        self, session: HeadlessSession, *, customer: CustomerInput
    ) -> HeadlessOrder:
        """Place a reservation, paid in store (the items must have been added with hold)."""
        return self._transport.request(ropis_request(session, customer)).data

    @property
    def with_raw_response(self) -> HeadlessWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return HeadlessWithRawResponse(self)


class AsyncHeadless:
    """Build headless carts and place orders (async)."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def add_item(
        self,
        *,
        store_id: int,
        upc: str,
        host_domain: str,
        hold: bool = False,
        session: HeadlessSession | None = None,
    ) -> HeadlessCart:
        """Add one unit of ``upc`` from ``store_id``; starts a cart when ``session`` is None.

        ``host_domain`` is the bare host the shopper is on (``www.example.com``).  With
        ``hold=True`` the cart is a ROPIS reservation.
        """
        request, target = add_item_request(store_id, upc, host_domain, hold, session)
        return finish_cart(await self._transport.request(request), _held(target, hold))

    async def retrieve(self, session: HeadlessSession) -> HeadlessCart:
        """Fetch the shopper's cart."""
        request = retrieve_request(session)
        return finish_cart(await self._transport.request(request), session)

    async def set_quantity(
        self, session: HeadlessSession, item_id: int, quantity: int, *, host_domain: str
    ) -> HeadlessCart:
        """Set a line's quantity (``item_id`` from ``cart.items[].id``); 0 removes it."""
        request = quantity_request(session, item_id, quantity, host_domain)
        return finish_cart(await self._transport.request(request), session)

    async def remove_item(
        self, session: HeadlessSession, item_id: int, *, host_domain: str
    ) -> HeadlessCart:
        """Remove a line from the cart."""
        request = remove_request(session, item_id, host_domain)
        return finish_cart(await self._transport.request(request), session)

    async def place_bopis_order(
        self, session: HeadlessSession, *, customer: CustomerInput, setup_intent_id: str
    ) -> HeadlessOrder:
        """Place a paid order for in-store pickup (needs the billing address)."""
        reply = await self._transport.request(bopis_request(session, customer, setup_intent_id))
        return reply.data

    async def place_ropis_order(
        self, session: HeadlessSession, *, customer: CustomerInput
    ) -> HeadlessOrder:
        """Place a reservation, paid in store (the items must have been added with hold)."""
        return (await self._transport.request(ropis_request(session, customer))).data

    @property
    def with_raw_response(self) -> AsyncHeadlessWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return AsyncHeadlessWithRawResponse(self)


class HeadlessWithRawResponse:
    """``client.headless`` methods that return a :class:`~locally.RawResponse`."""

    def __init__(self, headless: Headless) -> None:
        self.add_item = to_raw_response(headless.add_item)
        self.retrieve = to_raw_response(headless.retrieve)
        self.set_quantity = to_raw_response(headless.set_quantity)
        self.remove_item = to_raw_response(headless.remove_item)
        self.place_bopis_order = to_raw_response(headless.place_bopis_order)
        self.place_ropis_order = to_raw_response(headless.place_ropis_order)


class AsyncHeadlessWithRawResponse:
    """``client.headless`` methods (async) that return a :class:`~locally.RawResponse`."""

    def __init__(self, headless: AsyncHeadless) -> None:
        self.add_item = async_to_raw_response(headless.add_item)
        self.retrieve = async_to_raw_response(headless.retrieve)
        self.set_quantity = async_to_raw_response(headless.set_quantity)
        self.remove_item = async_to_raw_response(headless.remove_item)
        self.place_bopis_order = async_to_raw_response(headless.place_bopis_order)
        self.place_ropis_order = async_to_raw_response(headless.place_ropis_order)
