"""JSON for request bodies that keeps money exact, and JSON from others read safely.

``json.dumps`` cannot write a :class:`~decimal.Decimal` as a JSON number without going through
``float`` (which turns ``Decimal("0.1") + Decimal("0.2")`` into ``0.30000000000000004``).  Locally
expects amounts such as ``refund_amount`` as numbers, so Decimals are written digit for digit.

:func:`loads` reads JSON that a server or a webhook sender wrote, refusing nesting deeper than
any payload Locally documents: deep nesting would otherwise raise ``RecursionError`` here, or
later when an error holding it is printed or pickled.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import cast

__all__ = ["MAX_DEPTH", "dumps", "loads"]

#: The deepest nesting :func:`loads` accepts; Locally's payloads nest about six levels.
MAX_DEPTH = 64


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


def _depth(value: object) -> int:
    """How deeply ``value`` nests lists and objects (counted without recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children: list[object] = list(cast("dict[object, object]", node).values())
        elif isinstance(node, list):
            children = cast("list[object]", node)
        else:
            continue
        deepest = max(deepest, level + 1)
        stack.extend((child, level + 1) for child in children)
    return deepest


def loads(content: bytes | str, *, max_depth: int = MAX_DEPTH) -> object:
    """Decode JSON; raise ``ValueError`` for anything invalid or nested over ``max_depth``."""
    try:
        value: object = json.loads(content)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if _depth(value) > max_depth:
        raise ValueError(f"JSON nested more than {max_depth} levels deep")
    return value
