"""The available-to-sell feed: its two formats, its row, reading it fast, and writing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from enum import Enum
from itertools import islice
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from .._errors import FeedError, FeedFileError
from .._gtin import all_gtin_shaped, all_valid_gtins
from ._csv_feed import (
    Destination,
    FeedReader,
    FeedReport,
    FeedRowError,
    RowWriter,
    Source,
    csv_writer,
    header_key,
)
from ._row import FeedRow
from .cells import (
    check_country,
    check_money,
    check_percent,
    check_qty,
    check_upc,
    given_percent,
    number_text,
    round_to_cent,
)

__all__ = ["AvailableToSellFeed", "AvailableToSellRow", "FeedFormat", "read_feed", "write_feed"]


class FeedFormat(str, Enum):
    """Which of the two column sets a feed uses."""

    PERCENT = "percent"
    """``upc,qty,percent revenue retained,shipping cost,country``."""
    SPLIT_FLAT = "split_flat"
    """``upc,qty,split_flat,shipping cost,country``."""

    @property
    def header(self) -> list[str]:
        """The exact header row Locally reads for this format."""
        third = "percent revenue retained" if self is FeedFormat.PERCENT else "split_flat"
        return ["upc", "qty", third, "shipping cost", "country"]


class AvailableToSellRow(FeedRow):
    """One row of the available-to-sell feed.

    A row has either ``percent_revenue_retained`` (percent feeds; ``None`` means Locally's
    default) or ``split_flat`` (split feeds), never both.  Build rows directly to write a
    feed; the same checks as reading apply (pass ``context={"verify_check_digits": False}`` to
    ``model_validate`` to accept codes with unusual check digits).  A bad value, an unknown
    keyword or both splits at once raise :class:`~locally.FeedRowValidationError` naming the
    field.
    """

    upc: str = Field(description="UPC-A, EAN-13, EAN-8 or GTIN-14, as text.")
    qty: int = Field(description="Quantity available to sell, 0 or more.")
    percent_revenue_retained: Decimal | None = Field(
        default=None, description="Percent (0-100) of the sale the brand keeps; None: the default."
    )
    split_flat: Decimal | None = Field(
        default=None,
        description="Amount the retailer keeps (split_flat feeds); the brand gets the rest.",
    )
    shipping_cost: Decimal = Field(
        default=Decimal(0), description="What the shopper pays to ship the item to the store."
    )
    country: str | None = Field(
        default=None, description="ISO 3166-1 alpha-2, for multi-country feeds."
    )

    def _broken_rule(self) -> str | None:
        if self.percent_revenue_retained is None or self.split_flat is None:
            return None
        return (
            "percent_revenue_retained or split_flat, not both: a feed uses one of the two "
            "column sets"
        )

    @field_validator("upc", mode="before")
    @classmethod
    def _upc(cls, value: Any, info: ValidationInfo) -> str:
        context: dict[str, object] = info.context or {}
        verify = context.get("verify_check_digits", True)
        return check_upc(str(value), bool(verify))

    @field_validator("qty", mode="before")
    @classmethod
    def _qty(cls, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a whole number >= 0")
        return check_qty(str(value))

    @field_validator("percent_revenue_retained", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Decimal | None:
        return None if value is None else check_percent(number_text(value))

    @field_validator("split_flat", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Decimal | None:
        return None if value is None else check_money(number_text(value), "split_flat")

    @field_validator("shipping_cost", mode="before")
    @classmethod
    def _shipping(cls, value: Any) -> Decimal:
        return check_money(number_text(value), "shipping cost")

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> str | None:
        return None if value is None else check_country(str(value))

    @property
    def format(self) -> FeedFormat:
        """Which column set this row belongs to."""
        return FeedFormat.SPLIT_FLAT if self.split_flat is not None else FeedFormat.PERCENT


# The country column is optional, so each format is known by its first four columns too.
_HEADERS = {header_key(fmt.header[:k]): fmt for fmt in FeedFormat for k in (4, 5)}

# Rows per block in validate(): big enough that per-block costs vanish, small enough to stay
# in the CPU cache (measured fastest at 512; 8,192 is a third slower).
_BLOCK_ROWS = 512

# A column's model field, its name in the header, and the check that reads one cell of it.
_Check = tuple[str, str, Callable[[str], object]]


class AvailableToSellFeed(FeedReader[FeedFormat]):
    """A feed being read: iterate for valid rows; problems collect in :attr:`errors`.

    Args:
        source: A path, or a text or binary file object.
        default_percent: The panel's "Default Revenue Percent Retained"; applied to percent
            rows whose percent is empty or ``-1``.  Without it those rows keep ``None``.
        verify_check_digits: Check UPC/EAN/GTIN check digits (default True).
        fail_fast: Raise :class:`~locally.FeedError` at the first problem instead of
            collecting them all.
    """

    def __init__(
        self,
        source: Source,
        *,
        default_percent: Decimal | None = None,
        verify_check_digits: bool = True,
        fail_fast: bool = False,
    ) -> None:
        super().__init__(source, fail_fast=fail_fast)
        if default_percent is not None:
            default_percent = given_percent("default_percent", default_percent)
        self._default = default_percent
        self._verify = verify_check_digits

    def _read_header(self, lines: Iterator[list[str]]) -> FeedFormat | None:
        return self._start(lines, _HEADERS, (fmt.header for fmt in FeedFormat))

    def __iter__(self) -> Iterator[AvailableToSellRow]:
        lines = self._lines()
        fmt = self._read_header(lines)
        if fmt is None:
            return
        checks = self._checks(fmt)
        for line, cells in enumerate(lines, start=2):
            row = self._row(line, cells, checks, fmt)
            if row is not None:
                yield row

    def _checks(self, fmt: FeedFormat) -> tuple[_Check, ...]:
        """(field, column, check) for each column of ``fmt``, in the header's order."""
        verify = self._verify
        if fmt is FeedFormat.PERCENT:
            third: tuple[str, Callable[[str], object]] = (
                "percent_revenue_retained",
                check_percent,
            )
        else:
            third = ("split_flat", lambda v: check_money(v, "split_flat"))
        fields: tuple[tuple[str, Callable[[str], object]], ...] = (
            ("upc", lambda v: check_upc(v, verify)),
            ("qty", check_qty),
            third,
            ("shipping_cost", lambda v: check_money(v, "shipping cost")),
            ("country", check_country),
        )
        return tuple(
            (field, column, check)
            for (field, check), column in zip(fields, fmt.header, strict=True)
        )

    def _row(
        self,
        line: int,
        cells: list[str],
        checks: tuple[_Check, ...],
        fmt: FeedFormat,
    ) -> AvailableToSellRow | None:
        if not cells or all(not c.strip() for c in cells):
            return None
        if len(cells) < 4 or len(cells) > 5:
            self._problem(
                FeedRowError(
                    line, "row", ",".join(cells), f"expected 4 or 5 cells, got {len(cells)}"
                )
            )
            return None
        cells = cells + [""] * (5 - len(cells))
        values: dict[str, Any] = {}
        failed = False
        for (name, column, check), cell in zip(checks, cells, strict=True):
            try:
                values[name] = check(cell)
            except ValueError as exc:
                self._cell_problem(line, column, cell, exc)
                failed = True
        if failed:
            return None
        if fmt is FeedFormat.PERCENT and values["percent_revenue_retained"] is None:
            values["percent_revenue_retained"] = self._default
        return AvailableToSellRow.model_construct(**values)

    def _block_is_clean(self, block: list[list[str]], checks: tuple[_Check, ...]) -> bool:
        """True only if every row of ``block`` is valid; False means "check it row by row".

        Works a column at a time: the UPCs in one batch, and each other column's distinct
        values once each, since quantities, percents, shipping costs and countries repeat
        from row to row.  It accepts less than :meth:`_row` does (no padding spaces, no blank
        or short rows), never more.
        """
        widths = set(map(len, block))
        if len(widths) != 1 or not widths <= {4, 5}:
            return False
        columns = zip(*block, strict=True)
        if not (all_valid_gtins if self._verify else all_gtin_shaped)(next(columns)):
            return False
        # A four-cell block has no country column to check.
        for (_, _, check), column in zip(checks[1:], columns, strict=False):
            for value in set(column):
                try:
                    check(value)
                except ValueError:
                    return False
        return True

    def validate(self) -> FeedReport[FeedFormat]:
        """Read the whole feed and report how many rows are valid and every problem.

        The report is the same as iterating would give, without building the rows: the feed
        is read in blocks of a few hundred rows, a clean block is checked column by column,
        and only a block with a problem is checked row by row to find each bad cell.
        """
        count = 0
        lines = self._lines()
        fmt = self._read_header(lines)
        if fmt is not None:
            checks = self._checks(fmt)
            first = 2
            while block := list(islice(lines, _BLOCK_ROWS)):
                if self._block_is_clean(block, checks):
                    count += len(block)
                else:
                    for line, cells in enumerate(block, start=first):
                        count += self._row(line, cells, checks, fmt) is not None
                first += len(block)
        return self._report(count)


def read_feed(
    source: Source,
    *,
    default_percent: Decimal | None = None,
    verify_check_digits: bool = True,
    fail_fast: bool = False,
) -> AvailableToSellFeed:
    """Open a feed for reading; see :class:`AvailableToSellFeed`."""
    return AvailableToSellFeed(
        source,
        default_percent=default_percent,
        verify_check_digits=verify_check_digits,
        fail_fast=fail_fast,
    )


def _written_percent(value: Decimal) -> str:
    # Locally reads "70", not "70.0" or "7E+1".
    return format(value.normalize(), "f")


def _written_money(value: Decimal) -> str:
    return str(round_to_cent(value))


def write_feed(rows: Iterable[AvailableToSellRow], destination: Destination) -> int:
    """Write rows with the exact header and number formats Locally reads; return the count.

    The format follows the first row; a later row of the other format (percent vs
    ``split_flat``) raises :class:`~locally.FeedError` and nothing more is written (to a path,
    nothing at all: the previous feed stays).  A percent of ``None`` is written as ``-1``
    ("use the default"); money has two decimals.
    """
    with csv_writer(destination) as writer:
        fmt: FeedFormat | None = None
        count = 0
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, AvailableToSellRow):
                raise FeedError(f"row {index} is a {type(row).__name__}, not an AvailableToSellRow")
            if fmt is None:
                fmt = row.format
                _write(writer, fmt.header)
            elif row.format is not fmt:
                raise FeedError(
                    f"row {index} ({row.upc}) is a {row.format.value} row in a {fmt.value} feed; "
                    "a feed uses percent revenue retained or split_flat, not both"
                )
            if fmt is FeedFormat.PERCENT:
                percent = row.percent_revenue_retained
                third = "-1" if percent is None else _written_percent(percent)
            else:
                third = _written_money(row.split_flat or Decimal(0))
            _write(
                writer,
                [row.upc, row.qty, third, _written_money(row.shipping_cost), row.country or ""],
            )
            count += 1
        if fmt is None:
            _write(writer, FeedFormat.PERCENT.header)
        return count


def _write(writer: RowWriter, cells: Sequence[object]) -> None:
    """Write one row; a destination that cannot take it (closed, full) is a FeedError."""
    try:
        writer.writerow(cells)
    except OSError as exc:
        raise FeedFileError(f"the feed could not be written: {exc}") from exc
    except ValueError as exc:  # a file object that was closed
        raise FeedError(f"the feed could not be written: {exc}") from None
