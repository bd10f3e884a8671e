"""Routing and reply helpers shared by the fake's API modules."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from .. import _json
from ._fake_state import FakeState

__all__ = ["Route", "dispatch", "json_response", "v2_failure"]

#: Every endpoint's signature: the fake's state, the request and its path match in, reply out.
Handler = Callable[[FakeState, httpx.Request, "re.Match[str]"], httpx.Response]


@dataclass(frozen=True)
class Route:
    """One endpoint of the fake: an HTTP method, a path pattern and its handler."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler


def json_response(status_code: int, payload: object) -> httpx.Response:
    """An ``application/json`` reply encoded as the real API does (exact numbers)."""
    return httpx.Response(
        status_code,
        content=_json.dumps(payload),
        headers={"Content-Type": "application/json"},
    )


def v2_failure(status_code: int, message: str) -> httpx.Response:
    """A Carts API v2 failure envelope: ``{"status": false, "message": ...}``."""
    return json_response(status_code, {"status": False, "message": message})


def dispatch(state: FakeState, routes: Sequence[Route], request: httpx.Request) -> httpx.Response:
    """Find the route for ``request`` and run it; 404 or 405 when none fits."""
    path = request.url.path
    allowed = False
    for route in routes:
        match = route.pattern.fullmatch(path)
        if match is None:
            continue
        if route.method == request.method:
            return route.handler(state, request, match)
        allowed = True
    if allowed:
        return v2_failure(405, f"Method {request.method} not allowed on {path}")
    return v2_failure(404, f"No route for {request.method} {path}")
