"""Access to the raw HTTP response behind any call.

``client.carts.with_raw_response.retrieve(...)`` returns a :class:`RawResponse` that holds the
parsed model, the final ``httpx.Response`` and how many retries the call took.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Generic, ParamSpec, TypeVar

import httpx

from .._transport import capture_responses, stop_capturing

__all__ = ["RawResponse", "async_to_raw_response", "to_raw_response"]

P = ParamSpec("P")
R = TypeVar("R")


class RawResponse(Generic[R]):
    """A parsed result together with the HTTP exchange that produced it."""

    def __init__(self, parsed: R, http_response: httpx.Response, retries_taken: int) -> None:
        self._parsed = parsed
        #: The final HTTP response (after any retries).
        self.http_response = http_response
        #: How many times the request was retried before this response.
        self.retries_taken = retries_taken

    def parse(self) -> R:
        """Return the parsed model, as the plain method would have."""
        return self._parsed

    @property
    def status_code(self) -> int:
        """HTTP status code of the final response."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """Headers of the final response."""
        return self.http_response.headers

    def __repr__(self) -> str:
        return (
            f"<RawResponse [{self.status_code}] {type(self._parsed).__name__} "
            f"retries_taken={self.retries_taken}>"
        )


def _finish(parsed: R, capture_response: httpx.Response | None, retries: int) -> RawResponse[R]:
    if capture_response is None:  # pragma: no cover - every API call records its response
        raise RuntimeError("no HTTP response was recorded for this call")
    return RawResponse(parsed, capture_response, retries)


def to_raw_response(func: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """Wrap a sync resource method so it returns a :class:`RawResponse`."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        capture, token = capture_responses()
        try:
            parsed = func(*args, **kwargs)
        finally:
            stop_capturing(token)
        return _finish(parsed, capture.http_response, capture.retries_taken)

    return wrapped


def async_to_raw_response(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[RawResponse[R]]]:
    """Wrap an async resource method so it returns a :class:`RawResponse`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        capture, token = capture_responses()
        try:
            parsed = await func(*args, **kwargs)
        finally:
            stop_capturing(token)
        return _finish(parsed, capture.http_response, capture.retries_taken)

    return wrapped
