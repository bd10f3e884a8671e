"""``client.cart_to_cart``: record the outcome of each Cart-to-Cart hand-off.

A 3.5% network fee is logged on every hand-off and waived when the retailer reports that it
did not become a sale: ``abandoned``, or ``refunded`` within 30 days of the order.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Literal

from .._errors import RequestValidationError
from .._transport import APIRequest
from .._validation import api_datetime
from .._validation import upc as checked_upc
from ..types.cart_to_cart import OutcomeStatus
from ..types.updates import UpdateResult
from ._raw import async_to_raw_response, to_raw_response
from ._updates import cart_update_request, item_update_request

if TYPE_CHECKING:
    from .._transport import AsyncTransport, SyncTransport

__all__ = ["REFUND_WINDOW", "AsyncCartToCart", "CartToCart"]

#: How long after the order a refund can still be reported (and the fee waived).
REFUND_WINDOW = _dt.timedelta(days=30)

#: An outcome: the enum, or its value as a literal string.
Status = OutcomeStatus | Literal["confirmed", "abandoned", "refunded"]


def _outcome(status: object) -> OutcomeStatus:
    try:
        return OutcomeStatus(str(status).strip().casefold())
    except ValueError:
        choices = ", ".join(member.value for member in OutcomeStatus)
        raise RequestValidationError(
            f"status must be one of {choices}; got {status!r}", field="status", value=status
        ) from None


def outcome_body(
    status: object, date: _dt.datetime | None, ordered_at: _dt.datetime | None
) -> dict[str, str]:
    """Validate an outcome and build ``{"date", "status"}``; ``date`` defaults to now (UTC)."""
    outcome = _outcome(status)
    when = date if date is not None else _dt.datetime.now(_dt.timezone.utc)
    sent = api_datetime("date", when)
    if ordered_at is not None and not isinstance(ordered_at, _dt.datetime):
        raise RequestValidationError(
            f"ordered_at must be a datetime, got {type(ordered_at).__name__}",
            field="ordered_at",
            value=ordered_at,
        )
    if outcome is OutcomeStatus.REFUNDED and ordered_at is not None:
        # Locally sends naive order times; read them as UTC for this day-granular check.
        placed = ordered_at if ordered_at.tzinfo else ordered_at.replace(tzinfo=_dt.timezone.utc)
        late = when - placed
        if late > REFUND_WINDOW:
            raise RequestValidationError(
                f"a refund can be reported for up to 30 days after the order; this order was "
                f"placed {placed.isoformat()} and the refund is dated {sent} "
                f"({late.days} days later), so the fee cannot be waived",
                field="status",
                value=outcome.value,
            )
    return {"date": sent, "status": outcome.value}


def record_outcome_request(
    cart_hash: str, status: object, date: _dt.datetime | None, ordered_at: _dt.datetime | None
) -> APIRequest[UpdateResult]:
    """``POST /api/v2/cart/{hash}`` with ``{"date", "status"}``."""
    return cart_update_request(cart_hash, outcome_body(status, date, ordered_at))


def record_item_outcome_request(
    cart_hash: str,
    upc: str,
    status: object,
    date: _dt.datetime | None,
    ordered_at: _dt.datetime | None,
) -> APIRequest[UpdateResult]:
    """``POST /api/v2/cart/{hash}/{upc}`` with ``{"hash", "upc", "date", "status"}``."""
    body = outcome_body(status, date, ordered_at)
    payload = {"hash": cart_hash, "upc": checked_upc("upc", upc), **body}
    return item_update_request(cart_hash, upc, payload)


class CartToCart:
    """Report Cart-to-Cart outcomes (sync)."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def record_outcome(
        self,
        cart_hash: str,
        status: Status = OutcomeStatus.CONFIRMED,
        date: _dt.datetime | None = None,
        *,
        ordered_at: _dt.datetime | None = None,
    ) -> UpdateResult:
        """Record how a whole hand-off ended: ``confirmed``, ``abandoned`` or ``refunded``.

        Args:
            cart_hash: The cart from the hand-off webhook.
            status: The outcome; ``abandoned`` and ``refunded`` waive the network fee.
            date: When it happened (timezone-aware); defaults to now.
            ordered_at: When the order was placed; with ``refunded``, a date more than 30
                days later is refused before sending.
        """
        return self._transport.request(record_outcome_request(cart_hash, status, date, ordered_at))

    def record_item_outcome(
        self,
        cart_hash: str,
        upc: str,
        status: Status = OutcomeStatus.CONFIRMED,
        date: _dt.datetime | None = None,
        *,
        ordered_at: _dt.datetime | None = None,
    ) -> UpdateResult:
        """Record the outcome of one line of a multi-product cart; see :meth:`record_outcome`."""
        return self._transport.request(
            record_item_outcome_request(cart_hash, upc, status, date, ordered_at)
        )

    @property
    def with_raw_response(self) -> CartToCartWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return CartToCartWithRawResponse(self)


class AsyncCartToCart:
    """Report Cart-to-Cart outcomes (async)."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def record_outcome(
        self,
        cart_hash: str,
        status: Status = OutcomeStatus.CONFIRMED,
        date: _dt.datetime | None = None,
        *,
        ordered_at: _dt.datetime | None = None,
    ) -> UpdateResult:
        """Record how a whole hand-off ended: ``confirmed``, ``abandoned`` or ``refunded``.

        Args:
            cart_hash: The cart from the hand-off webhook.
            status: The outcome; ``abandoned`` and ``refunded`` waive the network fee.
            date: When it happened (timezone-aware); defaults to now.
            ordered_at: When the order was placed; with ``refunded``, a date more than 30
                days later is refused before sending.
        """
        return await self._transport.request(
            record_outcome_request(cart_hash, status, date, ordered_at)
        )

    async def record_item_outcome(
        self,
        cart_hash: str,
        upc: str,
        status: Status = OutcomeStatus.CONFIRMED,
        date: _dt.datetime | None = None,
        *,
        ordered_at: _dt.datetime | None = None,
    ) -> UpdateResult:
        """Record the outcome of one line of a multi-product cart; see :meth:`record_outcome`."""
        return await self._transport.request(
            record_item_outcome_request(cart_hash, upc, status, date, ordered_at)
        )

    @property
    def with_raw_response(self) -> AsyncCartToCartWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return AsyncCartToCartWithRawResponse(self)


class CartToCartWithRawResponse:
    """``client.cart_to_cart`` methods that return a :class:`~locally.RawResponse`."""

    def __init__(self, c2c: CartToCart) -> None:
        self.record_outcome = to_raw_response(c2c.record_outcome)
        self.record_item_outcome = to_raw_response(c2c.record_item_outcome)


class AsyncCartToCartWithRawResponse:
    """``client.cart_to_cart`` methods (async) that return a :class:`~locally.RawResponse`."""

    def __init__(self, c2c: AsyncCartToCart) -> None:
        self.record_outcome = async_to_raw_response(c2c.record_outcome)
        self.record_item_outcome = async_to_raw_response(c2c.record_item_outcome)
