from __future__ import annotations

import pytest


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    """Which client a watch test runs with."""
    name: str = request.param
    return name
