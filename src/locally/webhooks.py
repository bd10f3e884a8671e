"""Receive Locally's webhooks: authenticate, parse into typed events, and answer hand-offs.

>>> from locally.webhooks import parse_webhook
>>> event = parse_webhook(
...     b'{"upc":"601842495575","order_id":"QE3QL6","status":"confirmed",'
...     b'"order_url":"https://www.locally.com/api/v2/cart/QE3QL6"}'
... )
>>> event.kind, event.order_id, event.status
('item_status', 'QE3QL6', <ItemStatus.CONFIRMED: 'confirmed'>)

Nothing here touches the network.  Every failure raises :class:`~locally.WebhookError` (or
its subclass :class:`~locally.WebhookAuthenticationError`), never a bare ``KeyError``,
``ValueError`` or pydantic error, so a receiver can answer 400/401 with one ``except``.
"""

from __future__ import annotations

import datetime as _dt
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import pydantic

from . import _json
from ._constants import WEBHOOK_TOKEN_HEADER
from ._errors import (
    WebhookAuthenticationError,
    WebhookError,
    WebhookVerificationError,
)
from ._validation import absolute_url, api_datetime
from .types.carts import CartDetail, CartSummary
from .types.webhooks import (
    CartHandoff,
    HandoffItem,
    ItemStatusNotice,
    PushCartNotice,
    ShipToStoreNotice,
    WebhookEvent,
)

__all__ = [
    "WEBHOOK_TOKEN_HEADER",
    "CartHandoff",
    "HandoffItem",
    "HandoffResponse",
    "ItemStatusNotice",
    "PushCartNotice",
    "ShipToStoreNotice",
    "WebhookEvent",
    "check_event_against_cart",
    "event_cart_hash",
    "handoff_response",
    "parse_webhook",
    "verify_token",
]


Headers = Mapping[str, str] | Iterable[tuple[str, str]]


def _header(headers: Headers | None, name: str) -> str | None:
    if headers is None:
        return None
    pairs: Iterable[tuple[str, str]] = (
        cast("Mapping[str, str]", headers).items() if isinstance(headers, Mapping) else headers
    )
    for key, value in pairs:
        if str(key).lower() == name:
            return str(value)
    return None


def verify_token(headers: Headers | None, secret: str | Iterable[str]) -> None:
    """Check the ``locally-webhook-token`` header against one secret or several.

    Several secrets are accepted at once so that rotating the secret in Station never drops
    an event: configure the new one beside the old, then remove the old.  Comparison takes
    constant time.  Raises :class:`~locally.WebhookAuthenticationError`; its message never
    contains a secret or the received token.
    """
    secrets = [secret] if isinstance(secret, str) else list(secret)
    if not secrets or any(not s for s in secrets):
        raise WebhookAuthenticationError("no webhook secret configured (an empty secret)")
    received = _header(headers, WEBHOOK_TOKEN_HEADER)
    if received is None:
        raise WebhookAuthenticationError(f"the {WEBHOOK_TOKEN_HEADER} header is missing")
    given = received.encode("utf-8")
    # Compare against every secret (no early exit) so timing reveals nothing either.
    matched = False
    for candidate in secrets:
        matched |= hmac.compare_digest(given, candidate.encode("utf-8"))
    if not matched:
        raise WebhookAuthenticationError(
            f"the {WEBHOOK_TOKEN_HEADER} header does not match any configured secret"
        )


def _decode(body: bytes | bytearray | memoryview | str | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(body, Mapping):
        return dict(body)
    try:
        raw = (
            bytes(body).decode("utf-8")
            if isinstance(body, (bytes, bytearray, memoryview))
            else body
        )
        if not isinstance(raw, str):
            raise TypeError
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise WebhookError(f"the webhook body is not UTF-8 text: {exc.reason}") from None
    except TypeError:
        raise WebhookError(
            f"the webhook body must be bytes, str or a dict, got {type(body).__name__}"
        ) from None
    except ValueError as exc:
        raise WebhookError(f"the webhook body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise WebhookError(f"the webhook body must be a JSON object, got {type(data).__name__}")
    return cast("dict[str, Any]", data)


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


def _kind(data: Mapping[str, Any]) -> type[pydantic.BaseModel]:
    if "order_id" in data and "sts_status" in data:
        return ShipToStoreNotice
    if "order_id" in data and "status" in data:
        return ItemStatusNotice
    if "properties" in data:
        return PushCartNotice
    if "hash" in data and "items" in data:
        return PushCartNotice if _is_cart_summary(data) else CartHandoff
    keys = ", ".join(sorted(map(str, data))) or "none"
    raise WebhookError(f"not a webhook Locally sends (keys: {keys})")


def _describe(exc: pydantic.ValidationError) -> str:
    problems: list[str] = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error["loc"]) or "body"
        problems.append(f"{where}: {error['msg']}")
    more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return "; ".join(problems) + more


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
    body: bytes | bytearray | memoryview | str | Mapping[str, Any],
    *,
    method: str | None = None,
    headers: Headers | None = None,
    secret: str | Iterable[str] | None = None,
) -> WebhookEvent:
    """Authenticate and parse a webhook into its typed event.

    Args:
        body: The request body: bytes, text, or an already-decoded dict.
        method: The HTTP method; ``PUT`` marks a PushCart automatic rejection.
        headers: The request headers (any mapping or list of pairs; names are
            case-insensitive).  Needed with ``secret``.
        secret: The webhook secret from Station, or several during a rotation.  When given,
            the ``locally-webhook-token`` header is checked before the body is read.

    Returns:
        A :class:`CartHandoff`, :class:`ShipToStoreNotice`, :class:`ItemStatusNotice` or
        :class:`PushCartNotice`; tell them apart with ``isinstance`` or ``event.kind``.

    Raises:
        WebhookAuthenticationError: The token is missing or wrong.
        WebhookError: The body is not JSON, not a known payload, or invalid.
    """
    if secret is not None:
        verify_token(headers, secret)
    data = _decode(body)
    model = _kind(data)
    try:
        if model is PushCartNotice:
            return _pushcart_notice(data, auto_rejected=(method or "").upper() == "PUT")
        event = cast("WebhookEvent", model.model_validate(data))
    except pydantic.ValidationError as exc:
        name = model.__name__
        raise WebhookError(f"invalid {name} webhook: {_describe(exc)}") from None
    return event


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
