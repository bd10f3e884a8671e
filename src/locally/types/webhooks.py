"""Models of the webhooks Locally sends to retailers and brands.

A webhook is validated like a request the SDK would send, since a receiver acts on it (adds
items to a cart, ships an order): quantities are above 0, UPCs are 1 to 14 ASCII digits,
store ids are positive, and a cart hash is text that can name a cart in a URL.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .._gtin import is_ascii_digits
from ._fields import LocallyModel, OptionalDateTime, Upc
from .carts import CartDetail, ItemStatusChecks, ItemStatusField, StsStatusField

__all__ = [
    "CartHandoff",
    "HandoffItem",
    "ItemStatusNotice",
    "PushCartNotice",
    "ShipToStoreNotice",
    "WebhookEvent",
    "check_pushcart_cart",
]

#: The largest id or quantity read: a signed 64-bit integer.
_MAX_WHOLE = 2**63 - 1
# What would end or escape a URL path segment, spaces and control characters: as for a cart
# hash the SDK sends (locally._validation.path_segment).
_NOT_IN_HASH = frozenset("/?#%\\\x7f") | frozenset(chr(c) for c in range(33))


def _upc_shape(value: str) -> str:
    if not is_ascii_digits(value) or len(value) > 14:
        raise ValueError("must be a UPC/EAN of 1 to 14 digits")
    return value


def _cart_hash(value: str) -> str:
    if (
        not value
        or value in (".", "..")
        or any(ch in _NOT_IN_HASH or "\ud800" <= ch <= "\udfff" for ch in value)
    ):
        raise ValueError("must be a cart hash (no spaces, control characters, / ? # % \\, . or ..)")
    return value


def _store_ref(value: int | str | None) -> int | str | None:
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be blank")
    if isinstance(value, int) and not 1 <= value <= _MAX_WHOLE:
        raise ValueError(f"must be a whole number from 1 to {_MAX_WHOLE}")
    return value


#: A UPC in a webhook: text of 1 to 14 ASCII digits (a JSON number is read as its digits).
WebhookUpc = Annotated[Upc, AfterValidator(_upc_shape)]
#: A cart hash in a webhook.
CartHash = Annotated[str, AfterValidator(_cart_hash)]


def check_pushcart_cart(cart: CartDetail) -> tuple[str, str] | None:
    """The first field of a PushCart notice's cart that a receiver could not act on, if any.

    Returns ``(dotted field, what is wrong)``: the cart must name its hash, and every item
    needs a UPC of 1 to 14 digits and a quantity above 0.
    """
    if cart.hash is None:
        return "properties.hash", "the cart names no hash"
    try:
        _cart_hash(cart.hash)
    except ValueError as exc:
        return "properties.hash", str(exc)
    for index, item in enumerate(cart.items):
        try:
            _upc_shape(item.upc)
        except ValueError as exc:
            return f"items.{index}.upc", str(exc)
        if not 1 <= item.qty <= _MAX_WHOLE:
            return f"items.{index}.qty", "must be a whole number above 0"
    return None


class HandoffItem(LocallyModel):
    """One line of a Cart-to-Cart hand-off."""

    upc: WebhookUpc = Field(description="The item's UPC/EAN, as text.")
    quantity: int = Field(gt=0, le=_MAX_WHOLE, description="How many the shopper wants.")


class CartHandoff(LocallyModel):
    """Cart-to-Cart: a shopper's cart, ready to hand off to your e-commerce cart.

    Answer it in real time with :func:`locally.webhooks.handoff_response`.
    """

    kind: Literal["cart_handoff"] = Field(
        default="cart_handoff", exclude=True, description="Event kind."
    )
    created_at: OptionalDateTime = Field(default=None, description="When the cart was created.")
    hash: CartHash = Field(description="The cart's hash; report its outcome with it later.")
    locally_store_id: int | None = Field(
        default=None, gt=0, le=_MAX_WHOLE, description="Locally's ID of the store."
    )
    external_store_id: Annotated[int | str | None, AfterValidator(_store_ref)] = Field(
        default=None, description="Your own ID of the store."
    )
    items: list[HandoffItem] = Field(description="The items and quantities to put in your cart.")


class ShipToStoreNotice(LocallyModel):
    """Ship-to-Store: an item's order changed (a new order reads ``confirm-store``)."""

    kind: Literal["ship_to_store"] = Field(
        default="ship_to_store", exclude=True, description="Event kind."
    )
    upc: WebhookUpc = Field(description="The item's UPC.")
    order_id: CartHash = Field(description="The cart hash of the order.")
    sts_status: StsStatusField = Field(description="The item's Ship-to-Store status.")
    order_url: str | None = Field(default=None, description="The cart's Carts API URL.")


class ItemStatusNotice(ItemStatusChecks, LocallyModel):
    """An item's status changed, for example ``"status": "confirmed"``."""

    kind: Literal["item_status"] = Field(
        default="item_status", exclude=True, description="Event kind."
    )
    upc: WebhookUpc = Field(description="The item's UPC.")
    order_id: CartHash = Field(description="The cart hash of the order.")
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
