"""The fault matrix: every injected fault x call kind x client, over a real loopback socket.

The async client runs every cell twice, once per HTTP backend (httpx's own pool and aiohttp's
through ``httpx-aiohttp``): the same typed error and the same number of requests either way.

``tests/fake/test_fault_matrix.py`` asserts every cell; ``python -m tests.fake.fault_matrix``
prints the table kept in ``docs/reliability.md``.  Each cell runs on a fresh FakeLocally
server, injects one fault on the route of the call under test only, makes the call with a
bounded timeout, and records the outcome and how many requests reached that route.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio

from locally import (
    APIResponseValidationError,
    AsyncLocally,
    InternalServerError,
    Locally,
    OrderOutcomeUnknownError,
    RateLimitError,
)
from locally.testing import FakeItem, FakeLocally
from tests.helpers import backoff

CALL_TIMEOUT = 0.5  # seconds per attempt; the slow-body fault outlasts it
CELL_DEADLINE = 20.0  # no cell may take longer than this


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
# The async client once per HTTP backend: each must end every cell the same way.
CLIENTS = ["sync", "async", "async aiohttp"]

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


#: Exponential backoff short enough for the matrix to run quickly; Retry-After stays exact.
FAST_BACKOFF = (0.01, 0.05)


def main() -> None:
    """Print the matrix as a Markdown table, each cell checked against its expectation."""
    with backoff(*FAST_BACKOFF):
        _print_matrix()


def _print_matrix() -> None:
    header = ["fault"] + [f"{kind} ({client})" for kind in KINDS for client in CLIENTS]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    failures = 0
    for fault in FAULTS:
        cells = []
        for kind in KINDS:
            for client in CLIENTS:
                result = run_cell(fault, kind, client)
                expected = EXPECTED[kind][fault.name]
                good = (result.outcome, result.requests) == expected
                failures += not good
                mark = "✅" if good else f"❌ expected {expected[0]} x{expected[1]}"
                cells.append(f"{mark} {result.outcome}, {result.requests} req")
        print(f"| {fault.name} | " + " | ".join(cells) + " |")
    print(
        f"\n{len(FAULTS) * len(KINDS) * len(CLIENTS) - failures} cells as expected, {failures} not"
    )


if __name__ == "__main__":
    main()
