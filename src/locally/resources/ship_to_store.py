"""``client.ship_to_store``: the brand confirms, rejects, processes and ships STS items.

Every call is ``POST /api/v2/cart/{cart_hash}/{upc}`` with ``{"sts_status": ...}``.  Pass
``current_status=`` (for example ``item.sts_status``) to have an illegal move refused before
anything is sent.  The store moves the item on to "ready for pickup" and "picked up".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import RequestValidationError
from .._transport import APIRequest
from .._validation import non_empty_text
from ..lifecycle import SHIP_TO_STORE
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
    from ..types.carts import ShipToStoreStatus

__all__ = ["AsyncShipToStore", "ShipToStore", "shipping_message"]


def sts_request(
    cart_hash: str, upc: str, sts_status: str, current_status: object, **fields: Any
) -> APIRequest[UpdateResult]:
    """Build the update sending ``sts_status``, checking the lifecycle first."""
    if current_status is not None:
        SHIP_TO_STORE.check(current_status, sts_status)
    return item_update_request(cart_hash, upc, {"sts_status": sts_status, **fields})


def reject_request(
    cart_hash: str, upc: str, reason: str, current_status: object
) -> APIRequest[UpdateResult]:
    """``{"sts_status": "reject-brand", "reason": ...}``; the reason must say something."""
    text = non_empty_text("reason", reason)
    return sts_request(cart_hash, upc, "reject-brand", current_status, reason=text)


def shipping_message(
    message: str | None = None, *, tracking_number: str | None = None, carrier: str | None = None
) -> str | None:
    """Compose the message shown to shopper and store, adding tracking number and carrier.

    >>> shipping_message("On its way.", tracking_number="9400100000000000000000", carrier="USPS")
    'On its way. Tracking Number: 9400100000000000000000; Carrier: USPS'
    """
    if message is not None and not isinstance(message, str):
        raise RequestValidationError(
            f"message must be text, got {type(message).__name__}", field="message", value=message
        )
    parts: list[str] = [message.strip()] if message and message.strip() else []
    details: list[str] = []
    if tracking_number:
        details.append(f"Tracking Number: {non_empty_text('tracking_number', tracking_number)}")
    if carrier:
        details.append(f"Carrier: {non_empty_text('carrier', carrier)}")
    if details:
        parts.append("; ".join(details))
    return " ".join(parts) or None


def shipped_request(
    cart_hash: str,
    upc: str,
    message: str | None,
    tracking_number: str | None,
    carrier: str | None,
    current_status: object,
) -> APIRequest[UpdateResult]:
    """``{"sts_status": "shipped"}`` with the optional ``message``."""
    text = shipping_message(message, tracking_number=tracking_number, carrier=carrier)
    extra = {"message": text} if text else {}
    return sts_request(cart_hash, upc, "shipped", current_status, **extra)


class ShipToStore:
    """Move Ship-to-Store items through the brand's side of the lifecycle (sync)."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport
        self._carts = Carts(transport)

    def confirm(
        self, cart_hash: str, upc: str, *, current_status: ShipToStoreStatus | str | None = None
    ) -> UpdateResult:
        """Approve the order (``confirm-brand``); the shopper's card is charged."""
        return self._transport.request(sts_request(cart_hash, upc, "confirm-brand", current_status))

    def reject(
        self,
        cart_hash: str,
        upc: str,
        reason: str,
        *,
        current_status: ShipToStoreStatus | str | None = None,
    ) -> UpdateResult:
        """Reject the order (``reject-brand``) with a reason."""
        return self._transport.request(reject_request(cart_hash, upc, reason, current_status))

    def start_processing(
        self, cart_hash: str, upc: str, *, current_status: ShipToStoreStatus | str | None = None
    ) -> UpdateResult:
        """Mark the item as processing (allowed straight from pending)."""
        return self._transport.request(sts_request(cart_hash, upc, "processing", current_status))

    def mark_shipped(
        self,
        cart_hash: str,
        upc: str,
        message: str | None = None,
        *,
        tracking_number: str | None = None,
        carrier: str | None = None,
        current_status: ShipToStoreStatus | str | None = None,
    ) -> UpdateResult:
        """Mark the item shipped, with an optional message (tracking number and carrier)."""
        return self._transport.request(
            shipped_request(cart_hash, upc, message, tracking_number, carrier, current_status)
        )

    def confirm_cart(self, cart_hash: str) -> CartUpdateReport:
        """Confirm every item of a cart; the report says per item what succeeded or failed."""
        return update_cart(self._carts, cart_hash, lambda upc: self.confirm(cart_hash, upc))

    @property
    def with_raw_response(self) -> ShipToStoreWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return ShipToStoreWithRawResponse(self)


class AsyncShipToStore:
    """Move Ship-to-Store items through the brand's side of the lifecycle (async)."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport
        self._carts = AsyncCarts(transport)

    async def confirm(
        self, cart_hash: str, upc: str, *, current_status: ShipToStoreStatus | str | None = None
    ) -> UpdateResult:
        """Approve the order (``confirm-brand``); the shopper's card is charged."""
        return await self._transport.request(
            sts_request(cart_hash, upc, "confirm-brand", current_status)
        )

    async def reject(
        self,
        cart_hash: str,
        upc: str,
        reason: str,
        *,
        current_status: ShipToStoreStatus | str | None = None,
    ) -> UpdateResult:
        """Reject the order (``reject-brand``) with a reason."""
        return await self._transport.request(reject_request(cart_hash, upc, reason, current_status))

    async def start_processing(
        self, cart_hash: str, upc: str, *, current_status: ShipToStoreStatus | str | None = None
    ) -> UpdateResult:
        """Mark the item as processing (allowed straight from pending)."""
        return await self._transport.request(
            sts_request(cart_hash, upc, "processing", current_status)
        )

    async def mark_shipped(
        self,
        cart_hash: str,
        upc: str,
        message: str | None = None,
        *,
        tracking_number: str | None = None,
        carrier: str | None = None,
        current_status: ShipToStoreStatus | str | None = None,
    ) -> UpdateResult:
        """Mark the item shipped, with an optional message (tracking number and carrier)."""
        return await self._transport.request(
            shipped_request(cart_hash, upc, message, tracking_number, carrier, current_status)
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
    def with_raw_response(self) -> AsyncShipToStoreWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return AsyncShipToStoreWithRawResponse(self)


class ShipToStoreWithRawResponse:
    """``client.ship_to_store`` methods that return a :class:`~locally.RawResponse`."""

    def __init__(self, sts: ShipToStore) -> None:
        self.confirm = to_raw_response(sts.confirm)
        self.reject = to_raw_response(sts.reject)
        self.start_processing = to_raw_response(sts.start_processing)
        self.mark_shipped = to_raw_response(sts.mark_shipped)


class AsyncShipToStoreWithRawResponse:
    """``client.ship_to_store`` methods (async) that return a :class:`~locally.RawResponse`."""

    def __init__(self, sts: AsyncShipToStore) -> None:
        self.confirm = async_to_raw_response(sts.confirm)
        self.reject = async_to_raw_response(sts.reject)
        self.start_processing = async_to_raw_response(sts.start_processing)
        self.mark_shipped = async_to_raw_response(sts.mark_shipped)
