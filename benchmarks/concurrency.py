"""1,000 concurrent ``carts.retrieve`` calls on one ``AsyncLocally``: client CPU per request.

The server is a minimal aiohttp app in another process (``benchmarks/_server.py``) on
loopback, so the client's ``time.process_time()`` counts the client's work only.  In each
round every contender opens a pool of at most 100 connections, sends 1,000 requests at once
through it and closes it (the CPU of all three is counted): raw aiohttp (``get`` +
``json.loads``, the baseline), ``AsyncLocally`` on each backend, and raw httpx and raw
``httpx2`` (the maintained fork) for context.  Rounds alternate the order; each ratio is the
median of the per-round ratios to raw aiohttp.  Every request must succeed, and every socket
the contenders opened must be closed at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx

from locally import AsyncLocally
from locally.testing import FakeLocally

from ._measure import Paired, Result, Skipped

TASKS = 1000
ROUNDS = 5
CART = "PDQE89"
TOKEN = "bench-token"
LIMIT = 100

Send = Callable[[], Awaitable[object]]
#: Opens a pool, yields the call to make 1,000 times at once, and closes the pool.
Contender = Callable[[], contextlib.AbstractAsyncContextManager[Send]]


def _open_sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            continue
    return count


FIRST_FAILURE: list[BaseException] = []


async def _burst(contender: Contender) -> tuple[float, int]:
    """Client CPU seconds per request for one burst (pool opened and closed), and failures."""
    failures = 0
    started = time.process_time()
    async with contender() as send:

        async def one() -> None:
            nonlocal failures
            try:
                await send()
            except Exception as exc:
                failures += 1
                FIRST_FAILURE[:] = FIRST_FAILURE or [exc]

        await asyncio.gather(*(one() for _ in range(TASKS)))
    return (time.process_time() - started) / TASKS, failures


def _contenders(url: str) -> dict[str, Contender]:
    import aiohttp
    import httpx2

    path = f"{url}/api/v2/cart/{CART}"
    headers = {"Locally-API-Token": TOKEN}
    limits = httpx.Limits(max_connections=LIMIT, max_keepalive_connections=LIMIT)
    # The SDK's timeouts for every contender: 1,000 requests queue for 100 connections.
    timeout = httpx.Timeout(30.0, connect=10.0)

    @contextlib.asynccontextmanager
    async def raw_aiohttp() -> AsyncIterator[Send]:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=LIMIT)) as session:

            async def send() -> object:
                async with session.get(path, headers=headers) as response:
                    response.raise_for_status()
                    return json.loads(await response.read())

            yield send

    def sdk(backend: str) -> Contender:
        @contextlib.asynccontextmanager
        async def contender() -> AsyncIterator[Send]:
            async with AsyncLocally(
                api_token=TOKEN, base_url=url, http_backend=backend, pool_limits=limits
            ) as client:
                yield lambda: client.carts.retrieve(CART)

        return contender

    @contextlib.asynccontextmanager
    async def raw_httpx() -> AsyncIterator[Send]:
        async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:

            async def send() -> object:
                response = await client.get(path, headers=headers)
                response.raise_for_status()
                return json.loads(response.content)

            yield send

    @contextlib.asynccontextmanager
    async def raw_httpx2() -> AsyncIterator[Send]:
        async with httpx2.AsyncClient(
            limits=httpx2.Limits(max_connections=LIMIT, max_keepalive_connections=LIMIT),
            timeout=httpx2.Timeout(30.0, connect=10.0),
        ) as client:

            async def send() -> object:
                response = await client.get(path, headers=headers)
                response.raise_for_status()
                return json.loads(response.content)

            yield send

    return {
        "raw aiohttp": raw_aiohttp,
        "AsyncLocally, aiohttp backend": sdk("aiohttp"),
        "AsyncLocally, httpx backend": sdk("httpx"),
        "raw httpx": raw_httpx,
        "raw httpx2": raw_httpx2,
    }


async def _contest(url: str) -> tuple[dict[str, list[float]], int, int, int]:
    sockets_before = _open_sockets()
    contenders = _contenders(url)
    figures: dict[str, list[float]] = {name: [] for name in contenders}
    failures = 0
    for contender in contenders.values():  # warm every lazy import
        failures += (await _burst(contender))[1]
    names = list(contenders)
    for round_number in range(ROUNDS):
        for name in names[:: -1 if round_number % 2 else 1]:
            cpu, failed = await _burst(contenders[name])
            figures[name].append(cpu)
            failures += failed
    await asyncio.sleep(0.1)  # let aiohttp's transports finish closing
    return figures, failures, sockets_before, _open_sockets()


def _measure_here() -> None:
    """In a fresh interpreter: serve, run the contest, print its figures as JSON."""
    fake = FakeLocally(generated_carts=0, api_token=TOKEN)
    with fake.client() as seed:
        body = seed.carts.with_raw_response.retrieve(CART).http_response.content
    with tempfile.TemporaryDirectory() as folder:
        body_file = Path(folder) / "cart.json"
        body_file.write_bytes(body)
        server = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._server", str(body_file)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            figures, failures, before, after = asyncio.run(_contest(f"http://127.0.0.1:{port}"))
        finally:
            server.terminate()
            server.wait(timeout=10)
    first = repr(FIRST_FAILURE[:1])
    print(json.dumps([figures, failures, before, after, first]))


def run() -> list[Result] | Skipped:
    scenario = f"{TASKS:,} concurrent retrieves, client CPU per request"
    try:
        import aiohttp  # noqa: F401
        import httpx2  # noqa: F401
    except ImportError as exc:
        return Skipped(scenario, f"needs {exc.name}: pip install -e '.[dev]'")
    # A fresh interpreter, as pyperf runs each benchmark: the objects earlier scenarios left
    # behind would make every garbage collection here slower, for some contenders more.
    child = subprocess.run(
        [sys.executable, "-c", "from benchmarks.concurrency import _measure_here; _measure_here()"],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    figures, failures, before, after, first = json.loads(child.stdout)
    if failures or after != before:
        raise AssertionError(
            f"{failures} failed requests (first: {first}); sockets open {before} -> {after}"
        )
    baseline = figures["raw aiohttp"]
    check = f"0 errors, sockets {before} -> {after} after close"
    rows = []
    for name, goal in [
        ("AsyncLocally, aiohttp backend", 3.0),
        ("AsyncLocally, httpx backend", None),
        ("raw httpx", None),
        ("raw httpx2", None),
    ]:
        paired = Paired(figures[name], baseline)
        note = check if goal is not None else "context"
        rows.append(
            paired.row(
                f"{scenario}: {name} vs raw aiohttp", unit="us", scale=1e6, goal=goal, note=note
            )
        )
    return rows
