"""The fake's store finder: ``GET /headless/api/1.0/conversion/start`` and ``.../store_data``.

Stores have coordinates and stock per UPC, so ``store_data`` answers with the company's
stores that have the product within ``map_distance_diag`` (taken as a radius, in
``map_distance_unit``) of the map centre, nearest first.  ``conversion/start`` places every
shopper where ``HeadlessState.shopper`` says and names the nearest store with the product.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Literal

import httpx

from .._geo import distance_between
from ._fake_state import FakeState
from ._headless_state import FakeCompany, FakeProduct, FakeStore
from ._router import Route, json_response

__all__ = ["ROUTES"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_COORDINATE = re.compile(r"-?\d{1,3}(?:\.\d+)?")


def _failure(status: int, msg: str) -> httpx.Response:
    return json_response(status, {"success": False, "data": {}, "msg": msg, "error_code": 0})


def _success(data: dict[str, Any]) -> httpx.Response:
    return json_response(200, {"success": True, "data": data, "msg": ""})


def _stock_status(store: FakeStore, product: FakeProduct) -> str:
    if product.stock_status is not None:
        return product.stock_status
    if store.bopis:
        return "PTP_BOPIS"
    if store.ropis:
        return "PTP_ROPIS"
    return "PTP_SDD" if store.sdd else "IN_STOCK"


def _marker(store: FakeStore, product: FakeProduct) -> dict[str, Any]:
    marker: dict[str, Any] = {
        "id": store.id,
        "name": store.name,
        "address": store.address,
        "city": store.city,
        "state": store.state,
        "zip": store.zip,
        "country": store.country,
        "lat": str(store.lat),
        "lng": str(store.lng),
        "phone": store.phone,
        "company_id": store.company_id,
        "vendor_id": store.vendor_id,
        "stock_status": _stock_status(store, product),
    }
    for day in _DAYS:
        marker[f"{day}_time_open"] = store.opens
        marker[f"{day}_time_close"] = store.closes
    marker["acquisition_options"] = {
        "bopis": int(store.bopis),
        "sdd": int(store.sdd),
        "ropis": int(store.ropis),
    }
    return marker


def _company(state: FakeState, params: httpx.QueryParams) -> FakeCompany | httpx.Response:
    companies = state.headless.companies
    text = params.get("company_id", "")
    if text:
        found = companies.get(int(text)) if text.isdigit() else None
    elif params.get("company_slug"):
        slug = params["company_slug"]
        found = next((c for c in companies.values() if c.slug == slug), None)
    else:
        return _failure(400, "Missing parameter: company_id")
    return found if found is not None else _failure(404, "Company not found")


def _stocked(
    state: FakeState, company: FakeCompany, upcs: set[str]
) -> list[tuple[FakeStore, FakeProduct]]:
    """The company's stores with a product of ``upcs`` in stock, each with that product."""
    headless = state.headless
    found: dict[int, tuple[FakeStore, FakeProduct]] = {}
    for (store_id, upc), product in sorted(headless.products.items()):
        store = headless.stores.get(store_id)
        if store is None or store.company_id != company.id or store_id in found:
            continue
        if upc in upcs and product.qty_available > 0:
            found[store_id] = (store, product)
    return list(found.values())


def _upcs(state: FakeState, params: httpx.QueryParams) -> set[str] | httpx.Response:
    upc, style = params.get("upc"), params.get("style")
    if bool(upc) == bool(style):
        return _failure(400, "Pass one of upc and style")
    if upc:
        return {upc}
    return {u for (_, u), p in state.headless.products.items() if p.style == style}


def start(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """``GET /headless/api/1.0/conversion/start``."""
    params = request.url.params
    with state.lock:
        company = _company(state, params)
        if isinstance(company, httpx.Response):
            return company
        upcs = _upcs(state, params)
        if isinstance(upcs, httpx.Response):
            return upcs
        stocked = _stocked(state, company, upcs)
        if params.get("style"):
            # The style's most common variant among the company's stores.
            counts = Counter(product.upc for _, product in stocked)
            ranked = sorted(counts, key=lambda u: (-counts[u], u))
            if not ranked:
                return _failure(404, "Product not found")
            upc = ranked[0]
            stocked = [(s, p) for s, p in stocked if p.upc == upc]
        else:
            upc = params["upc"]
        geo = state.headless.shopper
        nearest = min(
            stocked,
            key=lambda pair: distance_between(geo.lat, geo.lng, pair[0].lat, pair[0].lng),
            default=None,
        )
        product = nearest[1] if nearest else None
        data = {
            "style": product.style if product else params.get("style", ""),
            "company_id": company.id,
            "upc": upc,
            "company_name": company.name,
            "initial_store_id": nearest[0].id if nearest else None,
            "company_logo": company.logo,
            "user_geo": {
                "lat": str(geo.lat),
                "lng": str(geo.lng),
                "city_label": geo.city_label,
                "country": geo.country,
                "distance_unit": geo.distance_unit,
            },
        }
        return _success(data)


def store_data(state: FakeState, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
    """``GET /headless/api/1.0/conversion/store_data``: stores with the product, nearest first."""
    params = request.url.params
    with state.lock:
        company = _company(state, params)
        if isinstance(company, httpx.Response):
            return company
        upcs = _upcs(state, params)
        if isinstance(upcs, httpx.Response):
            return upcs
        unit = params.get("map_distance_unit", "")
        if unit not in ("mi", "km"):
            return _failure(400, f"Invalid map_distance_unit {unit!r}")
        diag = params.get("map_distance_diag", "")
        if not diag.isdigit() or int(diag) < 1:
            return _failure(400, f"Invalid map_distance_diag {diag!r}")
        stocked = _stocked(state, company, upcs)
        only = params.get("only_store_id")
        if only is not None:
            return _success({"markers": [_marker(s, p) for s, p in stocked if str(s.id) == only]})
        lat, lng = params.get("map_center_lat", ""), params.get("map_center_lng", "")
        if not (_COORDINATE.fullmatch(lat) and _COORDINATE.fullmatch(lng)):
            return _failure(400, "Missing parameter: map_center_lat and map_center_lng")
        measure: Literal["mi", "km"] = "km" if unit == "km" else "mi"
        measured = [
            (distance_between(float(lat), float(lng), s.lat, s.lng, measure), s, p)
            for s, p in stocked
        ]
        near = sorted((m for m in measured if m[0] <= int(diag)), key=lambda m: (m[0], m[1].id))
        return _success({"markers": [_marker(s, p) for _, s, p in near]})


ROUTES = [
    Route("GET", re.compile(r"/headless/api/1\.0/conversion/start/?"), start),
    Route("GET", re.compile(r"/headless/api/1\.0/conversion/store_data/?"), store_data),
]
