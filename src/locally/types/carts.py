"""Models for the Real-time Carts API v2: ``GET /api/v2/carts/{page}``, ``GET /api/v2/cart/{hash}``.

Field descriptions follow Locally's own field tables (``locally-docs/02`` and ``03``).  Responses
are read leniently: unknown fields are kept, unknown statuses stay plain strings, "" becomes
``None`` for datetimes and optional values, and money is always :class:`decimal.Decimal`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import Field

from ._fields import (
    LocallyEnum,
    LocallyModel,
    OptionalBool,
    OptionalDateTime,
    OptionalInt,
    OptionalMoney,
    UnknownValue,
    Upc,
    lenient_enum,
)

__all__ = [
    "CartCustomer",
    "CartDetail",
    "CartDetailProperties",
    "CartItem",
    "CartMessage",
    "CartPageProperties",
    "CartStore",
    "CartSummary",
    "CartSummaryItem",
    "CartType",
    "ItemStatus",
    "ItemStatusChecks",
    "ShipToStoreStatus",
]


class CartType(LocallyEnum):
    """What kind of transaction a cart is."""

    HOLD = "HOLD"
    """A reservation for in-store payment (ROPIS)."""
    ORDER = "ORDER"
    """A payment for in-store pickup (BOPIS)."""
    SHIP = "SHIP"
    """A Ship-to-Store order (select brands only)."""


class ItemStatus(LocallyEnum):
    """The store-side status of a cart item, as sent to Locally and as Locally reports it.

    Spellings compare without regard to case or separators, and the other spellings Locally's
    documents use map onto the members: ``ItemStatus("Canceled")``, ``ItemStatus("Cancelled")``,
    ``ItemStatus("Retailer Declined")`` and ``ItemStatus("Auto-cancelled")`` are all
    :attr:`CANCELED`; ``"Charge Failed"`` and ``"Charge_Failed"`` are :attr:`CHARGE_FAILED`.

    What you send and what you read back differ: a PushCart ``rejected`` reads back as
    ``Canceled`` and a ``refund`` as ``Refunded``.  :attr:`is_rejected`, :attr:`is_refunded`
    and :attr:`is_fulfilled` answer for either spelling.
    """

    ORDERED = "ordered"
    """The BOPIS or ROPIS request was placed and the store has not resolved it."""
    RECEIVED = "received"
    """The retailer's system has received the item (PushCart, optional step)."""
    CONFIRMED = "confirmed"
    """The store confirmed the item is in stock and held for the shopper."""
    CANCELED = "canceled"
    """The store rejected the BOPIS or ROPIS request."""
    REJECTED = "rejected"
    """The retailer rejected the item (PushCart)."""
    CHARGE_FAILED = "charge_failed"
    """Charging the shopper's card failed; collect payment at pickup."""
    FULFILLED = "fulfilled"
    """The item was picked up (PushCart)."""
    REFUND = "refund"
    """The refund status a retailer sends (PushCart)."""
    REFUNDED = "refunded"
    """The item was refunded, as order history reports it."""

    @classmethod
    def spelling_variants(cls) -> Mapping[str, str]:
        """Spellings of the PushCart guide and order history (02, 05), and British "Cancelled"."""
        return {
            "pending store": "ordered",
            "cancelled": "canceled",
            "retailer declined": "canceled",
            "auto cancelled": "canceled",
            "auto canceled": "canceled",
            "charge failed": "charge_failed",
        }

    @property
    def is_rejected(self) -> bool:
        """True for ``rejected`` (what a retailer sends) and ``Canceled`` (what Locally reports)."""
        return self in (ItemStatus.REJECTED, ItemStatus.CANCELED)

    @property
    def is_refunded(self) -> bool:
        """True for ``refund`` (what a retailer sends) and ``Refunded`` (what Locally reports)."""
        return self in (ItemStatus.REFUND, ItemStatus.REFUNDED)

    @property
    def is_fulfilled(self) -> bool:
        """True for ``fulfilled``: the shopper picked the item up."""
        return self is ItemStatus.FULFILLED


class ShipToStoreStatus(LocallyEnum):
    """The Ship-to-Store status of an item (compared case-insensitively)."""

    CONFIRM_STORE = "confirm-store"
    """Sent in the brand's webhook notice: the order awaits the brand's decision."""
    PENDING_BRAND = "pending brand"
    """Waiting for the brand to confirm or reject."""
    CONFIRM_BRAND = "confirm-brand"
    """The brand confirmed the order (the value a brand sends)."""
    CONFIRMED = "confirmed"
    """The brand confirmed the order (as reported in carts)."""
    REJECT_BRAND = "reject-brand"
    """The brand rejected the order (the value a brand sends)."""
    REJECTED = "rejected"
    """The brand rejected the order (as reported in carts)."""
    PROCESSING = "processing"
    """The brand is processing the item."""
    SHIPPED = "shipped"
    """The item shipped to the store; the brand's split becomes payable."""
    READY_FOR_PICKUP = "ready for pickup"
    """The store has the item and told the shopper."""
    PICKED_UP = "picked up"
    """The shopper picked the item up; the retailer's split becomes payable."""
    REFUNDED = "refunded"
    """The order was refunded."""

    @classmethod
    def spelling_variants(cls) -> Mapping[str, str]:
        """The Ship-to-Store guide's "APPROVED" (Locally's order screen) is confirmed."""
        return {"approved": "confirmed"}


ItemStatusField = Annotated[ItemStatus | UnknownValue, lenient_enum(ItemStatus)]
# Non-STS items read "" in the list and false in the detail (and "N/A" as the list's field
# table words it): all mean "no STS status".
StsStatusField = Annotated[
    ShipToStoreStatus | UnknownValue | None, lenient_enum(ShipToStoreStatus, blank_is_none=True)
]
CartTypeField = Annotated[CartType | UnknownValue, lenient_enum(CartType)]


class ItemStatusChecks:
    """``is_rejected``, ``is_refunded`` and ``is_fulfilled`` for anything with a ``status``.

    The same answers as :class:`ItemStatus`'s properties, and False for a status this SDK
    does not know (kept as text) or none at all.
    """

    def _known_status(self) -> ItemStatus | None:
        status: object = getattr(self, "status", None)
        return status if isinstance(status, ItemStatus) else None

    @property
    def is_rejected(self) -> bool:
        """True when the item was rejected: sent as ``rejected``, reported as ``Canceled``."""
        status = self._known_status()
        return status is not None and status.is_rejected

    @property
    def is_refunded(self) -> bool:
        """True when the item was refunded: sent as ``refund``, reported as ``Refunded``."""
        status = self._known_status()
        return status is not None and status.is_refunded

    @property
    def is_fulfilled(self) -> bool:
        """True when the shopper picked the item up (``fulfilled``)."""
        status = self._known_status()
        return status is not None and status.is_fulfilled


class CartPageProperties(LocallyModel):
    """Paging information of one page of ``GET /api/v2/carts/{page}``."""

    date_time: OptionalDateTime = Field(default=None, description="The datetime of this request.")
    current_page: int = Field(default=0, description="The current page; pagination starts at 0.")
    total_pages: int = Field(
        default=0, description="Total number of pages: with 5, pages 0, 1, 2, 3 and 4 exist."
    )


class CartSummaryItem(ItemStatusChecks, LocallyModel):
    """One item of a cart in the carts list."""

    currency: str | None = Field(default=None, description="The currency of the order (ISO 4217).")
    total: OptionalMoney = Field(
        default=None, description="The total for the item; includes tax on a BOPIS order."
    )
    status: ItemStatusField | None = Field(default=None, description="The item's status.")
    sts_status: StsStatusField = Field(
        default=None,
        description='Ship-to-Store status; ``None`` when the item is not STS ("" / "N/A").',
    )
    qty: int = Field(default=0, description="Quantity of this item.")
    product_id: OptionalInt = Field(default=None, description="The Locally product ID of the item.")
    order_resolution: str | None = Field(
        default=None,
        description="Why/how the item has its status: SUCCESS, DECLINED, ... (open-ended).",
    )
    upc: Upc = Field(default="", description="The UPC/EAN of the item, as text.")
    alias: list[str] = Field(
        default_factory=list[str], description="UPC/EAN aliases of the item, if any."
    )


class CartSummary(LocallyModel):
    """One cart as listed by ``GET /api/v2/carts/{page}``."""

    hash: str = Field(description="The unique hash of the order, e.g. ``E3GKY8``.")
    type: CartTypeField | None = Field(default=None, description="HOLD, ORDER or SHIP.")
    source: str | None = Field(
        default=None,
        description='Where the order came from: "From Locally.com", "From brand-site.com".',
    )
    n_items: int = Field(default=0, description="Number of items in the order.")
    ordered_at: OptionalDateTime = Field(default=None, description="When the order was placed.")
    updated_at: OptionalDateTime = Field(default=None, description="When the order last changed.")
    delivery_status: str | None = Field(
        default=None, description="Same-Day Delivery status; blank for PushCart."
    )
    pickup_window: OptionalDateTime = Field(
        default=None, description="The selected pickup window slot, or ``None``."
    )
    items: list[CartSummaryItem] = Field(
        default_factory=list[CartSummaryItem], description="The cart's items with their statuses."
    )


class CartDetailProperties(LocallyModel):
    """The ``properties`` block of ``GET /api/v2/cart/{hash}``."""

    date_time: OptionalDateTime = Field(default=None, description="The datetime of this request.")
    type: CartTypeField | None = Field(default=None, description="HOLD, ORDER or SHIP.")
    hash: str = Field(description="The hash of the order, e.g. ``QE3QL6``; always sent.")
    pickup_window: OptionalDateTime = Field(
        default=None, description="The selected pickup window slot, or ``None``."
    )
    ordered_at: OptionalDateTime = Field(default=None, description="When the order was placed.")
    updated_at: OptionalDateTime = Field(default=None, description="When the order last changed.")
    delivery_status: str | None = Field(
        default=None, description="Same-Day Delivery status; blank for PushCart."
    )
    invoice: str | None = Field(default=None, description="URL of a minimal PDF invoice.")


class CartCustomer(LocallyModel):
    """The shopper who placed the cart."""

    first_name: str | None = Field(default=None, description="The customer's first name.")
    last_name: str | None = Field(default=None, description="The customer's last name.")
    address_1: str | None = Field(
        default=None, description="Billing street address (BOPIS or address on file), else blank."
    )
    address_2: str | None = Field(default=None, description="Secondary billing address line.")
    city: str | None = Field(default=None, description="Billing city.")
    state: str | None = Field(default=None, description="Billing state.")
    zip: str | None = Field(default=None, description="Billing postal code.")
    country: str | None = Field(default=None, description="Billing country.")
    email: str | None = Field(default=None, description="The customer's email address.")
    phone: str | None = Field(default=None, description="The customer's phone number.")
    marketing_active_consent: OptionalBool = Field(
        default=None, description="Whether the shopper opted in to the store's marketing emails."
    )


class CartStore(LocallyModel):
    """The store the cart was placed with."""

    name: str | None = Field(default=None, description="The store's name.")
    phone: str | None = Field(default=None, description="The store's phone number.")
    address: str | None = Field(default=None, description="The store's street address.")
    address_2: str | None = Field(default=None, description="The store's second address line.")
    city: str | None = Field(default=None, description="The store's city.")
    state: str | None = Field(default=None, description="The store's state.")
    zip: str | None = Field(default=None, description="The store's postal code.")
    country: str | None = Field(default=None, description="The store's country.")
    store_id: OptionalInt = Field(default=None, description="The unique Locally store ID.")
    vendor_id: str | int | None = Field(
        default=None, description="The brand's own ID for the store, if any."
    )


class CartMessage(LocallyModel):
    """A message on a cart item, from Locally, the retailer or the customer."""

    sender: str | None = Field(
        default=None, description='Who sent it: "locally", "retailer", "customer".'
    )
    description: str | None = Field(default=None, description="The text of the message.")
    created_at: OptionalDateTime = Field(default=None, description="When the message was sent.")


class CartItem(ItemStatusChecks, LocallyModel):
    """One item of ``GET /api/v2/cart/{hash}``, with prices, taxes, fees and splits."""

    status: ItemStatusField | None = Field(default=None, description="The item's status.")
    sts_status: StsStatusField = Field(
        default=None,
        description="Ship-to-Store status; ``None`` when the store is not STS (false).",
    )
    product_id: OptionalInt = Field(default=None, description="The Locally product ID of the item.")
    qty: int = Field(default=0, description="Quantity of this item in the cart.")
    brand: str | None = Field(default=None, description="The brand / manufacturer of the product.")
    upc: Upc = Field(default="", description="The UPC/EAN of the item, as text.")
    alias: list[str] = Field(default_factory=list[str], description="UPC/EAN aliases, if any.")
    name: str | None = Field(default=None, description="The product name.")
    attrib_1: str | None = Field(default=None, description="The first attribute: colour, size, ...")
    attrib_2: str | None = Field(
        default=None, description="The second attribute: colour, size, ..."
    )
    currency: str | None = Field(default=None, description="The currency of the order.")
    msrp: OptionalMoney = Field(default=None, description="The MSRP of the item.")
    product_price: OptionalMoney = Field(
        default=None, description="What the shopper paid or reserved at; may differ from MSRP."
    )
    product_price_less_vat: OptionalMoney = Field(
        default=None, description="The product price less VAT (VAT countries only)."
    )
    subtotal: OptionalMoney = Field(default=None, description="The subtotal of the item.")
    tax: OptionalMoney = Field(default=None, description="The tax for the item on a BOPIS order.")
    tax_rate: OptionalMoney = Field(
        default=None, description="The tax rate in percent on a BOPIS order: 6.25 means 6.25%."
    )
    tax_is_vat: OptionalBool = Field(default=None, description="Whether the tax amount is VAT.")
    tax_remitted: OptionalBool = Field(
        default=None, description="Whether Locally remitted sales tax for the store (US/CA BOPIS)."
    )
    commission: OptionalMoney = Field(default=None, description="The commission Locally is owed.")
    stripe_fee: OptionalMoney = Field(
        default=None, description="On a BOPIS order, the fee Stripe charged for the transaction."
    )
    total: OptionalMoney = Field(
        default=None, description="The total for the item; includes tax on a BOPIS order."
    )
    disbursement: OptionalMoney = Field(
        default=None, description="The amount disbursed for the item (seen in Locally's sample)."
    )
    disbursement_brand: OptionalMoney = Field(
        default=None, description="STS: the split payable to the brand ($0 until shipped)."
    )
    disbursement_retail: OptionalMoney = Field(
        default=None, description="STS: the split payable to the retailer ($0 until picked up)."
    )
    split_brand: OptionalMoney = Field(default=None, description="STS: the brand's revenue split.")
    split_retailer: OptionalMoney = Field(
        default=None, description="STS: the retailer's revenue split."
    )
    order_resolution: str | None = Field(
        default=None,
        description="Why/how the item has its status: SUCCESS, DECLINED, ... (open-ended).",
    )
    resolution_notes: str | None = Field(
        default=None, description="Notes on the resolution, if the store added any."
    )
    messages: list[CartMessage] = Field(
        default_factory=list[CartMessage], description="Messages about the item, oldest first."
    )


class CartDetail(LocallyModel):
    """A whole cart from ``GET /api/v2/cart/{hash}``: properties, customer, store and items."""

    status: bool = Field(default=True, description="True when the request succeeded.")
    message: str | None = Field(default=None, description="The reason, when ``status`` is false.")
    properties: CartDetailProperties = Field(description="Type, hash, times and invoice URL.")
    customer: CartCustomer = Field(
        default_factory=CartCustomer, description="The shopper's contact and billing details."
    )
    store: CartStore = Field(default_factory=CartStore, description="The store's details.")
    items: list[CartItem] = Field(default_factory=list[CartItem], description="The cart's items.")

    @property
    def hash(self) -> str:
        """The cart's hash (from ``properties.hash``, which Locally always sends)."""
        return self.properties.hash
