"""How much of a rate limit a client uses without drawing a 429, in one process and in four.

``FakeLocally(rate_limit=...)`` answers 429 past its budget, counting requests as they arrive.
The share reported is how promptly the budget is used: once the first full budget has gone
out, each request could have left the moment the request ``limit`` places before it dropped
out of the window; the mean delay past that moment ``d`` gives ``window / (window + d)``.  A
walk that stalls, or leaves slots unused, shows as delay.  The client reuses each freed slot
2% of the window late (``locally._rate_limit.SLOT_MARGIN``), so about 98% is the ceiling.

- One process: ``AsyncLocally.carts.list()`` (prefetch 16) walks 100 pages in process under
  ``"20/second"``.
- A fleet: four worker processes retrieve carts over loopback, sharing one budget in a
  ``redis-server`` started here, under ``"25 per 5 seconds"`` (see the fleet test for why a
  five-second window).
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import anyio
import httpx

from locally.testing import FakeLocally
from locally.testing._faults import Delivery

from ._measure import Result, Skipped


class _TimedFake(FakeLocally):
    """A fake that notes when each request reached it."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.arrivals: list[float] = []

    def respond(self, request: httpx.Request) -> Delivery:
        self.arrivals.append(time.monotonic())
        return super().respond(request)


def _share(arrivals: list[float], limit: int, period: float) -> float:
    """How promptly freed slots were reused, in percent of the budget (module docstring)."""
    times = sorted(arrivals)
    delays = [times[j] - (times[j - limit] + period) for j in range(limit, len(times))]
    return 100 * period / (period + statistics.fmean(delays))


def _row(scenario: str, fake: _TimedFake, limit: int, period: float, note: str) -> Result:
    assert fake.rate_limit is not None
    if fake.rate_limit.refused:
        raise AssertionError(f"{scenario}: {fake.rate_limit.refused} requests drew a 429")
    share = _share(fake.arrivals, limit, period)
    return Result(
        scenario,
        len(fake.arrivals),
        limit,
        "requests",
        share,
        (share, share),
        ">=",
        95.0,
        f"0 429s; {note}",
        ratio_unit="%",
    )


def one_process() -> Result:
    fake = _TimedFake(generated_carts=5000, include_samples=False, rate_limit="20/second")

    async def walk() -> int:
        async with fake.async_client(rate_limit="20/second") as client:
            return sum([1 async for _ in client.carts.list()])

    assert anyio.run(walk) == 5000
    return _row(
        "rate-limited walk, one process, 20/second", fake, 20, 1.0, "100 pages, prefetch 16"
    )


WORKER = """
import sys, anyio
from locally import AsyncLocally

url, token, storage, calls = sys.argv[1:5]

async def main():
    async with AsyncLocally(api_token=token, base_url=url, rate_limit="25 per 5 seconds",
                            rate_limit_storage=storage) as client:
        async with anyio.create_task_group() as group:
            for _ in range(int(calls)):
                group.start_soon(client.carts.retrieve, "PDQE89")

anyio.run(main)
"""


def fleet() -> Result | Skipped:
    scenario = "rate-limited, four processes sharing Redis, 25 per 5 seconds"
    server = shutil.which("redis-server")
    if server is None:
        return Skipped(scenario, "redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tempfile.mkdtemp()
    redis = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.3)
        fake = _TimedFake(generated_carts=0, rate_limit="25 per 5 seconds")
        with fake.serve() as url:
            env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALLY_")}
            storage = f"redis://127.0.0.1:{port}"
            workers = [
                subprocess.Popen(
                    [sys.executable, "-c", WORKER, url, fake.api_token, storage, "25"], env=env
                )
                for _ in range(4)
            ]
            for worker in workers:
                if worker.wait(timeout=120) != 0:
                    raise AssertionError("a worker failed")
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    return _row(scenario, fake, 25, 5.0, "100 retrieves, 25 a process")
