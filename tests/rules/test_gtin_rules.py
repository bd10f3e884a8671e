"""UPC/EAN/GTIN lengths and check digits in the available-to-sell feed.

The feed takes UPC-A (12), EAN-13, EAN-8 and GTIN-14 codes with a correct GS1 check digit.
Each rule is checked three ways: ``feeds.is_valid_gtin``, reading the feed row by row, and
``validate()``, which checks a whole block of codes at once.
"""

from __future__ import annotations

import io

import pytest

from locally import FeedError
from locally.feeds import FeedFormat, is_valid_gtin, read_feed

HEADER = "upc,qty,percent revenue retained,shipping cost,country\n"


def gs1_check_digit(body: str) -> str:
    """The GS1 check digit of ``body``: from the right, weights 3, 1, 3, ...; round up to ten."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str(-total % 10)


def with_check_digit(body: str) -> str:
    return body + gs1_check_digit(body)


def feed(*codes: str) -> io.StringIO:
    return io.StringIO(HEADER + "".join(f"{code},1,50,0,US\n" for code in codes))


def accepted_row_by_row(*codes: str, verify: bool = True) -> list[str]:
    reader = read_feed(feed(*codes), verify_check_digits=verify)
    return [row.upc for row in reader]


def accepted_in_blocks(*codes: str, verify: bool = True) -> int:
    report = read_feed(feed(*codes), verify_check_digits=verify).validate()
    assert report.format is FeedFormat.PERCENT
    assert report.rows + len(report.errors) == len(codes)
    return report.rows


@pytest.mark.parametrize(
    "code",
    [
        "96385074",  # EAN-8, GS1's example
        "036000291452",  # UPC-A
        "727602259178",  # 03-ship-to-store.txt feed sample
        "4006381333931",  # EAN-13
        "00012345600012",  # GTIN-14, GS1's example
    ],
)
def test_the_check_digit_oracle_agrees_with_published_codes(code: str) -> None:
    assert with_check_digit(code[:-1]) == code
    assert is_valid_gtin(code)


BODIES = {n: ("0123456789" * 2)[: n - 1] for n in range(1, 17)}
NINES = {n: "9" * (n - 1) for n in range(1, 17)}


@pytest.mark.parametrize("length", [1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
@pytest.mark.parametrize("bodies", [BODIES, NINES], ids=["digits", "nines"])
def test_each_length_boundary_with_a_correct_check_digit(
    length: int, bodies: dict[int, str]
) -> None:
    code = with_check_digit(bodies[length])
    assert len(code) == length
    valid = length in (8, 12, 13, 14)
    assert is_valid_gtin(code) is valid
    assert accepted_row_by_row(code) == ([code] if valid else [])
    assert accepted_in_blocks(code, code, code) == (3 if valid else 0)
    # Turning check digits off does not turn the length check off.
    assert accepted_row_by_row(code, verify=False) == ([code] if valid else [])
    assert accepted_in_blocks(code, verify=False) == (1 if valid else 0)


def test_a_wrong_length_is_named_in_the_feed_error() -> None:
    reader = read_feed(feed(with_check_digit("0" * 10)))
    assert list(reader) == []
    [error] = reader.errors
    assert (error.line, error.column, error.value) == (2, "upc", "00000000000")
    assert "is not an 8, 12, 13 or 14 digit UPC/EAN/GTIN" in str(error)
    with pytest.raises(FeedError):
        read_feed(feed("00000000000"), fail_fast=True).validate()


VALID = [
    with_check_digit(body)
    for body in ("9638507", "03600029145", "400638133393", "0001234560001", "9" * 13, "1" * 7)
]


def test_every_single_digit_error_is_caught_in_a_block_of_good_codes() -> None:
    for code in VALID:
        for position in range(len(code)):
            for step in range(1, 10):
                digit = str((int(code[position]) + step) % 10)
                bad = code[:position] + digit + code[position + 1 :]
                assert not is_valid_gtin(bad), bad
                codes = [*VALID, bad, *VALID]
                assert accepted_in_blocks(*codes) == 2 * len(VALID), bad
                assert accepted_in_blocks(*codes, verify=False) == len(codes), bad


def test_a_mixed_block_of_valid_codes_is_all_accepted() -> None:
    codes = VALID * 50
    assert accepted_in_blocks(*codes) == len(codes)
    assert accepted_row_by_row(*codes) == codes


def test_a_wrong_check_digit_is_named_and_can_be_switched_off() -> None:
    bad = "727602259179"
    reader = read_feed(feed(bad))
    assert list(reader) == []
    [error] = reader.errors
    assert (error.column, error.value) == ("upc", bad)
    assert "wrong check digit" in str(error)
    assert accepted_row_by_row(bad, verify=False) == [bad]


@pytest.mark.parametrize(
    "code",
    [
        "".join(chr(0xFF10 + int(d)) for d in "727602259178"),  # fullwidth digits
        "٧٢٧٦٠٢٢٥٩١٧٨",  # Arabic-Indic digits
        "72760225917²",
        "72760225917A",
        "-27602259178",
        "7276 0225917",
        "",
    ],
)
def test_only_ascii_digits_are_a_code(code: str) -> None:
    assert not is_valid_gtin(code)
    assert accepted_row_by_row(code) == []
    assert accepted_in_blocks(code) == 0
    assert accepted_in_blocks(code, verify=False) == 0
