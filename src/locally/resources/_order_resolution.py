"""Whether a headless order went through, asked the only ways Locally offers, without I/O.

Locally has no "order status" call for a headless cart.  What it does offer:

- once ordered, the cart is an order in the Carts API v2 under the same hash
  (``GET /api/v2/cart/{hash}``), and the headless cart is gone (``error_code`` 1206);
- until then, the headless cart is still there (``GET /headless/api/1.0/cart``) and the
  Carts API answers 404.

:func:`resolution_steps` is a generator that yields each request to make and receives its
parsed reply, or the :class:`~locally.LocallyError` it raised; the sync and async clients
drive it (:func:`drive`, :func:`async_drive`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, cast

from .._api_errors import (
    APIConnectionError,
    APIResponseValidationError,
    CartNotFoundError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from .._errors import LocallyError, RequestValidationError
from .._transport import APIRequest
from ._headless_requests import finish_cart, retrieve_request
from .carts import retrieve_request as order_request

if TYPE_CHECKING:
    from ..types.order_resolution import OrderResolution

__all__ = ["async_drive", "drive", "resolution_steps"]

Steps = Generator[APIRequest[Any], object, "OrderResolution"]

# Failures that say nothing about the order, only that the question could not be asked now.
_TRANSIENT = (
    APIConnectionError,
    InternalServerError,
    RateLimitError,
    PermissionDeniedError,
    APIResponseValidationError,
)


def resolution_steps(session: object) -> Steps:
    """Ask the Carts API, then the headless cart, then the Carts API once more."""
    from ..types.carts import CartDetail
    from ..types.headless_inputs import HeadlessSession
    from ..types.order_resolution import OrderResolution, OrderStatus

    if not isinstance(session, HeadlessSession) or not session.cart_hash:
        raise RequestValidationError(
            "session must be the HeadlessSession the order was placed with, holding its cart "
            f"hash; got {session!r}",
            field="session",
            value=session,
        )
    cart_hash = session.cart_hash
    # Built now, so that a session that cannot fetch its cart is refused before any request.
    cart_request = retrieve_request(session)

    def unknown(reason: str, error: LocallyError | None = None) -> OrderResolution:
        return OrderResolution(OrderStatus.UNKNOWN, cart_hash, reason=reason, error=error)

    def placed(order: CartDetail, reason: str) -> OrderResolution:
        return OrderResolution(OrderStatus.PLACED, cart_hash, order=order, reason=reason)

    outcome = yield order_request(cart_hash)
    if isinstance(outcome, CartDetail):
        return placed(outcome, f"the Carts API has order {cart_hash}")
    if isinstance(outcome, _TRANSIENT):
        return unknown(f"the Carts API could not be asked about {cart_hash}: {outcome}", outcome)
    if not isinstance(outcome, NotFoundError):
        raise _unexpected(outcome)

    outcome = yield cart_request
    if isinstance(outcome, LocallyError):
        if isinstance(outcome, _TRANSIENT):
            return unknown(f"the headless cart could not be fetched: {outcome}", outcome)
        if not isinstance(outcome, CartNotFoundError):
            raise _unexpected(outcome)
    else:
        cart = finish_cart(cast("Any", outcome), session)
        return OrderResolution(
            OrderStatus.NOT_PLACED,
            cart_hash,
            cart=cart,
            reason=f"headless cart {cart_hash} is still open and the Carts API has no such order",
        )

    # The headless cart is gone: ordered in the meantime, or expired.  One more look.
    outcome = yield order_request(cart_hash)
    if isinstance(outcome, CartDetail):
        return placed(outcome, f"the Carts API has order {cart_hash} (on a second look)")
    if isinstance(outcome, _TRANSIENT):
        return unknown(f"the Carts API could not be asked about {cart_hash}: {outcome}", outcome)
    if isinstance(outcome, NotFoundError):
        return unknown(
            f"headless cart {cart_hash} is gone but the Carts API has no such order: it may "
            "have expired, the order may not be listed yet, or this API token may not see the "
            "store's orders; ask again later before placing it again"
        )
    raise _unexpected(outcome)


def _unexpected(outcome: object) -> LocallyError:
    """The error to raise: the caller's own problem (a bad token, say), passed on as it was.

    Only errors reach here: every reply that parsed was handled above.
    """
    return cast("LocallyError", outcome)


def drive(steps: Steps, send: Callable[[APIRequest[Any]], object]) -> OrderResolution:
    """Run ``steps``, sending each request with ``send`` (which may raise a LocallyError)."""
    request = next(steps)
    while True:
        outcome: object
        try:
            outcome = send(request)
        except LocallyError as exc:
            outcome = exc
        try:
            request = steps.send(outcome)
        except StopIteration as done:
            result: OrderResolution = done.value
            return result


async def async_drive(
    steps: Steps, send: Callable[[APIRequest[Any]], Awaitable[object]]
) -> OrderResolution:
    """Run ``steps`` like :func:`drive`, awaiting each request."""
    request = next(steps)
    while True:
        outcome: object
        try:
            outcome = await send(request)
        except LocallyError as exc:
            outcome = exc
        try:
            request = steps.send(outcome)
        except StopIteration as done:
            result: OrderResolution = done.value
            return result
