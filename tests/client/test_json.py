"""Request bodies keep Decimal amounts exact on the wire."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from locally import _json
from locally.types import CartType


def test_decimal_written_digit_for_digit() -> None:
    body = _json.dumps({"refund_amount": Decimal("0.1") + Decimal("0.2"), "n": [Decimal("1E+2")]})
    assert body == b'{"refund_amount":0.3,"n":[100]}'
    assert json.loads(body, parse_float=Decimal)["refund_amount"] == Decimal("0.3")


def test_nested_values_enums_and_datetimes() -> None:
    body = _json.dumps(
        {"a": {"b": [True, None, "x\u00e9"]}, "t": CartType.SHIP, "d": dt.datetime(2022, 1, 1)}
    )
    assert json.loads(body) == {
        "a": {"b": [True, None, "xé"]},
        "t": "SHIP",
        "d": "2022-01-01T00:00:00",
    }


def test_floats_and_non_finite_amounts_are_refused() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        _json.dumps({"amount": 1.5})
    with pytest.raises(ValueError, match="non-finite"):
        _json.dumps({"amount": Decimal("NaN")})
