"""``client.headless``: build carts for shoppers and place BOPIS / ROPIS orders.

Every call carries the shopper's :class:`~locally.types.headless.HeadlessSession`: its session
id and cart JWT go out as ``Locally-Api-Session-Id`` and ``Locally-Pl-Jwt``, and the ids in
each reply (including a rotated session id) are written back into it.

Placing an order is not idempotent: it is retried only when the request never left this
machine; any later failure raises :class:`~locally.OrderOutcomeUnknownError`.  Adding an item
is treated the same way, since repeating it could add the item twice.
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
from ._raw import async_to_raw_response, to_raw_response

if TYPE_CHECKING:
    from .._transport import AsyncTransport, SyncTransport

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
