"""The retailer inventory feed: on-hand stock per UPC, one file per store or one for all.

Locally documents the columns by position: A the UPC/EAN, B the quantity on hand, C the price
(optional).  A combined file for several stores adds column D, the store id.  A header row is
optional; when the first row's first cell is not digits it is read as one, and its names must
be those columns, in that order.  ``.csv`` and ``.txt`` files may separate cells with commas,
tabs, semicolons or ``|``; the first line decides which.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from .._errors import FeedError
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
from .cells import (
    check_optional_money,
    check_qty,
    check_text,
    check_upc,
    number_text,
    round_to_cent,
)

__all__ = [
    "InventoryFeed",
    "InventoryFormat",
    "InventoryRow",
    "read_inventory_feed",
    "write_inventory_feed",
]


class InventoryFormat(str, Enum):
    """One store per file, or several stores in one file."""

    SINGLE_STORE = "single_store"
    """``upc,quantity[,price]``: the file is one store's stock."""
    COMBINED = "combined"
    """``upc,quantity,price,store_id``: each row names its store."""

    @property
    def header(self) -> list[str]:
        """The header row the SDK writes for this format."""
        names = ["upc", "quantity", "price"]
        return [*names, "store_id"] if self is InventoryFormat.COMBINED else names


# The names a header may give each column (compared as header_key folds them).
_COLUMN_NAMES = (
    ("upc", {"upc", "ean", "upc/ean", "upc ean", "gtin", "barcode"}),
    ("quantity", {"quantity", "qty", "quantity on hand", "qty on hand", "on hand", "qoh"}),
    ("price", {"price"}),
    ("store_id", {"store id", "store", "store number", "location", "location id"}),
)
_EXPECTED_HEADER = "upc,quantity[,price[,store_id]]"


class InventoryRow(FeedRow):
    """One row of an inventory feed: a UPC's quantity on hand (and price) at a store.

    Build rows directly to write a feed; the same checks as reading apply (pass
    ``context={"verify_check_digits": False}`` to ``model_validate`` to accept codes with
    unusual check digits).  A bad value or an unknown keyword raises
    :class:`~locally.FeedRowValidationError` naming the field.
    """

    upc: str = Field(description="UPC-A, EAN-13, EAN-8 or GTIN-14, as text.")
    quantity: int = Field(description="Units on hand, 0 or more.")
    price: Decimal | None = Field(default=None, description="The store's price, if given.")
    store_id: str | None = Field(
        default=None, description="The store, in a combined file; None in a one-store file."
    )

    @field_validator("upc", mode="before")
    @classmethod
    def _upc(cls, value: Any, info: ValidationInfo) -> str:
        context: dict[str, object] = info.context or {}
        return check_upc(str(value), bool(context.get("verify_check_digits", True)))

    @field_validator("quantity", mode="before")
    @classmethod
    def _quantity(cls, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a whole number >= 0")
        return check_qty(str(value))

    @field_validator("price", mode="before")
    @classmethod
    def _price(cls, value: Any) -> Decimal | None:
        return None if value is None else check_optional_money(number_text(value), "price")

    @field_validator("store_id", mode="before")
    @classmethod
    def _store(cls, value: Any) -> str | None:
        return None if value is None else check_text(str(value), "store id")


class InventoryFeed(FeedReader[InventoryFormat]):
    """An inventory feed being read: iterate for valid rows; problems collect in ``errors``.

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
        #: Whether the file started with a header row (known once iteration has started).
        self.has_header: bool | None = None

    def _header_format(self, cells: list[str]) -> InventoryFormat | None:
        names = _header_key(cells)
        while names and not names[-1]:
            names = names[:-1]
        if not 2 <= len(names) <= 4 or any(
            name not in allowed for name, (_, allowed) in zip(names, _COLUMN_NAMES, strict=False)
        ):
            found = ",".join(cells)
            self._problem(FeedRowError(1, "header", found, f"expected {_EXPECTED_HEADER}"))
            return None
        return InventoryFormat.COMBINED if len(names) == 4 else InventoryFormat.SINGLE_STORE

    def __iter__(self) -> Iterator[InventoryRow]:
        construct = InventoryRow.model_construct
        for values in self._valid_rows():
            yield construct(**values)

    def _valid_rows(self) -> Iterator[dict[str, Any]]:
        """Each valid row's values by field, in file order; problems go to ``errors``."""
        lines = self._lines()
        first = next(lines, None)
        if first is None:
            self.has_header = False
            return
        self.has_header = bool(first) and not first[0].strip().lstrip("\ufeff").isdigit()
        if self.has_header:
            fmt = self._header_format(first)
            if fmt is None:
                return
            start, rows = 2, lines
        else:
            width = len(_trimmed(first, 0))
            fmt = InventoryFormat.COMBINED if width == 4 else InventoryFormat.SINGLE_STORE
            start, rows = 1, _prepend(first, lines)
        self.format = fmt
        checks = self._checks(fmt)
        widths = (4,) if fmt is InventoryFormat.COMBINED else (2, 3)
        for line, cells in enumerate(rows, start=start):
            values = self._row(line, cells, fmt, widths, checks)
            if values is not None:
                yield values

    def _checks(self, fmt: InventoryFormat) -> tuple[tuple[str, Callable[[str], object]], ...]:
        """(field, check) for each column of ``fmt``, in Locally's column order."""
        verify = self._verify
        checks: tuple[tuple[str, Callable[[str], object]], ...] = (
            ("upc", lambda cell: check_upc(cell, verify)),
            ("quantity", check_qty),
            ("price", lambda cell: check_optional_money(cell, "price")),
        )
        if fmt is InventoryFormat.COMBINED:
            checks += (("store_id", _store_id),)
        return checks

    def _row(
        self,
        line: int,
        cells: list[str],
        fmt: InventoryFormat,
        widths: tuple[int, ...],
        checks: tuple[tuple[str, Callable[[str], object]], ...],
    ) -> dict[str, Any] | None:
        if not cells or all(not c.strip() for c in cells):
            return None
        # Spreadsheets often leave empty cells at the end of a row: only the width counts.
        if len(cells) > widths[-1]:
            cells = _trimmed(cells, widths[-1])
        if len(cells) not in widths:
            wanted = " or ".join(map(str, widths))
            self._problem(
                FeedRowError(
                    line,
                    "row",
                    ",".join(cells),
                    f"expected {wanted} cells ({fmt.value} format), got {len(cells)}",
                )
            )
            return None
        if len(cells) < len(checks):
            cells = [*cells, ""]  # the optional price
        values: dict[str, Any] = {"store_id": None}
        failed = False
        for (name, check), cell in zip(checks, cells, strict=True):
            try:
                values[name] = check(cell)
            except ValueError as exc:
                self._cell_problem(line, name, cell, exc)
                failed = True
        return None if failed else values

    def validate(self) -> FeedReport[InventoryFormat]:
        """Read the whole feed; report how many rows are valid and every problem.

        The same report as iterating gives, without building the rows.
        """
        count = sum(1 for _ in self._valid_rows())
        return self._report(count)


def _store_id(cell: str) -> str:
    return check_text(cell, "store id")


def _trimmed(cells: list[str], width: int) -> list[str]:
    """``cells`` without the empty cells at its end beyond ``width``."""
    end = len(cells)
    while end > width and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _prepend(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest


def read_inventory_feed(
    source: Source, *, verify_check_digits: bool = True, fail_fast: bool = False
) -> InventoryFeed:
    """Open an inventory feed for reading; see :class:`InventoryFeed`."""
    return InventoryFeed(source, verify_check_digits=verify_check_digits, fail_fast=fail_fast)


def write_inventory_feed(
    rows: Iterable[InventoryRow], destination: Destination, *, header: bool = True
) -> int:
    """Write rows in Locally's column order (UPC, quantity, price[, store id]); return the count.

    The first row decides the format: without a ``store_id``, one store's file
    (``upc,quantity,price``); with one, a combined file that adds ``store_id``.  A later row of
    the other kind raises :class:`~locally.FeedError` and, for a path, leaves the previous
    file as it was.  Prices have two decimals; a missing price is an empty cell.
    """
    with csv_writer(destination) as writer:
        fmt: InventoryFormat | None = None
        count = 0
        for index, row in enumerate(rows, start=1):
            kind = (
                InventoryFormat.SINGLE_STORE if row.store_id is None else InventoryFormat.COMBINED
            )
            if fmt is None:
                fmt = kind
                if header:
                    writer.writerow(fmt.header)
            elif kind is not fmt:
                raise FeedError(
                    f"row {index} ({row.upc}) is a {kind.value} row in a {fmt.value} feed; give "
                    "every row a store_id (one combined file) or none (one file per store)"
                )
            price = "" if row.price is None else str(round_to_cent(row.price))
            cells: list[object] = [row.upc, row.quantity, price]
            if fmt is InventoryFormat.COMBINED:
                cells.append(row.store_id)
            writer.writerow(cells)
            count += 1
        if fmt is None and header:
            writer.writerow(InventoryFormat.SINGLE_STORE.header)
        return count
