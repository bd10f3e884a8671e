"""The fault matrix: every injected fault x call kind x client, over a real loopback socket.

Run it where the SDK is installed, to see how the SDK behaves on your Python and httpx::

    python -m locally.testing.fault_matrix [--fault "503 twice"]

It prints the table kept in the documentation's Reliability page, checking each cell against
what it must be; the exit code is 1 if any cell differs.  Each cell runs on a fresh
:class:`~locally.testing.FakeLocally` server, injects one fault on the route of the call under
test only, makes the call with a bounded timeout, and records the outcome and how many
requests reached that route.  The SDK's own test suite asserts every cell the same way.

The async client runs every cell once per HTTP backend (httpx's own pool, and aiohttp's
through ``httpx-aiohttp`` when it is installed): the same typed error and the same number of
requests either way.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import anyio

from .._api_errors import (
    APIResponseValidationError,
    InternalServerError,
    OrderOutcomeUnknownError,
    RateLimitError,
)
from .._client import AsyncLocally, Locally
from ._carts import FakeItem
from ._fake import FakeLocally

__all__ = ["CLIENTS", "EXPECTED", "FAULTS", "KINDS", "Cell", "Fault", "main", "run_cell"]

CALL_TIMEOUT = 0.5  # seconds per attempt; the slow-body fault outlasts it
CELL_DEADLINE = 20.0  # no cell may take longer than this
#: The clients' ``retry_backoff``: 10 ms, then 20 ms, so the matrix runs quickly;
#: ``Retry-After`` is still waited out exactly.
FAST_BACKOFF = 0.01


@dataclass(frozen=True)
class Fault:
    """A fault as the matrix shows it, and how to inject it on a route."""

    name: str
    inject: Callable[[FakeLocally, str], object]


FAULTS = [
    Fault("503 twice", lambda f, r: f.faults.fail(next=2, status=503, route=r)),
    Fault(
        "429, Retry-After 0.2 s", lambda f, r: f.faults.fail(status=429, retry_after=0.2, route=r)
    ),
    Fault("500 every time", lambda f, r: f.faults.fail(next=None, status=500, route=r)),
    Fault("dropped before reply", lambda f, r: f.faults.drop(route=r)),
    Fault("dropped mid-body", lambda f, r: f.faults.drop(mid_body=True, route=r)),
    Fault("truncated JSON", lambda f, r: f.faults.truncate(route=r)),
    Fault("HTML 502 page", lambda f, r: f.faults.html_error(status=502, route=r)),
    Fault("slow body (8 s)", lambda f, r: f.faults.slow_body(8.0, route=r)),
    Fault("latency 20-60 ms", lambda f, r: f.faults.latency((0.02, 0.06), route=r)),
]


@dataclass(frozen=True)
class Setup:
    """What a call kind needs: the route it hits and the call itself (sync or async)."""

    route: str
    call: Callable[[Any], Any]


def _read(fake: FakeLocally) -> Setup:
    return Setup("GET /api/v2/cart/PDQE89", lambda c: c.carts.retrieve("PDQE89"))


def _update(fake: FakeLocally) -> Setup:
    cart = fake.place_order("ORDER", items=[FakeItem(upc="012345678905")])
    return Setup(
        f"POST /api/v2/cart/{cart.hash}/012345678905",
        lambda c: c.pushcart.confirm(cart.hash, "012345678905"),
    )


def _order(fake: FakeLocally, client: Locally) -> Setup:
    cart = client.headless.add_item(
        store_id=99999, upc="012345678905", host_domain="www.example.com", hold=True
    )
    customer = {"first_name": "Ana", "last_name": "Ito", "email": "a@example.com", "phone": "1"}
    return Setup(
        "POST /headless/api/1.0/cart/order",
        lambda c: c.headless.place_ropis_order(cart.session, customer=customer),
    )


KINDS = ["read", "idempotent update", "order placement"]
# The async client once per HTTP backend installed: each must end every cell the same way.
CLIENTS = ["sync", "async"] + (
    ["async aiohttp"] if importlib.util.find_spec("httpx_aiohttp") is not None else []
)

# What each cell must end in: an outcome and the number of requests on the call's route.
OK = "success"
IDEMPOTENT = {
    "503 twice": (OK, 3),
    "429, Retry-After 0.2 s": (OK, 2),
    "500 every time": (InternalServerError.__name__, 3),
    "dropped before reply": (OK, 2),
    "dropped mid-body": (OK, 2),
    "truncated JSON": (APIResponseValidationError.__name__, 1),
    "HTML 502 page": (OK, 2),
    "slow body (8 s)": (OK, 2),
    "latency 20-60 ms": (OK, 1),
}
UNKNOWN = OrderOutcomeUnknownError.__name__
EXPECTED: dict[str, dict[str, tuple[str, int]]] = {
    "read": IDEMPOTENT,
    "idempotent update": IDEMPOTENT,
    "order placement": {
        "503 twice": (UNKNOWN, 1),
        "429, Retry-After 0.2 s": (RateLimitError.__name__, 1),
        "500 every time": (UNKNOWN, 1),
        "dropped before reply": (UNKNOWN, 1),
        "dropped mid-body": (UNKNOWN, 1),
        "truncated JSON": (UNKNOWN, 1),
        "HTML 502 page": (UNKNOWN, 1),
        "slow body (8 s)": (UNKNOWN, 1),
        "latency 20-60 ms": (OK, 1),
    },
}


@dataclass(frozen=True)
class Cell:
    """The result of one cell."""

    outcome: str
    requests: int
    seconds: float


def run_cell(fault: Fault, kind: str, client_kind: str) -> Cell:
    """Run one cell on a fresh fake server and report what happened."""
    fake = FakeLocally(generated_carts=0)
    with fake.serve() as url:
        options: dict[str, Any] = {
            "api_token": fake.api_token,
            "base_url": url,
            "timeout": CALL_TIMEOUT,
            "retry_backoff": FAST_BACKOFF,
        }
        with Locally(**options) as setup_client:
            if kind == "read":
                setup = _read(fake)
            elif kind == "idempotent update":
                setup = _update(fake)
            else:
                setup = _order(fake, setup_client)
        fault.inject(fake, setup.route)
        method, path = setup.route.split(" ", 1)
        before = sum(1 for r in fake.requests if r.method == method and r.url.path == path)
        started = time.monotonic()
        try:
            if client_kind == "sync":
                with Locally(**options) as client:
                    setup.call(client)
            else:
                backend = "aiohttp" if client_kind.endswith("aiohttp") else "httpx"

                async def main() -> None:
                    with anyio.fail_after(CELL_DEADLINE):
                        async with AsyncLocally(**options, http_backend=backend) as client:
                            await setup.call(client)

                anyio.run(main)
            outcome = OK
        except Exception as exc:
            outcome = type(exc).__name__
        seconds = time.monotonic() - started
        count = sum(1 for r in fake.requests if r.method == method and r.url.path == path)
    return Cell(outcome, count - before, seconds)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the matrix as a Markdown table, each cell checked; 1 if any cell differs."""
    parser = argparse.ArgumentParser(
        prog="python -m locally.testing.fault_matrix",
        description="Run every fault against both clients and print the checked matrix.",
    )
    parser.add_argument(
        "--fault",
        action="append",
        choices=[fault.name for fault in FAULTS],
        help="run only this fault's row (repeatable; default: every fault)",
    )
    chosen: list[str] | None = parser.parse_args(argv).fault
    faults = [fault for fault in FAULTS if not chosen or fault.name in chosen]
    header = ["fault"] + [f"{kind} ({client})" for kind in KINDS for client in CLIENTS]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    failures = 0
    for fault in faults:
        cells: list[str] = []
        for kind in KINDS:
            for client in CLIENTS:
                result = run_cell(fault, kind, client)
                expected = EXPECTED[kind][fault.name]
                good = (result.outcome, result.requests) == expected
                failures += not good
                mark = "✅" if good else f"❌ expected {expected[0]} x{expected[1]}"
                cells.append(f"{mark} {result.outcome}, {result.requests} req")
        print(f"| {fault.name} | " + " | ".join(cells) + " |", flush=True)
    print(
        f"\n{len(faults) * len(KINDS) * len(CLIENTS) - failures} cells as expected, {failures} not"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
