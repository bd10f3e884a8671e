"""Annotated field types shared by every payload family.

Locally sends money as JSON numbers or as strings with thousands separators ("2,262.74"),
datetimes as "2020-03-29 03:31:25" or "2022-01-01T00:00:00.000Z", and uses "" for "no value".
These types read all of those forms leniently and hand the rest of the SDK one shape: Decimal,
datetime or None.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, NewType, TypeVar, get_args

from pydantic import BaseModel as _PydanticBaseModel
from pydantic import ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema
from typing_extensions import Self

from .._errors import ModelValidationError

__all__ = [
    "LocallyEnum",
    "LocallyModel",
    "Money",
    "OptionalBool",
    "OptionalDateTime",
    "OptionalInt",
    "OptionalMoney",
    "OptionalStr",
    "UnknownValue",
    "Upc",
    "fold_spelling",
    "lenient_enum",
    "validation_problems",
]

E = TypeVar("E", bound=Enum)


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """Each field at fault in a pydantic error as ``(dotted field, message)``, no values.

    A field whose type is a union fails once per member, under locations such as
    ``nullable[datetime]``; those steps are dropped and the field's first message kept.
    """
    problems: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        steps = [str(step) for step in error["loc"]]
        where = ".".join(s for s in steps if "[" not in s and "(" not in s) or "body"
        problems.setdefault(where, error["msg"])
    return list(problems.items())


class LocallyModel(_PydanticBaseModel):
    """Base of every response model: unknown fields are kept and reachable, never rejected.

    Locally adds fields over time; ``model_extra`` (or plain attribute access) exposes the
    ones this SDK version does not know yet.  Data that does not fit raises
    :class:`~locally.ModelValidationError` from ``model_validate``, ``model_validate_json``
    and ``model_validate_strings``, naming the fields and never repeating the values.
    (Building a model from keyword arguments is pydantic's own constructor, checked by your
    type checker; it is not wrapped, since a custom ``__init__`` would make pydantic call
    Python for every nested model of every reply.)
    """

    # cache_strings="keys": pydantic otherwise keeps up to 16,384 parsed string *values* (cart
    # hashes, timestamps) in a process-wide cache, about 1 MB that a long walk fills for nothing;
    # keys repeat on every cart, so caching them keeps the speed.
    model_config = ConfigDict(
        extra="allow", populate_by_name=True, frozen=False, cache_strings="keys"
    )

    # Only the outermost call is wrapped: nested models are built by pydantic-core directly,
    # so parsing a page pays for one try block, not one per model.  Errors are raised after
    # the handler, so pydantic's error (which holds the input) is not chained to them.
    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate ``obj``; what does not fit raises :class:`~locally.ModelValidationError`."""
        try:
            return super().model_validate(obj, **options)
        except ValidationError as exc:
            problems = validation_problems(exc)
        raise ModelValidationError(cls.__name__, problems)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Parse JSON; JSON that does not fit raises :class:`~locally.ModelValidationError`."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as exc:
            problems = validation_problems(exc)
        raise ModelValidationError(cls.__name__, problems)

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """Validate string data; what does not fit raises :class:`~locally.ModelValidationError`."""
        try:
            return super().model_validate_strings(obj, **options)
        except ValidationError as exc:
            problems = validation_problems(exc)
        raise ModelValidationError(cls.__name__, problems)


def fold_spelling(text: str) -> str:
    """How two spellings of a status are compared: any case, ``-``/``_``/spaces alike.

    "Charge_Failed", "charge failed" and "CHARGE-FAILED" all fold to "charge failed".
    """
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


UnknownValue = NewType("UnknownValue", str)
"""Text Locally sent that the field's enum has no member for, kept as sent (a plain ``str``).

Status fields are typed ``ItemStatus | UnknownValue``: type checkers then show the enum's
members (with ``| str``, mypy folds the union into plain ``str``, since the enums are
``str`` subclasses), and a status Locally adds later still reads instead of failing.
"""


class LocallyEnum(str, Enum):
    """A string enum whose ``str()`` and f-string form is its value: "HOLD", not "CartType.HOLD".

    Looking a member up by value ignores case and treats ``-``, ``_`` and spaces alike, and
    accepts the other spellings a subclass lists in :meth:`spelling_variants`:
    ``ItemStatus("Charge Failed") is ItemStatus.CHARGE_FAILED``.  A value that is none of these
    still raises ``ValueError``.
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(str(self.value), format_spec)

    @classmethod
    def spelling_variants(cls) -> Mapping[str, str]:
        """Other spellings Locally uses for a member (folded), each with the member's value."""
        return {}

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            return folded_members(cls).get(fold_spelling(value))
        return None


@functools.cache
def folded_members(enum_cls: type[Enum]) -> Mapping[str, Any]:
    """Every member of ``enum_cls`` by folded spelling, its documented variants included."""
    table: dict[str, Any] = {fold_spelling(str(member.value)): member for member in enum_cls}
    if issubclass(enum_cls, LocallyEnum):
        for variant, value in enum_cls.spelling_variants().items():
            table.setdefault(fold_spelling(variant), enum_cls(value))
    return table


class _NativeFirst:
    """Validate with pydantic's native (Rust) validator first; run Python only for odd forms.

    A response carries hundreds of money amounts, datetimes and ids.  A ``BeforeValidator``
    would call Python for every one of them; this marker builds a left-to-right union instead:
    the field's own type first (the common, documented forms match it without any Python), then
    ``fallbacks`` that clean up what Locally also sends ("", "2,262.74", ``false``).
    """

    __slots__ = ("fallbacks",)

    def __init__(self, *fallbacks: CoreSchema) -> None:
        self.fallbacks = fallbacks

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.union_schema([handler(source), *self.fallbacks], mode="left_to_right")


def _constant(value: object, schema: CoreSchema) -> CoreSchema:
    """Accept what ``schema`` accepts and replace it with ``value``."""
    return core_schema.no_info_after_validator_function(lambda _: value, schema)


def _converted_str(convert: Callable[[str], object], then: CoreSchema | None = None) -> CoreSchema:
    """Accept a string, pass it through ``convert`` and (optionally) validate the result."""
    steps: list[CoreSchema] = [
        core_schema.str_schema(),
        core_schema.no_info_plain_validator_function(convert),
    ]
    if then is not None:
        steps.append(then)
    return core_schema.chain_schema(steps)


def _money_text(value: str) -> str | None:
    # "2,262.74" is how the cart detail sends amounts; "" means none given.
    return value.replace(",", "").strip() or None


def _required_money_text(value: str) -> str:
    return _money_text(value) or "0"


_BLANK_IS_NONE = _constant(None, core_schema.literal_schema([""]))

#: An amount of money; "" and missing read as ``Decimal("0")``.
Money = Annotated[
    Decimal,
    _NativeFirst(
        _converted_str(_required_money_text, core_schema.decimal_schema()),
        _constant(Decimal(0), core_schema.none_schema()),
    ),
]
#: An amount of money that may be absent; "" reads as ``None``.
OptionalMoney = Annotated[
    Decimal | None,
    _NativeFirst(
        _converted_str(_money_text, core_schema.nullable_schema(core_schema.decimal_schema())),
    ),
]


def _datetime_from_text(value: str) -> _dt.datetime | None:
    if not value:
        return None
    # The documented forms parse natively (fast); dateutil is the slow fallback for anything
    # else Locally might send, such as "03/28/2020 11:34 AM".
    from dateutil import parser as date_parser

    try:
        return date_parser.parse(value)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a recognisable date/time: {value!r}") from exc


#: A datetime that may be absent; "" reads as ``None``.  Naive when Locally sends no offset.
OptionalDateTime = Annotated[
    _dt.datetime | None,
    _NativeFirst(
        _converted_str(_datetime_from_text), _constant(None, core_schema.literal_schema([False]))
    ),
]

#: A UPC/EAN/GTIN code, always text so that leading zeros survive.  A JSON number has already
#: lost any leading zero; what is left is kept as text.
Upc = Annotated[
    str,
    _NativeFirst(
        core_schema.no_info_after_validator_function(str, core_schema.int_schema(strict=True))
    ),
]
#: An integer that may be absent; "" reads as ``None``.
OptionalInt = Annotated[int | None, _NativeFirst(_BLANK_IS_NONE)]
#: A boolean that may be absent; "" reads as ``None``; 0/1 and "true"/"false" are accepted.
OptionalBool = Annotated[bool | None, _NativeFirst(_BLANK_IS_NONE)]
#: Text that may be absent; kept as sent ("" stays "").
OptionalStr = str | None


class _Spellings(dict[str, Any]):
    """A fixed table of spellings; a miss is answered by ``other`` and never stored.

    Validation calls the table's own ``__getitem__``, which is C: a hit costs no Python frame.
    Measured against a plain function doing ``by_folded.get(value.strip().casefold(), value)``
    on the 252 statuses of a 50-cart page: 14.5 µs against 27.4 µs, about 6% of the page.
    """

    __slots__ = ("_other",)

    def __init__(self, table: dict[str, Any], other: Callable[[str], Any]) -> None:
        super().__init__(table)
        self._other = other

    def __missing__(self, key: str) -> Any:
        return self._other(key)


# What a Ship-to-Store status reads when the item is not Ship-to-Store: "" in the list and in
# notices, ``false`` in the detail, and "N/A" as the list's field table words it.
_NONE_SPELLINGS = frozenset({"", "n/a"})


class _LenientEnum:
    """The schema built by :func:`lenient_enum`: a table lookup per value, nothing after it."""

    __slots__ = ("_blank_is_none", "_by_folded", "_enum_cls")

    def __init__(self, enum_cls: type[Enum], *, blank_is_none: bool) -> None:
        self._enum_cls = enum_cls
        self._by_folded = folded_members(enum_cls)
        self._blank_is_none = blank_is_none

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        by_folded = self._by_folded
        nullable = type(None) in get_args(source)
        blank_is_none = self._blank_is_none and nullable
        expected = f"a {self._enum_cls.__name__} string"

        def folded_or_kept(value: str) -> Any:
            folded = fold_spelling(value)
            if blank_is_none and folded in _NONE_SPELLINGS:
                return None
            return by_folded.get(folded, value)

        # The spellings Locally actually uses ("CONFIRMED", "Confirmed", "confirmed",
        # "Charge_Failed") hit the table directly and skip the folding.
        spellings = _Spellings(
            {
                spelling: member
                for member in by_folded.values()
                for text in (str(member.value), fold_spelling(str(member.value)))
                for spelling in (text, text.upper(), text.capitalize(), text.title())
            },
            folded_or_kept,
        )
        if blank_is_none:
            spellings[""] = None

        def other_type(value: Any) -> Any:
            if nullable and (value is None or (blank_is_none and value is False)):
                return None
            raise ValueError(f"expected {expected}, got {type(value).__name__}")

        # Not a BeforeValidator over ``Enum | str``: the union that would follow costs four
        # times the lookup itself, on every status of a page.  Text (nearly every value) goes
        # straight to the table; anything else fails the str check natively and is handled
        # (None, false) or refused in Python.
        return core_schema.union_schema(
            [
                core_schema.chain_schema(
                    [
                        core_schema.str_schema(),
                        core_schema.no_info_plain_validator_function(spellings.__getitem__),
                    ]
                ),
                core_schema.no_info_plain_validator_function(other_type),
            ],
            mode="left_to_right",
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        values = [member.value for member in self._enum_cls]
        return handler(
            core_schema.union_schema([core_schema.literal_schema(values), core_schema.str_schema()])
        )


def lenient_enum(enum_cls: type[E], *, blank_is_none: bool = False) -> Any:
    """Build an ``Annotated`` marker that maps a string onto ``enum_cls`` case-insensitively.

    Use it as ``Annotated[MyEnum | UnknownValue, lenient_enum(MyEnum)]``.  Spellings are compared as
    :func:`fold_spelling` folds them (any case; ``-``, ``_`` and spaces alike), and a
    :class:`LocallyEnum`'s :meth:`~LocallyEnum.spelling_variants` map onto their members.
    Values the enum does not know are kept as the original string, because the API adds
    statuses over time and a new one must never make a whole cart unreadable.  Anything but a
    string (or ``None`` when the annotated type allows it) is a validation error.  With
    ``blank_is_none=True`` (and ``None`` in the annotated type), ``""``, ``"N/A"`` and
    ``false`` also read as ``None``.
    """
    return _LenientEnum(enum_cls, blank_is_none=blank_is_none)
