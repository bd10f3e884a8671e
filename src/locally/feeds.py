"""The Ship-to-Store "available to sell" CSV feed: read, validate, write, and split revenue.

Locally scans a brand's feed at least hourly.  It has one of two column sets::

    upc,qty,percent revenue retained,shipping cost,country
    upc,qty,split_flat,shipping cost,country

``percent revenue retained`` is the share (0-100) of the sale the brand keeps; ``-1`` (or an
empty cell) means "use the Default Revenue Percent Retained from the STS panel".
``split_flat`` is instead the amount the retailer receives; the brand gets the rest.
``country`` (ISO 3166-1 alpha-2) is needed only for multi-country set-ups.

Reading streams the file row by row with the :mod:`csv` module and reports every bad cell with
its line number and column; it never loads the whole file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from itertools import islice
from typing import IO, Any, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ._errors import FeedError
from ._gtin import GTIN_LENGTHS, all_gtin_shaped, all_valid_gtins, is_ascii_digits, is_valid_gtin

__all__ = [
    "AvailableToSellFeed",
    "AvailableToSellRow",
    "FeedFormat",
    "FeedReport",
    "FeedRowError",
    "RevenueSplit",
    "is_valid_gtin",
    "read_feed",
    "revenue_split",
    "write_feed",
]

_CENT = Decimal("0.01")
USE_DEFAULT_PERCENT = Decimal(-1)

# ISO 3166-1 alpha-2, officially assigned codes.
_COUNTRY_TEXT = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW "
)
COUNTRY_CODES = frozenset(_COUNTRY_TEXT.split())


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


# -- one check per column, shared by the row model and the streaming reader ---------------


def check_upc(value: str, verify_check_digits: bool = True) -> str:
    """A UPC-A/EAN-13/EAN-8/GTIN-14 code; the check digit is verified unless switched off."""
    code = value.strip()
    if not is_ascii_digits(code) or len(code) not in GTIN_LENGTHS:
        raise ValueError(f"{value!r} is not an 8, 12, 13 or 14 digit UPC/EAN/GTIN")
    if verify_check_digits and not is_valid_gtin(code):
        raise ValueError(f"{value!r} has a wrong check digit")
    return code


def check_qty(value: str) -> int:
    """A whole quantity of 0 or more."""
    text = value.strip()
    if not is_ascii_digits(text):
        raise ValueError(f"{value!r} is not a whole number >= 0")
    return int(text)


def _decimal(value: str, what: str) -> Decimal:
    text = value.strip()
    try:
        # Decimal() also reads other scripts' digits; a feed's numbers are ASCII.
        number = Decimal(text) if text.isascii() else None
    except InvalidOperation:
        number = None
    if number is None:
        raise ValueError(f"{value!r} is not a number ({what})")
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number ({what})")
    return number


def check_percent(value: str) -> Decimal | None:
    """A percent from 0 to 100; ``-1`` or empty means "use the default" (None)."""
    if not value.strip():
        return None
    number = _decimal(value, "percent revenue retained")
    if number == USE_DEFAULT_PERCENT:
        return None
    if not 0 <= number <= 100:
        raise ValueError(f"{value!r} is not a percent from 0 to 100 (or -1 for the default)")
    return number


def check_money(value: str, what: str) -> Decimal:
    """An amount of 0 or more; empty means 0."""
    if not value.strip():
        return Decimal(0)
    number = _decimal(value, what)
    if number < 0:
        raise ValueError(f"{value!r} is negative ({what})")
    return number


def check_country(value: str) -> str | None:
    """An ISO 3166-1 alpha-2 code (any case), or None when empty."""
    code = value.strip().upper()
    if not code:
        return None
    if code not in COUNTRY_CODES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


class AvailableToSellRow(BaseModel):
    """One row of the available-to-sell feed.

    A row has either ``percent_revenue_retained`` (percent feeds; ``None`` means Locally's
    default) or ``split_flat`` (split feeds).  Build rows directly to write a feed; the same
    checks as reading apply (pass ``context={"verify_check_digits": False}`` to
    ``model_validate`` to accept codes with unusual check digits).
    """

    model_config = ConfigDict(frozen=True)

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
        return None if value is None else check_percent(_text(value))

    @field_validator("split_flat", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Decimal | None:
        return None if value is None else check_money(_text(value), "split_flat")

    @field_validator("shipping_cost", mode="before")
    @classmethod
    def _shipping(cls, value: Any) -> Decimal:
        return check_money(_text(value), "shipping cost")

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> str | None:
        return None if value is None else check_country(str(value))

    @property
    def format(self) -> FeedFormat:
        """Which column set this row belongs to."""
        return FeedFormat.SPLIT_FLAT if self.split_flat is not None else FeedFormat.PERCENT


def _text(value: Any) -> str:
    if isinstance(value, float):
        raise ValueError(f"{value!r} is a float; pass money and percents as Decimal or text")
    return str(value)


@dataclass(frozen=True)
class FeedRowError:
    """One problem in a feed: where it is and what is wrong."""

    line: int
    """1-based line number in the file (the header is line 1)."""
    column: str
    """The column's name, or ``"row"`` for a problem with the whole row."""
    value: str
    """The cell's text as found."""
    message: str
    """What is wrong."""

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class FeedReport:
    """The outcome of validating a whole feed."""

    format: FeedFormat | None = None
    """The column set found in the header."""
    rows: int = 0
    """Valid rows read."""
    errors: list[FeedRowError] = field(default_factory=list[FeedRowError])
    """Every problem found, in file order."""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.errors

    def raise_for_errors(self) -> None:
        """Raise :class:`~locally.FeedError` listing every problem, if there were any."""
        if self.errors:
            shown = "; ".join(str(e) for e in self.errors[:10])
            more = f" (+{len(self.errors) - 10} more)" if len(self.errors) > 10 else ""
            raise FeedError(f"{len(self.errors)} problems in the feed: {shown}{more}", self.errors)


def _normalise(name: str) -> str:
    return " ".join(name.strip().lstrip("\ufeff").lower().replace("_", " ").split())


_HEADERS = {tuple(_normalise(n) for n in fmt.header[:k]): fmt for fmt in FeedFormat for k in (4, 5)}

Source = str | os.PathLike[str] | IO[str] | IO[bytes]

# Rows per block in validate(): big enough that per-block costs vanish, small enough to stay
# in the CPU cache (measured fastest at 512; 8,192 is a third slower).
_BLOCK_ROWS = 512

# A column's model field, its name in the header, and the check that reads one cell of it.
_Check = tuple[str, str, Callable[[str], object]]


class AvailableToSellFeed:
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
        self._source = source
        self._default = default_percent
        self._verify = verify_check_digits
        self._fail_fast = fail_fast
        #: The column set found in the header (after iteration has started).
        self.format: FeedFormat | None = None
        #: Every problem found so far, in file order.
        self.errors: list[FeedRowError] = []

    def _problem(self, error: FeedRowError) -> None:
        if self._fail_fast:
            raise FeedError(str(error), [error])
        self.errors.append(error)

    @contextlib.contextmanager
    def _text(self) -> Generator[IO[str], None, None]:
        source = self._source
        if isinstance(source, (str, os.PathLike)):
            with open(source, encoding="utf-8-sig", newline="") as handle:
                yield handle
            return
        if isinstance(source, io.TextIOBase) or hasattr(source, "encoding"):
            yield cast("IO[str]", source)
            return
        text = io.TextIOWrapper(cast("IO[bytes]", source), encoding="utf-8-sig", newline="")
        try:
            yield text
        finally:
            # Hand the caller's file back open; it may already be closed if the reader was
            # abandoned after the caller closed it.
            with contextlib.suppress(ValueError):
                text.detach()

    def _lines(self) -> Iterator[list[str]]:
        """The file's rows; malformed CSV ends them with a problem on the line it was found."""
        with self._text() as text:
            reader = csv.reader(text)
            try:
                yield from reader
            except csv.Error as exc:
                # The csv module stops at malformed input, such as a field over its size limit.
                self._problem(FeedRowError(reader.line_num, "row", "", f"malformed CSV: {exc}"))

    def _start(self, lines: Iterator[list[str]]) -> FeedFormat | None:
        header = next(lines, None)
        fmt = _HEADERS.get(tuple(_normalise(n) for n in header)) if header else None
        if fmt is None:
            found = ",".join(header) if header else "an empty file"
            expected = " or ".join(",".join(f.header) for f in FeedFormat)
            self._problem(FeedRowError(1, "header", found, f"expected {expected}"))
        self.format = fmt
        return fmt

    def __iter__(self) -> Iterator[AvailableToSellRow]:
        lines = self._lines()
        fmt = self._start(lines)
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
                self._problem(FeedRowError(line, column, cell, str(exc)))
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

    def validate(self) -> FeedReport:
        """Read the whole feed and report how many rows are valid and every problem.

        The report is the same as iterating would give, without building the rows: the feed
        is read in blocks of a few hundred rows, a clean block is checked column by column,
        and only a block with a problem is checked row by row to find each bad cell.
        """
        count = 0
        lines = self._lines()
        fmt = self._start(lines)
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
        return FeedReport(format=self.format, rows=count, errors=list(self.errors))


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


def _number(value: Decimal, places: bool) -> str:
    if places:
        return str(value.quantize(_CENT, rounding=ROUND_HALF_UP))
    return format(value.normalize(), "f")


def write_feed(
    rows: Iterable[AvailableToSellRow], destination: IO[str] | str | os.PathLike[str]
) -> int:
    """Write rows with the exact header and number formats Locally reads; return the count.

    The format follows the first row; a later row of the other format (percent vs
    ``split_flat``) raises :class:`~locally.FeedError` and nothing more is written.  A percent
    of ``None`` is written as ``-1`` ("use the default"); money has two decimals.
    """
    if isinstance(destination, (str, os.PathLike)):
        with open(destination, "w", encoding="utf-8", newline="") as handle:
            return write_feed(rows, handle)
    writer = csv.writer(destination, lineterminator="\n")
    fmt: FeedFormat | None = None
    count = 0
    for index, row in enumerate(rows, start=1):
        if fmt is None:
            fmt = row.format
            writer.writerow(fmt.header)
        elif row.format is not fmt:
            raise FeedError(
                f"row {index} ({row.upc}) is a {row.format.value} row in a {fmt.value} feed; "
                "a feed uses percent revenue retained or split_flat, not both"
            )
        if fmt is FeedFormat.PERCENT:
            percent = row.percent_revenue_retained
            third = "-1" if percent is None else _number(percent, places=False)
        else:
            third = _number(row.split_flat or Decimal(0), places=True)
        writer.writerow(
            [row.upc, row.qty, third, _number(row.shipping_cost, places=True), row.country or ""]
        )
        count += 1
    if fmt is None:
        writer.writerow(FeedFormat.PERCENT.header)
    return count


@dataclass(frozen=True)
class RevenueSplit:
    """How a sale is divided between the brand and the retailer."""

    brand: Decimal
    """What the brand receives."""
    retailer: Decimal
    """What the retailer receives."""


def revenue_split(
    sale_price: Decimal, row: AvailableToSellRow, *, default_percent: Decimal | None = None
) -> RevenueSplit:
    """Split ``sale_price`` under ``row``: the brand keeps its percent, or the retailer its flat.

    Amounts are rounded to the cent, half up, on the brand's side; the retailer gets the rest,
    so the two always add up to the price.  A flat split larger than the price gives the
    retailer the whole price.
    """
    if row.split_flat is not None:
        retailer = min(row.split_flat, sale_price)
        return RevenueSplit(brand=sale_price - retailer, retailer=retailer)
    percent = row.percent_revenue_retained
    if percent is None:
        percent = default_percent
    if percent is None:
        raise FeedError(
            f"row {row.upc} uses the default percent; pass default_percent= to split it"
        )
    brand = (sale_price * percent / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
    return RevenueSplit(brand=brand, retailer=sale_price - brand)
