"""Checks applied to arguments before a request is built, so nothing invalid is ever sent.

Each check raises :class:`~locally.RequestValidationError` naming the argument and the value.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, urlsplit

from ._errors import RequestValidationError
from ._gtin import is_ascii_digits

__all__ = [
    "absolute_url",
    "api_datetime",
    "host_name",
    "non_empty_text",
    "path_segment",
    "positive_amount",
    "positive_whole_number",
    "upc",
    "whole_number",
]

# Path syntax, space, and the ASCII control characters (C0 and DEL).
_FORBIDDEN_IN_SEGMENT = frozenset("/?#%\\\x7f") | frozenset(chr(c) for c in range(33))
# Dot-separated labels of letters, digits and inner hyphens, at most 253 characters, and an
# optional port.
_HOST = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$"
)


def path_segment(name: str, value: object) -> str:
    """Validate ``value`` as one URL path segment (a cart hash, a UPC) and return it quoted."""
    if not isinstance(value, str):
        raise RequestValidationError(
            f"{name} must be a string, got {type(value).__name__} {value!r}",
            field=name,
            value=value,
        )
    if not value:
        raise RequestValidationError(f"{name} must not be empty", field=name, value=value)
    bad = sorted({ch for ch in value if ch in _FORBIDDEN_IN_SEGMENT})
    if bad:
        raise RequestValidationError(
            f"{name} {value!r} contains characters not allowed in a path segment: {bad!r}",
            field=name,
            value=value,
        )
    return quote(value, safe="")


def upc(name: str, value: object) -> str:
    """Validate a UPC/EAN/GTIN (1 to 14 digits, kept as text) and return it."""
    # ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits.
    if not isinstance(value, str) or not is_ascii_digits(value) or not 1 <= len(value) <= 14:
        raise RequestValidationError(
            f"{name} must be a UPC/EAN of 1 to 14 digits given as a string, got {value!r}",
            field=name,
            value=value,
        )
    return value


def whole_number(name: str, value: object, *, minimum: int = 0, note: str = "") -> int:
    """Validate an ``int`` of at least ``minimum`` (a page, a count) and return it.

    ``True`` and ``False`` are refused although they are ints.  The message reads
    "NAME must be a whole number >= MINIMUM (NOTE), got VALUE".
    """
    rule = f">= {minimum} ({note})" if note else f">= {minimum}"
    return _checked_whole_number(name, value, minimum, rule)


def positive_whole_number(name: str, value: object) -> int:
    """Validate an ``int`` greater than 0 (an id) and return it; ``True`` is refused."""
    return _checked_whole_number(name, value, 1, "> 0")


def _checked_whole_number(name: str, value: object, minimum: int, rule: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RequestValidationError(
            f"{name} must be a whole number {rule}, got {value!r}", field=name, value=value
        )
    return value


def host_name(name: str, value: object) -> str:
    """Validate a bare host name (``www.example.com``, a port allowed) and return it lower-case.

    A URL is refused with a hint naming the host in it.
    """
    if not isinstance(value, str) or not _HOST.match(value):
        hint = ""
        if isinstance(value, str) and "://" in value:
            hint = f"; pass the bare host, e.g. {value.split('://', 1)[1].split('/', 1)[0]!r}"
        raise RequestValidationError(
            f"{name} must be a bare host name such as 'www.example.com' (no scheme, path "
            f"or spaces), got {value!r}{hint}",
            field=name,
            value=value,
        )
    return value.lower()


def non_empty_text(name: str, value: object) -> str:
    """Validate text that must say something (a rejection reason, a name)."""
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError(
            f"{name} must be non-empty text, got {value!r}", field=name, value=value
        )
    return value.strip()


def absolute_url(name: str, value: object, *, https_only: bool = False) -> str:
    """Validate an absolute http(s) URL (https only when asked) and return it."""
    schemes = ("https",) if https_only else ("http", "https")
    parsed = urlsplit(value) if isinstance(value, str) else None
    # urlsplit() silently drops tabs and newlines, so whitespace and control characters are
    # refused here rather than sent as part of the URL.
    blank = isinstance(value, str) and any(ch.isspace() or not ch.isprintable() for ch in value)
    if parsed is None or parsed.scheme not in schemes or not parsed.netloc or blank:
        kind = "an absolute https URL" if https_only else "an absolute http(s) URL"
        raise RequestValidationError(
            f"{name} must be {kind}, got {value!r}", field=name, value=value
        )
    return str(value)


def positive_amount(name: str, value: object) -> Decimal:
    """Validate money greater than zero; Decimal, int or numeric text (never float)."""
    if isinstance(value, (bool, float)):
        raise RequestValidationError(
            f"{name} must be a decimal.Decimal (or int or numeric string), not "
            f"{type(value).__name__} {value!r}: floats cannot hold cents exactly",
            field=name,
            value=value,
        )
    try:
        amount = Decimal(value) if isinstance(value, (Decimal, int, str)) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        raise RequestValidationError(
            f"{name} must be an amount greater than 0, got {value!r}", field=name, value=value
        )
    return amount


def api_datetime(name: str, value: object) -> str:
    """Format a timezone-aware datetime as Locally expects: ``2022-01-01T00:00:00.000Z``."""
    if not isinstance(value, _dt.datetime):
        raise RequestValidationError(
            f"{name} must be a datetime, got {type(value).__name__} {value!r}",
            field=name,
            value=value,
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise RequestValidationError(
            f"{name} is a naive datetime ({value.isoformat()}); pass a timezone-aware one, "
            "e.g. datetime.now(timezone.utc), so the time sent is not a guess",
            field=name,
            value=value,
        )
    utc = value.astimezone(_dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
