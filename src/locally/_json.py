"""JSON encoding for request bodies that keeps money exact.

``json.dumps`` cannot write a :class:`~decimal.Decimal` as a JSON number without going through
``float`` (which turns ``Decimal("0.1") + Decimal("0.2")`` into ``0.30000000000000004``).  Locally
expects amounts such as ``refund_amount`` as numbers, so Decimals are written digit for digit.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import cast

__all__ = ["dumps"]


def _encode(value: object, out: list[str]) -> None:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot send a non-finite amount as JSON: {value}")
        out.append(format(value, "f"))
    elif isinstance(value, Enum):
        _encode(value.value, out)
    elif isinstance(value, _dt.datetime):
        out.append(json.dumps(value.isoformat()))
    elif isinstance(value, Mapping):
        mapping = cast("Mapping[object, object]", value)
        out.append("{")
        for index, (key, item) in enumerate(mapping.items()):
            if index:
                out.append(",")
            out.append(json.dumps(str(key)))
            out.append(":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        sequence = cast("Sequence[object]", value)
        out.append("[")
        for index, item in enumerate(sequence):
            if index:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, float):
        raise TypeError("floats are not sent: pass money as decimal.Decimal")
    else:
        out.append(json.dumps(value, allow_nan=False))


def dumps(value: object) -> bytes:
    """Encode ``value`` as compact UTF-8 JSON, writing Decimals as exact JSON numbers."""
    out: list[str] = []
    _encode(value, out)
    return "".join(out).encode("utf-8")
