"""How a sale is divided between the brand and the retailer under an available-to-sell row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .._errors import FeedError, RequestValidationError
from ._available_to_sell import AvailableToSellRow
from .cells import MAX_AMOUNT, round_to_cent

__all__ = ["RevenueSplit", "revenue_split"]


@dataclass(frozen=True)
class RevenueSplit:
    """How a sale is divided between the brand and the retailer."""

    brand: Decimal
    """What the brand receives."""
    retailer: Decimal
    """What the retailer receives."""


def revenue_split(
    sale_price: Decimal, row: AvailableToSellRow, *, default_percent: Decimal | None = None
) -> RevenueSplit:
    """Split ``sale_price`` under ``row``: the brand keeps its percent, or the retailer its flat.

    Amounts are rounded to the cent, half up, on the brand's side; the retailer gets the rest,
    so the two always add up to the price.  A flat split larger than the price gives the
    retailer the whole price.  ``sale_price`` must be an amount from 0 to below 10^15
    (Decimal, int or numeric text) and ``default_percent`` one from 0 to 100; anything else
    raises :class:`~locally.RequestValidationError` naming it.
    """
    sale_price = _sale_price(sale_price)
    if not isinstance(row, AvailableToSellRow):
        raise RequestValidationError(
            f"row must be an AvailableToSellRow, got {type(row).__name__}", field="row"
        )
    if default_percent is not None:
        default_percent = _percent(default_percent)
    if row.split_flat is not None:
        retailer = min(row.split_flat, sale_price)
        return RevenueSplit(brand=sale_price - retailer, retailer=retailer)
    percent = row.percent_revenue_retained
    if percent is None:
        percent = default_percent
    if percent is None:
        raise FeedError(
            f"row {row.upc} uses the default percent; pass default_percent= to split it"
        )
    brand = round_to_cent(sale_price * percent / 100)
    return RevenueSplit(brand=brand, retailer=sale_price - brand)


def _amount(value: object) -> Decimal | None:
    """``value`` as a finite Decimal below 10^15 in size, or None (never from a float)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        return None
    if isinstance(value, int):
        return Decimal(value) if abs(value) < MAX_AMOUNT else None
    if isinstance(value, str) and not value.isascii():
        return None  # Decimal() also reads other scripts' digits
    try:
        amount = Decimal(value)
    except ArithmeticError:  # decimal.InvalidOperation: text that is no number
        return None
    return amount if amount.is_finite() and abs(amount) < MAX_AMOUNT else None


def _sale_price(value: object) -> Decimal:
    amount = _amount(value)
    if amount is None or amount < 0:
        raise RequestValidationError(
            "sale_price must be an amount from 0 to below 10^15 (Decimal, int or numeric "
            f"text, never float), got {value!r}",
            field="sale_price",
            value=value,
        )
    return amount


def _percent(value: object) -> Decimal:
    percent = _amount(value)
    if percent is None or not 0 <= percent <= 100:
        raise RequestValidationError(
            f"default_percent must be a percent from 0 to 100, got {value!r}",
            field="default_percent",
            value=value,
        )
    return percent
