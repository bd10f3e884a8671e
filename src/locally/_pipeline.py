"""Everything about a request that needs no I/O: building it, and reading what came back.

:class:`Pipeline` builds the ``httpx.Request`` (base URL, ``Locally-API-Token``, session
headers, timeout), says how long an attempt may last and how big a body may be, and turns a
reply, or the way it failed, into the parsed model or the SDK's error
(:mod:`locally._responses`).  The transports in :mod:`locally._transport` only send, read,
sleep and loop, so whatever httpx transport carries the bytes, the same rules apply.
"""

from __future__ import annotations

import base64
import contextvars
import datetime as _dt
import platform
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from . import _json
from ._api_errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    InternalServerError,
    OrderOutcomeUnknownError,
    RedirectError,
    ResponseTooLargeError,
)
from ._body import BodyError, BodyReader, BodyTimedOut, BodyTooLarge
from ._constants import ACCEPT_ENCODING, API_TOKEN_HEADER
from ._errors import LocallyError, RequestValidationError
from ._logs import log_retry
from ._responses import Envelope, ReplyReader
from ._retry import UNSENT_ERRORS, RetryMode, RetryPolicy
from ._settings import Settings
from ._version import __version__

__all__ = [
    "APIRequest",
    "Envelope",
    "Pipeline",
    "ResponseCapture",
    "RetryMode",
    "capture_responses",
    "read_already",
    "stop_capturing",
    "user_agent",
]

T = TypeVar("T")

# What a header value sent by the SDK may hold: visible ASCII, spaces and tabs inside.
_SAFE_HEADER_VALUE = re.compile(r"[\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?")


@dataclass(frozen=True)
class APIRequest(Generic[T]):
    """A request described without I/O: what to send and how to read the reply."""

    method: str
    path: str
    parse: Callable[[bytes], T]
    params: Mapping[str, str] | None = None
    body: object = None
    # Not in repr(): a session id and a cart JWT travel here, and error trackers that record
    # the local variables of a traceback show them through repr().
    headers: Mapping[str, str] = field(default_factory=dict[str, str], repr=False)
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


def read_already(response: httpx.Response) -> bytes | None:
    """The decoded body of a response its transport read before handing it over, else None."""
    if not response.is_stream_consumed:
        return None  # the common case, told without raising ResponseNotRead
    try:
        return response.content
    except httpx.ResponseNotRead:
        return None


def _basic_auth(url: httpx.URL) -> str:
    """The ``Authorization`` value for the user and password in a base URL."""
    pair = f"{url.username}:{url.password}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


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
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": user_agent(),
        }
        base = settings.base_url
        if base.userinfo:
            # Credentials in a base URL travel as a header (redacted like the token), so no
            # URL the SDK logs or keeps on an error ever holds the password.
            self._headers["Authorization"] = _basic_auth(base)
            base = base.copy_with(username=None, password=None)
        self._headers.update(settings.default_headers)
        self._headers_with_token = {**self._headers, API_TOKEN_HEADER: settings.api_token}
        self._url_prefix = str(base).rstrip("/")
        self._timeout = settings.timeout.as_dict()
        limits = [seconds for seconds in self._timeout.values() if seconds is not None]
        #: The longest an attempt may take, body included: the largest of its timeouts.
        self.attempt_seconds: float | None = max(limits) if limits else None

    def build(self, request: APIRequest[Any]) -> httpx.Request:
        """Turn an :class:`APIRequest` into the ``httpx.Request`` to send."""
        if request.headers:
            for name, value in request.headers.items():
                if not isinstance(value, str) or not _SAFE_HEADER_VALUE.fullmatch(value):
                    # Checked here, before anything is sent: httpx or h11 would refuse it
                    # mid-send, where it would look like a request that may have landed.
                    raise RequestValidationError(
                        f"the {name} header must be visible ASCII text", field=name
                    )
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

    def deadline(self, started: float) -> float | None:
        """The :func:`time.monotonic` time by which an attempt begun at ``started`` must end."""
        return None if self.attempt_seconds is None else started + self.attempt_seconds

    def early_body(self, response: httpx.Response) -> bytes | None:
        """The body of a reply its transport read before handing it over, size checked.

        An ``httpx.MockTransport`` handler's ``Response(content=...)`` arrives read and
        decoded, with its headers; None for a reply still to be streamed.
        """
        content = read_already(response)
        if content is not None and len(content) > self.settings.max_response_bytes:
            raise BodyTooLarge(f"the body is larger than {self.settings.max_response_bytes} bytes")
        return content

    def body_reader(self, response: httpx.Response, started: float) -> BodyReader:
        """A reader for ``response``'s streamed body, within the size limit and the deadline."""
        return BodyReader(
            response.headers.get("content-encoding"),
            limit=self.settings.max_response_bytes,
            deadline=self.deadline(started),
        )

    def finish(self, response: httpx.Response, content: bytes, elapsed: float) -> httpx.Response:
        """The reply as a read response holding the decoded ``content``.

        Without a content coding (nearly every reply) the response itself is completed: one
        its transport read already is returned as it is, and one the SDK streamed is given
        its body back to read, which costs far less than building a new response.
        """
        headers = response.headers
        if "content-encoding" not in headers:
            if read_already(response) is None:
                response.stream = httpx.ByteStream(content)
                response.is_stream_consumed = False
                response.is_closed = False
                response.read()
            else:
                # A reply read by its transport was never closed by httpx, which would have
                # timed it then.
                response.elapsed = _dt.timedelta(seconds=elapsed)
            return response
        # The body is already decoded; the header would make httpx decode it again.
        headers = httpx.Headers(
            [
                (name, value)
                for name, value in headers.raw
                if name.lower() not in (b"content-encoding", b"content-length")
            ]
        )
        reply = httpx.Response(
            response.status_code,
            headers=headers,
            content=content,
            request=response.request,
            extensions=response.extensions,
        )
        try:
            reply.elapsed = response.elapsed
        except RuntimeError:  # httpx sets it when the stream closes; not every path closes it
            reply.elapsed = _dt.timedelta(seconds=elapsed)
        return reply

    def connection_error(
        self, request: APIRequest[Any], exc: Exception, sent: httpx.Request
    ) -> APIError:
        """Map a transport failure (or a reply head httpx could not process) to the SDK's error."""
        unsent = isinstance(exc, UNSENT_ERRORS)
        where = _host_and_port(sent.url)
        error: APIConnectionError
        if isinstance(exc, httpx.TimeoutException):
            error = APITimeoutError(
                f"Request to {where} timed out ({type(exc).__name__}).", request=sent
            )
        else:
            detail = str(exc) or "no detail"
            error = APIConnectionError(
                f"Connection error talking to {where} ({type(exc).__name__}): {detail}",
                request=sent,
            )
        error.request_sent = not unsent
        return self._maybe_unknown(request, sent, error, sent=not unsent)

    def body_error(
        self, request: APIRequest[Any], response: httpx.Response, exc: BodyError, elapsed: float
    ) -> APIError:
        """Map a body that could not be read whole to the SDK's error for this request."""
        sent = response.request
        if isinstance(exc, BodyTimedOut):
            error = APITimeoutError(
                f"Request to {_host_and_port(sent.url)} timed out: the reply's body was still "
                f"arriving after {elapsed:.1f} s, beyond the client's timeout of "
                f"{self.attempt_seconds or 0:g} s.",
                request=sent,
            )
            return self._maybe_unknown(request, sent, error, sent=True)
        limit = self.settings.max_response_bytes
        if isinstance(exc, BodyTooLarge):
            why = (
                f"the body is larger than max_response_bytes ({limit:,} bytes decoded); reading "
                f"stopped there. Raise max_response_bytes= if a genuine reply needs more."
            )
        else:
            why = f"the body could not be decoded: {exc}"
        # The status line and headers arrived whole: an error status still says what happened.
        headers_only = self.finish(response, b"", elapsed)
        if response.status_code >= 300:
            return self.reply_error(request, headers_only, note=why)
        failure: APIError
        message = f"{sent.method} {sent.url.path}: HTTP {response.status_code}, but {why}"
        if isinstance(exc, BodyTooLarge):
            failure = ResponseTooLargeError(message, response=headers_only, limit=limit)
        else:
            failure = APIResponseValidationError(message, response=headers_only)
        return self._maybe_unknown(request, sent, failure, sent=True)

    def reply_error(
        self, request: APIRequest[Any], response: httpx.Response, note: str = ""
    ) -> APIError:
        """The error for a reply that is not a success: a redirect or a status of 400 or more."""
        error: APIError
        if response.status_code < 400:
            error = self.replies.redirect_error(response)
        else:
            error = self.replies.status_error(response, request.envelope, note)
        if isinstance(error, (RedirectError, InternalServerError)):
            return self._maybe_unknown(request, response.request, error, sent=True)
        return error

    def _maybe_unknown(
        self, request: APIRequest[Any], sent_request: httpx.Request, error: APIError, *, sent: bool
    ) -> APIError:
        """``error``, or for a request that must not be repeated, its outcome unknown."""
        if not sent or request.retry_mode is not RetryMode.UNSENT_ONLY:
            return error
        return OrderOutcomeUnknownError(
            f"{sent_request.method} {sent_request.url.path} may or may not have been applied: "
            f"{error.message} It was not retried, because sending it twice could "
            f"{request.action} twice. {request.outcome_hint}",
            request=sent_request,
            cause=error,
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
        status = response.status_code
        if status >= 300:
            raise self.reply_error(request, response)
        if status < 200:
            detail = f"HTTP {status} is not a final reply"
            raise self._maybe_unknown(
                request, response.request, self.replies.invalid(response, detail), sent=True
            )
        failure: APIError
        try:
            return self.parse(request, response)
        except APIResponseValidationError as exc:
            # A garbled success reply to an order means it was probably placed.
            failure = self._maybe_unknown(request, response.request, exc, sent=True)
        raise failure


def _host_and_port(url: httpx.URL) -> str:
    """``host:port`` of ``url``, with the scheme's default port written out."""
    port = url.port or (443 if url.scheme == "https" else 80)
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{host}:{port}"
