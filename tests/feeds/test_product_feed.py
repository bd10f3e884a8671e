"""The Cart-to-Cart product feed: UPC, product name, image, description and buy link."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from locally import FeedError, FeedRowValidationError, LocallyError
from locally.feeds import ProductFeedFormat, ProductRow, read_product_feed, write_product_feed
from tests.helpers import DATA

HEADLAMP = ProductRow(
    upc="012345678905",
    product_name="Headlamp 400",
    image="https://shop.example.com/img/hl400.jpg",
    description="400 lumens, rechargeable",
    buy_link="https://shop.example.com/p/hl400",
)


def test_the_columns_the_guide_asks_for() -> None:
    feed = read_product_feed(DATA / "products.csv")
    rows = list(feed)
    assert feed.errors == []
    assert feed.format is ProductFeedFormat.STANDARD
    assert rows[0] == HEADLAMP
    assert (rows[1].upc, rows[1].product_name, rows[1].description) == (
        "036000291452",
        "Camp Stove",
        "Two burners",
    )


def test_columns_by_name_in_any_order_and_other_columns_kept() -> None:
    text = (
        "Link\tBrand\tTitle\tUPC\tImage URL\tDescription\n"
        "https://shop.example.com/p/hl400\tACME\tHeadlamp 400\t012345678905\t"
        "https://shop.example.com/img/hl400.jpg\t\n"
    )
    [row] = list(read_product_feed(io.StringIO(text)))
    assert (row.upc, row.product_name, row.buy_link, row.description) == (
        "012345678905",
        "Headlamp 400",
        "https://shop.example.com/p/hl400",
        "",
    )
    assert row.extra == {"Brand": "ACME"}


def test_every_problem_with_its_line_and_column() -> None:
    text = (
        "upc,product name,image,description,buy link\n"
        "012345678905,Headlamp,http://shop.example.com/a.jpg,x,https://shop.example.com/p/1\n"
        "012345678906, ,https://shop.example.com/a.jpg,x,/p/2\n"
        "036000291452,Stove,https://shop.example.com/s.jpg,x,https://shop.example.com/p/3,extra\n"
        "036000291452,Stove,https://shop.example.com/s.jpg,x,https://shop.example.com/p/3\n"
    )
    feed = read_product_feed(io.StringIO(text))
    assert [r.upc for r in feed] == ["036000291452"]
    assert [(e.line, e.column, e.value) for e in feed.errors] == [
        (2, "image", "http://shop.example.com/a.jpg"),
        (3, "upc", "012345678906"),
        (3, "product name", " "),
        (3, "buy link", "/p/2"),
        (
            4,
            "row",
            "036000291452,Stove,https://shop.example.com/s.jpg,x,https://shop.example.com/p/3,extra",
        ),
    ]
    assert "absolute https URL" in feed.errors[0].message


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("upc,product name,image,description", "buy link"),
        ("upc,name,description,buy link", "image"),
        ("product name,image,description,buy link", "upc"),
    ],
)
def test_a_header_without_a_required_column(header: str, missing: str) -> None:
    report = read_product_feed(io.StringIO(header + "\n")).validate()
    [error] = report.errors
    assert (error.line, error.column) == (1, "header")
    assert f"no {missing!r} column" in error.message
    with pytest.raises(FeedError):
        report.raise_for_errors()


def test_an_empty_file_is_a_problem() -> None:
    report = read_product_feed(io.StringIO("")).validate()
    assert [(e.line, e.column) for e in report.errors] == [(1, "header")]


def test_write_then_read_back(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    second = HEADLAMP.model_copy(update={"upc": "036000291452", "extra": {"brand": "ACME"}})
    assert write_product_feed([HEADLAMP, second], path) == 2
    text = path.read_text()
    assert text.splitlines()[0] == "upc,product name,image,description,buy link"
    assert '"400 lumens, rechargeable"' in text
    assert "ACME" not in text  # extra columns are not written
    rows = list(read_product_feed(path))
    assert rows == [HEADLAMP, second.model_copy(update={"extra": {}})]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("image", "//cdn.example.com/a.jpg"),
        ("image", "https:///a.jpg"),
        ("buy_link", "https://shop.example.com/p 1"),
        ("buy_link", "ftp://shop.example.com/p"),
        ("product_name", "   "),
        ("upc", "12345"),
    ],
)
def test_row_model_refuses_bad_values(field: str, value: str) -> None:
    data = {**HEADLAMP.model_dump(), field: value}
    with pytest.raises(FeedRowValidationError, match=field) as validated:
        ProductRow.model_validate(data)
    assert validated.value.field == field
    with pytest.raises(FeedRowValidationError) as built:
        ProductRow(**data)
    assert built.value.field == field
    assert isinstance(built.value, LocallyError)
    assert built.value.__cause__ is None


def test_row_model_refuses_an_unknown_keyword() -> None:
    with pytest.raises(FeedRowValidationError) as info:
        ProductRow(**{**HEADLAMP.model_dump(), "buy_url": "https://shop.example.com/p"})
    assert info.value.field == "buy_url"
