"""Run every benchmark: ``python -m benchmarks`` (what ``make bench`` does)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import httpx

from locally import Locally
from locally.testing import FakeLocally

REPEATS = 7
CALLS = 300


def _median_seconds(fn: Callable[[], object], calls: int) -> float:
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - started) / calls)
    return statistics.median(runs)


def per_call_overhead_in_process() -> tuple[float, float]:
    """``carts.retrieve`` (typed CartDetail) vs raw httpx + json.loads, same MockTransport."""
    fake = FakeLocally(generated_carts=0)
    body = (
        httpx.Client(transport=fake.transport(), base_url=fake.base_url)
        .get("/api/v2/cart/PDQE89", headers={"Locally-API-Token": fake.api_token})
        .content
    )
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    raw = httpx.Client(transport=transport, base_url=fake.base_url)
    sdk = Locally(
        api_token=fake.api_token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=transport),
    )

    def baseline() -> object:
        return json.loads(
            raw.get("/api/v2/cart/PDQE89", headers={"Locally-API-Token": "t"}).content
        )

    return _median_seconds(lambda: sdk.carts.retrieve("PDQE89"), CALLS), _median_seconds(
        baseline, CALLS
    )


def main() -> None:
    """Print one line per scenario: SDK, baseline, ratio."""
    print(f"{'scenario':<40} {'sdk':>12} {'baseline':>12} {'ratio':>7}")
    for name, bench in [("retrieve, in-process (per call)", per_call_overhead_in_process)]:
        sdk, base = bench()
        print(f"{name:<40} {sdk * 1e6:>10.1f}us {base * 1e6:>10.1f}us {sdk / base:>6.2f}x")


if __name__ == "__main__":
    main()
