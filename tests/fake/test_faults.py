"""FakeLocally's fault injection, in process and over the loopback socket."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

from locally import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncLocally,
    InternalServerError,
    Locally,
    RateLimitError,
)
from locally.testing import FakeLocally
from tests.helpers import everything_said_about


@pytest.fixture(params=["in-process", "socket"])
def way(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Harness:
    """Builds sync or async clients on a fresh fake, in process or over loopback."""

    def __init__(self, way: str, fake: FakeLocally, url: str | None) -> None:
        self.way = way
        self.fake = fake
        self.url = url

    def sync(self, **options: Any) -> Locally:
        if self.url is None:
            return self.fake.client(**options)
        return Locally(api_token=self.fake.api_token, base_url=self.url, **options)

    def run_async(self, fn: Any, **options: Any) -> Any:
        async def main() -> Any:
            if self.url is None:
                client = self.fake.async_client(**options)
            else:
                client = AsyncLocally(api_token=self.fake.api_token, base_url=self.url, **options)
            async with client:
                return await fn(client)

        return anyio.run(main)


SECRET_TOKEN = "sk_live_fault_matrix_secret"


@pytest.fixture
def harness(way: str, no_backoff: None, caplog: pytest.LogCaptureFixture) -> Iterator[Harness]:
    fake = FakeLocally(generated_carts=5, api_token=SECRET_TOKEN)
    with caplog.at_level(logging.DEBUG, logger="locally"):
        if way == "socket":
            with fake.serve() as url:
                yield Harness(way, fake, url)
        else:
            yield Harness(way, fake, None)
    # Every record the faults provoked (requests, replies, retries) is free of the token.
    records = caplog.get_records("call")
    assert records
    for record in records:
        assert SECRET_TOKEN not in record.getMessage()


def assert_token_absent(exc: BaseException) -> None:
    assert SECRET_TOKEN not in everything_said_about(exc)


def _count(fake: FakeLocally, path: str) -> int:
    return sum(1 for r in fake.requests if r.url.path == path)


def test_503_burst_then_success(harness: Harness) -> None:
    harness.fake.faults.fail(next=2, status=503)
    with harness.sync() as client:
        assert client.carts.retrieve("PDQE89").hash == "PDQE89"
    assert _count(harness.fake, "/api/v2/cart/PDQE89") == 3


def test_503_burst_async(harness: Harness) -> None:
    harness.fake.faults.fail(next=2, status=503)
    cart = harness.run_async(lambda c: c.carts.retrieve("PDQE89"))
    assert cart.hash == "PDQE89"
    assert _count(harness.fake, "/api/v2/cart/PDQE89") == 3


def test_429_with_retry_after(harness: Harness) -> None:
    harness.fake.faults.fail(next=1, status=429, retry_after=0.3)
    started = time.monotonic()
    with harness.sync() as client:
        client.carts.list_page(0)
    assert time.monotonic() - started >= 0.29
    assert _count(harness.fake, "/api/v2/carts/0") == 2


def test_429_retry_after_beyond_cap(harness: Harness) -> None:
    harness.fake.faults.fail(next=1, status=429, retry_after=30)
    with harness.sync(max_retry_after=5) as client, pytest.raises(RateLimitError):
        client.carts.list_page(0)
    assert _count(harness.fake, "/api/v2/carts/0") == 1


def test_html_error_page_exhausts_retries(harness: Harness) -> None:
    harness.fake.faults.html_error(next=None, status=502)
    with harness.sync() as client, pytest.raises(InternalServerError) as info:
        client.carts.retrieve("PDQE89")
    assert "Bad Gateway" in str(info.value.body)
    assert_token_absent(info.value)
    assert _count(harness.fake, "/api/v2/cart/PDQE89") == 3


def test_truncated_json(harness: Harness) -> None:
    harness.fake.faults.truncate(next=1)
    with harness.sync() as client, pytest.raises(APIResponseValidationError) as info:
        client.carts.retrieve("PDQE89")
    assert_token_absent(info.value)


@pytest.mark.parametrize("mid_body", [False, True])
def test_dropped_connection_is_retried(harness: Harness, mid_body: bool) -> None:
    harness.fake.faults.drop(next=1, mid_body=mid_body)
    with harness.sync() as client:
        assert client.carts.retrieve("PDQE89").hash == "PDQE89"
    assert _count(harness.fake, "/api/v2/cart/PDQE89") == 2


def test_dropped_every_time_raises_connection_error(harness: Harness) -> None:
    harness.fake.faults.drop(next=None)
    with harness.sync() as client, pytest.raises(APIConnectionError) as info:
        client.carts.retrieve("PDQE89")
    assert_token_absent(info.value)
    assert _count(harness.fake, "/api/v2/cart/PDQE89") == 3


def test_route_filter(harness: Harness) -> None:
    harness.fake.faults.fail(next=None, status=500, route="GET /api/v2/carts*")
    with harness.sync(max_retries=0) as client:
        assert client.carts.retrieve("PDQE89").hash == "PDQE89"
        with pytest.raises(InternalServerError):
            client.carts.list_page(0)


def test_latency_distribution(harness: Harness) -> None:
    harness.fake.faults.latency((0.05, 0.06))
    started = time.monotonic()
    with harness.sync() as client:
        client.carts.retrieve("PDQE89")
    assert time.monotonic() - started >= 0.05


def test_slow_body_over_socket_times_out(no_backoff: None) -> None:
    fake = FakeLocally(generated_carts=0)
    fake.faults.slow_body(5.0, next=None)  # a chunk every 0.5 s, beyond the 0.3 s read timeout
    with (
        fake.serve() as url,
        Locally(api_token=fake.api_token, base_url=url, timeout=0.3, max_retries=1) as client,
    ):
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.carts.retrieve("PDQE89")
        assert time.monotonic() - started < 2.0
    assert _count(fake, "/api/v2/cart/PDQE89") == 2


def test_slow_body_in_process_just_delays() -> None:
    fake = FakeLocally(generated_carts=0)
    fake.faults.slow_body(0.1)
    with fake.client() as client:
        started = time.monotonic()
        client.carts.retrieve("PDQE89")
    assert time.monotonic() - started >= 0.1


def test_clear_and_hits() -> None:
    fake = FakeLocally(generated_carts=0)
    fault = fake.faults.fail(next=None, status=500)
    with fake.client(max_retries=1) as client, pytest.raises(InternalServerError):
        client.carts.retrieve("PDQE89")
    assert fault.hits == 2
    fake.faults.clear()
    with fake.client() as client:
        assert client.carts.retrieve("PDQE89").hash == "PDQE89"


def test_serve_command_line() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "locally.testing", "serve", "--port", "0", "--carts", "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        token = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        response = httpx.get(
            f"{url}/api/v2/carts", headers={"Locally-API-Token": token}, timeout=10
        )
        assert response.status_code == 200
        hashes = {cart["hash"] for cart in response.json()["carts"]}
        # 3 generated, Locally's 3 samples and the 3 orders the command-line docs work on
        assert len(hashes) == 9
        assert {"O3V36", "4RT36", "PDQE89", "E3GKY8", "S7TS01", "C2C001"} <= hashes
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.parametrize("processed", [True, False])
def test_drop_processed_or_not_changes_the_fake_or_not(harness: Harness, processed: bool) -> None:
    fake = harness.fake
    cart = fake.place_order("ORDER")
    upc = cart.items[0].upc
    path = f"/api/v2/cart/{cart.hash}/{upc}"
    fake.faults.drop(next=None, processed=processed, route=f"POST {path}")
    with harness.sync(max_retries=0) as client, pytest.raises(APIConnectionError) as info:
        client.pushcart.confirm(cart.hash, upc)
    assert info.value.request_sent is True  # the client cannot tell the two apart
    assert cart.items[0].status == ("Confirmed" if processed else "Ordered")
    assert _count(fake, path) == 1


def test_drop_without_processing_has_no_body_to_cut() -> None:
    from locally import RequestValidationError

    with pytest.raises(RequestValidationError, match="processed"):
        FakeLocally(generated_carts=0).faults.drop(mid_body=True, processed=False)
