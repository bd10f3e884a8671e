"""A retailer's inventory feed: write it from your stock, check a file, and watch its age.

PushCart and Cart-to-Cart switch off when Locally's copy of your stock is older than 24 hours,
so the job that writes the feed also checks that it really was refreshed.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path

from locally.feeds import (
    InventoryRow,
    inventory_feed_freshness,
    read_inventory_feed,
    write_inventory_feed,
)

# What a POS export might hold: (store, UPC, on hand, price).
STOCK = [
    ("S-001", "012345678905", 3, Decimal("44.95")),
    ("S-001", "036000291452", 0, Decimal("74.25")),
    ("S-002", "012345678905", 12, None),
]


def publish(folder: Path) -> Path:
    """Write one combined file for every store (atomically: readers never see half of it)."""
    rows = [InventoryRow(upc=u, quantity=q, price=p, store_id=s) for s, u, q, p in STOCK]
    path = folder / "inventory.csv"
    count = write_inventory_feed(rows, path)
    print(f"wrote {count} rows:")
    print(path.read_text().rstrip())
    return path


def check_a_file_from_a_store() -> None:
    """A one-store export without a header, tab-separated, with two mistakes."""
    export = "012345678905\t3\t44.95\n036000291453\t1\t\n036000291452\t-2\t9.99\n"
    feed = read_inventory_feed(io.StringIO(export))
    rows = list(feed)
    print(f"{len(rows)} valid rows ({feed.format.value if feed.format else '?'}), problems:")
    for error in feed.errors:
        print(f"  {error}")


def check_age(path: Path) -> None:
    """Say whether the file Locally reads is fresh enough."""
    now = dt.datetime.now(dt.timezone.utc)
    fresh = inventory_feed_freshness(path, now=now)
    print(f"written {fresh.age.total_seconds():.0f} s ago, stale={fresh.stale}")
    tomorrow = inventory_feed_freshness(path, now=now + dt.timedelta(hours=25))
    print(f"if not rewritten, in 25 hours: stale={tomorrow.stale}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        feed_path = publish(Path(folder))
        check_a_file_from_a_store()
        check_age(feed_path)
