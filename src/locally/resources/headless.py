"""``client.headless``: find stores, build carts for shoppers and place BOPIS / ROPIS orders.

Every call carries the shopper's :class:`~locally.types.headless.HeadlessSession`: its session
id and cart JWT go out as ``Locally-Api-Session-Id`` and ``Locally-Pl-Jwt``, and the ids in
each reply (including a rotated session id) are written back into it.

Placing an order is not idempotent: it is retried only when the request never left this
machine; any later failure raises :class:`~locally.OrderOutcomeUnknownError`, and
``resolve_order`` then says whether the order went through.  Adding an item is treated the
same way, since repeating it could add the item twice.

The store finder (``start_conversion``, ``store_data``) needs no session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..types.headless import HeadlessCart, HeadlessOrder
from ..types.headless_inputs import HeadlessCustomer, HeadlessSession
from ._headless_requests import (
    add_item_request,
    bopis_request,
    finish_cart,
    quantity_request,
    remove_request,
    retrieve_request,
    ropis_request,
)
from ._order_resolution import async_drive, drive, resolution_steps
from ._raw import async_to_raw_response, to_raw_response
from ._store_finder_requests import conversion_start_request, store_data_request

if TYPE_CHECKING:
    from decimal import Decimal

    from .._transport import AsyncTransport, SyncTransport
    from ..types.order_resolution import OrderResolution
    from ..types.stores import ConversionStart, StoreData

__all__ = ["AsyncHeadless", "Headless"]


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

    def resolve_order(self, session: HeadlessSession) -> OrderResolution:
        """Whether the order placed from ``session``'s cart went through, after an unknown outcome.

        Asks the Carts API for the cart's hash (an order is listed there), then the headless
        cart (still open means not ordered), then the Carts API once more.  Returns an
        :class:`~locally.types.order_resolution.OrderResolution`: ``PLACED`` with ``order``,
        ``NOT_PLACED`` with the open ``cart`` (placing it again is safe), or ``UNKNOWN`` with
        the ``reason`` (do not place it again yet).  Errors that say nothing about the order
        (a dropped connection, a 5xx, a token that cannot read carts) give ``UNKNOWN``; others
        are raised.
        """
        return drive(resolution_steps(session), self._transport.request)

    def start_conversion(
        self,
        company_id: int,
        *,
        upc: str | None = None,
        style: str | None = None,
        product_id: int | None = None,
    ) -> ConversionStart:
        """Start the store finder for a product: the company, the UPC and the shopper's place.

        Pass exactly one of ``upc`` and ``style``; with ``style`` alone Locally picks the
        style's most common local variant and returns its UPC.
        """
        request = conversion_start_request(company_id, upc, style, product_id)
        return self._transport.request(request).data

    def store_data(
        self,
        *,
        company_id: int | None = None,
        company_slug: str | None = None,
        upc: str | None = None,
        style: str | None = None,
        map_center_lat: Decimal | float | str | None = None,
        map_center_lng: Decimal | float | str | None = None,
        map_distance_unit: str,
        map_distance_diag: int,
        only_store_id: int | None = None,
        dealers_company_id: int | None = None,
    ) -> StoreData:
        """The stores around a map centre that have the product, as ``markers``.

        Give one of ``company_id``/``company_slug`` and one of ``upc``/``style``.  The centre
        is required unless ``only_store_id`` asks about one store (then pass a diag of 1);
        ``map_distance_unit`` is ``"mi"`` or ``"km"`` and ``map_distance_diag`` a whole number
        greater than 0.  Each marker has the store's address, coordinates, hours,
        ``stock_status`` and ``acquisition_options``.
        """
        request = store_data_request(
            company_id=company_id,
            company_slug=company_slug,
            upc=upc,
            style=style,
            map_center_lat=map_center_lat,
            map_center_lng=map_center_lng,
            map_distance_unit=map_distance_unit,
            map_distance_diag=map_distance_diag,
            only_store_id=only_store_id,
            dealers_company_id=dealers_company_id,
        )
        return self._transport.request(request).data

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

    async def resolve_order(self, session: HeadlessSession) -> OrderResolution:
        """Whether the order placed from ``session``'s cart went through, after an unknown outcome.

        Asks the Carts API for the cart's hash (an order is listed there), then the headless
        cart (still open means not ordered), then the Carts API once more.  Returns an
        :class:`~locally.types.order_resolution.OrderResolution`: ``PLACED`` with ``order``,
        ``NOT_PLACED`` with the open ``cart`` (placing it again is safe), or ``UNKNOWN`` with
        the ``reason`` (do not place it again yet).  Errors that say nothing about the order
        (a dropped connection, a 5xx, a token that cannot read carts) give ``UNKNOWN``; others
        are raised.
        """
        return await async_drive(resolution_steps(session), self._transport.request)

    async def start_conversion(
        self,
        company_id: int,
        *,
        upc: str | None = None,
        style: str | None = None,
        product_id: int | None = None,
    ) -> ConversionStart:
        """Start the store finder for a product: the company, the UPC and the shopper's place.

        Pass exactly one of ``upc`` and ``style``; with ``style`` alone Locally picks the
        style's most common local variant and returns its UPC.
        """
        request = conversion_start_request(company_id, upc, style, product_id)
        return (await self._transport.request(request)).data

    async def store_data(
        self,
        *,
        company_id: int | None = None,
        company_slug: str | None = None,
        upc: str | None = None,
        style: str | None = None,
        map_center_lat: Decimal | float | str | None = None,
        map_center_lng: Decimal | float | str | None = None,
        map_distance_unit: str,
        map_distance_diag: int,
        only_store_id: int | None = None,
        dealers_company_id: int | None = None,
    ) -> StoreData:
        """The stores around a map centre that have the product, as ``markers``.

        Give one of ``company_id``/``company_slug`` and one of ``upc``/``style``.  The centre
        is required unless ``only_store_id`` asks about one store (then pass a diag of 1);
        ``map_distance_unit`` is ``"mi"`` or ``"km"`` and ``map_distance_diag`` a whole number
        greater than 0.  Each marker has the store's address, coordinates, hours,
        ``stock_status`` and ``acquisition_options``.
        """
        request = store_data_request(
            company_id=company_id,
            company_slug=company_slug,
            upc=upc,
            style=style,
            map_center_lat=map_center_lat,
            map_center_lng=map_center_lng,
            map_distance_unit=map_distance_unit,
            map_distance_diag=map_distance_diag,
            only_store_id=only_store_id,
            dealers_company_id=dealers_company_id,
        )
        return (await self._transport.request(request)).data

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
        self.start_conversion = to_raw_response(headless.start_conversion)
        self.store_data = to_raw_response(headless.store_data)


class AsyncHeadlessWithRawResponse:
    """``client.headless`` methods (async) that return a :class:`~locally.RawResponse`."""

    def __init__(self, headless: AsyncHeadless) -> None:
        self.add_item = async_to_raw_response(headless.add_item)
        self.retrieve = async_to_raw_response(headless.retrieve)
        self.set_quantity = async_to_raw_response(headless.set_quantity)
        self.remove_item = async_to_raw_response(headless.remove_item)
        self.place_bopis_order = async_to_raw_response(headless.place_bopis_order)
        self.place_ropis_order = async_to_raw_response(headless.place_ropis_order)
        self.start_conversion = async_to_raw_response(headless.start_conversion)
        self.store_data = async_to_raw_response(headless.store_data)
