"""Reading, validating and writing the available-to-sell feed."""

from __future__ import annotations

import contextlib
import csv
import io
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locally import FeedError, FeedFileError, FeedRowValidationError, RequestValidationError
from locally._gtin import all_gtin_shaped, all_valid_gtins
from locally.feeds import (
    AvailableToSellRow,
    FeedFormat,
    is_valid_gtin,
    read_feed,
    revenue_split,
    write_feed,
)
from locally.feeds import _available_to_sell as feeds
from tests.helpers import DATA, fuzz


def test_percent_sample_reads() -> None:
    feed = read_feed(DATA / "feed_percent.csv")
    rows = list(feed)
    assert feed.format is FeedFormat.PERCENT
    assert feed.errors == []
    assert [
        (r.upc, r.qty, r.percent_revenue_retained, r.shipping_cost, r.country) for r in rows
    ] == [
        ("727602259178", 17, Decimal(0), Decimal(0), "US"),
        ("605284574539", 2, Decimal(70), Decimal("25.50"), "US"),
        ("736745040314", 100, Decimal(58), Decimal(0), "US"),
    ]


def test_split_flat_sample_reports_bad_country_with_line_and_column() -> None:
    report = read_feed(DATA / "feed_split_flat.csv").validate()
    assert report.format is FeedFormat.SPLIT_FLAT
    assert report.rows == 2
    [error] = report.errors
    assert (error.line, error.column, error.value) == (4, "country", "U")
    assert "line 4, column country" in str(error)
    with pytest.raises(FeedError, match="1 problems"):
        report.raise_for_errors()


def test_every_error_is_collected() -> None:
    text = (
        "UPC, Qty ,Percent_Revenue_Retained,Shipping Cost,Country\n"
        "727602259179,5,10,0,US\n"  # wrong check digit
        "727602259178,-1,101,-2,ZZ\n"  # four bad cells
        "727602259178,3\n"  # too few cells
        "\n"
        "605284574539,1,,1.5,gb\n"  # empty percent: default; lower-case country
    )
    feed = read_feed(io.StringIO(text), default_percent=Decimal(65))
    rows = list(feed)
    assert [(e.line, e.column) for e in feed.errors] == [
        (2, "upc"),
        (3, "qty"),
        (3, "percent revenue retained"),
        (3, "shipping cost"),
        (3, "country"),
        (4, "row"),
    ]
    assert len(rows) == 1
    assert rows[0].percent_revenue_retained == Decimal(65)
    assert rows[0].country == "GB"


def test_fail_fast_stops_at_first_problem() -> None:
    text = "upc,qty,split_flat,shipping cost\n727602259178,x,1,0\n727602259178,y,1,0\n"
    feed = read_feed(io.BytesIO(text.encode()), fail_fast=True)
    with pytest.raises(FeedError, match="line 2, column qty") as info:
        list(feed)
    assert len(info.value.errors) == 1


def test_check_digits_can_be_switched_off() -> None:
    text = "upc,qty,percent revenue retained,shipping cost,country\n727602259179,5,10,0,US\n"
    assert len(list(read_feed(io.StringIO(text), verify_check_digits=False))) == 1
    assert (
        AvailableToSellRow.model_validate(
            {"upc": "727602259179", "qty": 1}, context={"verify_check_digits": False}
        ).upc
        == "727602259179"
    )


def test_unknown_header_is_reported() -> None:
    feed = read_feed(io.StringIO("sku,amount\n1,2\n"))
    assert list(feed) == []
    assert feed.errors[0].column == "header"


def test_minus_one_means_default_percent() -> None:
    text = "upc,qty,percent revenue retained,shipping cost,country\n727602259178,5,-1,0,\n"
    [row] = list(read_feed(io.StringIO(text)))
    assert row.percent_revenue_retained is None
    assert row.country is None


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("727602259178", True),
        ("4006381333931", True),
        ("96385074", True),
        ("10012345678902", True),
        ("727602259179", False),
        ("1234567", False),
    ],
)
def test_gtin_check_digits(code: str, valid: bool) -> None:
    assert is_valid_gtin(code) is valid


def test_write_exact_formats_and_round_trip(tmp_path: Path) -> None:
    rows = [
        AvailableToSellRow(upc="727602259178", qty=17, percent_revenue_retained=Decimal("0")),
        AvailableToSellRow(
            upc="605284574539",
            qty=2,
            percent_revenue_retained=Decimal("70.0"),
            shipping_cost=Decimal("25.5"),
            country="us",
        ),
        AvailableToSellRow(upc="736745040314", qty=100),
    ]
    out = io.StringIO()
    assert write_feed(rows, out) == 3
    assert out.getvalue() == (
        "upc,qty,percent revenue retained,shipping cost,country\n"
        "727602259178,17,0,0.00,\n"
        "605284574539,2,70,25.50,US\n"
        "736745040314,100,-1,0.00,\n"
    )
    path = tmp_path / "feed.csv"
    write_feed(rows, path)
    assert [r.upc for r in read_feed(path)] == [r.upc for r in rows]


def test_a_failed_write_leaves_the_previous_feed_and_no_stray_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    first = [AvailableToSellRow(upc="727602259178", qty=17)]
    write_feed(first, path)
    path.chmod(0o644)
    before = path.read_bytes()

    def rows_then_failure() -> Iterator[AvailableToSellRow]:
        yield AvailableToSellRow(upc="605284574539", qty=2)
        raise RuntimeError("the job died half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        write_feed(rows_then_failure(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.csv"]
    # A mixed feed is refused mid-way: the previous feed stays too.
    mixed = [first[0], AvailableToSellRow(upc="605284574539", qty=2, split_flat=Decimal("5"))]
    with pytest.raises(FeedError):
        write_feed(mixed, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.csv"]
    # A successful write replaces it whole and keeps the file's permissions.
    write_feed([AvailableToSellRow(upc="605284574539", qty=2)], path)
    assert path.read_text().splitlines()[1].startswith("605284574539,2,")
    assert path.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.csv"]


def test_split_flat_writing_and_mixing_refused() -> None:
    out = io.StringIO()
    write_feed([AvailableToSellRow(upc="727602259178", qty=1, split_flat=Decimal("25"))], out)
    assert out.getvalue().splitlines() == [
        "upc,qty,split_flat,shipping cost,country",
        "727602259178,1,25.00,0.00,",
    ]
    mixed = [
        AvailableToSellRow(upc="727602259178", qty=1, split_flat=Decimal("25")),
        AvailableToSellRow(upc="605284574539", qty=1, percent_revenue_retained=Decimal(5)),
    ]
    with pytest.raises(FeedError, match="not both"):
        write_feed(mixed, io.StringIO())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("qty", -1),
        ("qty", True),
        ("percent_revenue_retained", Decimal(101)),
        ("shipping_cost", 1.5),
        ("country", "XX"),
        ("upc", "12"),
    ],
)
def test_row_model_names_the_bad_field(field: str, value: object) -> None:
    data = {"upc": "727602259178", "qty": 1, field: value}
    with pytest.raises(FeedRowValidationError, match=field) as info:
        AvailableToSellRow.model_validate(data)
    assert info.value.field == field
    with pytest.raises(FeedRowValidationError, match=field) as built:
        AvailableToSellRow(**data)  # type: ignore[arg-type]
    assert built.value.field == field


def test_revenue_split() -> None:
    percent = AvailableToSellRow(upc="727602259178", qty=1, percent_revenue_retained=Decimal(70))
    assert revenue_split(Decimal("1000"), percent).brand == Decimal("700.00")
    split = revenue_split(Decimal("99.99"), percent)
    assert (split.brand, split.retailer) == (Decimal("69.99"), Decimal("30.00"))
    flat = AvailableToSellRow(upc="727602259178", qty=1, split_flat=Decimal("250"))
    assert revenue_split(Decimal("1000"), flat) == revenue_split(Decimal("1000"), flat)
    assert revenue_split(Decimal("1000"), flat).retailer == Decimal("250")
    assert revenue_split(Decimal("100"), flat).brand == Decimal("0")
    default = AvailableToSellRow(upc="727602259178", qty=1)
    with pytest.raises(FeedError, match="default_percent"):
        revenue_split(Decimal("10"), default)
    assert revenue_split(Decimal("10"), default, default_percent=Decimal(50)).brand == Decimal(
        "5.00"
    )


def _big_feed(rows: int) -> Iterator[bytes]:
    yield b"upc,qty,percent revenue retained,shipping cost,country\n"
    for n in range(rows):
        yield b"727602259178,%d,50,0,US\n" % (n % 100)


class _Stream(io.RawIOBase):
    """A file object that produces a large feed lazily."""

    def __init__(self, rows: int) -> None:
        self._chunks = _big_feed(rows)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray) -> int:  # type: ignore[override]
        while len(self._buffer) < len(target):
            try:
                self._buffer += next(self._chunks)
            except StopIteration:
                break
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _peak_memory(work: Callable[[], int]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        result = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def _big_file(rows: int) -> IO[bytes]:
    return io.BufferedReader(cast("io.RawIOBase", _Stream(rows)))


def _count_rows() -> int:
    return sum(1 for _ in read_feed(_big_file(60_000)))


def test_reading_streams_without_loading_the_file() -> None:
    count, peak = _peak_memory(_count_rows)
    assert count == 60_000
    assert peak < 500_000  # the feed is ~1.8 MB; the reader holds only a buffer and a row


def test_validating_streams_a_block_at_a_time() -> None:
    count, peak = _peak_memory(lambda: read_feed(_big_file(60_000)).validate().rows)
    assert count == 60_000
    # Held as rows the feed would take ~25 MB; validate() holds one block (~420 KB).
    assert peak < 1_000_000


@fuzz(200)
@given(text=st.text(max_size=300))
def test_reader_raises_only_feed_errors(text: str) -> None:
    feed = read_feed(io.StringIO(text))
    with contextlib.suppress(FeedError):
        list(feed)


def _with_check_digit(body: str) -> str:
    weighted = 3 * sum(map(int, body[-1::-2])) + sum(map(int, body[-2::-2]))
    return body + str((10 - weighted % 10) % 10)


_valid_gtins = st.sampled_from([7, 11, 12, 13]).flatmap(
    lambda n: st.text("0123456789", min_size=n, max_size=n).map(_with_check_digit)
)
_gtin_like = st.one_of(
    _valid_gtins,
    # One digit changed, so the check digit is wrong (or, for a check digit of 0, not).
    _valid_gtins.flatmap(
        lambda code: st.tuples(st.integers(0, len(code) - 1), st.sampled_from("0123456789")).map(
            lambda change: code[: change[0]] + change[1] + code[change[0] + 1 :]
        )
    ),
    st.text("0123456789", min_size=0, max_size=18),
    st.text("0123456789 +-\u00b2\u0667x", min_size=7, max_size=15),
)


@settings(max_examples=400, deadline=None)
@given(codes=st.lists(_gtin_like, max_size=12))
def test_batch_gtin_check_agrees_with_one_at_a_time(codes: list[str]) -> None:
    expected = all(map(is_valid_gtin, codes))
    assert all_valid_gtins(codes) is expected
    well_formed = all(c.isascii() and c.isdigit() and len(c) in (8, 12, 13, 14) for c in codes)
    assert all_gtin_shaped(codes) is well_formed


def test_batch_gtin_check_at_the_largest_weighted_sum() -> None:
    # 252 is the largest weighted sum a GTIN-14 can have; no lane may carry into the next.
    nines = _with_check_digit("9" * 13)
    assert is_valid_gtin(nines)
    assert all_valid_gtins([nines] * 300 + ["727602259178"])
    assert not all_valid_gtins([nines] * 300 + ["727602259179"])


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (
            "\u0667\u0662\u0667\u0666\u0660\u0662\u0662\u0665\u0669\u0661\u0667\u0668,1,70,0,US",
            "upc",
        ),
        ("727602259178,²,70,0,US", "qty"),
        ("727602259178,1,\u0667\u0660,0,US", "percent revenue retained"),
        ("727602259178,1,70,\u0662,US", "shipping cost"),
    ],
)
def test_only_ascii_digits_are_numbers(cells: str, column: str) -> None:
    """int() and Decimal() read Arabic-Indic and other scripts' digits; a feed's are ASCII."""
    feed = read_feed(io.StringIO(f"{','.join(FeedFormat.PERCENT.header)}\n{cells}\n"))
    assert list(feed) == []
    [error] = feed.errors
    assert (error.line, error.column) == (2, column)
    assert repr(cells.split(",")[FeedFormat.PERCENT.header.index(column)]) in error.message


_good_cells = st.tuples(
    _valid_gtins,
    st.sampled_from(["0", "7", "40"]),
    st.sampled_from(["70", "-1", "", "100", "2.5"]),
    st.sampled_from(["0", "25.50", ""]),
    st.sampled_from(["US", "gb", ""]),
).map(list)
_bad_cells = [
    st.one_of(_gtin_like, st.just(" 727602259178")),
    st.sampled_from(["-1", "x", " 3", ""]),
    st.sampled_from(["101", "abc", "-2"]),
    st.sampled_from(["-2", "1e3", "nan"]),
    st.sampled_from(["ZZ", " us", "U"]),
]


@st.composite
def _feed_row(draw: st.DrawFn) -> list[str]:
    """Mostly clean rows; some with one bad cell, no country column, or the wrong shape."""
    cells = draw(_good_cells)
    kind = draw(st.sampled_from(["clean", "clean", "one bad cell", "four cells", "odd"]))
    if kind == "one bad cell":
        column = draw(st.integers(0, 4))
        cells[column] = draw(_bad_cells[column])
    elif kind == "four cells":
        cells = cells[:4]
    elif kind == "odd":
        cells = draw(st.sampled_from([[], ["", "", "", "", ""], ["727602259178", "3"]]))
    return cells


_feed_rows = st.lists(_feed_row(), max_size=14)


@settings(max_examples=300, deadline=None)
@given(rows=_feed_rows, header=st.sampled_from(list(FeedFormat)))
def test_validate_reports_exactly_what_iterating_finds(
    rows: list[list[str]], header: FeedFormat
) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header.header, *rows])
    text = out.getvalue()
    feed = read_feed(io.StringIO(text))
    expected = (len(list(feed)), feed.errors)
    with pytest.MonkeyPatch.context() as patch:
        # Small blocks, so clean and dirty blocks mix within one feed.
        patch.setattr(feeds, "_BLOCK_ROWS", 3)
        report = read_feed(io.StringIO(text)).validate()
    assert (report.rows, report.errors) == expected
    assert read_feed(io.StringIO(text)).validate() == report


def test_malformed_csv_is_reported_on_its_line() -> None:
    header = ",".join(FeedFormat.PERCENT.header)
    text = f'{header}\n727602259178,1,70,0,US\n727602259178,1,"{"x" * 200_000}",0,US\n'
    feed = read_feed(io.StringIO(text))
    assert len(list(feed)) == 1
    [error] = feed.errors
    assert (error.line, error.column) == (3, "row")
    assert "malformed CSV" in error.message
    report = read_feed(io.StringIO(text)).validate()
    assert (report.rows, report.errors) == (1, [error])
    with pytest.raises(FeedError, match="line 3, column row"):
        read_feed(io.StringIO(text), fail_fast=True).validate()


# -- rows refuse what a feed cannot hold; reading and writing never fail with foreign errors -----


def test_a_row_with_both_splits_is_refused() -> None:
    with pytest.raises(FeedRowValidationError, match="not both") as info:
        AvailableToSellRow(
            upc="727602259178", qty=1, percent_revenue_retained=Decimal(70), split_flat=Decimal(5)
        )
    assert info.value.field == "row"
    assert isinstance(info.value, FeedError)


@pytest.mark.parametrize("keyword", ["sku", "percent", "shipping"])
def test_an_unknown_keyword_is_refused_at_runtime(keyword: str) -> None:
    data = {"upc": "727602259178", "qty": 1, keyword: "5"}
    with pytest.raises(FeedRowValidationError, match="Extra inputs are not permitted") as info:
        AvailableToSellRow.model_validate(data)
    assert info.value.field == keyword
    with pytest.raises(FeedRowValidationError):
        AvailableToSellRow(**data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("shipping_cost", Decimal("1e30")),
        ("shipping_cost", Decimal("Infinity")),
        ("split_flat", Decimal("NaN")),
        ("split_flat", "1e15"),
        ("percent_revenue_retained", Decimal("sNaN")),
        ("qty", "\u00b2"),
        ("upc", 7.27602259178e11),
    ],
)
def test_values_a_feed_cannot_hold_are_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(FeedRowValidationError, match=field) as info:
        AvailableToSellRow.model_validate({"upc": "727602259178", "qty": 1, field: value})
    assert info.value.field == field


def test_amounts_the_reader_accepts_can_always_be_written_and_split() -> None:
    text = (
        "upc,qty,split_flat,shipping cost,country\n"
        "727602259178,1,999999999999999.99,999999999999999.994,US\n"
        "605284574539,1,1e30,Infinity,US\n"
        "605284574539,1,1,999999999999999.995,US\n"
    )
    feed = read_feed(io.StringIO(text))
    rows = list(feed)
    assert [(e.line, e.column) for e in feed.errors] == [
        (3, "split_flat"),
        (3, "shipping cost"),
        (4, "shipping cost"),
    ]
    out = io.StringIO()
    assert write_feed(rows, out) == 1
    written = "727602259178,1,999999999999999.99,999999999999999.99,US"
    assert out.getvalue().splitlines()[1] == written
    assert list(read_feed(io.StringIO(out.getvalue()))) == [
        AvailableToSellRow(
            upc="727602259178",
            qty=1,
            split_flat=Decimal("999999999999999.99"),
            shipping_cost=Decimal("999999999999999.99"),
            country="US",
        )
    ]
    split = revenue_split(Decimal("1000000"), rows[0])
    assert split.brand + split.retailer == Decimal("1000000")


@pytest.mark.parametrize("price", [Decimal("NaN"), Decimal("Infinity"), "1e30", 1.5, "\u0661", -1])
def test_revenue_split_refuses_a_price_it_cannot_split(price: object) -> None:
    row = AvailableToSellRow(upc="727602259178", qty=1, percent_revenue_retained=Decimal(70))
    with pytest.raises(RequestValidationError) as info:
        revenue_split(price, row)  # type: ignore[arg-type]
    assert info.value.field == "sale_price"


@pytest.mark.parametrize("percent", [Decimal(101), Decimal("NaN"), "-1", 1.5])
def test_a_default_percent_out_of_range_is_refused(percent: object) -> None:
    row = AvailableToSellRow(upc="727602259178", qty=1)
    with pytest.raises(RequestValidationError) as info:
        revenue_split(Decimal(10), row, default_percent=percent)  # type: ignore[arg-type]
    assert info.value.field == "default_percent"
    with pytest.raises(RequestValidationError):
        read_feed(io.StringIO(""), default_percent=percent)  # type: ignore[arg-type]


NOT_UTF8 = (
    b"upc,qty,percent revenue retained,shipping cost,country\n"
    b"727602259178,17,0,0,US\n"
    b"7276\xff2259178,2,70,25.50,US\n"
    b"736745040314,1\xe9,58,0,US\n"
)


def test_bytes_that_are_not_utf8_are_reported_on_their_cell(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_bytes(NOT_UTF8)
    for source in (io.BytesIO(NOT_UTF8), path):
        feed = read_feed(source)
        assert [r.upc for r in feed] == ["727602259178"]
        assert [(e.line, e.column, e.value) for e in feed.errors] == [
            (3, "upc", "7276\\xff2259178"),
            (4, "qty", "1\\xe9"),
        ]
        assert feed.errors[0].message == "7276\\xff2259178 is not UTF-8 text"
        report = read_feed(io.BytesIO(NOT_UTF8)).validate()
        assert (report.rows, report.errors) == (1, feed.errors)
    with pytest.raises(FeedError, match="line 3, column upc"):
        read_feed(io.BytesIO(NOT_UTF8), fail_fast=True).validate()


def test_a_strictly_decoded_text_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_bytes(NOT_UTF8)
    with open(path, encoding="utf-8") as strict:
        feed = read_feed(strict)
        list(feed)
    # Python's decoder fails on the whole first block, so the feed ends there, reported.
    first = feed.errors[0]
    assert (first.line, first.column) == (1, "row")
    assert first.message.startswith("not UTF-8 text")


def test_files_that_cannot_be_opened_or_written_are_feed_errors(tmp_path: Path) -> None:
    with pytest.raises(FeedFileError, match="cannot open feed") as missing:
        read_feed(tmp_path / "missing.csv").validate()
    assert isinstance(missing.value, OSError)
    row = AvailableToSellRow(upc="727602259178", qty=1)
    with pytest.raises(FeedFileError, match="cannot write a feed beside"):
        write_feed([row], tmp_path / "no-such-folder" / "feed.csv")
    closed = io.StringIO()
    closed.close()
    with pytest.raises(FeedError, match="could not be written"):
        write_feed([row], closed)
    with pytest.raises(FeedError, match="not an AvailableToSellRow"):
        write_feed([row, "727602259178,1"], io.StringIO())  # type: ignore[list-item]
    assert sorted(p.name for p in tmp_path.iterdir()) == []
