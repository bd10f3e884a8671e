"""Checks applied to arguments before a request is built, so nothing invalid is ever sent.

Each check raises :class:`~locally.RequestValidationError` naming the argument and the value.
"""

from __future__ import annotations

from urllib.parse import quote

from ._errors import RequestValidationError

__all__ = ["path_segment"]

_FORBIDDEN_IN_SEGMENT = frozenset("/?#%\\") | frozenset(chr(c) for c in range(33))


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
