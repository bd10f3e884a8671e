"""Replies to status updates (``POST /api/v2/cart/{hash}[/{upc}]``) and whole-cart reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import Field

from .._errors import CartUpdateError, LocallyError
from ._fields import LocallyModel

__all__ = ["CartUpdateReport", "ItemOutcome", "UpdateResult"]


class UpdateResult(LocallyModel):
    """Locally's reply to a status update: ``{"status": true}``."""

    status: bool = Field(default=True, description="True when Locally accepted the update.")
    message: str | None = Field(default=None, description="The reason, when ``status`` is false.")


@dataclass(frozen=True)
class ItemOutcome:
    """What happened to one item of a whole-cart update."""

    upc: str
    """The item's UPC."""
    result: UpdateResult | None = None
    """Locally's reply, when the update succeeded."""
    error: LocallyError | None = None
    """The error, when it failed (refused before sending, or by the API)."""

    @property
    def ok(self) -> bool:
        """True when this item was updated."""
        return self.error is None


@dataclass(frozen=True)
class CartUpdateReport:
    """Per-item results of a whole-cart update, in the cart's item order.

    One item's failure never stops the others; check :attr:`ok` or call
    :meth:`raise_for_failures`.
    """

    cart_hash: str
    """The cart that was updated."""
    outcomes: list[ItemOutcome] = field(default_factory=list[ItemOutcome])
    """One entry per item, in cart order."""

    @property
    def ok(self) -> bool:
        """True when every item was updated."""
        return all(outcome.ok for outcome in self.outcomes)

    @property
    def succeeded(self) -> list[str]:
        """UPCs that were updated."""
        return [outcome.upc for outcome in self.outcomes if outcome.ok]

    @property
    def failed(self) -> dict[str, LocallyError]:
        """UPCs that failed, with their errors."""
        return {o.upc: o.error for o in self.outcomes if o.error is not None}

    def raise_for_failures(self) -> None:
        """Raise :class:`~locally.CartUpdateError` naming every failed item, if any failed."""
        failed = self.failed
        if failed:
            raise CartUpdateError(self.cart_hash, failed, total=len(self.outcomes))
