"""Receive Locally's webhooks: authenticate, parse into typed events, and answer hand-offs.

>>> from locally.webhooks import parse_webhook
>>> event = parse_webhook(
...     b'{"upc":"601842495575","order_id":"QE3QL6","status":"confirmed",'
...     b'"order_url":"https://www.locally.com/api/v2/cart/QE3QL6"}',
...     headers={"locally-webhook-token": "whsec_from_station"},
...     secret="whsec_from_station",
... )
>>> event.kind, event.order_id, event.status
('item_status', 'QE3QL6', <ItemStatus.CONFIRMED: 'confirmed'>)

Authentication fails closed: :func:`parse_webhook` needs the secret and the request's headers,
and refuses a missing, empty or blank secret rather than accept unauthenticated bodies.  A body
authenticated some other way is parsed with :func:`parse_webhook_unverified`.

Nothing here touches the network.  Every failure raises :class:`~locally.WebhookError` (or
its subclass :class:`~locally.WebhookAuthenticationError`), never a bare ``KeyError``,
``ValueError`` or pydantic error, so a receiver can answer 400/401 with one ``except``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from . import _json
from ._constants import WEBHOOK_TOKEN_HEADER
from ._errors import (
    ModelValidationError,
    RequestValidationError,
    WebhookError,
    WebhookVerificationError,
)
from ._validation import absolute_url, api_datetime
from ._webhook_auth import Headers, Secrets, verify_token
from .types._fields import LocallyModel
from .types.carts import CartDetail, CartSummary
from .types.webhooks import (
    CartHandoff,
    HandoffItem,
    ItemStatusNotice,
    PushCartNotice,
    ShipToStoreNotice,
    WebhookEvent,
    check_pushcart_cart,
)

__all__ = [
    "WEBHOOK_TOKEN_HEADER",
    "CartHandoff",
    "HandoffItem",
    "HandoffResponse",
    "Headers",
    "ItemStatusNotice",
    "PushCartNotice",
    "Secrets",
    "ShipToStoreNotice",
    "WebhookEvent",
    "check_event_against_cart",
    "event_cart_hash",
    "handoff_response",
    "parse_webhook",
    "parse_webhook_unverified",
    "verify_token",
]

Body = bytes | bytearray | memoryview | str | Mapping[str, Any]


def _decode(body: Body) -> dict[str, Any]:
    if isinstance(body, Mapping):
        return dict(body)
    if not isinstance(body, (bytes, bytearray, memoryview, str)):
        raise WebhookError(
            f"the webhook body must be bytes, str or a dict, got {type(body).__name__}"
        )
    try:
        data = _json.loads(bytes(body).decode() if not isinstance(body, str) else body)
    except UnicodeDecodeError as exc:
        problem = f"the webhook body is not UTF-8 text: {exc.reason}"
    except ValueError as exc:
        problem = f"the webhook body is not valid JSON: {exc}"
    else:
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise WebhookError(f"the webhook body must be a JSON object, got {kind}")
        return cast("dict[str, Any]", data)
    # Raised outside the handler, so the decoder's error (holding the body) is not kept.
    raise WebhookError(problem)


# Fields of a cart in the carts list shape that a Cart-to-Cart hand-off never has.
_SUMMARY_FIELDS = frozenset(
    {"type", "source", "n_items", "ordered_at", "updated_at", "delivery_status", "pickup_window"}
)


def _is_cart_summary(data: Mapping[str, Any]) -> bool:
    """A PushCart cart in the list shape, told from a hand-off (whose items have ``quantity``)."""
    if _SUMMARY_FIELDS & data.keys():
        return True
    items: object = data.get("items")
    first = cast("list[object]", items)[0] if isinstance(items, list) and items else None
    return isinstance(first, dict) and ("qty" in first or "status" in first)


def _kind(data: Mapping[str, Any]) -> type[LocallyModel]:
    if "order_id" in data and "sts_status" in data:
        return ShipToStoreNotice
    if "order_id" in data and "status" in data:
        return ItemStatusNotice
    if "properties" in data:
        return PushCartNotice
    if "hash" in data and "items" in data:
        return PushCartNotice if _is_cart_summary(data) else CartHandoff
    keys = ", ".join(sorted(map(str, data))) or "none"
    raise WebhookError(f"not a webhook Locally sends (keys: {keys[:200]})")


def _describe(exc: ModelValidationError) -> tuple[str, str]:
    """The first field at fault (dotted) and up to five problems, as text."""
    problems = [f"{where}: {message}" for where, message in exc.errors[:5]]
    more = f" (+{len(exc.errors) - 5} more)" if len(exc.errors) > 5 else ""
    return exc.errors[0][0] if exc.errors else "body", "; ".join(problems) + more


def _is_put(method: object) -> bool:
    if method is None:
        return False
    if not isinstance(method, str):
        raise WebhookError(f"method must be the HTTP method as text, got {type(method).__name__}")
    return method.strip().upper() == "PUT"


def _event(data: dict[str, Any], method: object) -> WebhookEvent:
    auto_rejected = _is_put(method)
    model = _kind(data)
    try:
        if model is PushCartNotice:
            notice = _pushcart_notice(data, auto_rejected=auto_rejected)
            problem = check_pushcart_cart(notice.cart)
            if problem is not None:
                raise WebhookError(
                    f"invalid PushCartNotice webhook: {problem[0]}: {problem[1]}",
                    field=problem[0],
                )
            return notice
        return cast("WebhookEvent", model.model_validate(data))
    except ModelValidationError as exc:
        field, text = _describe(exc)
    raise WebhookError(f"invalid {model.__name__} webhook: {text}", field=field)


def _pushcart_notice(data: Mapping[str, Any], *, auto_rejected: bool) -> PushCartNotice:
    """The notice for either cart shape; a list-shape cart is read, then moved into a detail."""
    if "properties" in data:
        cart = CartDetail.model_validate(data)
        return PushCartNotice(cart=cart, auto_rejected=auto_rejected)
    summary = CartSummary.model_validate(data)
    fields = summary.model_dump(exclude={"items"})
    cart = CartDetail.model_validate(
        {
            "properties": {name: value for name, value in fields.items() if value is not None},
            "items": [item.model_dump(exclude_none=True) for item in summary.items],
        }
    )
    return PushCartNotice(cart=cart, auto_rejected=auto_rejected, shape="summary")


def parse_webhook(
    body: Body,
    *,
    headers: Headers,
    secret: Secrets,
    method: str | None = None,
) -> WebhookEvent:
    """Authenticate and parse a webhook into its typed event.

    Args:
        body: The request body: bytes, text, or an already-decoded dict.
        headers: The request headers: any mapping, a list of ``(name, value)`` pairs, or an
            ASGI scope's raw ``[(b"name", b"value")]`` list; names are case-insensitive.
        secret: The webhook secret from Station, or several during a rotation.  Required:
            ``None``, ``""`` or a blank secret raise, so a receiver that lost its
            configuration refuses every webhook instead of accepting anyone's.
        method: The HTTP method.  ``PUT`` marks a PushCart automatic rejection, and the
            method is the only thing that does: without it, ``auto_rejected`` is False.

    Returns:
        A :class:`CartHandoff`, :class:`ShipToStoreNotice`, :class:`ItemStatusNotice` or
        :class:`PushCartNotice`; tell them apart with ``isinstance`` or ``event.kind``.

    Raises:
        WebhookAuthenticationError: No usable secret, or the token is missing or wrong.  The
            token is checked before the body is read.
        WebhookError: The body is not JSON, not a known payload, or invalid (``field`` names
            the field at fault).
    """
    verify_token(headers, secret)
    return parse_webhook_unverified(body, method=method)


def parse_webhook_unverified(body: Body, *, method: str | None = None) -> WebhookEvent:
    """Parse a webhook whose ``locally-webhook-token`` was already checked elsewhere.

    For a body a gateway or queue authenticated before it reached you.  It performs no
    authentication at all: on a public endpoint use :func:`parse_webhook`.  Payloads are
    validated as :func:`parse_webhook` validates them (quantities above 0, UPCs of 1 to 14
    digits, positive store ids, cart hashes that can name a cart).
    """
    return _event(_decode(body), method)


@dataclass(frozen=True)
class HandoffResponse:
    """The reply to a Cart-to-Cart hand-off: where Locally should send the shopper."""

    url: str
    """Your cart's absolute https URL."""
    date: str
    """When, as ``2022-01-01T00:00:00.000Z``."""

    def as_dict(self) -> dict[str, str]:
        """The reply as a dict, for a framework that serialises JSON itself."""
        return {"date": self.date, "url": self.url}

    def as_json(self) -> bytes:
        """The reply as JSON bytes."""
        return _json.dumps(self.as_dict())


def handoff_response(url: str, date: _dt.datetime | None = None) -> HandoffResponse:
    """Build the reply to a Cart-to-Cart hand-off: ``{"date": ..., "url": ...}``.

    ``url`` must be an absolute https URL; ``date`` (timezone-aware) defaults to now.  Bad
    input raises :class:`~locally.RequestValidationError`.
    """
    checked = absolute_url("url", url, https_only=True)
    when = date if date is not None else _dt.datetime.now(_dt.timezone.utc)
    return HandoffResponse(url=checked, date=api_datetime("date", when))


def event_cart_hash(event: WebhookEvent) -> str:
    """The hash of the cart an event is about."""
    if not isinstance(event, (CartHandoff, ShipToStoreNotice, ItemStatusNotice, PushCartNotice)):
        raise RequestValidationError(
            f"event must be a webhook event from parse_webhook(), got {type(event).__name__}",
            field="event",
        )
    if isinstance(event, PushCartNotice):
        if not event.cart.hash:
            raise WebhookVerificationError("the PushCart notice names no cart hash")
        return event.cart.hash
    if isinstance(event, CartHandoff):
        return event.hash
    return event.order_id


def _upcs(cart: CartDetail) -> set[str]:
    found: set[str] = set()
    for item in cart.items:
        found.add(item.upc)
        found.update(item.alias)
    return found


def check_event_against_cart(event: WebhookEvent, cart: CartDetail) -> None:
    """Raise :class:`~locally.WebhookVerificationError` if ``cart`` contradicts ``event``."""
    cart_hash = event_cart_hash(event)
    if not isinstance(cart, CartDetail):
        raise RequestValidationError(
            f"cart must be a CartDetail, got {type(cart).__name__}", field="cart"
        )
    if cart.hash != cart_hash:
        raise WebhookVerificationError(
            f"the webhook names cart {cart_hash}, the API returned cart {cart.hash}"
        )
    known = _upcs(cart)
    if isinstance(event, (ShipToStoreNotice, ItemStatusNotice)):
        claimed = {event.upc}
    elif isinstance(event, CartHandoff):
        claimed = {item.upc for item in event.items}
    else:
        claimed = {item.upc for item in event.cart.items}
    missing = sorted(claimed - known)
    if missing:
        raise WebhookVerificationError(
            f"cart {cart_hash} has no item with UPC {', '.join(missing)}, unlike the webhook"
        )
