"""Which kind of feed a file is, told from its first line."""

from __future__ import annotations

import csv
from enum import Enum

from ._available_to_sell import FeedFormat
from ._csv_feed import Source, header_key, open_text
from ._products import PRODUCT_FEED_COLUMNS

__all__ = ["FeedKind", "detect_feed_kind"]


class FeedKind(str, Enum):
    """The feeds this package reads."""

    AVAILABLE_TO_SELL = "available-to-sell"
    """A Ship-to-Store brand's available-to-sell feed (:func:`~locally.feeds.read_feed`)."""
    INVENTORY = "inventory"
    """A retailer's inventory feed (:func:`~locally.feeds.read_inventory_feed`)."""
    PRODUCT = "product"
    """A Cart-to-Cart e-commerce product feed (:func:`~locally.feeds.read_product_feed`)."""


# Columns only the available-to-sell and product feeds have; an inventory feed has neither.
_AVAILABLE_TO_SELL_COLUMNS = frozenset(
    header_key([name for fmt in FeedFormat for name in fmt.header[2:]])
)
_PRODUCT_COLUMNS = frozenset(
    name for field, _, names in PRODUCT_FEED_COLUMNS if field != "upc" for name in names
)


def detect_feed_kind(source: Source) -> FeedKind:
    """The kind of feed ``source`` is, told from its header.

    An available-to-sell feed has its third column (``percent revenue retained`` or
    ``split_flat``), a product feed its columns (``product name``, ``image``, ``buy link``,
    ...); anything else is an inventory feed, whose header is optional.  Only the first line
    of ``source`` is read; a file object is left where that put it.
    """
    with open_text(source) as text:
        first = text.readline()
    delimiter = max(",\t;|", key=first.count) if first else ","
    cells = next(csv.reader([first], delimiter=delimiter), list[str]())
    names = set(header_key(cells))
    if names & _AVAILABLE_TO_SELL_COLUMNS:
        return FeedKind.AVAILABLE_TO_SELL
    if names & _PRODUCT_COLUMNS:
        return FeedKind.PRODUCT
    return FeedKind.INVENTORY
