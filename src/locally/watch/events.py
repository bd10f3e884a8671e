"""The events ``carts.watch()`` yields, and the webhook Locally would have sent for each.

Every event has a stable :attr:`~WatchEvent.id`: a digest of what changed (the kind, the cart,
the item and the status it reached), never of when or by whom it was seen.  Two listeners
watching the same account give the same change the same id, and a change delivered again after
a restart keeps its id, so a consumer de-duplicates by remembering the ids it has handled.

The lifecycles Locally documents never return an item to a status it has left, so "this item
reached this status" happens once per item.  A status that comes back (which Locally's
documents do not describe) would reuse its first id.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .. import _json

if TYPE_CHECKING:
    from ..types.carts import CartDetail
    from ..types.webhooks import ItemStatusNotice, PushCartNotice, ShipToStoreNotice

__all__ = [
    "CartAutoRejected",
    "ItemStatusChanged",
    "NewCart",
    "ShipToStoreStatusChanged",
    "WatchEvent",
    "WebhookRequest",
    "event_id",
]

#: The Ship-to-Store status Locally's new-order notice to a brand carries ("confirm-store"),
#: for the item the carts API lists as "Pending Brand" (``locally-docs/03``).
NEW_STS_ORDER_NOTICE = "confirm-store"


def event_id(kind: str, cart_hash: str, *parts: str) -> str:
    """The stable id of a change: ``evt_`` and 24 hex digits of a SHA-256 of what changed."""
    text = "\x1f".join((kind, cart_hash, *parts))
    return "evt_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class WebhookRequest:
    """The HTTP request Locally would have sent to your webhook URL for one event."""

    method: str
    """``POST``, or ``PUT`` for a PushCart automatic rejection."""
    body: bytes
    """The JSON body, byte for byte."""


@dataclass(frozen=True)
class WatchEvent:
    """What every event has: a stable id, its kind, the cart, and when the cart changed."""

    kind: ClassVar[str] = "event"

    id: str
    """Stable across listeners and restarts: the same change always has the same id."""
    cart_hash: str
    """The cart that changed."""
    changed_at: _dt.datetime | None
    """When the cart changed, as the carts list says (``ordered_at`` for a new cart)."""
    order_url: str
    """The cart's Carts API URL, as Locally's notices carry it."""

    def as_webhook(self) -> WebhookRequest:
        """The request Locally would have sent for this event (method and JSON body)."""
        raise NotImplementedError

    @property
    def notice(self) -> PushCartNotice | ItemStatusNotice | ShipToStoreNotice:
        """The event as :func:`locally.webhooks.parse_webhook` would have returned it.

        So a handler written for Locally's webhooks can take watched events unchanged.
        """
        raise NotImplementedError

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: id, kind, cart, item, statuses and the webhook request."""
        webhook = self.as_webhook()
        summary: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "cart_hash": self.cart_hash,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
        }
        summary.update(self._details())
        summary["method"] = webhook.method
        summary["body"] = json.loads(webhook.body)
        return summary

    def _details(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True)
class NewCart(WatchEvent):
    """A cart appeared: the PushCart notice Locally sends when an order is created.

    ``cart`` is the cart as ``GET /api/v2/cart/{hash}`` returned it when the event was
    delivered, and the webhook body is that reply byte for byte.
    """

    kind: ClassVar[str] = "new_cart"

    cart: CartDetail = field(repr=False)
    """The whole cart: customer, store, items, prices."""
    body: bytes = field(repr=False, default=b"")
    """The cart detail exactly as the API sent it (the PushCart notice's body)."""

    def as_webhook(self) -> WebhookRequest:
        """``POST`` of the cart detail, as Locally's PushCart notice."""
        return WebhookRequest("POST", self.body)

    @property
    def notice(self) -> PushCartNotice:
        """The event as :func:`locally.webhooks.parse_webhook` would have returned it."""
        from ..types.webhooks import PushCartNotice

        return PushCartNotice(cart=self.cart)


@dataclass(frozen=True)
class CartAutoRejected(WatchEvent):
    """Locally rejected an order by itself: the 2-hour window passed unanswered.

    Locally tells a PushCart retailer with a ``PUT`` of the cart to the webhook URL
    (``locally-docs/02``).  The carts list does not say who rejected an item, so when an item
    still waiting for the retailer turns up rejected, the watch reads the cart detail: items
    labelled as an automatic cancellation ("Auto-cancelled", the label Locally's order history
    uses) give this event, the others an :class:`ItemStatusChanged` each.
    """

    kind: ClassVar[str] = "auto_rejected"

    upcs: tuple[str, ...]
    """The items that were cancelled automatically."""
    cart: CartDetail = field(repr=False)
    """The whole cart, as ``GET /api/v2/cart/{hash}`` returned it."""
    body: bytes = field(repr=False, default=b"")
    """The cart detail exactly as the API sent it."""

    def as_webhook(self) -> WebhookRequest:
        """``PUT`` of the cart detail, as Locally sends after an automatic rejection."""
        return WebhookRequest("PUT", self.body)

    @property
    def notice(self) -> PushCartNotice:
        """The event as :func:`locally.webhooks.parse_webhook` would have returned it."""
        from ..types.webhooks import PushCartNotice

        return PushCartNotice(cart=self.cart, auto_rejected=True)

    def _details(self) -> dict[str, Any]:
        return {"upcs": list(self.upcs)}


@dataclass(frozen=True)
class ItemStatusChanged(WatchEvent):
    """An item's status changed: the item-status notice (``{"status": "confirmed", ...}``)."""

    kind: ClassVar[str] = "item_status"

    upc: str
    """The item."""
    status: str
    """The new status, lower case as in Locally's notice ("confirmed", "fulfilled", ...)."""
    previous_status: str | None
    """The status the watch saw before, in the same form; ``None`` for an item not seen yet."""

    def as_webhook(self) -> WebhookRequest:
        """``POST`` of ``{"upc", "order_id", "status", "order_url"}``."""
        body = {
            "upc": self.upc,
            "order_id": self.cart_hash,
            "status": self.status,
            "order_url": self.order_url,
        }
        return WebhookRequest("POST", _json.dumps(body))

    @property
    def notice(self) -> ItemStatusNotice:
        """The event as :func:`locally.webhooks.parse_webhook` would have returned it."""
        from ..types.webhooks import ItemStatusNotice

        return ItemStatusNotice.model_validate(json.loads(self.as_webhook().body))

    def _details(self) -> dict[str, Any]:
        return {"upc": self.upc, "status": self.status, "previous_status": self.previous_status}


@dataclass(frozen=True)
class ShipToStoreStatusChanged(WatchEvent):
    """A Ship-to-Store item's status changed: the notice a brand receives.

    A new Ship-to-Store order reads "Pending Brand" in the carts API; Locally's notice for it
    says ``"sts_status": "confirm-store"`` (``locally-docs/03``), and so does this event's
    webhook body.  Later statuses are sent as the carts API reports them, in lower case.
    """

    kind: ClassVar[str] = "ship_to_store"

    upc: str
    """The item."""
    sts_status: str
    """The new Ship-to-Store status, lower case ("pending brand", "shipped", ...)."""
    previous_sts_status: str | None
    """The status the watch saw before; ``None`` for a new order."""

    def as_webhook(self) -> WebhookRequest:
        """``POST`` of ``{"upc", "order_id", "sts_status", "order_url"}``."""
        status = NEW_STS_ORDER_NOTICE if self.sts_status == "pending brand" else self.sts_status
        body = {
            "upc": self.upc,
            "order_id": self.cart_hash,
            "sts_status": status,
            "order_url": self.order_url,
        }
        return WebhookRequest("POST", _json.dumps(body))

    @property
    def notice(self) -> ShipToStoreNotice:
        """The event as :func:`locally.webhooks.parse_webhook` would have returned it."""
        from ..types.webhooks import ShipToStoreNotice

        return ShipToStoreNotice.model_validate(json.loads(self.as_webhook().body))

    def _details(self) -> dict[str, Any]:
        return {
            "upc": self.upc,
            "sts_status": self.sts_status,
            "previous_sts_status": self.previous_sts_status,
        }
