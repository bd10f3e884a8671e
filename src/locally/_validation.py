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
    "MAX_WHOLE_NUMBER",
    "absolute_url",
    "api_datetime",
    "header_secret",
    "host_name",
    "non_empty_text",
    "path_segment",
    "positive_amount",
    "positive_whole_number",
    "upc",
    "whole_number",
]

#: The largest id, page or quantity sent: a signed 64-bit integer, what a server stores.
MAX_WHOLE_NUMBER = 2**63 - 1

# Path syntax, space, and the ASCII control characters (C0 and DEL).
_FORBIDDEN_IN_SEGMENT = frozenset("/?#%\\\x7f") | frozenset(chr(c) for c in range(33))
# Dot-separated labels of letters, digits and inner hyphens, at most 253 characters, and an
# optional port; matched whole (``fullmatch``: ``$`` would also match before a final newline).
_HOST = re.compile(
    r"(?=.{1,253}(?::|\Z))[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::(?P<port>[0-9]{1,5}))?"
)
# What a session id or cart JWT may hold: visible ASCII, as every header value the SDK sends.
_HEADER_SECRET = re.compile(r"[\x21-\x7e]{1,4096}")


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
    if value in (".", ".."):
        # URL normalisation would turn /cart/./X into /cart/X: another endpoint.
        raise RequestValidationError(
            f"{name} must not be {value!r}: as a path segment it names another endpoint",
            field=name,
            value=value,
        )
    # A lone surrogate ("\ud800") has no UTF-8 form to percent-encode.
    bad = sorted({ch for ch in value if ch in _FORBIDDEN_IN_SEGMENT or "\ud800" <= ch <= "\udfff"})
    if bad:
        raise RequestValidationError(
            f"{name} {value!r} contains characters not allowed in a path segment: {bad!r}",
            field=name,
            value=value,
        )
    return quote(value, safe="")


def upc(name: str, value: object) -> str:
    """Validate a UPC/EAN/GTIN (1 to 14 ASCII digits, kept as text) and return it."""
    if not isinstance(value, str) or not is_ascii_digits(value) or not 1 <= len(value) <= 14:
        raise RequestValidationError(
            f"{name} must be a UPC/EAN of 1 to 14 digits given as a string, got {value!r}",
            field=name,
            value=value,
        )
    return value


def whole_number(name: str, value: object, *, minimum: int = 0, note: str = "") -> int:
    """Validate an ``int`` from ``minimum`` to :data:`MAX_WHOLE_NUMBER` (a page, a count).

    ``True`` and ``False`` are refused although they are ints.  The message reads
    "NAME must be a whole number >= MINIMUM (NOTE), got VALUE".  Returns a plain ``int``
    (never an ``int`` subclass, whose text may not be its digits).
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
    if value > MAX_WHOLE_NUMBER:
        raise RequestValidationError(
            f"{name} must be at most {MAX_WHOLE_NUMBER} (a 64-bit integer), got {value!r}",
            field=name,
            value=value,
        )
    return int(value)


def host_name(name: str, value: object) -> str:
    """Validate a bare host name (``www.example.com``, a port allowed) and return it lower-case.

    The port, when given, is 1 to 65535.  A URL is refused with a hint naming the host in it.
    """
    match = _HOST.fullmatch(value) if isinstance(value, str) else None
    port = match.group("port") if match else None
    if match is None or (port is not None and not 1 <= int(port) <= 65535):
        hint = ""
        if isinstance(value, str) and "://" in value:
            hint = f"; pass the bare host, e.g. {value.split('://', 1)[1].split('/', 1)[0]!r}"
        raise RequestValidationError(
            f"{name} must be a bare host name such as 'www.example.com' (no scheme, path "
            f"or spaces), got {value!r}{hint}",
            field=name,
            value=value,
        )
    return match.string.lower()


def header_secret(name: str, value: object) -> str:
    """Validate a session id or cart JWT before it goes out as a header, and return it.

    Visible ASCII only (no spaces, line breaks, NUL or other characters a header cannot
    carry), at most 4096 characters.  The message names the field but never shows the value,
    which is a secret.
    """
    if not isinstance(value, str) or not _HEADER_SECRET.fullmatch(value):
        kind = type(value).__name__
        raise RequestValidationError(
            f"{name} must be visible ASCII text of 1 to 4096 characters (no spaces, line "
            f"breaks or control characters); got a {kind} that is not",
            field=name,
        )
    return value


def non_empty_text(name: str, value: object) -> str:
    """Validate text that must say something (a rejection reason, a name)."""
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError(
            f"{name} must be non-empty text, got {value!r}", field=name, value=value
        )
    return value.strip()


def absolute_url(name: str, value: object, *, https_only: bool = False) -> str:
    """Validate an absolute http(s) URL (https only when asked) and return it.

    Visible ASCII only: spaces, line breaks and other characters must be percent-encoded.
    """
    schemes = ("https",) if https_only else ("http", "https")
    parsed = None
    if isinstance(value, str) and value.isascii() and value.isprintable() and " " not in value:
        try:
            parsed = urlsplit(value)
        except ValueError:  # an unclosed [IPv6] bracket, a port out of range
            parsed = None
    if parsed is None or parsed.scheme not in schemes or not parsed.netloc:
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
    try:
        utc = value.astimezone(_dt.timezone.utc)
    except (OverflowError, ValueError):
        utc = None
    if utc is None:
        raise RequestValidationError(
            f"{name} {value.isoformat()} cannot be expressed in UTC (out of range)",
            field=name,
            value=value,
        )
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
