"""Distances on the Earth's surface, for the store finder and its fake."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal

__all__ = ["EARTH_RADIUS", "distance_between"]

#: Mean Earth radius in each unit the store finder measures in.
EARTH_RADIUS = {"mi": 3958.7613, "km": 6371.0088}


def distance_between(
    lat1: Decimal | float,
    lng1: Decimal | float,
    lat2: Decimal | float,
    lng2: Decimal | float,
    unit: Literal["mi", "km"] = "mi",
) -> float:
    """Great-circle distance between two points, in miles or kilometres (haversine)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lng2) - float(lng1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS[unit] * math.asin(min(1.0, math.sqrt(a)))
