"""Cart-to-Cart outcome statuses."""

from __future__ import annotations

from ._fields import LocallyEnum

__all__ = ["OutcomeStatus"]


class OutcomeStatus(LocallyEnum):
    """How a Cart-to-Cart hand-off ended."""

    CONFIRMED = "confirmed"
    """A completed sale (the default); the 3.5% network fee is owed."""
    ABANDONED = "abandoned"
    """The shopper abandoned the retailer's cart; the fee is waived."""
    REFUNDED = "refunded"
    """The sale was refunded within 30 days; the fee is waived."""
