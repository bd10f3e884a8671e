"""What the watch tests share: a fake with a clock they move, and running a watch to the end."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import anyio

from locally.testing import FakeLocally
from locally.watch import WatchEvent

#: The generated carts end here (``locally.testing``); the tests' clock starts just after.
NEWEST_GENERATED = _dt.datetime(2026, 1, 15, 12, 0, 0)


class Clock:
    """The fake's clock, moved by hand so every change has its own second."""

    def __init__(self, start: _dt.datetime = NEWEST_GENERATED) -> None:
        self.now = start

    def __call__(self) -> _dt.datetime:
        return self.now

    def tick(self, seconds: int = 60) -> _dt.datetime:
        self.now += _dt.timedelta(seconds=seconds)
        return self.now


def clocked_fake(carts: int = 60, *, seed: int = 3) -> tuple[FakeLocally, Clock]:
    """A fake of ``carts`` generated carts (no docs samples) whose clock the test moves."""
    clock = Clock()
    fake = FakeLocally(generated_carts=carts, include_samples=False, seed=seed, clock=clock)
    return fake, clock


def drain(mode: str, fake: FakeLocally, **options: Any) -> list[WatchEvent]:
    """Run ``carts.watch(once=True, **options)`` with the sync or async client; all events."""
    options.setdefault("once", True)
    if mode == "sync":
        with fake.client(max_retries=0) as client, client.carts.watch(**options) as watch:
            return list(watch)

    async def run() -> list[WatchEvent]:
        async with (
            fake.async_client(max_retries=0) as client,
            client.carts.watch(**options) as watch,
        ):
            return [event async for event in watch]

    return anyio.run(run)


def body(event: WatchEvent) -> dict[str, Any]:
    """The event's webhook body, decoded."""
    decoded: dict[str, Any] = json.loads(event.as_webhook().body)
    return decoded


def summary(event: WatchEvent) -> tuple[str, ...]:
    """(kind, cart, item, status) of an event, read from its webhook body."""
    data = body(event)
    if event.kind in ("new_cart", "auto_rejected"):
        return (event.kind, data["properties"]["hash"])
    status = data.get("status", data.get("sts_status"))
    return (event.kind, data["order_id"], data["upc"], str(status))
