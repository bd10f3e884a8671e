"""The one request pipeline that both clients share.

Everything that does no I/O lives in :class:`Pipeline`: building the ``httpx.Request``
(base URL, ``Locally-API-Token``, session headers, timeout), decoding the reply and mapping it
to a model or an exception, deciding whether a failure may be retried and how long to wait,
and logging with the token redacted.  :class:`SyncTransport` and :class:`AsyncTransport` only
send the request and sleep, each through tenacity's matching retry loop.
"""

from __future__ import annotations

import contextvars
import email.utils
import enum
import json
import logging
import math
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx
import pydantic

from . import _json
from ._errors import (
    REDACTED,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIResultError,
    APIStatusError,
    APITimeoutError,
    CartError,
    InternalServerError,
    OrderOutcomeUnknownError,
    status_error_class,
)
from ._version import __version__

if TYPE_CHECKING:
    import tenacity

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_RETRY_AFTER",
    "DEFAULT_TIMEOUT",
    "APIRequest",
    "AsyncTransport",
    "Envelope",
    "Pipeline",
    "ResponseCapture",
    "RetryMode",
    "Settings",
    "SyncTransport",
]

T = TypeVar("T")

logger = logging.getLogger("locally")

DEFAULT_BASE_URL = "https://www.locally.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RETRY_AFTER = 60.0
#: First backoff delay in seconds; doubles each attempt, with full jitter.
INITIAL_RETRY_DELAY = 0.5
#: Longest backoff delay in seconds between two attempts.
MAX_RETRY_DELAY = 8.0

TOKEN_HEADER = "Locally-API-Token"
SESSION_HEADER = "Locally-Api-Session-Id"
JWT_HEADER = "Locally-Pl-Jwt"
_SECRET_HEADERS = frozenset({TOKEN_HEADER.lower(), JWT_HEADER.lower()})
_RETRYABLE_STATUSES = frozenset({408, 409, 429})
# Failures that happen before a byte of the request left this machine: safe to retry even for
# a request that must never be sent twice.
_UNSENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Envelope(enum.Enum):
    """Which reply envelope an endpoint uses."""

    V2 = "v2"
    """Carts API v2: ``{"status": true|false, "message": ...}``."""
    HEADLESS = "headless"
    """Headless API: ``{"success": ..., "data": ..., "msg": ..., "error_code": ...}``."""


class RetryMode(enum.Enum):
    """Which failures a request may be retried after."""

    IDEMPOTENT = "idempotent"
    """Connection errors, 408, 409, 429 and 5xx: sending twice does no harm."""
    UNSENT_ONLY = "unsent_only"
    """Only failures before the request was sent; anything later is surfaced at once."""


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
    # Called with the decoded reply before ``parse``; headless sessions learn a rotated
    # session id through it.
    observe: Callable[[httpx.Response], None] | None = None


@dataclass(frozen=True)
class Settings:
    """Resolved client configuration, shared by a client and its ``with_options`` copies."""

    api_token: str = field(repr=False)
    base_url: httpx.URL
    timeout: httpx.Timeout
    max_retries: int
    max_retry_after: float
    default_headers: Mapping[str, str]

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)


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


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Read ``Retry-After`` (seconds or an HTTP date) as seconds from now; None if absent."""
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        if parsed is None:
            return None
        seconds = parsed.timestamp() - time.time()
    if math.isnan(seconds):
        return None
    return max(seconds, 0.0)


def _object(value: object) -> dict[str, object] | None:
    """``value`` as a JSON object, or None when it is something else."""
    return cast("dict[str, object]", value) if isinstance(value, dict) else None


def _decode_json(content: bytes) -> object | None:
    try:
        decoded: object = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None
    return decoded


class Pipeline:
    """Builds requests and interprets replies for both clients; performs no I/O."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Everything about a request that only depends on the settings is worked out once
        # here, not on every call: the shared headers, the URL prefix and the timeout dict.
        self._headers: dict[str, str] = {
            "Accept": "application/json",
            "User-Agent": user_agent(),
            **settings.default_headers,
        }
        self._headers_with_token = {**self._headers, TOKEN_HEADER: settings.api_token}
        self._url_prefix = str(settings.base_url).rstrip("/")
        self._timeout = settings.timeout.as_dict()

    # -- building ---------------------------------------------------------------------------

    def build(self, request: APIRequest[Any]) -> httpx.Request:
        """Turn an :class:`APIRequest` into the ``httpx.Request`` to send."""
        if request.headers:
            headers = {
                **self._headers,
                **request.headers,
                TOKEN_HEADER: self.settings.api_token,
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

    # -- interpreting -----------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """Remove the API token from ``text`` (a body an odd proxy may have echoed)."""
        token = self.settings.api_token
        return text.replace(token, REDACTED) if token else text

    def transport_error(
        self, request: APIRequest[Any], exc: httpx.TransportError, sent: httpx.Request
    ) -> APIError:
        """Map an httpx transport failure to the SDK's error for this request."""
        unsent = isinstance(exc, _UNSENT_ERRORS)
        error: APIConnectionError
        if isinstance(exc, httpx.TimeoutException):
            error = APITimeoutError(f"Request timed out ({type(exc).__name__}).", request=sent)
        else:
            error = APIConnectionError(
                f"Connection error ({type(exc).__name__}): {self.redact(str(exc)) or 'no detail'}",
                request=sent,
            )
        error.request_sent = not unsent
        if request.retry_mode is RetryMode.UNSENT_ONLY and not unsent:
            return self._outcome_unknown(sent, error)
        return error

    def _outcome_unknown(self, sent: httpx.Request, cause: APIError) -> OrderOutcomeUnknownError:
        return OrderOutcomeUnknownError(
            f"{sent.method} {sent.url.path} may or may not have been applied: {cause.message} "
            "It was not retried, because sending it twice could apply it twice (place the "
            "order twice). Retrieve the cart to see whether it went through before trying "
            "again.",
            request=sent,
            cause=cause,
        )

    def status_error(self, response: httpx.Response) -> APIStatusError:
        """Build the typed error for a reply with status 400 or more."""
        body = _decode_json(response.content)
        msg: str | None = None
        error_code: int | None = None
        fields = _object(body)
        if fields is not None:
            raw_msg = fields.get("msg") or fields.get("message")
            msg = self.redact(str(raw_msg)) if raw_msg else None
            raw_code = fields.get("error_code")
            if isinstance(raw_code, int) and not isinstance(raw_code, bool):
                error_code = raw_code
            elif isinstance(raw_code, str) and raw_code.isdigit():
                error_code = int(raw_code)
        elif response.content:
            body = self.redact(response.text[:2000])
        cls = status_error_class(response.status_code, error_code)
        parts = [f"HTTP {response.status_code} {response.reason_phrase or ''}".rstrip()]
        if msg:
            parts.append(msg)
        if error_code is not None:
            parts.append(f"(error_code {error_code})")
        request = response.request
        text = f"{request.method} {request.url.path}: " + " ".join(parts)
        return cls(
            text,
            response=response,
            body=body,
            error_code=error_code,
            msg=msg,
            retry_after=parse_retry_after(response.headers),
        )

    def handle(self, request: APIRequest[T], response: httpx.Response, retries: int) -> T:
        """Read a complete reply: return the parsed model or raise the matching error."""
        capture = _capture.get()
        if capture is not None:
            capture.http_response = response
            capture.retries_taken = retries
        if request.observe is not None:
            # Error replies carry state too (a rotated headless session id), so look first.
            request.observe(response)
        if response.status_code >= 400:
            error = self.status_error(response)
            if request.retry_mode is RetryMode.UNSENT_ONLY and isinstance(
                error, InternalServerError
            ):
                raise self._outcome_unknown(response.request, error)
            raise error
        content = response.content
        try:
            result = request.parse(content)
        except pydantic.ValidationError as exc:
            unparsable = self._unparsable(request, response, exc)
            if request.retry_mode is RetryMode.UNSENT_ONLY and isinstance(
                unparsable, APIResponseValidationError
            ):
                # A garbled success reply to an order means it was probably placed.
                raise self._outcome_unknown(response.request, unparsable) from None
            raise unparsable from None
        self._check_envelope(request, response, result)
        return result

    def _unparsable(
        self, request: APIRequest[Any], response: httpx.Response, exc: pydantic.ValidationError
    ) -> APIError:
        body = _decode_json(response.content)
        fields = _object(body)
        if fields is not None:
            # Failure replies omit most fields, so they do not validate as the success model.
            if request.envelope is Envelope.V2 and fields.get("status") is False:
                return self._result_error(response, body, fields.get("message"))
            if request.envelope is Envelope.HEADLESS and fields.get("success") is False:
                return self._cart_error(response, body)
        if body is None:
            detail = "the body is not JSON"
            body = self.redact(response.text[:2000])
        else:
            detail = f"the body does not match the documented shape ({exc.error_count()} errors)"
        return APIResponseValidationError(
            f"{response.request.method} {response.request.url.path}: HTTP "
            f"{response.status_code}, but {detail}.",
            response=response,
            body=body,
        )

    def _check_envelope(
        self, request: APIRequest[Any], response: httpx.Response, result: object
    ) -> None:
        if request.envelope is Envelope.V2 and getattr(result, "status", True) is False:
            raise self._result_error(
                response, _decode_json(response.content), getattr(result, "message", None)
            )
        if request.envelope is Envelope.HEADLESS and getattr(result, "success", True) is False:
            raise self._cart_error(response, _decode_json(response.content))

    def _result_error(
        self, response: httpx.Response, body: object, message: object
    ) -> APIResultError:
        reason = self.redact(str(message)) if message else "no reason given"
        path = response.request.url.path
        return APIResultError(
            f"{response.request.method} {path}: Locally answered status false: {reason}",
            response=response,
            body=body,
        )

    def _cart_error(self, response: httpx.Response, body: object) -> CartError:
        cart_error: str | None = None
        msg: object = None
        fields = _object(body)
        if fields is not None:
            msg = fields.get("msg")
            content = (_object(fields.get("data")) or {}).get("cart_content")
            raw = (_object(content) or {}).get("cart_error")
            if raw:
                cart_error = str(raw)
        reason = cart_error or (str(msg) if msg else "no reason given")
        return CartError(
            f"{response.request.method} {response.request.url.path}: cart error: {reason}",
            response=response,
            body=body,
            cart_error=cart_error,
        )

    # -- retrying ---------------------------------------------------------------------------

    def is_retryable(self, request: APIRequest[Any], exc: BaseException) -> bool:
        """Whether ``exc`` may be followed by another attempt of ``request``."""
        if isinstance(exc, APIConnectionError):
            if request.retry_mode is RetryMode.UNSENT_ONLY:
                return not exc.request_sent
            return True
        if request.retry_mode is RetryMode.UNSENT_ONLY or not isinstance(exc, APIStatusError):
            return False
        if exc.status_code not in _RETRYABLE_STATUSES and exc.status_code < 500:
            return False
        # A server that asks for a longer pause than we are willing to block for gets its
        # error surfaced at once, so the caller can schedule the retry instead of hanging.
        return exc.retry_after is None or exc.retry_after <= self.settings.max_retry_after

    def worth_retrying(self, request: APIRequest[Any], exc: BaseException) -> bool:
        """Whether the first attempt's failure ``exc`` leads to the retry loop at all."""
        return self.settings.max_retries > 0 and self.is_retryable(request, exc)

    def retry_policy(
        self, request: APIRequest[Any], sent: Callable[[], httpx.Request | None]
    ) -> dict[str, Any]:
        """Keyword arguments for ``tenacity.Retrying``/``AsyncRetrying`` for this request.

        The transports make the first attempt without tenacity (most calls succeed, and
        setting tenacity up costs more than the rest of the SDK's work on a call); only a
        retryable failure enters the loop, which then replays that failure as attempt 1 so
        that backoff, attempt numbers and logs are tenacity's own.
        """
        import tenacity

        settings = self.settings

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, APIStatusError) and exc.retry_after is not None:
                return exc.retry_after
            backoff = tenacity.wait_random_exponential(
                multiplier=INITIAL_RETRY_DELAY, max=MAX_RETRY_DELAY
            )
            return float(backoff(state))

        def before_sleep(state: tenacity.RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            wire = sent()
            logger.info(
                "Retrying %s %s in %.2fs (attempt %d of %d) after: %s",
                request.method,
                wire.url.path if wire is not None else request.path,
                state.upcoming_sleep,
                state.attempt_number + 1,
                settings.max_retries + 1,
                exc,
            )

        return {
            "stop": tenacity.stop_after_attempt(settings.max_retries + 1),
            "retry": tenacity.retry_if_exception(lambda exc: self.is_retryable(request, exc)),
            "wait": wait,
            "before_sleep": before_sleep,
            "reraise": True,
        }

    # -- logging ----------------------------------------------------------------------------

    def log_request(self, sent: httpx.Request) -> None:
        """Log an outgoing request at DEBUG, secrets redacted."""
        if logger.isEnabledFor(logging.DEBUG):
            headers = {
                name: (REDACTED if name.lower() in _SECRET_HEADERS else value)
                for name, value in sent.headers.items()
            }
            logger.debug("Request: %s %s headers=%s", sent.method, sent.url, headers)

    def log_response(self, response: httpx.Response, elapsed: float) -> None:
        """Log a reply at DEBUG."""
        if logger.isEnabledFor(logging.DEBUG):
            request = response.request
            logger.debug(
                "Response: %s %s -> %d in %.1f ms (%d bytes)",
                request.method,
                request.url,
                response.status_code,
                elapsed * 1000,
                len(response.content),
            )


def _unbind_stream(response: httpx.Response) -> None:
    """Break the reference cycle httpx's client leaves between a read response and its stream.

    ``Client.send`` wraps the stream in one that points back at the response, so a response
    (and its body) is freed only by the cyclic garbage collector, not when the SDK drops it.
    Over a walk of thousands of pages that holds many page bodies at once; the body is already
    read, so an equivalent stream over the same bytes replaces the bound one.
    """
    response.stream = httpx.ByteStream(response.content)


class _Attempts:
    """Remembers the last request sent, for retry logs."""

    def __init__(self) -> None:
        self.last: httpx.Request | None = None

    def get(self) -> httpx.Request | None:
        return self.last


class SyncTransport:
    """Sends requests for :class:`~locally.Locally` with a blocking ``httpx.Client``."""

    def __init__(self, pipeline: Pipeline, http_client: httpx.Client, *, owns_client: bool) -> None:
        self.pipeline = pipeline
        self.http_client = http_client
        self.owns_client = owns_client

    def request(self, request: APIRequest[T]) -> T:
        """Send ``request`` with retries and return its parsed reply."""
        attempts = _Attempts()
        try:
            return self._send(request, attempts, 0)
        except Exception as exc:
            if not self.pipeline.worth_retrying(request, exc):
                raise
            first_failure = exc
        return self._retry(request, attempts, first_failure)

    def _retry(self, request: APIRequest[T], attempts: _Attempts, first_failure: Exception) -> T:
        import tenacity

        retrying = tenacity.Retrying(
            sleep=time.sleep, **self.pipeline.retry_policy(request, attempts.get)
        )
        for attempt in retrying:
            with attempt:
                number = attempt.retry_state.attempt_number
                if number == 1:
                    raise first_failure
                return self._send(request, attempts, number - 1)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _send(self, request: APIRequest[T], attempts: _Attempts, retries: int) -> T:
        pipeline = self.pipeline
        sent = pipeline.build(request)
        attempts.last = sent
        pipeline.log_request(sent)
        started = time.perf_counter()
        try:
            response = self.http_client.send(sent)
        except httpx.TransportError as exc:
            raise pipeline.transport_error(request, exc, sent) from exc
        pipeline.log_response(response, time.perf_counter() - started)
        _unbind_stream(response)
        return pipeline.handle(request, response, retries)

    def close(self) -> None:
        """Close the connection pool if this transport created it."""
        if self.owns_client:
            self.http_client.close()


class AsyncTransport:
    """Sends requests for :class:`~locally.AsyncLocally` with an ``httpx.AsyncClient``."""

    def __init__(
        self, pipeline: Pipeline, http_client: httpx.AsyncClient, *, owns_client: bool
    ) -> None:
        self.pipeline = pipeline
        self.http_client = http_client
        self.owns_client = owns_client

    async def request(self, request: APIRequest[T]) -> T:
        """Send ``request`` with retries and return its parsed reply."""
        attempts = _Attempts()
        try:
            return await self._send(request, attempts, 0)
        except Exception as exc:
            if not self.pipeline.worth_retrying(request, exc):
                raise
            first_failure = exc
        return await self._retry(request, attempts, first_failure)

    async def _retry(
        self, request: APIRequest[T], attempts: _Attempts, first_failure: Exception
    ) -> T:
        import anyio
        import tenacity

        retrying = tenacity.AsyncRetrying(
            sleep=anyio.sleep, **self.pipeline.retry_policy(request, attempts.get)
        )
        async for attempt in retrying:
            with attempt:
                number = attempt.retry_state.attempt_number
                if number == 1:
                    raise first_failure
                return await self._send(request, attempts, number - 1)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _send(self, request: APIRequest[T], attempts: _Attempts, retries: int) -> T:
        pipeline = self.pipeline
        sent = pipeline.build(request)
        attempts.last = sent
        pipeline.log_request(sent)
        started = time.perf_counter()
        try:
            response = await self.http_client.send(sent)
        except httpx.TransportError as exc:
            raise pipeline.transport_error(request, exc, sent) from exc
        pipeline.log_response(response, time.perf_counter() - started)
        _unbind_stream(response)
        return pipeline.handle(request, response, retries)

    async def aclose(self) -> None:
        """Close the connection pool if this transport created it."""
        if self.owns_client:
            await self.http_client.aclose()
