"""Models for the store finder: ``conversion/start`` and ``conversion/store_data``.

Both replies use the headless envelope ``{"success", "data", "msg"}``.  Coordinates are
:class:`~decimal.Decimal` (Locally sends them as text such as ``"41.8756719"``), a stock status
Locally adds later stays a plain string, and unknown fields are kept.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from .._geo import distance_between
from ._fields import (
    LocallyEnum,
    LocallyModel,
    OptionalInt,
    OptionalMoney,
    UnknownValue,
    Upc,
    lenient_enum,
)
from .headless import AcquisitionOptions, WeeklyHours

__all__ = [
    "ConversionStart",
    "ConversionStartEnvelope",
    "StockStatus",
    "StoreData",
    "StoreDataEnvelope",
    "StoreMarker",
    "UserGeo",
    "distance_between",
]

#: A latitude or longitude: text or a number from Locally, "" read as ``None``; read exactly as
#: an optional amount is (a Decimal from the text, never through float).
Coordinate = OptionalMoney


class StockStatus(LocallyEnum):
    """How a store has the product, as the store finder filters it (``stock_status``)."""

    IN_STOCK = "IN_STOCK"
    """On the shelf; no online purchase or reservation offered."""
    PTP_BOPIS = "PTP_BOPIS"
    """Can be bought online and picked up in store."""
    PTP_ROPIS = "PTP_ROPIS"
    """Can be reserved online and paid for in store."""
    PTP_SDD = "PTP_SDD"
    """Can be delivered the same day."""
    PTP_STS = "PTP_STS"
    """Can be shipped to the store (Ship-to-Store)."""


StockStatusField = Annotated[
    StockStatus | UnknownValue | None, lenient_enum(StockStatus, blank_is_none=True)
]


class UserGeo(LocallyModel):
    """``data.user_geo``: where Locally places the shopper, and the unit it measures in."""

    lat: Coordinate = Field(default=None, description="The shopper's latitude.")
    lng: Coordinate = Field(default=None, description="The shopper's longitude.")
    city_label: str | None = Field(default=None, description='A label such as "Chicago, IL".')
    country: str | None = Field(default=None, description="Country code, e.g. US.")
    distance_unit: str | None = Field(default=None, description='"mi" or "km".')


class ConversionStart(LocallyModel):
    """``GET /headless/api/1.0/conversion/start``: the product, the company and the shopper.

    Asked with a ``style`` only, ``upc`` is the style's most common local variant.
    """

    style: str | None = Field(default=None, description="The product's style number.")
    company_id: OptionalInt = Field(default=None, description="The company asked about.")
    upc: Upc | None = Field(default=None, description="The UPC to look stores up with.")
    company_name: str | None = Field(default=None, description="The company's name.")
    initial_store_id: OptionalInt = Field(
        default=None, description="The store to show first (the nearest that has the product)."
    )
    company_logo: str | None = Field(default=None, description="The company's logo URL.")
    user_geo: UserGeo = Field(default_factory=UserGeo, description="The shopper's location.")


class ConversionStartEnvelope(LocallyModel):
    """The ``conversion/start`` reply."""

    success: bool = Field(description="False on an error.")
    data: ConversionStart = Field(default_factory=ConversionStart, description="The result.")
    msg: str | None = Field(default=None, description="A message, mostly on errors.")
    error_code: OptionalInt = Field(default=None, description="Locally's error code, on errors.")


class StoreMarker(WeeklyHours):
    """One store of ``data.markers[]``: where it is, when it opens, how it has the product."""

    id: OptionalInt = Field(default=None, description="Locally store id (``store_id`` elsewhere).")
    name: str | None = Field(default=None, description="Store name.")
    address: str | None = Field(default=None, description="Street address.")
    city: str | None = Field(default=None, description="City.")
    state: str | None = Field(default=None, description="State.")
    zip: str | None = Field(default=None, description="Postal code.")
    country: str | None = Field(default=None, description="Country.")
    lat: Coordinate = Field(default=None, description="Latitude.")
    lng: Coordinate = Field(default=None, description="Longitude.")
    phone: str | None = Field(default=None, description="Phone.")
    company_id: OptionalInt = Field(default=None, description="The retailer's company id.")
    vendor_id: str | int | None = Field(
        default=None, description="The brand's own id for the store, if any."
    )
    stock_status: StockStatusField = Field(
        default=None, description="IN_STOCK, PTP_BOPIS, PTP_ROPIS, PTP_SDD or PTP_STS."
    )
    acquisition_options: AcquisitionOptions | None = Field(
        default=None, description="BOPIS / ROPIS / same-day delivery, as in the cart payload."
    )

    def distance_from(
        self, lat: Decimal | float, lng: Decimal | float, unit: Literal["mi", "km"] = "mi"
    ) -> float | None:
        """How far the store is from a point (great-circle), or None without coordinates."""
        if self.lat is None or self.lng is None:
            return None
        return distance_between(lat, lng, self.lat, self.lng, unit)


class StoreData(LocallyModel):
    """``GET /headless/api/1.0/conversion/store_data``: the stores that have the product."""

    markers: list[StoreMarker] = Field(
        default_factory=list[StoreMarker], description="The stores, as map markers."
    )


class StoreDataEnvelope(LocallyModel):
    """The ``conversion/store_data`` reply."""

    success: bool = Field(description="False on an error.")
    data: StoreData = Field(default_factory=StoreData, description="The stores.")
    msg: str | None = Field(default=None, description="A message, mostly on errors.")
    error_code: OptionalInt = Field(default=None, description="Locally's error code, on errors.")
