"""``client.pushcart``: the retailer moves each PushCart item through its lifecycle.

Every call is ``POST /api/v2/cart/{cart_hash}/{upc}`` with ``{"status": ...}``.  Pass
``current_status=`` (for example ``item.status`` from ``carts.retrieve``) to have an illegal
move refused before anything is sent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._transport import APIRequest
from .._validation import absolute_url, non_empty_text, positive_amount
from ..lifecycle import PUSHCART
from ..types.updates import CartUpdateReport, UpdateResult
from ._raw import async_to_raw_response, to_raw_response
from ._updates import (
    DEFAULT_CART_CONCURRENCY,
    async_update_cart,
    item_update_request,
    update_cart,
)
from .carts import AsyncCarts, Carts

if TYPE_CHECKING:
    from .._transport import AsyncTransport, SyncTransport
    from ..types.carts import ItemStatus

__all__ = ["AsyncPushCart", "PushCart"]


def pushcart_request(
    cart_hash: str, upc: str, status: str, current_status: object, **fields: Any
) -> APIRequest[UpdateResult]:
    """Build the update moving one item to ``status``, checking the lifecycle first."""
    if current_status is not None:
        PUSHCART.check(current_status, status)
    return item_update_request(cart_hash, upc, {"status": status, **fields})


def received_request(
    cart_hash: str, upc: str, fulfillment_url: str | None, current_status: object
) -> APIRequest[UpdateResult]:
    """``{"status": "received"}``, with ``fulfillment_url`` when given."""
    extra = {}
    if fulfillment_url is not None:
        extra["fulfillment_url"] = absolute_url("fulfillment_url", fulfillment_url)
    return pushcart_request(cart_hash, upc, "received", current_status, **extra)


def reject_request(
    cart_hash: str, upc: str, reason: str, current_status: object
) -> APIRequest[UpdateResult]:
    """``{"status": "rejected", "reason": ...}``; the reason must say something."""
    text = non_empty_text("reason", reason)
    return pushcart_request(cart_hash, upc, "rejected", current_status, reason=text)


def refund_request(
    cart_hash: str, upc: str, refund_amount: Decimal | int | str, current_status: object
) -> APIRequest[UpdateResult]:
    """``{"status": "refund", "refund_amount": ...}`` with the amount as an exact number."""
    amount = positive_amount("refund_amount", refund_amount)
    return pushcart_request(cart_hash, upc, "refund", current_status, refund_amount=amount)


class PushCart:
    """Update PushCart items (sync): received, confirmed or rejected, fulfilled, refund."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport
        self._carts = Carts(transport)

    def mark_received(
        self,
        cart_hash: str,
        upc: str,
        fulfillment_url: str | None = None,
        *,
        current_status: ItemStatus | str | None = None,
    ) -> UpdateResult:
        """Tell Locally the order is in your system (optional step, within the 2-hour window).

        With ``fulfillment_url`` (absolute http(s)), Locally sends the shopper there from now on.
        """
        return self._transport.request(
            received_request(cart_hash, upc, fulfillment_url, current_status)
        )

    def confirm(
        self, cart_hash: str, upc: str, *, current_status: ItemStatus | str | None = None
    ) -> UpdateResult:
        """Approve the item: the shopper's card is charged and funds go to your Stripe account."""
        return self._transport.request(
            pushcart_request(cart_hash, upc, "confirmed", current_status)
        )

    def reject(
        self,
        cart_hash: str,
        upc: str,
        reason: str,
        *,
        current_status: ItemStatus | str | None = None,
    ) -> UpdateResult:
        """Reject the item with a reason; Locally tells the shopper and the store."""
        return self._transport.request(reject_request(cart_hash, upc, reason, current_status))

    def mark_fulfilled(
        self, cart_hash: str, upc: str, *, current_status: ItemStatus | str | None = None
    ) -> UpdateResult:
        """Record that the shopper picked the item up (the final status)."""
        return self._transport.request(
            pushcart_request(cart_hash, upc, "fulfilled", current_status)
        )

    def refund(
        self,
        cart_hash: str,
        upc: str,
        refund_amount: Decimal | int | str,
        *,
        current_status: ItemStatus | str | None = None,
    ) -> UpdateResult:
        """Refund ``refund_amount`` (a Decimal > 0) for the item; processed immediately."""
        return self._transport.request(
            refund_request(cart_hash, upc, refund_amount, current_status)
        )

    def confirm_cart(self, cart_hash: str) -> CartUpdateReport:
        """Confirm every item of a cart; the report says per item what succeeded or failed."""
        return update_cart(self._carts, cart_hash, lambda upc: self.confirm(cart_hash, upc))

    @property
    def with_raw_response(self) -> PushCartWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return PushCartWithRawResponse(self)


class AsyncPushCart:
    """Update PushCart items (async): received, confirmed or rejected, fulfilled, refund."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport
        self._carts = AsyncCarts(transport)

    async def mark_received(
        self,
        cart_hash: str,
        upc: str,
        fulfillment_url: str | None = None,
        *,
        current_status: ItemStatus | str | None = None,
    ) -> UpdateResult:
        """Tell Locally the order is in your system (optional step, within the 2-hour window).

        With ``fulfillment_url`` (absolute http(s)), Locally sends the shopper there from now on.
        """
        return await self._transport.request(
            received_request(cart_hash, upc, fulfillment_url, current_status)
        )

    async def confirm(
        self, cart_hash: str, upc: str, *, current_status: ItemStatus | str | None = None
    ) -> UpdateResult:
        """Approve the item: the shopper's card is charged and funds go to your Stripe account."""
        return await self._transport.request(
            pushcart_request(cart_hash, upc, "confirmed", current_status)
        )

    async def reject(
        self,
        cart_hash: str,
        upc: str,
        reason: str,
        *,
        current_status: ItemStatus | str | None = None,
    ) -> UpdateResult:
        """Reject the item with a reason; Locally tells the shopper and the store."""
        return await self._transport.request(reject_request(cart_hash, upc, reason, current_status))

    async def mark_fulfilled(
        self, cart_hash: str, upc: str, *, current_status: ItemStatus | str | None = None
    ) -> UpdateResult:
        """Record that the shopper picked the item up (the final status)."""
        return await self._transport.request(
            pushcart_request(cart_hash, upc, "fulfilled", current_status)
        )

    async def refund(
        self,
        cart_hash: str,
        upc: str,
        refund_amount: Decimal | int | str,
        *,
        current_status: ItemStatus | str | None = None,
    ) -> UpdateResult:
        """Refund ``refund_amount`` (a Decimal > 0) for the item; processed immediately."""
        return await self._transport.request(
            refund_request(cart_hash, upc, refund_amount, current_status)
        )

    async def confirm_cart(
        self, cart_hash: str, *, concurrency: int = DEFAULT_CART_CONCURRENCY
    ) -> CartUpdateReport:
        """Confirm every item, ``concurrency`` at a time; the report keeps cart order."""
        return await async_update_cart(
            self._carts,
            cart_hash,
            lambda upc: self.confirm(cart_hash, upc),
            concurrency=concurrency,
        )

    @property
    def with_raw_response(self) -> AsyncPushCartWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return AsyncPushCartWithRawResponse(self)


class PushCartWithRawResponse:
    """``client.pushcart`` methods that return a :class:`~locally.RawResponse`."""

    def __init__(self, pushcart: PushCart) -> None:
        self.mark_received = to_raw_response(pushcart.mark_received)
        self.confirm = to_raw_response(pushcart.confirm)
        self.reject = to_raw_response(pushcart.reject)
        self.mark_fulfilled = to_raw_response(pushcart.mark_fulfilled)
        self.refund = to_raw_response(pushcart.refund)


class AsyncPushCartWithRawResponse:
    """``client.pushcart`` methods (async) that return a :class:`~locally.RawResponse`."""

    def __init__(self, pushcart: AsyncPushCart) -> None:
        self.mark_received = async_to_raw_response(pushcart.mark_received)
        self.confirm = async_to_raw_response(pushcart.confirm)
        self.reject = async_to_raw_response(pushcart.reject)
        self.mark_fulfilled = async_to_raw_response(pushcart.mark_fulfilled)
        self.refund = async_to_raw_response(pushcart.refund)
