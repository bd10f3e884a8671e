"""The one request pipeline both clients share: build, send, hand back.

:class:`Pipeline` does everything that needs no I/O: it builds the ``httpx.Request`` (base URL,
``Locally-API-Token``, session headers, timeout) and turns the reply into the parsed model or
the SDK's error (:mod:`locally._responses`).  :class:`SyncTransport` and
:class:`AsyncTransport` only send, sleep and loop, as :mod:`locally._retry` decides.
"""

from __future__ import annotations

import contextvars
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from . import _json
from ._constants import API_TOKEN_HEADER
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    InternalServerError,
    LocallyError,
    OrderOutcomeUnknownError,
)
from ._logs import log_request, log_response, log_retry
from ._rate_limit import RateLimiter
from ._responses import Envelope, ReplyReader
from ._retry import UNSENT_ERRORS, RetryMode, RetryPolicy
from ._settings import Settings
from ._version import __version__

__all__ = [
    "APIRequest",
    "AsyncTransport",
    "Envelope",
    "Pipeline",
    "ResponseCapture",
    "RetryMode",
    "SyncTransport",
]

T = TypeVar("T")


@dataclass(frozen=True)
class APIRequest(Generic[T]):
    """A request described without I/O: what to send and how to read the reply."""

    method: str
    path: str
    parse: Callable[[bytes], T]
    params: Mapping[str, str] | None = None
    body: object = None
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    envelope: Envelope = Envelope.V2
    retry_mode: RetryMode = RetryMode.IDEMPOTENT
    #: Called with the raw ``httpx.Response`` of every reply, error replies included, before
    #: it is parsed; headless sessions learn a rotated session id through it.
    observe: Callable[[httpx.Response], None] | None = None
    #: What the request does, for the message when its outcome is unknown ("place the
    #: order"); only requests with ``RetryMode.UNSENT_ONLY`` need it.
    action: str = "apply the request"
    #: The cart the request acts on, when known; an ``OrderOutcomeUnknownError`` carries it.
    cart_hash: str | None = None
    #: What to do when the outcome is unknown, for the end of that error's message.
    outcome_hint: str = "Retrieve the cart to see whether it went through before trying again."


@dataclass
class ResponseCapture:
    """Filled in by the transport while a raw-response wrapper is active."""

    http_response: httpx.Response | None = None
    retries_taken: int = 0


_capture: contextvars.ContextVar[ResponseCapture | None] = contextvars.ContextVar(
    "locally_response_capture", default=None
)


def capture_responses() -> tuple[ResponseCapture, contextvars.Token[ResponseCapture | None]]:
    """Start recording the final HTTP response of calls made in this context."""
    capture = ResponseCapture()
    return capture, _capture.set(capture)


def stop_capturing(token: contextvars.Token[ResponseCapture | None]) -> None:
    """Stop the recording started by :func:`capture_responses`."""
    _capture.reset(token)


def user_agent() -> str:
    """The ``User-Agent`` the SDK sends: SDK, httpx and Python versions."""
    return (
        f"locally-python/{__version__} httpx/{httpx.__version__} python/{platform.python_version()}"
    )


class Pipeline:
    """Builds requests and interprets replies for both clients; performs no I/O."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.replies = ReplyReader(settings.api_token, token_source=settings.token_source)
        self.retry = RetryPolicy(
            max_retries=settings.max_retries,
            max_retry_after=settings.max_retry_after,
            initial_delay=settings.retry_backoff,
        )
        # Everything about a request that only depends on the settings is worked out once
        # here, not on every call: the shared headers, the URL prefix and the timeout dict.
        self._headers: dict[str, str] = {
            "Accept": "application/json",
            "User-Agent": user_agent(),
            **settings.default_headers,
        }
        self._headers_with_token = {**self._headers, API_TOKEN_HEADER: settings.api_token}
        self._url_prefix = str(settings.base_url).rstrip("/")
        self._timeout = settings.timeout.as_dict()

    def build(self, request: APIRequest[Any]) -> httpx.Request:
        """Turn an :class:`APIRequest` into the ``httpx.Request`` to send."""
        if request.headers:
            headers = {
                **self._headers,
                **request.headers,
                API_TOKEN_HEADER: self.settings.api_token,
            }
        else:
            headers = self._headers_with_token
        content: bytes | None = None
        if request.body is not None:
            content = _json.dumps(request.body)
            headers = {**headers, "Content-Type": "application/json"}
        return httpx.Request(
            request.method,
            self._url_prefix + request.path,
            params=request.params,
            headers=headers,
            content=content,
            extensions={"timeout": self._timeout},
        )

    def connection_error(
        self, request: APIRequest[Any], exc: httpx.TransportError, sent: httpx.Request
    ) -> APIError:
        """Map an httpx transport failure to the SDK's error for this request."""
        unsent = isinstance(exc, UNSENT_ERRORS)
        where = _host_and_port(sent.url)
        error: APIConnectionError
        if isinstance(exc, httpx.TimeoutException):
            error = APITimeoutError(
                f"Request to {where} timed out ({type(exc).__name__}).", request=sent
            )
        else:
            detail = self.replies.redact(str(exc)) or "no detail"
            error = APIConnectionError(
                f"Connection error talking to {where} ({type(exc).__name__}): {detail}",
                request=sent,
            )
        error.request_sent = not unsent
        if request.retry_mode is RetryMode.UNSENT_ONLY and not unsent:
            return self._outcome_unknown(request, sent, error)
        return error

    def _outcome_unknown(
        self, request: APIRequest[Any], sent: httpx.Request, cause: APIError
    ) -> OrderOutcomeUnknownError:
        return OrderOutcomeUnknownError(
            f"{sent.method} {sent.url.path} may or may not have been applied: {cause.message} "
            f"It was not retried, because sending it twice could {request.action} twice. "
            f"{request.outcome_hint}",
            request=sent,
            cause=cause,
            cart_hash=request.cart_hash,
        )

    def delay_before_retry(
        self, request: APIRequest[Any], exc: LocallyError, retries_taken: int
    ) -> float | None:
        """Seconds to wait before retrying after ``exc`` (logged); None to raise it instead."""
        delay = self.retry.delay_before_retry(request.retry_mode, exc, retries_taken)
        if delay is None:
            reason = self.retry.why_not_waited(request.retry_mode, exc, retries_taken)
            if reason is not None and isinstance(exc, APIError):
                exc._add_detail(reason)
        else:
            sent = exc.request if isinstance(exc, APIError) else None
            path = sent.url.path if sent is not None else request.path
            attempts = self.retry.max_retries + 1
            log_retry(request.method, path, delay, retries_taken + 2, attempts, exc)
        return delay

    def parse(self, request: APIRequest[T], response: httpx.Response) -> T:
        """Parse a reply below 400 into ``request``'s model, or raise the matching error.

        :meth:`read` calls it; a reply read with a raw parse (the page window keeps pages as
        bytes) is parsed through it later, with the same errors.
        """
        return self.replies.parse_success(response, request.parse, request.envelope)

    def read(self, request: APIRequest[T], response: httpx.Response, retries: int) -> T:
        """Read a complete reply: return the parsed model or raise the matching error."""
        capture = _capture.get()
        if capture is not None:
            capture.http_response = response
            capture.retries_taken = retries
        if request.observe is not None:
            # Error replies carry state too (a rotated headless session id), so look first.
            request.observe(response)
        unknown_if_failed = request.retry_mode is RetryMode.UNSENT_ONLY
        if response.status_code >= 400:
            error = self.replies.status_error(response, request.envelope)
            if unknown_if_failed and isinstance(error, InternalServerError):
                raise self._outcome_unknown(request, response.request, error)
            raise error
        try:
            return self.parse(request, response)
        except APIResponseValidationError as exc:
            if unknown_if_failed:
                # A garbled success reply to an order means it was probably placed.
                raise self._outcome_unknown(request, response.request, exc) from None
            raise


def _host_and_port(url: httpx.URL) -> str:
    """``host:port`` of ``url``, with the scheme's default port written out."""
    port = url.port or (443 if url.scheme == "https" else 80)
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{host}:{port}"


def _unbind_stream(response: httpx.Response) -> None:
    """Break the reference cycle httpx's client leaves between a read response and its stream.

    ``Client.send`` wraps the stream in one that points back at the response, so a response
    (and its body) is freed only by the cyclic garbage collector, not when the SDK drops it.
    Over a walk of thousands of pages that holds many page bodies at once; the body is already
    read, so an equivalent stream over the same bytes replaces the bound one.
    """
    response.stream = httpx.ByteStream(response.content)


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
        if self.rate_limiter is not None:
            self.rate_limiter.acquire()  # every attempt spends budget, retries included
        log_request(sent)
        started = time.perf_counter()
        try:
            response = self.http_client.send(sent)
        except httpx.TransportError as exc:
            raise pipeline.connection_error(request, exc, sent) from exc
        log_response(response, time.perf_counter() - started)
        _unbind_stream(response)
        return pipeline.read(request, response, retries)

    def close(self) -> None:
        """Close the connection pool if this transport created it."""
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
        if self.rate_limiter is not None:
            await self.rate_limiter.async_acquire()  # every attempt spends budget
        log_request(sent)
        started = time.perf_counter()
        try:
            response = await self.http_client.send(sent)
        except httpx.TransportError as exc:
            raise pipeline.connection_error(request, exc, sent) from exc
        log_response(response, time.perf_counter() - started)
        _unbind_stream(response)
        return pipeline.read(request, response, retries)

    async def aclose(self) -> None:
        """Close the connection pool if this transport created it."""
        if self.owns_client:
            await self.http_client.aclose()
