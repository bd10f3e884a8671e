"""The store finder's requests: ``conversion/start`` and ``conversion/store_data``.

Both are reads on the headless API (same token header, same envelope), retried like any read.
Every documented rule is checked before sending: exactly one of ``upc``/``style``, a map
centre unless ``only_store_id`` is given, a unit of ``mi`` or ``km``, a positive whole
``map_distance_diag``, and one of ``company_id``/``company_slug``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .._errors import RequestValidationError
from .._transport import APIRequest, Envelope
from .._validation import non_empty_text, positive_whole_number
from .._validation import upc as checked_upc
from ._headless_requests import PREFIX

if TYPE_CHECKING:
    from ..types.stores import ConversionStartEnvelope, StoreDataEnvelope

__all__ = ["conversion_start_request", "store_data_request"]

_UNITS = ("mi", "km")


def _product(upc: object, style: object) -> dict[str, str]:
    """``upc`` or ``style``: exactly one, as the store finder documents."""
    if (upc is None) == (style is None):
        given = "both" if upc is not None else "neither"
        raise RequestValidationError(
            f"pass exactly one of upc= and style= (got {given})", field="upc", value=upc
        )
    if upc is not None:
        return {"upc": checked_upc("upc", upc)}
    return {"style": non_empty_text("style", style)}


def _coordinate(name: str, value: object, limit: int) -> str:
    """A latitude (limit 90) or longitude (limit 180) as exact text."""
    number: Decimal | None = None
    if isinstance(value, (Decimal, int, str)) and not isinstance(value, bool):
        try:
            number = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            number = None
    elif isinstance(value, float):
        # A coordinate is not money: a float's shortest repr is the number the caller wrote.
        number = Decimal(repr(value))
    if number is None or not number.is_finite() or abs(number) > limit:
        raise RequestValidationError(
            f"{name} must be a number from -{limit} to {limit}, got {value!r}",
            field=name,
            value=value,
        )
    return format(number, "f")


def conversion_start_request(
    company_id: object, upc: object, style: object, product_id: object
) -> APIRequest[ConversionStartEnvelope]:
    """``GET /conversion/start?company_id=&upc=|style=[&product_id=]``."""
    from ..types.stores import ConversionStartEnvelope

    params = {"company_id": str(positive_whole_number("company_id", company_id))}
    params.update(_product(upc, style))
    if product_id is not None:
        params["product_id"] = str(positive_whole_number("product_id", product_id))
    return APIRequest(
        "GET",
        PREFIX + "/conversion/start",
        ConversionStartEnvelope.model_validate_json,
        params=params,
        envelope=Envelope.HEADLESS,
    )


def _company(company_id: object, company_slug: object) -> dict[str, str]:
    if (company_id is None) == (company_slug is None):
        given = "both" if company_id is not None else "neither"
        raise RequestValidationError(
            f"pass exactly one of company_id= and company_slug= (got {given})",
            field="company_id",
            value=company_id,
        )
    if company_id is not None:
        return {"company_id": str(positive_whole_number("company_id", company_id))}
    return {"company_slug": non_empty_text("company_slug", company_slug)}


def store_data_request(
    *,
    company_id: object,
    company_slug: object,
    upc: object,
    style: object,
    map_center_lat: object,
    map_center_lng: object,
    map_distance_unit: object,
    map_distance_diag: object,
    only_store_id: object,
    dealers_company_id: object,
) -> APIRequest[StoreDataEnvelope]:
    """``GET /conversion/store_data`` with every documented rule checked first."""
    from ..types.stores import StoreDataEnvelope

    params = _company(company_id, company_slug)
    params.update(_product(upc, style))
    centre = (map_center_lat, map_center_lng)
    if centre != (None, None) or only_store_id is None:
        for name, value in zip(("map_center_lat", "map_center_lng"), centre, strict=True):
            if value is None:
                raise RequestValidationError(
                    f"{name} is required (the map centre), unless only_store_id= is given",
                    field=name,
                    value=value,
                )
        params["map_center_lat"] = _coordinate("map_center_lat", map_center_lat, 90)
        params["map_center_lng"] = _coordinate("map_center_lng", map_center_lng, 180)
    unit = map_distance_unit.strip().lower() if isinstance(map_distance_unit, str) else None
    if unit not in _UNITS:
        raise RequestValidationError(
            f"map_distance_unit must be 'mi' or 'km', got {map_distance_unit!r}",
            field="map_distance_unit",
            value=map_distance_unit,
        )
    params["map_distance_unit"] = unit
    params["map_distance_diag"] = str(positive_whole_number("map_distance_diag", map_distance_diag))
    if only_store_id is not None:
        params["only_store_id"] = str(positive_whole_number("only_store_id", only_store_id))
    if dealers_company_id is not None:
        params["dealers_company_id"] = str(
            positive_whole_number("dealers_company_id", dealers_company_id)
        )
    return APIRequest(
        "GET",
        PREFIX + "/conversion/store_data",
        StoreDataEnvelope.model_validate_json,
        params=params,
        envelope=Envelope.HEADLESS,
    )
