"""Feeds Locally reads: available-to-sell (Ship-to-Store), inventory and product feeds.

Every kind is read as a stream, row by row with the :mod:`csv` module, and every bad cell is
reported with its line number and column; nothing loads the whole file.  Writing to a path is
atomic.

**Retailer inventory feed** (PushCart and Cart-to-Cart): UPC, quantity on hand, optional
price, and a store id in a combined file; see :func:`read_inventory_feed`,
:func:`write_inventory_feed` and :func:`inventory_feed_freshness`.

**Cart-to-Cart product feed**: UPC, product name, image, description and buy link; see
:func:`read_product_feed` and :func:`write_product_feed`.

**Ship-to-Store available-to-sell feed**: Locally scans a brand's feed at least hourly.  It has
one of two column sets::

    upc,qty,percent revenue retained,shipping cost,country
    upc,qty,split_flat,shipping cost,country

``percent revenue retained`` is the share (0-100) of the sale the brand keeps; ``-1`` (or an
empty cell) means "use the Default Revenue Percent Retained from the STS panel".
``split_flat`` is instead the amount the retailer receives; the brand gets the rest.
``country`` (ISO 3166-1 alpha-2) is needed only for multi-country set-ups.

:func:`detect_feed_kind` tells the three apart from a file's first line.
"""

# ``X as X``: names that were public before this module became a package, though never in
# ``__all__``; they stay importable from here.
from .._gtin import is_valid_gtin
from ._available_to_sell import (
    AvailableToSellFeed,
    AvailableToSellRow,
    FeedFormat,
    read_feed,
    write_feed,
)
from ._csv_feed import FeedReport, FeedRowError
from ._csv_feed import Source as Source
from ._freshness import DEFAULT_MAX_AGE, FeedFreshness, inventory_feed_freshness
from ._inventory import (
    InventoryFeed,
    InventoryFormat,
    InventoryRow,
    read_inventory_feed,
    write_inventory_feed,
)
from ._kinds import FeedKind, detect_feed_kind
from ._products import (
    ProductFeed,
    ProductFeedFormat,
    ProductRow,
    read_product_feed,
    write_product_feed,
)
from ._revenue import RevenueSplit, revenue_split
from .cells import COUNTRY_CODES as COUNTRY_CODES
from .cells import USE_DEFAULT_PERCENT as USE_DEFAULT_PERCENT
from .cells import check_country as check_country
from .cells import check_money as check_money
from .cells import check_percent as check_percent
from .cells import check_qty as check_qty
from .cells import check_upc as check_upc

__all__ = [
    "DEFAULT_MAX_AGE",
    "AvailableToSellFeed",
    "AvailableToSellRow",
    "FeedFormat",
    "FeedFreshness",
    "FeedKind",
    "FeedReport",
    "FeedRowError",
    "InventoryFeed",
    "InventoryFormat",
    "InventoryRow",
    "ProductFeed",
    "ProductFeedFormat",
    "ProductRow",
    "RevenueSplit",
    "detect_feed_kind",
    "inventory_feed_freshness",
    "is_valid_gtin",
    "read_feed",
    "read_inventory_feed",
    "read_product_feed",
    "revenue_split",
    "write_feed",
    "write_inventory_feed",
    "write_product_feed",
]
