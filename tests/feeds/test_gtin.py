"""The batch GTIN checks give exactly the answers of the one-code definitions."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from locally._gtin import (
    GTIN_LENGTHS,
    all_gtin_shaped,
    all_valid_gtins,
    is_ascii_digits,
    is_valid_gtin,
)

DIGITS = "0123456789"
# Characters that str.isdigit() or int() accept but a GTIN never contains: superscript two,
# Arabic-Indic and Devanagari digits, a fullwidth digit.
LOOKALIKES = "\u00b2\u0660\u0667\u0669\u0966\uff11"


def _with_check_digit(body: str) -> str:
    weighted = 3 * sum(map(int, body[-1::-2])) + sum(map(int, body[-2::-2]))
    return body + str((10 - weighted % 10) % 10)


def _gtin_shaped(code: str) -> bool:
    return is_ascii_digits(code) and len(code) in GTIN_LENGTHS


@st.composite
def _valid_code(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from(sorted(GTIN_LENGTHS)))
    # High digits reach the largest weighted sums (252), where a lane could overflow.
    alphabet = draw(st.sampled_from([DIGITS, "789"]))
    return _with_check_digit(draw(st.text(alphabet, min_size=length - 1, max_size=length - 1)))


_valid = _valid_code()
# Valid codes behind zeros: a GTIN-8 padded into a GTIN-13 keeps its check digit.
_zero_led = st.tuples(st.integers(1, 6), _valid).map(lambda z: ("0" * z[0] + z[1])[-14:])
_wrong_check_digit = _valid.map(lambda code: code[:-1] + str((int(code[-1]) + 1) % 10))
_any_length = st.text(DIGITS, min_size=0, max_size=20)


@st.composite
def _with_lookalike(draw: st.DrawFn) -> str:
    """A valid code with one digit swapped for a non-ASCII digit."""
    code = draw(_valid)
    at = draw(st.integers(0, len(code) - 1))
    return code[:at] + draw(st.sampled_from(LOOKALIKES)) + code[at + 1 :]


_codes = st.one_of(
    _valid,
    _zero_led,
    _wrong_check_digit,
    _any_length,
    _with_lookalike(),
    st.text(DIGITS + LOOKALIKES + " -+x", min_size=0, max_size=20),
)
# Mostly valid columns, where a single bad code is the case that matters.
_columns = st.one_of(
    st.lists(_valid, max_size=40),
    st.lists(_codes, max_size=40),
    st.tuples(st.lists(_valid, max_size=40), _codes, st.integers(0, 40)).map(
        lambda t: [*t[0][: t[2]], t[1], *t[0][t[2] :]]
    ),
)


@settings(max_examples=500, deadline=None)
@given(codes=_columns)
@example(codes=[])
@example(codes=[""])
@example(codes=["0" * 14])
@example(codes=["\u0667\u0662\u0667\u0666\u0660\u0662\u0662\u0665\u0669\u0661\u0667\u0668"])
@example(codes=["727602259178", "72760225917\u00b2"])
def test_all_valid_gtins_is_all_of_is_valid_gtin(codes: list[str]) -> None:
    assert all_valid_gtins(codes) is all(map(is_valid_gtin, codes))


@settings(max_examples=300, deadline=None)
@given(codes=_columns)
@example(codes=[])
@example(codes=["727602259179"])
def test_all_gtin_shaped_checks_length_and_digits_only(codes: list[str]) -> None:
    assert all_gtin_shaped(codes) is all(map(_gtin_shaped, codes))


def test_a_wrong_check_digit_is_shaped_but_not_valid() -> None:
    assert all_gtin_shaped(["727602259179"])
    assert not all_valid_gtins(["727602259179"])
