from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import anyio
import pytest

from locally import AsyncLocally, Locally, _constants

TOKEN = "sk_live_0123456789abcdef"
BASE = "https://api.test"


def load_sample(name: str) -> dict[str, Any]:
    text = resources.files("locally.testing").joinpath("samples").joinpath(name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make exponential backoff instant; Retry-After waits are still real."""
    monkeypatch.setattr(_constants, "INITIAL_RETRY_DELAY", 0.0)
    monkeypatch.setattr(_constants, "MAX_RETRY_DELAY", 0.0)


class Mode:
    """Runs the same scenario through the sync or the async client."""

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, fn: Callable[[Any], Any], **client_kwargs: Any) -> Any:
        client_kwargs.setdefault("api_token", TOKEN)
        client_kwargs.setdefault("base_url", BASE)
        if self.name == "sync":
            with Locally(**client_kwargs) as client:
                return fn(client)

        async def main() -> Any:
            async with AsyncLocally(**client_kwargs) as client:
                result = fn(client)
                if inspect.isawaitable(result):
                    result = await result
                return result

        return anyio.run(main)

    def collect(self, pager: Any) -> Any:
        """Turn a sync or async pager into a list (returns an awaitable for async)."""
        if self.name == "sync":
            return list(pager)

        async def gather() -> list[Any]:
            return [item async for item in pager]

        return gather()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    return Mode(request.param)
