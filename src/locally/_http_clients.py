"""The httpx client a ``Locally`` or ``AsyncLocally`` sends with: checked, and who closes it.

A client creates its own connection pool unless the caller passes ``http_client=``; then the
caller's pool is shared and never closed by the SDK, unless :func:`adopt_http_client` says
the client owns it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import httpx

from ._errors import ConfigurationError

if TYPE_CHECKING:
    from ._client import AsyncLocally, Locally

__all__ = ["HttpClientT", "adopt_http_client", "checked_http_client"]

HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)
ClientT = TypeVar("ClientT", "Locally", "AsyncLocally")


def checked_http_client(
    http_client: object, expected: type[HttpClientT], hint: str
) -> HttpClientT | None:
    """``http_client`` if it is None or an ``expected``; otherwise a ConfigurationError."""
    if http_client is not None and not isinstance(http_client, expected):
        raise ConfigurationError(
            f"http_client must be an {expected.__module__}.{expected.__name__}, got "
            f"{type(http_client).__name__}; {hint}"
        )
    return http_client


def adopt_http_client(client: ClientT) -> ClientT:
    """Make ``client`` close the ``http_client`` it was given when it is closed.

    A client never closes an ``http_client`` passed in by its caller, who may share it.  Code
    that builds the ``http_client`` only to hand it to one client (``FakeLocally.client()``)
    uses this so that closing the client frees it.  Returns ``client``.
    """
    client._transport.owns_client = True
    return client
