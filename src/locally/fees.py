"""The Cart-to-Cart network fee: what is owed and what is waived.

Locally logs a 3.5% network fee on every Cart-to-Cart hand-off and waives it when the retailer
reports the hand-off ``abandoned`` or ``refunded``.  Each cart's fee is rounded to the cent,
half up (the usual rounding for invoices), before the totals are added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .types.cart_to_cart import OutcomeStatus
from .types.carts import CartDetail, CartSummary

__all__ = ["NETWORK_FEE_RATE", "FeeLedger", "LedgerEntry", "network_fee"]

#: The Cart-to-Cart network fee: 3.5% of the order.
NETWORK_FEE_RATE = Decimal("0.035")
_CENT = Decimal("0.01")


def network_fee(order_total: Decimal) -> Decimal:
    """3.5% of ``order_total``, rounded to the cent, half up."""
    return (order_total * NETWORK_FEE_RATE).quantize(_CENT, rounding=ROUND_HALF_UP)


def _cart_total(cart: CartSummary | CartDetail) -> Decimal:
    return sum((item.total or Decimal(0) for item in cart.items), Decimal(0))


@dataclass(frozen=True)
class LedgerEntry:
    """One cart's fee and whether it is owed."""

    cart_hash: str
    """The cart."""
    order_total: Decimal
    """The sum of its item totals."""
    status: OutcomeStatus
    """The outcome reported for it."""
    fee: Decimal
    """3.5% of ``order_total``, to the cent."""

    @property
    def owed(self) -> bool:
        """True when the fee is owed (a confirmed sale)."""
        return self.status is OutcomeStatus.CONFIRMED


@dataclass
class FeeLedger:
    """Network fees for a set of carts and their outcomes.

    Example:
        >>> from decimal import Decimal
        >>> ledger = FeeLedger()
        >>> ledger.add("A1", Decimal("100.00"), "confirmed")
        >>> ledger.add("B2", Decimal("50.00"), "abandoned")
        >>> ledger.owed, ledger.waived
        (Decimal('3.50'), Decimal('1.75'))
    """

    entries: list[LedgerEntry] = field(default_factory=list[LedgerEntry])
    """Every cart added, in order."""

    def add(self, cart_hash: str, order_total: Decimal, status: OutcomeStatus | str) -> None:
        """Add a cart by its total and outcome."""
        outcome = OutcomeStatus(str(status).strip().casefold())
        self.entries.append(LedgerEntry(cart_hash, order_total, outcome, network_fee(order_total)))

    @classmethod
    def from_carts(
        cls, outcomes: Iterable[tuple[CartSummary | CartDetail, OutcomeStatus | str]]
    ) -> FeeLedger:
        """Build a ledger from ``(cart, outcome)`` pairs; a cart's total is its items' sum."""
        ledger = cls()
        for cart, status in outcomes:
            ledger.add(cart.hash, _cart_total(cart), status)
        return ledger

    @property
    def owed(self) -> Decimal:
        """Fees owed: the confirmed carts'."""
        return sum((e.fee for e in self.entries if e.owed), Decimal("0.00"))

    @property
    def waived(self) -> Decimal:
        """Fees waived: the abandoned and refunded carts'."""
        return sum((e.fee for e in self.entries if not e.owed), Decimal("0.00"))
