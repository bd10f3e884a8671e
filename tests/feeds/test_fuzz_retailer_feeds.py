"""Fuzz the inventory and product feeds: any file, any row gives a result or the SDK's error.

The available-to-sell feed has its own targets in ``test_fuzz_feeds.py``; these hold the two
retailer feeds to the same promise.  A row read from any file can be written back, and a
written feed reads back to as many rows as were written.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from locally import FeedRowValidationError, LocallyError
from locally.feeds import (
    InventoryRow,
    ProductRow,
    read_inventory_feed,
    read_product_feed,
    write_inventory_feed,
    write_product_feed,
)
from tests.feeds.helpers import read_by_path
from tests.helpers import fuzz

HEADERS = [
    "upc,quantity",
    "upc,quantity,price",
    "upc,quantity,price,store_id",
    "upc,product name,image,description,buy link",
    "\ufeffupc,product name,image,description,buy link,colour",
]
cells = st.one_of(
    st.sampled_from(["727602259178", "605284574539", "0", "-1", "70", "1e30", "Infinity"]),
    st.sampled_from(["NaN", "25.50", "https://a.example/x.png", "http://a/b", "\u00b2", ""]),
    st.sampled_from(["javascript:alert(1)", "https://", " 5 ", '"', "\r", "S-12"]),
    st.text(max_size=8),
    st.integers().map(str),
)
lines = st.lists(cells, max_size=7).map(lambda r: ",".join(r))
texts = st.builds(
    lambda header, body: "\n".join([header, *body]) if header is not None else "\n".join(body),
    st.sampled_from(HEADERS) | st.none() | st.text(max_size=20),
    st.lists(lines, max_size=8),
)
sources = st.one_of(
    texts.map(io.StringIO),
    texts.map(lambda t: io.BytesIO(t.encode())),
    st.binary(max_size=300).map(io.BytesIO),
    texts.map(lambda t: io.BytesIO(t.encode("utf-8", "surrogatepass") + b"\xff\xfe,\x80")),
)

# Rows that read cleanly, so a bad byte dropped into one of their cells reaches the checks a
# valid row goes through (random text almost never gets that far).
GOOD_LINES = {
    "inventory": [
        "upc,quantity,price,store_id",
        "727602259178,3,25.50,S-12",
        "96385074,0,1.00,S-13",
    ],
    "product": [
        "upc,product name,image,description,buy link",
        "727602259178,Lamp,https://a.example/i.png,Bright,https://a.example/p",
    ],
}
bad_bytes = st.sampled_from([b"\xff", b"\xfe\xff", b"\x80", b"\xc3", b"\xed\xa0\x80"])


@st.composite
def damaged(draw: st.DrawFn, kind: str) -> io.BytesIO:
    """A clean feed of ``kind`` with bytes that are not UTF-8 put inside one of its cells."""
    lines = [line.split(",") for line in GOOD_LINES[kind]]
    row = draw(st.integers(1, len(lines) - 1))
    column = draw(st.integers(0, len(lines[row]) - 1))
    cell = lines[row][column].encode()
    at = draw(st.integers(0, len(cell)))
    body = [",".join(cells).encode() for cells in lines]
    broken = [c.encode() for c in lines[row]]
    broken[column] = cell[:at] + draw(bad_bytes) + cell[at:]
    body[row] = b",".join(broken)
    return io.BytesIO(b"\n".join(body) + b"\n")


Reader = Callable[..., Any]
Writer = Callable[..., int]
FEEDS: list[tuple[Reader, Writer, type[InventoryRow] | type[ProductRow]]] = [
    (read_inventory_feed, write_inventory_feed, InventoryRow),
    (read_product_feed, write_product_feed, ProductRow),
]
feeds = st.sampled_from(FEEDS)


@fuzz(300)
@given(feed=feeds, source=sources, verify=st.booleans(), fail_fast=st.booleans())
def test_reading_raises_only_feed_errors_and_rows_can_be_written_back(
    feed: tuple[Reader, Writer, type[Any]], source: Any, verify: bool, fail_fast: bool
) -> None:
    read, write, model = feed
    rows: list[Any] = []
    with contextlib.suppress(LocallyError):
        reader = read(source, verify_check_digits=verify, fail_fast=fail_fast)
        rows = list(reader)
        for error in reader.errors:
            error.value.encode("utf-8")  # printable: no lone surrogate from a bad byte
    assert all(isinstance(row, model) for row in rows)
    # Whatever was read as a row must be writable: a lone surrogate kept from a bad byte
    # would raise UnicodeEncodeError here.
    out = io.StringIO()
    assert write(rows, out) == len(rows)
    out.getvalue().encode("utf-8")
    source.seek(0)
    with contextlib.suppress(LocallyError):
        read(source, fail_fast=fail_fast).validate()


@fuzz(200)
@given(data=st.data(), verify=st.booleans())
def test_a_bad_byte_inside_a_valid_row_is_reported_never_kept(
    data: st.DataObject, verify: bool
) -> None:
    kind = data.draw(st.sampled_from(sorted(GOOD_LINES)))
    read, write, _ = FEEDS[0] if kind == "inventory" else FEEDS[1]
    reader = read(data.draw(damaged(kind)), verify_check_digits=verify)
    rows = list(reader)
    assert len(rows) + len({error.line for error in reader.errors}) == len(GOOD_LINES[kind]) - 1
    assert [error.message for error in reader.errors if "UTF-8" in error.message]
    out = io.StringIO()
    assert write(rows, out) == len(rows)
    out.getvalue().encode("utf-8")  # nothing kept from the bad bytes


@fuzz(100)
@given(feed=feeds, data=st.binary(max_size=300) | texts.map(str.encode))
def test_reading_a_path_raises_only_feed_errors(
    feed: tuple[Reader, Writer, type[Any]], data: bytes
) -> None:
    read_by_path(feed[0], data)


values = st.one_of(
    cells, st.integers(), st.floats(), st.decimals(), st.none(), st.booleans(), st.binary()
)
inventory_arguments = st.fixed_dictionaries(
    {"upc": st.sampled_from(["727602259178", "96385074"]) | values, "quantity": values},
    optional={"price": values, "store_id": values, "qty": values},
)
product_arguments = st.fixed_dictionaries(
    {
        "upc": st.sampled_from(["727602259178"]) | values,
        "product_name": values,
        "image": st.sampled_from(["https://a.example/i.png"]) | values,
        "buy_link": st.sampled_from(["https://a.example/p"]) | values,
    },
    optional={"description": values, "extra": st.dictionaries(st.text(), st.text()) | values},
)


@fuzz(300)
@given(
    model_and_arguments=st.tuples(st.just(InventoryRow), inventory_arguments)
    | st.tuples(st.just(ProductRow), product_arguments),
    to_path=st.booleans(),
)
def test_building_and_writing_rows_raise_only_the_sdks_errors(
    model_and_arguments: tuple[type[Any], dict[str, Any]], to_path: bool
) -> None:
    model, arguments = model_and_arguments
    write = write_inventory_feed if model is InventoryRow else write_product_feed
    with contextlib.suppress(FeedRowValidationError):
        model.model_validate(arguments)
    try:
        row = model(**arguments)
    except FeedRowValidationError:
        return
    if not to_path:
        assert write([row], io.StringIO()) == 1
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "feed.csv")
        assert write([row], path) == 1
        assert [name for name in os.listdir(folder) if name != "feed.csv"] == []
