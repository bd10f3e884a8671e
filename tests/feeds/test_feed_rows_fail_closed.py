"""Inventory and product feeds fail closed too (#12): bytes that are not UTF-8 are reported on
their line and column instead of becoming rows that cannot be written, and a row built with a
bad value raises the SDK's ``FeedRowValidationError``, never pydantic's error."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from locally import FeedRowValidationError, LocallyError
from locally.feeds import (
    InventoryRow,
    ProductRow,
    read_inventory_feed,
    read_product_feed,
    write_inventory_feed,
    write_product_feed,
)

PRODUCT_HEADER = b"upc,product name,image,description,buy link\n"
GOOD_PRODUCT = b"727602259178,Lamp,https://e.example/i.png,Bright,https://e.example/p\n"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (
            b"727602259178,L\xffamp,https://e.example/i.png,Bright,https://e.example/p\n",
            "product name",
        ),
        (
            b"727602259178,Lamp,https://e.example/i.png,Bri\xfeght,https://e.example/p\n",
            "description",
        ),
        (b"727602259178,Lamp,https://e.example/\xff.png,Bright,https://e.example/p\n", "image"),
        (b"727602259178,Lamp,https://e.example/i.png,Bright,https://e.example/\xc3\n", "buy link"),
    ],
)
def test_product_cell_that_is_not_utf8_is_reported_not_kept(
    tmp_path: Path, row: bytes, column: str
) -> None:
    source = tmp_path / "products.csv"
    source.write_bytes(PRODUCT_HEADER + GOOD_PRODUCT + row)
    feed = read_product_feed(source)
    rows = list(feed)
    assert [r.product_name for r in rows] == ["Lamp"]
    [error] = feed.errors
    assert (error.line, error.column) == (3, column)
    assert "not UTF-8 text" in error.message
    assert error.value.isascii()
    assert "\\x" in error.value
    # What was read can always be written: before, the bad row was kept and writing it to a
    # path raised UnicodeEncodeError.
    assert write_product_feed(rows, tmp_path / "out.csv") == 1


def test_inventory_store_id_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    source = tmp_path / "all_stores.csv"
    source.write_bytes(b"727602259178,4,9.99,ST1\n727602259178,4,9.99,ST\xff2\n")
    feed = read_inventory_feed(source)
    rows = list(feed)
    assert [r.store_id for r in rows] == ["ST1"]
    [error] = feed.errors
    assert (error.line, error.column) == (2, "store_id")
    assert error.message == "ST\\xff2 is not UTF-8 text"
    assert write_inventory_feed(rows, tmp_path / "out.csv") == 1


def test_inventory_number_that_is_not_utf8_says_so() -> None:
    feed = read_inventory_feed(io.BytesIO(b"727602259178,\xff\xfe\n"))
    assert list(feed) == []
    [error] = feed.errors
    assert (error.line, error.column, error.value) == (1, "quantity", "\\xff\\xfe")
    assert error.message == "\\xff\\xfe is not UTF-8 text"


LAMP: dict[str, Any] = {
    "upc": "727602259178",
    "product_name": "Lamp",
    "image": "https://e.example/i.png",
    "buy_link": "https://e.example/p",
}


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (InventoryRow, {"upc": "123", "quantity": 1}, "upc"),
        (InventoryRow, {"upc": "727602259178", "quantity": "x"}, "quantity"),
        (InventoryRow, {"upc": "727602259178", "quantity": 1, "store_id": "S\udcff"}, "store_id"),
        (ProductRow, {**LAMP, "upc": "x"}, "upc"),
        (ProductRow, {**LAMP, "product_name": "L\ud800"}, "product_name"),
        (ProductRow, {**LAMP, "description": "\udcfe"}, "description"),
        (ProductRow, {**LAMP, "buy_link": "https://e.example/\udcff"}, "buy_link"),
        (ProductRow, {"upc": "727602259178"}, "product_name"),
    ],
)
def test_a_row_built_with_a_bad_value_raises_the_sdks_error(
    model: type[InventoryRow | ProductRow], data: dict[str, Any], field: str
) -> None:
    builds: list[Callable[[], object]] = [lambda: model(**data), lambda: model.model_validate(data)]
    for build in builds:
        with pytest.raises(FeedRowValidationError) as info:
            build()
        assert info.value.field == field
        assert info.value.__cause__ is None
        assert info.value.__context__ is None


@pytest.mark.parametrize("model", [InventoryRow, ProductRow])
@pytest.mark.parametrize("text", ["{", "[]", '{"upc": 5}', "\xff"])
def test_a_row_from_bad_json_raises_the_sdks_error(
    model: type[InventoryRow | ProductRow], text: str
) -> None:
    with pytest.raises(LocallyError) as info:
        model.model_validate_json(text)
    assert isinstance(info.value, FeedRowValidationError)
