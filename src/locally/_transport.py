"""The two transports: they send, read bodies within bounds, sleep and loop; nothing else.

Everything that needs no I/O (building the request, the size limit and deadline of a body,
reading a reply into a model or an error, deciding a retry) is in :mod:`locally._pipeline`,
shared by :class:`SyncTransport` and :class:`AsyncTransport`.  Both send with
``follow_redirects=False``, whatever the caller's ``http_client`` says, and read the raw body
themselves (``iter_raw``), so the same limits hold over any httpx transport.
"""

from __future__ import annotations

import contextlib
import time
from typing import TypeVar

import httpx

from ._body import BodyError, BodyTimedOut
from ._errors import ClientClosedError, LocallyError
from ._logs import log_request, log_response
from ._pipeline import (
    APIRequest,
    Envelope,
    Pipeline,
    ResponseCapture,
    RetryMode,
    capture_responses,
    stop_capturing,
    user_agent,
)
from ._rate_limit import RateLimiter

__all__ = [
    "APIRequest",
    "AsyncTransport",
    "Envelope",
    "Pipeline",
    "ResponseCapture",
    "RetryMode",
    "SyncTransport",
    "capture_responses",
    "stop_capturing",
    "user_agent",
]

T = TypeVar("T")

#: What ``send`` raises when the network fails or the reply's head cannot be processed:
#: httpx builds a follow-up request for every redirect even when it does not follow it, and
#: a hostile ``Location`` or ``Set-Cookie`` then fails there (InvalidURL, a ValueError).
UNREADABLE_REPLY = (httpx.HTTPError, httpx.InvalidURL, ValueError)


def _closed_error(http_client: httpx.Client | httpx.AsyncClient) -> ClientClosedError:
    whose = "the http_client it was given" if http_client.is_closed else "the client"
    return ClientClosedError(
        f"Cannot send a request: {whose} has been closed. Create a new client (a client "
        "closed with close(), or after its `with` block, cannot be used again)."
    )


def _release(response: httpx.Response) -> None:
    """Break the reference cycle httpx's client leaves between a response and its stream.

    ``Client.send`` wraps the stream in one that points back at the response, so a response
    is freed only by the cyclic garbage collector, not when the SDK drops it.  Over a walk of
    thousands of pages that holds many responses at once; the stream is spent by now.
    """
    response.stream = httpx.ByteStream(b"")


class SyncTransport:
    """Sends requests for :class:`~locally.Locally` with a blocking ``httpx.Client``."""

    def __init__(
        self,
        pipeline: Pipeline,
        http_client: httpx.Client,
        *,
        owns_client: bool,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.http_client = http_client
        self.owns_client = owns_client
        self.rate_limiter = rate_limiter
        self.closed = False

    def sleep(self, seconds: float) -> None:
        """How the retry loop waits."""
        time.sleep(seconds)

    def request(self, request: APIRequest[T]) -> T:
        """Send ``request``, retrying as its retry mode allows; return its parsed reply."""
        retries = 0
        while True:
            try:
                return self._send(request, retries)
            except LocallyError as exc:
                delay = self.pipeline.delay_before_retry(request, exc, retries)
                if delay is None:
                    raise
            self.sleep(delay)
            retries += 1

    def _send(self, request: APIRequest[T], retries: int) -> T:
        pipeline = self.pipeline
        sent = pipeline.build(request)
        if self.closed or self.http_client.is_closed:
            raise _closed_error(self.http_client)
        if self.rate_limiter is not None:
            self.rate_limiter.acquire()  # every attempt spends budget, retries included
        log_request(sent)
        started = time.monotonic()
        # The helpers return errors rather than raise them inside their handlers, so no httpx
        # exception (which holds the live request, secrets included) is chained to an error.
        response = self._open(request, sent)
        if isinstance(response, LocallyError):
            raise response
        content = self._body(request, sent, response, started)
        if isinstance(content, LocallyError):
            raise content
        reply = pipeline.finish(response, content, time.monotonic() - started)
        log_response(reply, time.monotonic() - started)
        return pipeline.read(request, reply, retries)

    def _open(self, request: APIRequest[T], sent: httpx.Request) -> httpx.Response | LocallyError:
        """Send ``sent`` and return the reply with its body still to read, or the error."""
        try:
            return self.http_client.send(sent, stream=True, follow_redirects=False)
        except UNREADABLE_REPLY as exc:
            return self.pipeline.connection_error(request, exc, sent)

    def _body(
        self, request: APIRequest[T], sent: httpx.Request, response: httpx.Response, started: float
    ) -> bytes | LocallyError:
        """The decoded body of ``response``, within the limits, or the error; then close it."""
        pipeline = self.pipeline
        try:
            try:
                early = pipeline.early_body(response)
                if early is not None:
                    return early
                body = pipeline.body_reader(response, started)
                for chunk in response.iter_raw():
                    body.feed(chunk)
                return body.finish()
            finally:
                # Closed before an error is built from the response, which replaces its
                # stream: the connection must be given back (or dropped) first.
                with contextlib.suppress(httpx.TransportError):
                    response.close()
        except httpx.TransportError as exc:
            return pipeline.connection_error(request, exc, sent)
        except BodyError as exc:
            return pipeline.body_error(request, response, exc, time.monotonic() - started)
        finally:
            _release(response)

    def close(self) -> None:
        """Refuse further requests; close the connection pool if this transport created it."""
        self.closed = True
        if self.owns_client:
            self.http_client.close()


class AsyncTransport:
    """Sends requests for :class:`~locally.AsyncLocally` with an ``httpx.AsyncClient``."""

    def __init__(
        self,
        pipeline: Pipeline,
        http_client: httpx.AsyncClient,
        *,
        owns_client: bool,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.http_client = http_client
        self.owns_client = owns_client
        self.rate_limiter = rate_limiter
        self.closed = False

    async def sleep(self, seconds: float) -> None:
        """How the retry loop waits (through anyio, so it works under asyncio and trio)."""
        import anyio

        await anyio.sleep(seconds)

    async def request(self, request: APIRequest[T]) -> T:
        """Send ``request``, retrying as its retry mode allows; return its parsed reply."""
        retries = 0
        while True:
            try:
                return await self._send(request, retries)
            except LocallyError as exc:
                delay = self.pipeline.delay_before_retry(request, exc, retries)
                if delay is None:
                    raise
            await self.sleep(delay)
            retries += 1

    async def _send(self, request: APIRequest[T], retries: int) -> T:
        pipeline = self.pipeline
        sent = pipeline.build(request)
        if self.closed or self.http_client.is_closed:
            raise _closed_error(self.http_client)
        if self.rate_limiter is not None:
            await self.rate_limiter.async_acquire()  # every attempt spends budget
        log_request(sent)
        started = time.monotonic()
        # As in SyncTransport: errors are returned by the helpers and raised here, unchained.
        response = await self._open(request, sent)
        if isinstance(response, LocallyError):
            raise response
        content = await self._body(request, sent, response, started)
        if isinstance(content, LocallyError):
            raise content
        reply = pipeline.finish(response, content, time.monotonic() - started)
        log_response(reply, time.monotonic() - started)
        return pipeline.read(request, reply, retries)

    async def _open(
        self, request: APIRequest[T], sent: httpx.Request
    ) -> httpx.Response | LocallyError:
        """Send ``sent`` and return the reply with its body still to read, or the error."""
        try:
            return await self.http_client.send(sent, stream=True, follow_redirects=False)
        except UNREADABLE_REPLY as exc:
            return self.pipeline.connection_error(request, exc, sent)

    async def _body(
        self, request: APIRequest[T], sent: httpx.Request, response: httpx.Response, started: float
    ) -> bytes | LocallyError:
        """The decoded body of ``response``, within the limits, or the error; then close it."""
        import anyio

        pipeline = self.pipeline
        deadline = pipeline.deadline(started)
        try:
            try:
                early = pipeline.early_body(response)
                if early is not None:
                    return early
                body = pipeline.body_reader(response, started)
                # An event loop can cut a read short, so here the deadline is exact; the sync
                # transport checks it as each piece of the body arrives.
                with anyio.fail_after(None if deadline is None else deadline - time.monotonic()):
                    async for chunk in response.aiter_raw():
                        body.feed(chunk)
                return body.finish()
            finally:
                # Closed before an error is built from the response, which replaces its
                # stream: the connection must be given back (or dropped) first.
                with contextlib.suppress(httpx.TransportError):
                    await response.aclose()
        except httpx.TransportError as exc:
            return pipeline.connection_error(request, exc, sent)
        except BodyError as exc:
            return pipeline.body_error(request, response, exc, time.monotonic() - started)
        except TimeoutError:
            late = BodyTimedOut("the deadline passed")
            return pipeline.body_error(request, response, late, time.monotonic() - started)
        finally:
            _release(response)

    async def aclose(self) -> None:
        """Refuse further requests; close the connection pool if this transport created it."""
        self.closed = True
        if self.owns_client:
            await self.http_client.aclose()
