"""Models for the headless cart API (``/headless/api/1.0/...``).

Every reply is an envelope ``{"success", "data", "msg", "error_code"}``.  The cart payload
(``data.cart_content``) carries the shopper, the cart with its items, the country and the
store with its hours.  Prices are Decimal; the API's 0/1 flags read as booleans.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, PrivateAttr

from ._fields import LocallyModel, Money, OptionalBool, OptionalInt, OptionalMoney, Upc

# A cart reply carries the session; both inputs also stay importable from here, as before
# they had a module of their own.
from .headless_inputs import HeadlessCustomer, HeadlessSession

__all__ = [
    "AcquisitionOptions",
    "HeadlessCart",
    "HeadlessCustomer",
    "HeadlessOrder",
    "HeadlessSession",
    "HeadlessCartData",
    "HeadlessCartEnvelope",
    "HeadlessCartItem",
    "HeadlessCartLines",
    "HeadlessCartContent",
    "HeadlessCountry",
    "HeadlessOrderData",
    "HeadlessOrderEnvelope",
    "HeadlessProduct",
    "HeadlessStore",
    "WeeklyHours",
    "HeadlessUser",
    "PickupTimeSlots",
    "SessionRef",
    "StoreHours",
    "StoreVatDetails",
]


class SessionRef(LocallyModel):
    """``data.session``: the session id to send with the next call."""

    # A session id lets anyone act on the shopper's cart: kept out of reprs (and so logs).
    id: str | None = Field(
        default=None, repr=False, description="The session id (a new one when it expired)."
    )


class HeadlessUser(LocallyModel):
    """``cart_content.user``: the shopper Locally keeps for this cart."""

    id: OptionalInt = Field(default=None, description="Locally's user id.")
    email: str | None = Field(default=None, description="The shopper's email, once known.")
    first_name: str | None = Field(default=None, description="First name.")
    last_name: str | None = Field(default=None, description="Last name.")
    phone: str | None = Field(default=None, description="Phone number.")
    preferred_zip: str | None = Field(
        default=None, description="Postal code used for store search."
    )
    preferred_country: str | None = Field(
        default=None, description="Country used for store search."
    )


class HeadlessProduct(LocallyModel):
    """``items[].product``: the catalogue product behind a cart line."""

    id: OptionalInt = Field(default=None, description="Locally product id.")
    name: str | None = Field(default=None, description="Product name.")
    company_id: OptionalInt = Field(default=None, description="The brand's company id.")
    style_number: str | None = Field(default=None, description="The brand's style number.")
    image: str | None = Field(default=None, description="Image URL.")
    long_description: str | None = Field(default=None, description="Description text.")
    average_rating: OptionalMoney = Field(default=None, description="Average review rating.")
    n_reviews: OptionalInt = Field(default=None, description="Number of reviews.")


class HeadlessCartItem(LocallyModel):
    """One line of the headless cart, with its prices and tax."""

    id: int = Field(description="The line's id: pass it to set_quantity/remove_item.")
    qty: int = Field(1, description="Quantity in the cart.")
    upc: Upc = Field(default="", description="The item's UPC, as text.")
    product_name: str | None = Field(default=None, description="Product name.")
    product_company_name: str | None = Field(default=None, description="Brand name.")
    product_image: str | None = Field(default=None, description="Image URL.")
    product_color: str | None = Field(default=None, description="Colour.")
    product_size: str | None = Field(default=None, description="Size.")
    product_price: Money = Field(default=Decimal(0), description="Unit price.")
    product_id: OptionalInt = Field(default=None, description="Locally product id.")
    store_id: OptionalInt = Field(default=None, description="The store selling this line.")
    subtotal: Money = Field(default=Decimal(0), description="Price x quantity.")
    tax_total: Money = Field(default=Decimal(0), description="Tax on the line.")
    shipping_cost: Money = Field(default=Decimal(0), description="Shipping charged for the line.")
    grand_total: Money = Field(default=Decimal(0), description="Subtotal + tax + shipping.")
    qty_available: OptionalInt = Field(default=None, description="Units the store can sell.")
    message: str | None = Field(default=None, description="A note on the line, if any.")
    fulfillment_type: OptionalInt = Field(
        default=None, description="Locally's fulfilment type code."
    )
    product_currency: str | None = Field(default=None, description="Currency (ISO 4217).")
    product_company_id: OptionalInt = Field(default=None, description="Brand company id.")
    coupon_discount_total: Money = Field(
        default=Decimal(0), description="Coupon discount on the line."
    )
    vat: Money = Field(default=Decimal(0), description="VAT included, in VAT countries.")
    tax_rate: OptionalMoney = Field(
        default=None, description="Tax rate in percent (10.25 = 10.25%)."
    )
    product: HeadlessProduct | None = Field(default=None, description="The catalogue product.")


class HeadlessCartLines(LocallyModel):
    """``cart_content.cart``: totals, addresses, flags and the lines."""

    id: OptionalInt = Field(default=None, description="Locally's cart id.")
    user_id: OptionalInt = Field(default=None, description="The shopper's user id.")
    hash: str = Field(description="The cart hash (used to place the order).")
    subtotal: Money = Field(default=Decimal(0), description="Sum of line subtotals.")
    tax_total: Money = Field(default=Decimal(0), description="Sum of line taxes.")
    shipping_cost_total: Money = Field(default=Decimal(0), description="Sum of shipping.")
    grand_total: Money = Field(default=Decimal(0), description="What the shopper pays.")
    first_name: str | None = Field(default=None, description="Billing first name.")
    last_name: str | None = Field(default=None, description="Billing last name.")
    address: str | None = Field(default=None, description="Billing street address.")
    address_2: str | None = Field(default=None, description="Billing address line 2.")
    city: str | None = Field(default=None, description="Billing city.")
    state: str | None = Field(default=None, description="Billing state.")
    zip: str | None = Field(default=None, description="Billing postal code.")
    email: str | None = Field(default=None, description="Email.")
    phone: str | None = Field(default=None, description="Phone.")
    country: str | None = Field(default=None, description="Billing country.")
    locale: str | None = Field(default=None, description="Locale, e.g. en-us.")
    origin: str | None = Field(default=None, description="The host_domain the cart was built on.")
    for_hold: OptionalBool = Field(default=None, description="True for a ROPIS (reserve) cart.")
    for_delivery: OptionalBool = Field(default=None, description="True for same-day delivery.")
    delivery_first_name: str | None = Field(default=None, description="Delivery first name.")
    delivery_last_name: str | None = Field(default=None, description="Delivery last name.")
    delivery_address: str | None = Field(default=None, description="Delivery street address.")
    delivery_address_2: str | None = Field(default=None, description="Delivery address line 2.")
    delivery_city: str | None = Field(default=None, description="Delivery city.")
    delivery_state: str | None = Field(default=None, description="Delivery state.")
    delivery_zip: str | None = Field(default=None, description="Delivery postal code.")
    delivery_country: str | None = Field(default=None, description="Delivery country.")
    delivery_fee_total: Money = Field(default=Decimal(0), description="Delivery fees.")
    is_test: OptionalBool = Field(default=None, description="True for a test-key cart.")
    delivery_choice: str | None = Field(default=None, description="Chosen delivery option.")
    store_delivery_fee: Money = Field(default=Decimal(0), description="The store's delivery fee.")
    delivery_notes: str | None = Field(default=None, description="Delivery notes.")
    coupon_discount_total: Money = Field(default=Decimal(0), description="Coupon discounts.")
    coupon_code: str | None = Field(default=None, description="Coupon code applied.")
    coupon_discount_reason: str | None = Field(default=None, description="Why the coupon applies.")
    for_ship_to_store: OptionalBool = Field(default=None, description="True for Ship-to-Store.")
    cart_currency: str | None = Field(default=None, description="Currency (ISO 4217).")
    items: list[HeadlessCartItem] = Field(
        default_factory=list[HeadlessCartItem], description="The cart lines."
    )
    custom_cart_text: str | None = Field(default=None, description="Text to show with the cart.")


class HeadlessCountry(LocallyModel):
    """``cart_content.country``: the cart's country settings."""

    id: OptionalInt = Field(default=None, description="Locally's country id.")
    name: str | None = Field(default=None, description="Country name.")
    code: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code.")
    primary_currency: str | None = Field(default=None, description="Main currency.")
    secondary_currency: str | None = Field(default=None, description="Second currency, if any.")
    primary_locale: str | None = Field(default=None, description="Main locale.")
    phone_prefix: str | None = Field(default=None, description="Dialling prefix.")
    display_marketing_consent: str | None = Field(
        default=None, description="Retailer consent text."
    )
    consent_checkbox_default_state: OptionalBool = Field(
        default=None, description="Whether consent boxes start ticked."
    )
    code_3: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code.")
    display_brand_marketing_consent: str | None = Field(
        default=None, description="Brand consent text."
    )


class StoreHours(LocallyModel):
    """One entry of ``cart_store.store_hours``."""

    id: OptionalInt = Field(default=None, description="Entry id.")
    store_id: OptionalInt = Field(default=None, description="The store.")
    type: OptionalInt = Field(default=None, description="Kind of hours (0 = regular).")
    custom_label: str | None = Field(default=None, description="A label for special hours.")
    dow: OptionalInt = Field(default=None, description="Day of week, 0 = first day.")
    single_day: str | None = Field(default=None, description="A single date these hours apply to.")
    closed: OptionalBool = Field(default=None, description="Closed that day.")
    start_time: OptionalInt = Field(default=None, description="Opening time as HHMM (700 = 07:00).")
    end_time: OptionalInt = Field(default=None, description="Closing time as HHMM (2000 = 20:00).")
    group: OptionalInt = Field(default=None, description="Group of hours entries.")
    is_closed: OptionalBool = Field(default=None, description="Closed that day.")


class PickupTimeSlots(LocallyModel):
    """``cart_store.pickup_time_slots``: offered pickup slots, when the store has them."""

    time: object | None = Field(default=None, description="Slot times, as Locally sends them.")
    days: object | None = Field(default=None, description="Slot days, as Locally sends them.")


class StoreVatDetails(LocallyModel):
    """``cart_store.store_vat_details``."""

    id: OptionalInt = Field(default=None, description="The store.")
    uses_vat: OptionalBool = Field(default=None, description="Whether prices include VAT.")
    sales_tax_label: str | None = Field(default=None, description="What the store calls its tax.")


class AcquisitionOptions(LocallyModel):
    """How the shopper can get the item: buy, reserve, same-day delivery."""

    bopis: OptionalBool = Field(default=None, description="Buy online, pick up in store.")
    sdd: OptionalBool = Field(default=None, description="Same-day delivery.")
    ropis: OptionalBool = Field(default=None, description="Reserve online, pay in store.")


class WeeklyHours(LocallyModel):
    """A store's opening and closing times, ``{mon..sun}_time_open/close`` as HHMM integers.

    Shared by the cart payload's store and the store finder's markers, which send the same
    fourteen fields.
    """

    mon_time_open: OptionalInt = Field(default=None, description="Monday opening, HHMM.")
    mon_time_close: OptionalInt = Field(default=None, description="Monday closing, HHMM.")
    tue_time_open: OptionalInt = Field(default=None, description="Tuesday opening, HHMM.")
    tue_time_close: OptionalInt = Field(default=None, description="Tuesday closing, HHMM.")
    wed_time_open: OptionalInt = Field(default=None, description="Wednesday opening, HHMM.")
    wed_time_close: OptionalInt = Field(default=None, description="Wednesday closing, HHMM.")
    thu_time_open: OptionalInt = Field(default=None, description="Thursday opening, HHMM.")
    thu_time_close: OptionalInt = Field(default=None, description="Thursday closing, HHMM.")
    fri_time_open: OptionalInt = Field(default=None, description="Friday opening, HHMM.")
    fri_time_close: OptionalInt = Field(default=None, description="Friday closing, HHMM.")
    sat_time_open: OptionalInt = Field(default=None, description="Saturday opening, HHMM.")
    sat_time_close: OptionalInt = Field(default=None, description="Saturday closing, HHMM.")
    sun_time_open: OptionalInt = Field(default=None, description="Sunday opening, HHMM.")
    sun_time_close: OptionalInt = Field(default=None, description="Sunday closing, HHMM.")


class HeadlessStore(WeeklyHours):
    """``cart_content.cart_store``: the store, its hours and options."""

    id: OptionalInt = Field(default=None, description="Locally store id.")
    name: str | None = Field(default=None, description="Store name.")
    address: str | None = Field(default=None, description="Street address.")
    address_2: str | None = Field(default=None, description="Address line 2.")
    city: str | None = Field(default=None, description="City.")
    state: str | None = Field(default=None, description="State.")
    zip: str | None = Field(default=None, description="Postal code.")
    country: str | None = Field(default=None, description="Country.")
    company_id: OptionalInt = Field(default=None, description="The retailer's company id.")
    lat: str | None = Field(default=None, description="Latitude.")
    lng: str | None = Field(default=None, description="Longitude.")
    phone: str | None = Field(default=None, description="Phone.")
    timezone: str | None = Field(default=None, description="IANA time zone.")
    average_rating: OptionalMoney = Field(default=None, description="Average review rating.")
    n_reviews: OptionalInt = Field(default=None, description="Number of reviews.")
    image: str | None = Field(default=None, description="Image URL.")
    web_address: str | None = Field(default=None, description="The store's website.")
    is_temporarily_closed: OptionalBool = Field(default=None, description="Temporarily closed.")
    area: object | None = Field(default=None, description="Service area, if any.")
    store_hours: list[StoreHours] = Field(
        default_factory=list[StoreHours], description="Opening hours."
    )
    pickup_time_slots: PickupTimeSlots | None = Field(default=None, description="Pickup slots.")
    store_vat_details: StoreVatDetails | None = Field(default=None, description="VAT settings.")
    acquisition_options: AcquisitionOptions | None = Field(
        default=None, description="BOPIS / ROPIS / same-day delivery availability."
    )


class HeadlessCartContent(LocallyModel):
    """``data.cart_content``: everything about the cart."""

    user: HeadlessUser | None = Field(default=None, description="The shopper.")
    cart: HeadlessCartLines | None = Field(default=None, description="Totals and lines.")
    country: HeadlessCountry | None = Field(default=None, description="Country settings.")
    cart_error: str | int | None = Field(
        default=None, description="0 when fine; the error text on a failed cart call."
    )
    cart_disclaimer: str | None = Field(default=None, description="Terms text (HTML) to show.")
    cart_store: HeadlessStore | None = Field(default=None, description="The store.")


class HeadlessCartData(LocallyModel):
    """``data`` of a cart reply."""

    n_in_cart: OptionalInt = Field(default=None, description="Number of units in the cart.")
    cart_hash: str = Field(description="The cart hash; every cart reply carries it.")
    cart_content: HeadlessCartContent | None = Field(default=None, description="The cart.")
    delivery_options: object | None = Field(default=None, description="Delivery options, if any.")
    cart_hash_jwt: str | None = Field(
        default=None, repr=False, description="Token that finds this cart again (a secret)."
    )
    session_ref: SessionRef | None = Field(
        default=None,
        alias="session",
        repr=False,
        description="``data.session``: the session id to send next; not in repr().",
    )


class HeadlessCartEnvelope(LocallyModel):
    """A headless cart reply."""

    success: bool = Field(description="False on a cart error.")
    data: HeadlessCartData = Field(description="The cart.")
    msg: str | None = Field(default=None, description="A message, mostly on errors.")
    error_code: OptionalInt = Field(default=None, description="Locally's error code, on errors.")


class HeadlessOrderData(LocallyModel):
    """``data`` of an order reply."""

    message: str | None = Field(default=None, description='e.g. "Your order has been placed".')
    target_uri: str | None = Field(default=None, description="Path of the order page.")
    status: OptionalInt = Field(default=None, description="Status code (ROPIS replies).")
    status_code: OptionalInt = Field(default=None, description="Status code.")
    session_ref: SessionRef | None = Field(
        default=None,
        alias="session",
        repr=False,
        description="``data.session``: the session id to send next; not in repr().",
    )


class HeadlessOrderEnvelope(LocallyModel):
    """A headless order reply."""

    success: bool = Field(description="True when the order was placed.")
    data: HeadlessOrderData = Field(default_factory=HeadlessOrderData, description="Result.")
    msg: str | None = Field(default=None, description="A message, mostly on errors.")
    error_code: OptionalInt = Field(default=None, description="Locally's error code, on errors.")


class HeadlessCart(HeadlessCartData):
    """A headless cart reply's data, with the :class:`HeadlessSession` to use next."""

    _session: HeadlessSession = PrivateAttr(default_factory=HeadlessSession)

    @property
    def session(self) -> HeadlessSession:
        """The shopper's session, updated with this reply's ids."""
        return self._session

    @property
    def items(self) -> list[HeadlessCartItem]:
        """The cart's lines (``cart_content.cart.items``)."""
        content = self.cart_content
        return content.cart.items if content and content.cart else []


class HeadlessOrder(HeadlessOrderData):
    """The result of placing a BOPIS or ROPIS order."""

    _cart_hash: str = PrivateAttr(default="")

    @property
    def cart_hash(self) -> str:
        """The hash of the cart that was ordered: ``client.carts.retrieve(order.cart_hash)``.

        Locally's reply does not repeat it; the SDK fills in the hash it placed the order
        with (an order can only be placed for a session that has one).
        """
        return self._cart_hash
