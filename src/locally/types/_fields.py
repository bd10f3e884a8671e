"""Annotated field types shared by every payload family.

Locally sends money as JSON numbers or as strings with thousands separators ("2,262.74"),
datetimes as "2020-03-29 03:31:25" or "2022-01-01T00:00:00.000Z", and uses "" for "no value".
These types read all of those forms leniently and hand the rest of the SDK one shape: Decimal,
datetime or None.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel as _PydanticBaseModel
from pydantic import BeforeValidator, ConfigDict, ValidatorFunctionWrapHandler, WrapValidator

__all__ = [
    "LocallyEnum",
    "LocallyModel",
    "Money",
    "OptionalBool",
    "OptionalDateTime",
    "OptionalInt",
    "OptionalMoney",
    "OptionalStr",
    "Upc",
    "lenient_enum",
]

E = TypeVar("E", bound=Enum)


class LocallyModel(_PydanticBaseModel):
    """Base of every response model: unknown fields are kept and reachable, never rejected.

    Locally adds fields over time; ``model_extra`` (or plain attribute access) exposes the
    ones this SDK version does not know yet.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=False)


class LocallyEnum(str, Enum):
    """A string enum whose ``str()`` and f-string form is its value: "HOLD", not "CartType.HOLD"."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(str(self.value), format_spec)


def _money_before(value: object) -> object:
    if isinstance(value, str):
        # "2,262.74" is how the cart detail sends amounts; "" means none given.
        stripped = value.replace(",", "").strip()
        return stripped if stripped else None
    return value


def _required_money_before(value: object) -> object:
    cleaned = _money_before(value)
    return Decimal(0) if cleaned is None else cleaned


#: An amount of money; "" and missing read as ``Decimal("0")``.
Money = Annotated[Decimal, BeforeValidator(_required_money_before)]
#: An amount of money that may be absent; "" reads as ``None``.
OptionalMoney = Annotated[Decimal | None, BeforeValidator(_money_before)]


def _datetime_wrap(value: object, handler: ValidatorFunctionWrapHandler) -> object:
    if value is None or value == "" or value is False:
        return None
    try:
        return handler(value)
    except ValueError:
        if not isinstance(value, str):
            raise
    # The documented forms parse natively above (fast); dateutil is the slow fallback for
    # anything else Locally might send, such as "03/28/2020 11:34 AM".
    from dateutil import parser as date_parser

    try:
        return date_parser.parse(value)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a recognisable date/time: {value!r}") from exc


#: A datetime that may be absent; "" reads as ``None``.  Naive when Locally sends no offset.
OptionalDateTime = Annotated[_dt.datetime | None, WrapValidator(_datetime_wrap)]


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


def _upc_before(value: object) -> object:
    # A JSON number has already lost any leading zero; keep what is left as text.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


#: A UPC/EAN/GTIN code, always text so that leading zeros survive.
Upc = Annotated[str, BeforeValidator(_upc_before)]
#: An integer that may be absent; "" reads as ``None``.
OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
#: A boolean that may be absent; "" reads as ``None``; 0/1 and "true"/"false" are accepted.
OptionalBool = Annotated[bool | None, BeforeValidator(_blank_to_none)]
#: Text that may be absent; kept as sent ("" stays "").
OptionalStr = str | None


def lenient_enum(enum_cls: type[E]) -> BeforeValidator:
    """Build a validator that maps a string onto ``enum_cls`` case-insensitively.

    Values the enum does not know are kept as the original string, because the API adds
    statuses over time and a new one must never make a whole cart unreadable.
    """
    by_folded = {str(member.value).casefold(): member for member in enum_cls}

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return by_folded.get(value.strip().casefold(), value)
        return value

    return BeforeValidator(convert)
