"""The Ship-to-Store "available to sell" CSV feed: read, validate, write, and split revenue.

Locally scans a brand's feed at least hourly.  It has one of two column sets::

    upc,qty,percent revenue retained,shipping cost,country
    upc,qty,split_flat,shipping cost,country

``percent revenue retained`` is the share (0-100) of the sale the brand keeps; ``-1`` (or an
empty cell) means "use the Default Revenue Percent Retained from the STS panel".
``split_flat`` is instead the amount the retailer receives; the brand gets the rest.
``country`` (ISO 3166-1 alpha-2) is needed only for multi-country set-ups.

Reading streams the file row by row with the :mod:`csv` module and reports every bad cell with
its line number and column; it never loads the whole file.
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
from ._revenue import RevenueSplit, revenue_split
from .cells import COUNTRY_CODES as COUNTRY_CODES
from .cells import USE_DEFAULT_PERCENT as USE_DEFAULT_PERCENT
from .cells import check_country as check_country
from .cells import check_money as check_money
from .cells import check_percent as check_percent
from .cells import check_qty as check_qty
from .cells import check_upc as check_upc

__all__ = [
    "AvailableToSellFeed",
    "AvailableToSellRow",
    "FeedFormat",
    "FeedReport",
    "FeedRowError",
    "RevenueSplit",
    "is_valid_gtin",
    "read_feed",
    "revenue_split",
    "write_feed",
]
