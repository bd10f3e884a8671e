"""The answer of ``client.headless.resolve_order``: whether the headless order was placed."""

from __future__ import annotations

from dataclasses import dataclass

from .._errors import LocallyError
from ._fields import LocallyEnum
from .carts import CartDetail
from .headless import HeadlessCart

__all__ = ["OrderResolution", "OrderStatus"]


class OrderStatus(LocallyEnum):
    """Whether a headless order went through."""

    PLACED = "placed"
    """The order exists: the Carts API has a cart with the session's hash."""
    NOT_PLACED = "not_placed"
    """The headless cart is still open, so no order was made from it; placing it is safe."""
    UNKNOWN = "unknown"
    """Neither could be shown (see ``reason``); do not place the order again yet."""


@dataclass(frozen=True)
class OrderResolution:
    """What :meth:`~locally.resources.headless.Headless.resolve_order` found out."""

    status: OrderStatus
    """Placed, not placed, or still unknown."""
    cart_hash: str
    """The hash of the cart the order was placed from."""
    order: CartDetail | None = None
    """The order as the Carts API shows it, when it was placed."""
    cart: HeadlessCart | None = None
    """The still-open headless cart, when it was not placed."""
    reason: str = ""
    """How the answer was reached, in a sentence."""
    error: LocallyError | None = None
    """The error that kept the answer unknown, if one did."""

    @property
    def placed(self) -> bool:
        """True when the order exists."""
        return self.status is OrderStatus.PLACED
