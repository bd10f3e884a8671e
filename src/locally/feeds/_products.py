"""The Cart-to-Cart e-commerce product feed: what your website sells, and where.

Locally offers Buy Online, Pick up In Store through Cart-to-Cart only for products that are in
stock at a store *and* on this feed.  The guide asks at a minimum for the columns that identify
a product (UPC, product name, image, description) and a buy link to the product's page.  The
columns are found by their header names, in any order; other columns are kept in
:attr:`ProductRow.extra`.  Images and buy links must be absolute https URLs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import Enum
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from ._csv_feed import (
    Destination,
    FeedReader,
    FeedReport,
    FeedRowError,
    Source,
    csv_writer,
)
from ._csv_feed import header_key as _header_key
from ._row import FeedRow
from .cells import check_https_url, check_text, check_upc, check_utf8

__all__ = [
    "PRODUCT_FEED_COLUMNS",
    "ProductFeed",
    "ProductFeedFormat",
    "ProductRow",
    "read_product_feed",
    "write_product_feed",
]


class ProductFeedFormat(str, Enum):
    """The product feed's one column set (the report's ``format``)."""

    STANDARD = "standard"
    """``upc,product name,image,description,buy link``, in any order, other columns kept."""


#: Each field, its column in the header the SDK writes, and the other names a header may use.
PRODUCT_FEED_COLUMNS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("upc", "upc", frozenset({"upc", "ean", "upc/ean", "upc ean", "gtin"})),
    ("product_name", "product name", frozenset({"product name", "name", "title"})),
    ("image", "image", frozenset({"image", "image url", "image link"})),
    ("description", "description", frozenset({"description", "product description"})),
    ("buy_link", "buy link", frozenset({"buy link", "buy url", "product url", "link", "url"})),
)


class ProductRow(FeedRow):
    """One product of the feed.  Build rows directly to write a feed; the same checks apply.

    A bad value or an unknown keyword raises :class:`~locally.FeedRowValidationError` naming
    the field.
    """

    upc: str = Field(description="UPC-A, EAN-13, EAN-8 or GTIN-14, as text.")
    product_name: str = Field(description="The product's name, not empty.")
    image: str = Field(description="Absolute https URL of the product image.")
    description: str = Field(default="", description="The product's description (may be empty).")
    buy_link: str = Field(description="Absolute https URL of the product page (the PDP).")
    extra: dict[str, str] = Field(
        default_factory=dict[str, str], description="Other columns of the row, by header name."
    )

    @field_validator("upc", mode="before")
    @classmethod
    def _upc(cls, value: Any, info: ValidationInfo) -> str:
        context: dict[str, object] = info.context or {}
        return check_upc(str(value), bool(context.get("verify_check_digits", True)))

    @field_validator("product_name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return check_text(str(value), "product name")

    @field_validator("image", mode="before")
    @classmethod
    def _image(cls, value: Any) -> str:
        return check_https_url(str(value), "image")

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str:
        return check_utf8(str(value).strip(), "description")

    @field_validator("buy_link", mode="before")
    @classmethod
    def _buy_link(cls, value: Any) -> str:
        return check_https_url(str(value), "buy link")


class ProductFeed(FeedReader[ProductFeedFormat]):
    """A product feed being read: iterate for valid rows; problems collect in ``errors``.

    Args:
        source: A path, or a text or binary file object.
        verify_check_digits: Check UPC/EAN/GTIN check digits (default True).
        fail_fast: Raise :class:`~locally.FeedError` at the first problem instead.
    """

    delimiters = ",\t;|"

    def __init__(
        self, source: Source, *, verify_check_digits: bool = True, fail_fast: bool = False
    ) -> None:
        super().__init__(source, fail_fast=fail_fast)
        self._verify = verify_check_digits

    def _columns(self, header: list[str]) -> dict[str, int] | None:
        """Each field's position in ``header``; a problem naming what is missing otherwise."""
        names = _header_key(header)
        positions: dict[str, int] = {}
        for field, column, allowed in PRODUCT_FEED_COLUMNS:
            found = next((i for i, name in enumerate(names) if name in allowed), None)
            if found is None:
                wanted = ",".join(column for _, column, _ in PRODUCT_FEED_COLUMNS)
                self._problem(
                    FeedRowError(
                        1, "header", ",".join(header), f"no {column!r} column; expected {wanted}"
                    )
                )
                return None
            positions[field] = found
        return positions

    def __iter__(self) -> Iterator[ProductRow]:
        lines = self._lines()
        header = next(lines, None)
        if header is None:
            self._problem(FeedRowError(1, "header", "", "the feed is empty; expected a header"))
            return
        positions = self._columns(header)
        if positions is None:
            return
        self.format = ProductFeedFormat.STANDARD
        known = set(positions.values())
        extras = [(i, name.strip()) for i, name in enumerate(header) if i not in known]
        for line, cells in enumerate(lines, start=2):
            row = self._row(line, cells, header, positions, extras)
            if row is not None:
                yield row

    def _row(
        self,
        line: int,
        cells: list[str],
        header: list[str],
        positions: dict[str, int],
        extras: list[tuple[int, str]],
    ) -> ProductRow | None:
        if not cells or all(not c.strip() for c in cells):
            return None
        if len(cells) > len(header):
            self._problem(
                FeedRowError(
                    line,
                    "row",
                    ",".join(cells),
                    f"expected {len(header)} cells as in the header, got {len(cells)}",
                )
            )
            return None
        cells = cells + [""] * (len(header) - len(cells))
        values: dict[str, Any] = {}
        failed = False
        for field, column, _ in PRODUCT_FEED_COLUMNS:
            cell = cells[positions[field]]
            try:
                values[field] = self._check(field, cell)
            except ValueError as exc:
                self._cell_problem(line, column, cell, exc)
                failed = True
        if failed:
            return None
        values["extra"] = {name: cells[i] for i, name in extras}
        return ProductRow.model_construct(**values)

    def _check(self, field: str, cell: str) -> str:
        if field == "upc":
            return check_upc(cell, self._verify)
        if field == "product_name":
            return check_text(cell, "product name")
        if field in ("image", "buy_link"):
            return check_https_url(cell, "image" if field == "image" else "buy link")
        return check_utf8(cell.strip(), "description")

    def validate(self) -> FeedReport[ProductFeedFormat]:
        """Read the whole feed; report how many rows are valid and every problem."""
        count = sum(1 for _ in self)
        return self._report(count)


def read_product_feed(
    source: Source, *, verify_check_digits: bool = True, fail_fast: bool = False
) -> ProductFeed:
    """Open a product feed for reading; see :class:`ProductFeed`."""
    return ProductFeed(source, verify_check_digits=verify_check_digits, fail_fast=fail_fast)


def write_product_feed(rows: Iterable[ProductRow], destination: Destination) -> int:
    """Write the header ``upc,product name,image,description,buy link`` and the rows.

    Returns the number of rows.  ``extra`` columns are not written.  A path is replaced only
    once every row was written.
    """
    with csv_writer(destination) as writer:
        writer.writerow([column for _, column, _ in PRODUCT_FEED_COLUMNS])
        count = 0
        for row in rows:
            writer.writerow([row.upc, row.product_name, row.image, row.description, row.buy_link])
            count += 1
        return count
