"""``locally stores near``: the stores around a place that have a product."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Literal

from .._client import Locally
from ._output import print_json, print_table

__all__ = ["register"]


def _coordinate(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a coordinate: {text!r}") from None


def _options(marker_options: object) -> str:
    names = ("bopis", "ropis", "sdd")
    return ",".join(name.upper() for name in names if getattr(marker_options, name, None))


def _near(client: Locally, args: argparse.Namespace) -> int:
    result = client.headless.store_data(
        company_id=args.company_id,
        company_slug=args.company_slug,
        upc=args.upc,
        style=args.style,
        map_center_lat=args.lat,
        map_center_lng=args.lng,
        map_distance_unit=args.unit,
        map_distance_diag=args.diag,
    )
    if args.json:
        print_json(result.markers)
        return 0
    unit: Literal["mi", "km"] = "km" if args.unit == "km" else "mi"
    rows: list[tuple[object, ...]] = []
    for marker in result.markers:
        away = marker.distance_from(args.lat, args.lng, unit)
        rows.append(
            (
                marker.id,
                marker.name,
                marker.city,
                "" if away is None else f"{away:.1f} {unit}",
                marker.stock_status,
                _options(marker.acquisition_options),
            )
        )
    print_table(["STORE", "NAME", "CITY", "DISTANCE", "STOCK", "OPTIONS"], rows)
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``stores`` command group."""
    stores = commands.add_parser("stores", help="find stores that have a product (headless)")
    sub = stores.add_subparsers(dest="action", required=True)
    near = sub.add_parser("near", help="stores with the product around a point, nearest first")
    company = near.add_mutually_exclusive_group(required=True)
    company.add_argument("--company-id", type=int, default=None)
    company.add_argument("--company-slug", default=None)
    product = near.add_mutually_exclusive_group(required=True)
    product.add_argument("--upc", default=None)
    product.add_argument("--style", default=None)
    near.add_argument("--lat", type=_coordinate, required=True, help="latitude of the centre")
    near.add_argument("--lng", type=_coordinate, required=True, help="longitude of the centre")
    near.add_argument("--unit", choices=("mi", "km"), default="mi", help="distance unit")
    near.add_argument("--diag", type=int, default=25, help="map distance (default 25)")
    near.add_argument("--json", action="store_true", help="print JSON")
    near.set_defaults(handler=_near)
