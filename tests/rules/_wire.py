"""Run one client call, sync or async, against respx and report exactly what went out."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import anyio
import httpx
import respx

from locally import AsyncLocally, Locally

BASE = "https://api.test"
TOKEN = "sk_live_rules_0123456789abcdef"
HASH = "O3V36"
UPC = "190340561726"
CART_URL = f"{BASE}/api/v2/cart/{HASH}"
ITEM_URL = f"{CART_URL}/{UPC}"

#: A client call: ``lambda client: client.pushcart.confirm(...)`` (awaitable for async).
Call = Callable[[Any], Any]
KINDS = ("sync", "async")
E = TypeVar("E", bound=BaseException)


def run(kind: str, call: Call) -> Any:
    """Run ``call`` with a fresh sync or async client and return what it returns."""
    if kind == "sync":
        with Locally(api_token=TOKEN, base_url=BASE, max_retries=0) as client:
            return call(client)

    async def main() -> Any:
        async with AsyncLocally(api_token=TOKEN, base_url=BASE, max_retries=0) as client:
            result = call(client)
            if inspect.isawaitable(result):
                result = await result
            return result

    return anyio.run(main)


@dataclass(frozen=True)
class Sent:
    """One request as it went out."""

    method: str
    url: str
    raw_path: bytes
    body: Any


def _sent(request: httpx.Request) -> Sent:
    body = json.loads(request.content, parse_float=Decimal) if request.content else None
    return Sent(request.method, str(request.url), request.url.raw_path, body)


def send(kind: str, call: Call, reply: Any = None) -> tuple[Any, list[Sent]]:
    """Run ``call`` against a mock that answers every request with ``reply``.

    Returns the call's result and every request sent.  An exception from the call propagates,
    and the requests sent before it are then available from :func:`refused`.
    """
    with respx.mock(assert_all_called=False) as router:
        route = router.route().respond(200, json=reply if reply is not None else {"status": True})
        result = run(kind, call)
        return result, [_sent(c.request) for c in route.calls]


def refused(kind: str, call: Call, error: type[E]) -> E:
    """Run ``call``, expecting ``error`` and no request at all; return the exception."""
    with respx.mock(assert_all_called=False) as router:
        route = router.route().respond(200, json={"status": True})
        try:
            run(kind, call)
        except error as exc:
            assert route.call_count == 0, f"{route.call_count} request(s) sent before refusing"
            return exc
    raise AssertionError(f"{error.__name__} was not raised")
