"""How a sale is divided between the brand and the retailer under an available-to-sell row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .._errors import FeedError, RequestValidationError
from ._available_to_sell import AvailableToSellRow
from .cells import given_amount, given_percent, round_to_cent

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
        default_percent = given_percent("default_percent", default_percent)
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


def _sale_price(value: object) -> Decimal:
    amount = given_amount(value)
    if amount is None or amount < 0:
        raise RequestValidationError(
            "sale_price must be an amount from 0 to below 10^15 (Decimal, int or numeric "
            f"text, never float), got {value!r}",
            field="sale_price",
            value=value,
        )
    return amount
