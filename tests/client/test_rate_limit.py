"""The client's request budget: on for Locally's host, shared by copies, waited for, not 429s."""

from __future__ import annotations

import contextlib
import itertools
import logging
import time

import anyio
import httpx
import pytest
import respx

from locally import AsyncLocally, ConfigurationError, Locally, RateLimiterError
from locally.testing import FakeLocally
from tests.helpers import BASE, TOKEN, Mode

# Locally's documented budget (locally-docs/05): 1,000 requests a minute.
LOCALLY_BUDGET = "1000 per 1 minute"


def test_on_by_default_for_locallys_own_host(mode: Mode) -> None:
    def limit(client: Locally) -> str | None:
        return client.rate_limiter.limit if client.rate_limiter is not None else None

    assert mode.run(limit, base_url="https://www.locally.com") == LOCALLY_BUDGET
    assert mode.run(limit, base_url="https://www.locally.com/", rate_limit="auto") == (
        LOCALLY_BUDGET
    )
    assert mode.run(limit, base_url="https://www.locally.com", rate_limit=None) is None
    assert mode.run(limit, base_url=BASE) is None
    assert mode.run(limit, base_url="https://staging.locally.test") is None
    assert mode.run(limit, base_url=BASE, rate_limit="20/second") == "20 per 1 second"


def test_the_fakes_clients_start_without_one_unless_asked() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.client() as client:
        assert client.rate_limiter is None
    with fake.client(rate_limit="5/second") as client:
        assert client.rate_limiter is not None
        assert client.rate_limiter.limit == "5 per 1 second"
    assert fake.async_client(rate_limit="5/second").rate_limiter is not None


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"rate_limit": "lots"}, "rate_limit must"),
        ({"rate_limit": 1000}, "rate_limit and rate_limit_storage must be strings"),
        ({"rate_limit": "10/minute", "rate_limit_storage": "mongodb://x"}, "rate_limit_storage"),
    ],
)
def test_bad_settings_are_named(options: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigurationError, match=field):
        Locally(api_token=TOKEN, **options)  # type: ignore[arg-type]


def test_a_storage_password_is_never_shown() -> None:
    storage = "redis://:hunter2-secret@127.0.0.1:1"
    client = Locally(api_token=TOKEN, rate_limit="10/minute", rate_limit_storage=storage)
    assert client.rate_limiter is not None
    assert "hunter2" not in repr(client.rate_limiter) + client.rate_limiter.storage
    with pytest.raises(ConfigurationError) as info:
        Locally(api_token=TOKEN, rate_limit_storage="mongodb://:hunter2-secret@x")
    assert "hunter2" not in str(info.value)


@respx.mock
def test_an_unreachable_storage_fails_closed_without_sending() -> None:
    route = respx.get(f"{BASE}/api/v2/cart/PDQE89").respond(200, json={})
    client = Locally(
        api_token=TOKEN,
        base_url=BASE,
        rate_limit="10/minute",
        rate_limit_storage="redis://:hunter2-secret@127.0.0.1:1",
    )
    with pytest.raises(RateLimiterError) as info:
        client.carts.retrieve("PDQE89")
    assert not route.called
    assert "hunter2" not in str(info.value)
    assert TOKEN not in str(info.value)


def test_copies_share_one_budget() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.client(rate_limit="3/minute") as client:
        copy = client.with_options(max_retries=0)
        assert copy.rate_limiter is client.rate_limiter
        client.carts.retrieve("PDQE89")
        copy.carts.retrieve("PDQE89")
        client.with_options(timeout=5).carts.retrieve("PDQE89")
        limiter = client.rate_limiter
        assert limiter is not None
        # The three calls spent the whole budget, whichever client made them.
        assert limiter._sync_limiter().get_window_stats(limiter._item, limiter._key)[1] == 0


def test_sync_requests_wait_for_budget_instead_of_drawing_429s(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeLocally(generated_carts=0, rate_limit="20/second")
    caplog.set_level(logging.DEBUG, logger="locally")
    with fake.client(rate_limit="20/second", max_retries=0) as client:
        for _ in range(30):
            client.carts.retrieve("PDQE89")
        limiter = client.rate_limiter
        assert limiter is not None
    assert fake.rate_limit is not None
    assert (fake.rate_limit.allowed, fake.rate_limit.refused) == (30, 0)
    assert limiter.waits > 0
    assert limiter.waited_seconds > 0
    waits = [r.getMessage() for r in caplog.records if "waiting" in r.getMessage()]
    assert waits
    assert all("20 per 1 second" in message for message in waits)
    assert fake.api_token not in caplog.text


def test_async_walk_with_many_tasks_draws_no_429() -> None:
    """Thirty tasks and a prefetching walk share one budget through the fake's own limit."""
    fake = FakeLocally(generated_carts=400, include_samples=False, rate_limit="20/second")
    newest = fake.carts_newest_first()[0].hash

    async def main() -> tuple[int, int]:
        async with fake.async_client(rate_limit="20/second", max_retries=0) as client:
            results: list[str] = []

            async def retrieve() -> None:
                results.append(str((await client.carts.retrieve(newest)).hash))

            async with anyio.create_task_group() as group:
                for _ in range(30):
                    group.start_soon(retrieve)
            carts = [cart.hash async for cart in client.carts.list(prefetch=8)]
            return len(results), len(carts)

    assert anyio.run(main) == (30, 400)
    assert fake.rate_limit is not None
    assert fake.rate_limit.refused == 0


def test_a_429_still_backs_off_with_retry_after() -> None:
    fake = FakeLocally(generated_carts=0)
    fake.faults.fail(status=429, retry_after=0.3, route="GET /api/v2/cart/*")
    with fake.client(rate_limit="20/second") as client:
        started = time.monotonic()
        raw = client.carts.with_raw_response.retrieve("PDQE89")
        elapsed = time.monotonic() - started
    assert raw.retries_taken == 1
    assert elapsed >= 0.3


def test_a_client_without_a_limit_draws_the_fakes_429s() -> None:
    """The fake's budget is real: the same calls without a client limit are refused."""
    fake = FakeLocally(generated_carts=0, rate_limit="5/second")

    async def main() -> None:
        async with fake.async_client(max_retries=0) as client, anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(_retrieve_ignoring_429, client)

    anyio.run(main)
    assert fake.rate_limit is not None
    assert (fake.rate_limit.allowed, fake.rate_limit.refused) == (5, 3)


async def _retrieve_ignoring_429(client: AsyncLocally) -> None:
    from locally import RateLimitError

    with contextlib.suppress(RateLimitError):
        await client.carts.retrieve("PDQE89")


def test_a_wait_never_blocks_the_event_loop() -> None:
    fake = FakeLocally(generated_carts=0)
    ticks: list[float] = []

    async def main() -> None:
        async with (
            fake.async_client(rate_limit="2/second") as client,
            anyio.create_task_group() as group,
        ):

            async def ticker() -> None:
                for _ in range(10):
                    ticks.append(time.monotonic())
                    await anyio.sleep(0.05)

            group.start_soon(ticker)
            for _ in range(3):  # the third waits about a second
                await client.carts.retrieve("PDQE89")

    anyio.run(main)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) == 10
    assert max(gaps) < 0.5


def test_httpx_client_given_by_the_caller_still_gets_the_limit() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"hash": "X"}))
    client = Locally(
        api_token=TOKEN,
        base_url="https://www.locally.com",
        http_client=httpx.Client(transport=transport),
    )
    assert client.rate_limiter is not None
    assert client.rate_limiter.limit == LOCALLY_BUDGET


def test_a_copy_with_another_token_waits_for_that_tokens_budget() -> None:
    client = Locally(api_token=TOKEN, rate_limit="10/minute")
    other = client.with_options(api_token="sk_live_other")
    again = client.with_options(api_token="sk_live_other", max_retries=0)
    assert client.rate_limiter is not None
    assert other.rate_limiter is not None
    assert other.rate_limiter is not client.rate_limiter
    assert other.rate_limiter is again.rate_limiter
    assert other.rate_limiter.limit == client.rate_limiter.limit
    assert client.with_options(api_token=TOKEN).rate_limiter is client.rate_limiter
