"""Fuzz the feed functions: any file, any row, any amount gives a result or the SDK's error.

Reading never fails on a byte that is not UTF-8 (the cell is reported); writing never fails
with ``decimal`` errors; splitting revenue never returns NaN or raises ``InvalidOperation``.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from locally import FeedError, FeedRowValidationError, LocallyError
from locally.feeds import AvailableToSellRow, FeedFormat, read_feed, revenue_split, write_feed
from tests.feeds.helpers import read_by_path
from tests.helpers import fuzz

HEADERS = [",".join(fmt.header) for fmt in FeedFormat] + ["upc,qty,split_flat,shipping cost"]
cells = st.one_of(
    st.sampled_from(["727602259178", "605284574539", "0", "-1", "70", "1e30", "Infinity"]),
    st.sampled_from(["NaN", "25.50", "1_000", "US", "gb", "\u00b2", "\u0661", "", " 5 "]),
    st.text(max_size=8),
    st.decimals(allow_nan=True).map(str),
    st.integers().map(str),
)
rows = st.lists(cells, min_size=0, max_size=6).map(lambda r: ",".join(r))
texts = st.builds(
    lambda header, body: "\n".join([header, *body]),
    st.sampled_from(HEADERS) | st.text(max_size=20),
    st.lists(rows, max_size=8),
)
sources = st.one_of(
    texts.map(io.StringIO),
    texts.map(lambda t: io.BytesIO(t.encode())),
    st.binary(max_size=300).map(io.BytesIO),
    texts.map(lambda t: io.BytesIO(t.encode("utf-8", "surrogatepass") + b"\xff\xfe,\x80")),
)
percents = st.none() | st.decimals() | st.integers() | st.text(max_size=4) | st.floats()


@fuzz(400)
@given(source=sources, default=percents, verify=st.booleans(), fail_fast=st.booleans())
def test_reading_raises_only_feed_errors(
    source: Any, default: Any, verify: bool, fail_fast: bool
) -> None:
    with contextlib.suppress(LocallyError):
        feed = read_feed(
            source, default_percent=default, verify_check_digits=verify, fail_fast=fail_fast
        )
        for row in feed:
            assert isinstance(row, AvailableToSellRow)
        for error in feed.errors:
            error.value.encode("utf-8")  # printable: no lone surrogate from a bad byte
    source.seek(0)
    with contextlib.suppress(LocallyError):
        read_feed(source, default_percent=default, fail_fast=fail_fast).validate()


@fuzz(100)
@given(data=st.binary(max_size=300) | texts.map(str.encode))
def test_reading_a_path_raises_only_feed_errors(data: bytes) -> None:
    read_by_path(read_feed, data)


amounts = st.one_of(
    st.decimals(),
    st.sampled_from([Decimal("1e30"), Decimal("Infinity"), Decimal("NaN"), Decimal("-0")]),
    st.integers(),
    st.text(max_size=6),
    st.floats(),
    st.none(),
)
row_arguments = st.fixed_dictionaries(
    {"upc": st.sampled_from(["727602259178", "605284574539"]) | cells, "qty": st.integers()},
    optional={
        "percent_revenue_retained": amounts,
        "split_flat": amounts,
        "shipping_cost": amounts,
        "country": st.sampled_from(["US", "xx", None]) | st.text(max_size=3),
        "sku": st.text(max_size=3),
        "verify": st.booleans(),
    },
)


@fuzz(400)
@given(arguments=row_arguments)
def test_building_a_row_raises_only_row_validation_errors(arguments: dict[str, Any]) -> None:
    with contextlib.suppress(FeedRowValidationError):
        AvailableToSellRow(**arguments)
    with contextlib.suppress(FeedRowValidationError):
        AvailableToSellRow.model_validate(arguments)


@st.composite
def feed_rows(draw: st.DrawFn) -> list[Any]:
    found: list[Any] = []
    drawn: list[dict[str, Any]] = draw(st.lists(row_arguments, max_size=5))
    for arguments in drawn:
        with contextlib.suppress(FeedRowValidationError):
            found.append(AvailableToSellRow(**arguments))
    if draw(st.booleans()):
        found.append(draw(st.integers() | st.text(max_size=3) | st.none()))
    return found


@fuzz(300)
@given(rows=feed_rows(), to_path=st.booleans())
def test_writing_raises_only_feed_errors(rows: list[Any], to_path: bool) -> None:
    if to_path:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "feed.csv")
            with contextlib.suppress(FeedError):
                count = write_feed(rows, path)
                assert len(list(read_feed(path, verify_check_digits=False))) == count
            assert [name for name in os.listdir(folder) if name != "feed.csv"] == []
        return
    with contextlib.suppress(FeedError):
        write_feed(rows, io.StringIO())


@fuzz(400)
@given(price=amounts, rows=feed_rows(), default=percents)
def test_revenue_split_adds_up_or_raises_the_sdks_error(
    price: Any, rows: list[Any], default: Any
) -> None:
    for row in rows or [None]:
        try:
            split = revenue_split(price, row, default_percent=default)
        except LocallyError:
            continue
        assert split.brand.is_finite()
        assert split.retailer.is_finite()
        assert split.brand + split.retailer == Decimal(price)
        assert split.brand >= 0
        assert split.retailer >= 0
