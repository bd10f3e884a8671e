"""Models of the webhooks Locally sends to retailers and brands."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._fields import LocallyModel, OptionalDateTime, Upc
from .carts import CartDetail, ItemStatusChecks, ItemStatusField, StsStatusField

__all__ = [
    "CartHandoff",
    "HandoffItem",
    "ItemStatusNotice",
    "PushCartNotice",
    "ShipToStoreNotice",
    "WebhookEvent",
]


class HandoffItem(LocallyModel):
    """One line of a Cart-to-Cart hand-off."""

    upc: Upc = Field(description="The item's UPC/EAN, as text.")
    quantity: int = Field(description="How many the shopper wants.")


class CartHandoff(LocallyModel):
    """Cart-to-Cart: a shopper's cart, ready to hand off to your e-commerce cart.

    Answer it in real time with :func:`locally.webhooks.handoff_response`.
    """

    kind: Literal["cart_handoff"] = Field(
        default="cart_handoff", exclude=True, description="Event kind."
    )
    created_at: OptionalDateTime = Field(default=None, description="When the cart was created.")
    hash: str = Field(description="The cart's hash; report its outcome with it later.")
    locally_store_id: int | None = Field(default=None, description="Locally's ID of the store.")
    external_store_id: int | str | None = Field(
        default=None, description="Your own ID of the store."
    )
    items: list[HandoffItem] = Field(description="The items and quantities to put in your cart.")


class ShipToStoreNotice(LocallyModel):
    """Ship-to-Store: an item's order changed (a new order reads ``confirm-store``)."""

    kind: Literal["ship_to_store"] = Field(
        default="ship_to_store", exclude=True, description="Event kind."
    )
    upc: Upc = Field(description="The item's UPC.")
    order_id: str = Field(description="The cart hash of the order.")
    sts_status: StsStatusField = Field(description="The item's Ship-to-Store status.")
    order_url: str | None = Field(default=None, description="The cart's Carts API URL.")


class ItemStatusNotice(ItemStatusChecks, LocallyModel):
    """An item's status changed, for example ``"status": "confirmed"``."""

    kind: Literal["item_status"] = Field(
        default="item_status", exclude=True, description="Event kind."
    )
    upc: Upc = Field(description="The item's UPC.")
    order_id: str = Field(description="The cart hash of the order.")
    status: ItemStatusField = Field(description="The item's new status.")
    order_url: str | None = Field(default=None, description="The cart's Carts API URL.")


class PushCartNotice(LocallyModel):
    """PushCart: an order was created or updated; carries the cart.

    Locally sends it with ``POST``, and with ``PUT`` when it automatically rejected the order
    because the 2-hour window passed (``auto_rejected``).

    The PushCart guide says only that the payload "contains the cart object", not which of the
    Carts API's two shapes.  Both are accepted and ``cart`` is always a :class:`CartDetail`:
    the detail shape (``GET /api/v2/cart/{hash}``: ``properties``, ``customer``, ``store``,
    ``items``) as it is, and the list shape (one cart of ``GET /api/v2/carts``: ``hash``,
    ``type``, ``ordered_at``, ... and ``items``) with its cart fields moved under
    ``properties``.  ``shape`` says which arrived; a list-shape cart has no customer or store,
    so fetch the cart (``client.webhooks.verify(event)``) when you need them.
    """

    kind: Literal["pushcart"] = Field(default="pushcart", exclude=True, description="Event kind.")
    cart: CartDetail = Field(description="The cart, as ``GET /api/v2/cart/{hash}`` shows it.")
    auto_rejected: bool = Field(
        default=False, description="True for the PUT Locally sends after an automatic rejection."
    )
    shape: Literal["detail", "summary"] = Field(
        default="detail",
        description='"detail" (the cart detail shape) or "summary" (the carts list shape).',
    )


#: Any event :func:`locally.webhooks.parse_webhook` returns.
WebhookEvent = CartHandoff | ShipToStoreNotice | ItemStatusNotice | PushCartNotice
