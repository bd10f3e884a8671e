"""Checks for one cell of a feed: UPCs, quantities, money, percents, countries and URLs.

Every feed kind reads its cells with these, so a UPC or an amount means the same in each.  A
check takes the cell's text and returns the value, or raises :class:`ValueError` with a
message that quotes the cell; the reader adds the line and the column.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlsplit

from .._errors import RequestValidationError
from .._gtin import GTIN_LENGTHS, is_ascii_digits, is_valid_gtin

__all__ = [
    "COUNTRY_CODES",
    "MAX_AMOUNT",
    "USE_DEFAULT_PERCENT",
    "check_country",
    "check_https_url",
    "check_money",
    "check_optional_money",
    "check_text",
    "check_utf8",
    "check_percent",
    "check_qty",
    "check_upc",
    "given_amount",
    "given_percent",
    "number_text",
    "round_to_cent",
]

USE_DEFAULT_PERCENT = Decimal(-1)
"""The percent that means "use the Default Revenue Percent Retained from the STS panel"."""

_CENT = Decimal("0.01")

MAX_AMOUNT = Decimal(10) ** 15
"""Amounts must be below this (a million billion): far above any price, and small enough that
every sum, split and rounding to the cent is exact in Python's default decimal context."""

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
"""ISO 3166-1 alpha-2 codes, officially assigned."""


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


def _finite_decimal(value: str, what: str) -> Decimal:
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
    number = _finite_decimal(value, "percent revenue retained")
    if number == USE_DEFAULT_PERCENT:
        return None
    if not 0 <= number <= 100:
        raise ValueError(f"{value!r} is not a percent from 0 to 100 (or -1 for the default)")
    return number


def check_money(value: str, what: str) -> Decimal:
    """An amount of 0 or more; empty means 0."""
    if not value.strip():
        return Decimal(0)
    number = _finite_decimal(value, what)
    if number < 0:
        raise ValueError(f"{value!r} is negative ({what})")
    # Checked after rounding, as the feed writes it, so a written feed always reads back.
    if number >= MAX_AMOUNT or round_to_cent(number) >= MAX_AMOUNT:
        raise ValueError(f"{value!r} is not an amount below 10^15 ({what})")
    return number


def check_country(value: str) -> str | None:
    """An ISO 3166-1 alpha-2 code (any case), or None when empty."""
    code = value.strip().upper()
    if not code:
        return None
    if code not in COUNTRY_CODES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def check_optional_money(value: str, what: str) -> Decimal | None:
    """An amount of 0 or more, or None when the cell is empty (an optional price)."""
    return check_money(value, what) if value.strip() else None


def check_utf8(value: str, what: str) -> str:
    """Text that can be written as UTF-8: no lone surrogates.

    A file's bytes that are not UTF-8 are read as lone surrogates so that the cell can be
    reported; kept in a row, they would make writing the feed fail with ``UnicodeEncodeError``.
    The message does not quote the text, which could not be printed either.
    """
    if not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError(f"the {what} is not UTF-8 text")
    return value


def check_text(value: str, what: str) -> str:
    """Text that must say something (a name, a store id); surrounding spaces removed."""
    text = value.strip()
    if not text:
        raise ValueError(f"the {what} is empty")
    return check_utf8(text, what)


def check_https_url(value: str, what: str) -> str:
    """An absolute ``https://`` URL with a host and no spaces (an image, a buy link)."""
    text = value.strip()
    try:
        parts = urlsplit(text)
        host, scheme = parts.hostname, parts.scheme
    except ValueError:  # such as an unclosed "[" of an IPv6 address
        host, scheme = None, ""
    if not host or scheme.lower() != "https" or any(c.isspace() for c in text):
        raise ValueError(f"{value!r} is not an absolute https URL ({what})")
    return check_utf8(text, what)


def number_text(value: object) -> str:
    """The text of an amount or percent given to a row model, for the checks above.

    Decimal, int and text pass through ``str()``.  A float is refused, as everywhere money
    enters the SDK: floats cannot hold cents exactly; so is anything else that is not a number.
    """
    if isinstance(value, float):
        raise ValueError(f"{value!r} is a float; pass money and percents as Decimal or text")
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise ValueError(f"a {type(value).__name__} is not an amount; pass Decimal or text")
    if isinstance(value, int) and abs(value) >= MAX_AMOUNT:
        # Refused here, unprinted: str() of a huge int is slow and limited, and sending it on
        # as "Infinity" made the error quote a value the caller never passed.
        raise ValueError("a number of 10^15 or more is too large: amounts are below 10^15")
    return str(value)


def given_amount(value: object) -> Decimal | None:
    """An amount a caller passed, as a Decimal; None unless it is fit to compute with.

    Decimal, int or ASCII numeric text (never a float), finite and below
    :data:`MAX_AMOUNT` in size.
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        return None
    if isinstance(value, int):
        return Decimal(value) if abs(value) < MAX_AMOUNT else None
    if isinstance(value, str) and not value.isascii():
        return None  # Decimal() also reads other scripts' digits
    try:
        amount = Decimal(value)
    except ArithmeticError:  # decimal.InvalidOperation: text that is no number
        return None
    return amount if amount.is_finite() and abs(amount) < MAX_AMOUNT else None


def given_percent(name: str, value: object) -> Decimal:
    """A percent from 0 to 100 that a caller passed; anything else is refused, naming it."""
    percent = given_amount(value)
    if percent is None or not 0 <= percent <= 100:
        raise RequestValidationError(
            f"{name} must be a percent from 0 to 100 (Decimal, int or numeric text), got {value!r}",
            field=name,
            value=value,
        )
    return percent


def round_to_cent(amount: Decimal) -> Decimal:
    """``amount`` rounded to the cent, half up, as feeds write money and split revenue."""
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
