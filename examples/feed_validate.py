"""The available-to-sell feed: write one, validate one, and split a sale's revenue."""

from __future__ import annotations

import io
from decimal import Decimal

from locally.feeds import AvailableToSellRow, read_feed, revenue_split, write_feed

FEED_WITH_PROBLEMS = """upc,qty,percent revenue retained,shipping cost,country
727602259178,17,0,0,US
605284574539,2,70,25.50,US
736745040315,5,-1,0,US
736745040314,ten,150,0,USA
"""


def main() -> None:
    """Write a clean feed, then report every problem in a bad one."""
    rows = [
        AvailableToSellRow(upc="727602259178", qty=17, percent_revenue_retained=Decimal(0)),
        AvailableToSellRow(
            upc="605284574539",
            qty=2,
            percent_revenue_retained=Decimal(70),
            shipping_cost=Decimal("25.50"),
            country="US",
        ),
    ]
    out = io.StringIO()
    write_feed(rows, out)
    print(out.getvalue(), end="")

    report = read_feed(io.StringIO(FEED_WITH_PROBLEMS), default_percent=Decimal(60)).validate()
    print(f"{report.rows} valid rows, {len(report.errors)} problems")
    for error in report.errors:
        print(f"  {error}")

    split = revenue_split(Decimal("1000.00"), rows[1])
    print(f"a $1000.00 sale: brand {split.brand}, retailer {split.retailer}")


if __name__ == "__main__":
    main()
