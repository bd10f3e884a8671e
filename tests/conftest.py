from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import Mode, backoff


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def no_backoff() -> Iterator[None]:
    """Make exponential backoff instant; Retry-After waits are still real."""
    with backoff(0.0, 0.0):
        yield


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    return Mode(request.param)
