"""How a sale is divided between the brand and the retailer under an available-to-sell row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .._errors import FeedError
from ._available_to_sell import AvailableToSellRow
from .cells import round_to_cent

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
    retailer the whole price.
    """
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
