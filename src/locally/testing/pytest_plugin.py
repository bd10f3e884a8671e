"""pytest fixtures for testing code that uses ``locally``; registered automatically.

Installing ``locally`` makes these fixtures available in every test suite (through the
``pytest11`` entry point):

- ``locally_fake``: a fresh :class:`~locally.testing.FakeLocally` for each test.
- ``locally_client``: a :class:`~locally.Locally` wired to ``locally_fake`` (no sockets).
- ``async_locally_client``: an :class:`~locally.AsyncLocally` wired to ``locally_fake``.

Both clients retry as a real client does (``max_retries=2``) but without backoff
(``retry_backoff=0``), so a test that injects "503, then success" with ``locally_fake.faults``
passes in milliseconds.  Override ``locally_fake`` in your ``conftest.py`` to change its seed
or contents, or build your own client with ``locally_fake.client(...)``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .._client import AsyncLocally, Locally
from ._fake import FakeLocally

__all__ = ["async_locally_client", "locally_client", "locally_fake"]


@pytest.fixture
def locally_fake() -> FakeLocally:
    """A fresh in-memory Locally, seeded with the documentation's carts and generated ones."""
    return FakeLocally()


@pytest.fixture
def locally_client(locally_fake: FakeLocally) -> Iterator[Locally]:
    """A sync client talking to ``locally_fake`` in process; retries without waiting."""
    with locally_fake.client() as client:
        yield client


@pytest.fixture
def async_locally_client(locally_fake: FakeLocally) -> AsyncLocally:
    """An async client talking to ``locally_fake`` in process; retries without waiting.

    Its transport holds no sockets, so it needs no closing; use it inside your own event loop
    (``pytest-asyncio``, ``anyio``) as usual.
    """
    return locally_fake.async_client()
