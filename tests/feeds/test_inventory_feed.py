"""The retailer inventory feed: columns by position, optional header, streaming, freshness."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locally import FeedError, FeedFileError, FeedRowValidationError, RequestValidationError
from locally.feeds import (
    FeedKind,
    InventoryFormat,
    InventoryRow,
    detect_feed_kind,
    inventory_feed_freshness,
    read_inventory_feed,
    write_inventory_feed,
)
from tests.helpers import DATA

# Column A UPC/EAN, B quantity on hand, C price (optional), as locally-docs/05 lists them.
ROWS = [
    ("012345678905", 3, Decimal("44.95"), None),
    ("036000291452", 0, Decimal("74.25"), None),
    ("000000000000", 10, None, None),
]


def _facts(rows: list[InventoryRow]) -> list[tuple[str, int, Decimal | None, str | None]]:
    return [(r.upc, r.quantity, r.price, r.store_id) for r in rows]


def test_one_store_file_with_header() -> None:
    feed = read_inventory_feed(DATA / "inventory_store.csv")
    assert _facts(list(feed)) == ROWS
    assert feed.errors == []
    assert feed.has_header is True
    assert feed.format is InventoryFormat.SINGLE_STORE


def test_header_is_optional() -> None:
    text = "012345678905,3,44.95\n036000291452,0,74.25\n000000000000,10\n"
    feed = read_inventory_feed(io.StringIO(text))
    assert _facts(list(feed)) == ROWS
    assert feed.has_header is False
    assert feed.errors == []


@pytest.mark.parametrize(
    "header", ["UPC,Qty,Price", "ean,quantity on hand,price", "UPC/EAN;On Hand;Price"]
)
def test_header_names_in_the_documented_order(header: str) -> None:
    separator = ";" if ";" in header else ","
    body = separator.join(["012345678905", "3", "44.95"])
    feed = read_inventory_feed(io.StringIO(f"{header}\n{body}\n"))
    assert _facts(list(feed)) == [ROWS[0]]
    assert feed.errors == []


def test_header_in_another_order_is_refused() -> None:
    report = read_inventory_feed(io.StringIO("quantity,upc\n3,012345678905\n")).validate()
    [error] = report.errors
    assert (error.line, error.column) == (1, "header")
    assert "upc,quantity[,price[,store_id]]" in error.message
    assert report.rows == 0


def test_combined_txt_with_tabs_and_store_ids() -> None:
    feed = read_inventory_feed(DATA / "inventory_combined.txt")
    assert _facts(list(feed)) == [
        ("012345678905", 3, Decimal("44.95"), "S-001"),
        ("036000291452", 12, None, "S-002"),
        ("012345678905", 1, Decimal("44.95"), "S-002"),
    ]
    assert feed.format is InventoryFormat.COMBINED
    assert feed.has_header is False


@pytest.mark.parametrize("separator", [",", "\t", ";", "|"])
def test_combined_with_header_in_any_separator(separator: str) -> None:
    lines = [["upc", "qty", "price", "store_id"], ["012345678905", "2", "", "7"]]
    text = "\n".join(separator.join(cells) for cells in lines) + "\n"
    feed = read_inventory_feed(io.StringIO(text))
    assert _facts(list(feed)) == [("012345678905", 2, None, "7")]
    assert feed.format is InventoryFormat.COMBINED


def test_every_problem_with_its_line_and_column() -> None:
    text = (
        "upc,quantity,price\n"
        "012345678905,3,44.95\n"
        "012345678906,3,1\n"  # wrong check digit
        "036000291452,-2,1\n"  # negative stock
        "036000291452,2.5,$4\n"  # two bad cells on one line
        "036000291452,1,1,S1\n"  # a store id in a one-store file
        "\n"
        "036000291452,4,,,\n"  # empty cells at the end are fine
    )
    feed = read_inventory_feed(io.StringIO(text))
    rows = list(feed)
    assert [(r.upc, r.quantity) for r in rows] == [("012345678905", 3), ("036000291452", 4)]
    assert [(e.line, e.column, e.value) for e in feed.errors] == [
        (3, "upc", "012345678906"),
        (4, "quantity", "-2"),
        (5, "quantity", "2.5"),
        (5, "price", "$4"),
        (6, "row", "036000291452,1,1,S1"),
    ]
    assert "line 3, column upc" in str(feed.errors[0])
    report = read_inventory_feed(io.StringIO(text)).validate()
    assert (report.rows, len(report.errors), report.format) == (
        2,
        5,
        InventoryFormat.SINGLE_STORE,
    )
    with pytest.raises(FeedError, match="5 problems"):
        report.raise_for_errors()


def test_combined_rows_need_a_store_id() -> None:
    feed = read_inventory_feed(io.StringIO("012345678905,3,1,S1\n012345678905,3,1, \n"))
    assert len(list(feed)) == 1
    [error] = feed.errors
    assert (error.line, error.column) == (2, "store_id")


def test_fail_fast_and_check_digits_switch() -> None:
    with pytest.raises(FeedError, match="line 1, column upc"):
        list(read_inventory_feed(io.StringIO("012345678906,1\n"), fail_fast=True))
    lenient = read_inventory_feed(io.StringIO("012345678906,1\n"), verify_check_digits=False)
    assert [r.upc for r in lenient] == ["012345678906"]


def test_binary_file_with_bom() -> None:
    data = "\ufeffUPC,Qty\n012345678905,3\n".encode()
    assert _facts(list(read_inventory_feed(io.BytesIO(data)))) == [("012345678905", 3, None, None)]


def test_missing_file_is_a_feed_file_error() -> None:
    with pytest.raises(FeedFileError, match=r"no/such/inventory\.csv") as info:
        list(read_inventory_feed("no/such/inventory.csv"))
    assert isinstance(info.value, OSError)
    assert isinstance(info.value.__cause__, FileNotFoundError)


class _EndlessFeed(io.RawIOBase):
    """An inventory file that never ends: reading it whole would never finish."""

    def __init__(self) -> None:
        self._lines = (b"012345678905,%d,1.00\n" % n for n in itertools.count())
        self._buffer = b""
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray) -> int:  # type: ignore[override]
        while len(self._buffer) < len(target):
            self._buffer += next(self._lines)
        size = len(target)
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        self.served += size
        return size


def test_rows_stream_from_an_endless_file() -> None:
    endless = _EndlessFeed()
    source = cast("IO[bytes]", io.BufferedReader(endless))
    first = list(itertools.islice(read_inventory_feed(source), 3))
    assert [r.quantity for r in first] == [0, 1, 2]
    assert endless.served < 64 * 1024  # a buffer or two, not the file


def _big_feed(rows: int) -> Iterator[str]:
    yield "upc,quantity,price,store_id\n"
    for n in range(rows):
        yield f"012345678905,{n % 50},19.99,S{n % 7}\n"


def test_memory_stays_flat_with_the_number_of_rows(tmp_path: Path) -> None:
    def peak(rows: int) -> int:
        path = tmp_path / f"inventory_{rows}.csv"
        path.write_text("".join(_big_feed(rows)))
        tracemalloc.start()
        try:
            report = read_inventory_feed(path).validate()
            _, top = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert (report.rows, report.errors) == (rows, [])
        return top

    small, large = peak(2_000), peak(40_000)
    assert large < 1.5 * small + 50_000  # twenty times the rows, about the same memory


def test_write_then_read_back(tmp_path: Path) -> None:
    rows = [
        InventoryRow.model_validate(dict(zip(("upc", "quantity", "price"), r[:3], strict=True)))
        for r in ROWS
    ]
    path = tmp_path / "inventory.csv"
    assert write_inventory_feed(rows, path) == 3
    assert path.read_text() == (
        "upc,quantity,price\n012345678905,3,44.95\n036000291452,0,74.25\n000000000000,10,\n"
    )
    assert list(read_inventory_feed(path)) == rows
    bare = io.StringIO()
    write_inventory_feed(rows[:1], bare, header=False)
    assert bare.getvalue() == "012345678905,3,44.95\n"


def test_write_combined_and_refuse_a_mixed_feed_atomically(tmp_path: Path) -> None:
    path = tmp_path / "all_stores.csv"
    combined = [
        InventoryRow(upc="012345678905", quantity=1, price=Decimal("9.5"), store_id="S1"),
        InventoryRow(upc="012345678905", quantity=4, store_id="S2"),
    ]
    write_inventory_feed(combined, path)
    before = path.read_text()
    assert before == "upc,quantity,price,store_id\n012345678905,1,9.50,S1\n012345678905,4,,S2\n"
    mixed = [*combined, InventoryRow(upc="036000291452", quantity=1)]
    with pytest.raises(FeedError, match="row 3"):
        write_inventory_feed(mixed, path)
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all_stores.csv"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity", -1), ("quantity", True), ("price", 1.5), ("price", "-3"), ("upc", "123")],
)
def test_row_model_refuses_bad_values(field: str, value: object) -> None:
    data: dict[str, object] = {"upc": "012345678905", "quantity": 1, field: value}
    with pytest.raises(FeedRowValidationError, match=field) as info:
        InventoryRow.model_validate(data)
    assert info.value.field == field


upcs = st.sampled_from(["012345678905", "036000291452", "000000000000", "96385074"])
prices = st.none() | st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(upcs, st.integers(0, 10**6), prices), max_size=8),
    store=st.none() | st.text(alphabet="ABCS-0123456789", min_size=1, max_size=6),
)
def test_what_is_written_reads_back_the_same(
    rows: list[tuple[str, int, Decimal | None]], store: str | None
) -> None:
    built = [InventoryRow(upc=u, quantity=q, price=p, store_id=store) for u, q, p in rows]
    out = io.StringIO()
    write_inventory_feed(built, out)
    feed = read_inventory_feed(io.StringIO(out.getvalue()))
    assert list(feed) == built
    assert feed.errors == []


# -- freshness ----------------------------------------------------------------------------

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def _aged(tmp_path: Path, age: dt.timedelta) -> Path:
    path = tmp_path / "inventory.csv"
    path.write_text("012345678905,1\n")
    stamp = (NOW - age).timestamp()
    os.utime(path, (stamp, stamp))
    return path


@pytest.mark.parametrize(
    ("age", "stale"),
    [
        (dt.timedelta(hours=1), False),
        (dt.timedelta(hours=24), False),
        (dt.timedelta(hours=24, minutes=1), True),
        (dt.timedelta(hours=73), True),
    ],
)
def test_freshness_against_the_24_hours_pushcart_requires(
    tmp_path: Path, age: dt.timedelta, stale: bool
) -> None:
    fresh = inventory_feed_freshness(_aged(tmp_path, age), now=NOW)
    assert fresh.age == age
    assert fresh.stale is stale
    assert fresh.max_age == dt.timedelta(hours=24)
    assert fresh.modified_at == NOW - age


def test_freshness_with_another_limit_and_the_real_clock(tmp_path: Path) -> None:
    path = _aged(tmp_path, dt.timedelta(hours=30))
    assert not inventory_feed_freshness(path, now=NOW, max_age=dt.timedelta(hours=72)).stale
    just_written = tmp_path / "now.csv"
    just_written.write_text("")
    assert not inventory_feed_freshness(just_written).stale


def test_freshness_refuses_bad_arguments(tmp_path: Path) -> None:
    path = _aged(tmp_path, dt.timedelta(hours=1))
    with pytest.raises(RequestValidationError) as naive:
        inventory_feed_freshness(path, now=dt.datetime(2026, 3, 1, 12, 0))
    assert naive.value.field == "now"
    with pytest.raises(RequestValidationError) as zero:
        inventory_feed_freshness(path, max_age=dt.timedelta(0))
    assert zero.value.field == "max_age"
    with pytest.raises(FeedFileError):
        inventory_feed_freshness(tmp_path / "missing.csv")


def test_kind_is_told_from_the_header() -> None:
    assert detect_feed_kind(DATA / "inventory_store.csv") is FeedKind.INVENTORY
    assert detect_feed_kind(DATA / "inventory_combined.txt") is FeedKind.INVENTORY
    assert detect_feed_kind(DATA / "feed_percent.csv") is FeedKind.AVAILABLE_TO_SELL
    assert detect_feed_kind(DATA / "feed_split_flat.csv") is FeedKind.AVAILABLE_TO_SELL
    assert detect_feed_kind(DATA / "products.csv") is FeedKind.PRODUCT
    assert detect_feed_kind(io.StringIO("")) is FeedKind.INVENTORY
