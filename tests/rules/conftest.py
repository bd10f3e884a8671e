from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ._wire import KINDS


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    """Run the test through the sync and through the async client."""
    param: str = request.param
    return param


@pytest.fixture
def chicago(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in America/Chicago local time (UTC-6/-5), so a local-time bug cannot hide in UTC."""
    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    assert time.localtime(0).tm_gmtoff == -6 * 3600
    yield
    monkeypatch.undo()
    time.tzset()
