"""Every endpoint the fake serves, and the token check in front of them.

Carts API v2 (``_carts_api``), carts listed 50 a page, newest first:

- ``GET /api/v2/carts`` and ``GET /api/v2/carts/{page}``: one page of carts.
- ``GET /api/v2/cart/{hash}``: one cart in full.

Status updates (``_updates_api``), checked against :mod:`locally.lifecycle`:

- ``POST /api/v2/cart/{hash}/{upc}``: one item's PushCart status (``status``), Ship-to-Store
  status (``sts_status``) or Cart-to-Cart outcome (``date``).
- ``POST /api/v2/cart/{hash}``: a Cart-to-Cart outcome for the whole cart.

Headless cart API (``_headless_api``), with sessions, cart JWTs, stock and tax:

- ``GET /headless/api/1.0/cart/items/add``: add an item, opening a cart if needed.
- ``GET /headless/api/1.0/cart``: the session's cart.
- ``POST /headless/api/1.0/cart``: change quantities (``qty[ID]=Q``) or remove a line
  (``remove_item=ID``).
- ``POST /headless/api/1.0/cart/order``: order the cart; it becomes an ORDER (BOPIS) or HOLD
  (ROPIS) cart that the Carts API lists.

Store finder (``_stores_api``), over companies, store coordinates and stock per UPC:

- ``GET /headless/api/1.0/conversion/start``: the company, the UPC (a style's most common
  variant) and the shopper's place, with the nearest store that has the product.
- ``GET /headless/api/1.0/conversion/store_data``: the company's stores with the product
  within ``map_distance_diag`` of the map centre, nearest first.

A request without the fake's token in ``Locally-API-Token`` gets HTTP 401 in the envelope of
the API it was sent to; an unknown path gets 404 and a known path with the wrong method 405.
"""

from __future__ import annotations

import httpx

from . import _carts_api, _headless_api, _stores_api, _updates_api
from ._fake_state import FakeState
from ._router import Route, dispatch, json_response, v2_failure

__all__ = ["ROUTES", "answer"]

# Each API family keeps its handlers in its own module.
ROUTES: list[Route] = [
    *_carts_api.ROUTES,
    *_updates_api.ROUTES,
    *_headless_api.ROUTES,
    *_stores_api.ROUTES,
]


def answer(state: FakeState, api_token: str, request: httpx.Request) -> httpx.Response:
    """The fake's reply to ``request``: 401 without ``api_token``, else the endpoint's answer."""
    if request.headers.get("locally-api-token") != api_token:
        if request.url.path.startswith("/headless/"):
            body: dict[str, object] = {
                "success": False,
                "data": {},
                "msg": "Not authorised",
                "error_code": 1102,
            }
            return json_response(401, body)
        return v2_failure(401, "Invalid or missing API token")
    return dispatch(state, ROUTES, request)
