"""When a failed request is tried again, and how long the client waits first.

Retried: connection errors, 408, 409, 429 and 5xx, with exponential backoff and full jitter
(tenacity's ``wait_random_exponential``), or exactly the server's ``Retry-After``.  A request
that must never be sent twice (:attr:`RetryMode.UNSENT_ONLY`, placing an order) is retried
only after failures that happened before it left this machine.
"""

from __future__ import annotations

import email.utils
import enum
import math
import time
from typing import TYPE_CHECKING

import httpx

from . import _constants
from ._api_errors import APIConnectionError, APIStatusError

if TYPE_CHECKING:
    import tenacity

__all__ = [
    "RETRYABLE_STATUSES",
    "UNSENT_ERRORS",
    "RetryMode",
    "RetryPolicy",
    "parse_retry_after",
]

#: Statuses below 500 that are worth another attempt; every 5xx is too.
RETRYABLE_STATUSES = frozenset({408, 409, 429})
#: httpx failures that happen before the request left this machine: safe to retry even for a
#: request that must never be sent twice.  A ``LocalProtocolError`` is this side refusing to
#: write something malformed, so the server never received a complete request.
UNSENT_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.LocalProtocolError,
)


class RetryMode(enum.Enum):
    """Which failures a request may be retried after."""

    IDEMPOTENT = "idempotent"
    """Connection errors, 408, 409, 429 and 5xx: sending twice does no harm."""
    UNSENT_ONLY = "unsent_only"
    """Only failures before the request was sent; anything later is surfaced at once."""


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Read ``Retry-After`` (seconds or an HTTP date) as seconds from now.

    None when it is absent or unreadable ("soon", an impossible date, an endless number):
    the server then said nothing usable, and the usual backoff applies.
    """
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    if not raw or not raw.isascii():
        return None
    seconds: float | None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = _seconds_until(raw)
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def _seconds_until(http_date: str) -> float | None:
    """Seconds from now until an HTTP date; None if it is not one a calendar has."""
    try:
        when = email.utils.parsedate_to_datetime(http_date)
        return when.timestamp() - time.time()
    except (ValueError, TypeError, OverflowError, IndexError):
        return None


class RetryPolicy:
    """Decides, after each failure, whether to try again and after how long.

    Args:
        max_retries: Retries allowed after the first attempt.
        max_retry_after: The longest ``Retry-After`` waited out; a longer one is raised at
            once, so the caller can schedule the retry instead of blocking.
        initial_delay: The first backoff delay in seconds, doubling with each retry (full
            jitter, capped at ``MAX_RETRY_DELAY``); 0 retries at once.  A ``Retry-After`` is
            waited out exactly, whatever this is.
    """

    def __init__(
        self,
        *,
        max_retries: int,
        max_retry_after: float,
        initial_delay: float = _constants.INITIAL_RETRY_DELAY,
    ) -> None:
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.initial_delay = initial_delay
        self._retrying: tenacity.Retrying | None = None

    def retryable(self, mode: RetryMode, exc: BaseException) -> bool:
        """Whether ``exc`` may be followed by another attempt of a request in ``mode``."""
        if isinstance(exc, APIConnectionError):
            return mode is RetryMode.IDEMPOTENT or not exc.request_sent
        if mode is RetryMode.UNSENT_ONLY or not isinstance(exc, APIStatusError):
            return False
        if exc.status_code not in RETRYABLE_STATUSES and exc.status_code < 500:
            return False
        return exc.retry_after is None or exc.retry_after <= self.max_retry_after

    def why_not_waited(self, mode: RetryMode, exc: BaseException, retries_taken: int) -> str | None:
        """Say why ``exc`` is raised rather than retried, when ``Retry-After`` is the reason.

        That is: it would have been retried, but the server asked for a longer wait than
        ``max_retry_after``.  None for every other failure.
        """
        if not isinstance(exc, APIStatusError) or exc.retry_after is None:
            return None
        if mode is not RetryMode.IDEMPOTENT or retries_taken >= self.max_retries:
            return None
        if exc.status_code not in RETRYABLE_STATUSES and exc.status_code < 500:
            return None
        if exc.retry_after <= self.max_retry_after:
            return None
        return (
            f"Retry-After asked for {exc.retry_after:g} s, longer than max_retry_after "
            f"({self.max_retry_after:g} s), so the client did not wait it out: retry later, "
            "or raise max_retry_after to let the client wait."
        )

    def delay_before_retry(
        self, mode: RetryMode, exc: BaseException, retries_taken: int
    ) -> float | None:
        """Seconds to wait before retrying after ``exc``; None when it must not be retried.

        ``retries_taken`` counts the retries already made (0 after the first attempt).
        """
        if retries_taken >= self.max_retries or not self.retryable(mode, exc):
            return None
        if isinstance(exc, APIStatusError) and exc.retry_after is not None:
            return exc.retry_after
        return self._exponential(retries_taken + 1)

    def _exponential(self, attempt_number: int) -> float:
        """Tenacity's jittered exponential wait before attempt ``attempt_number + 1``."""
        if self.initial_delay == 0:
            return 0.0
        # Imported on the first retry only: most calls never need it, and building a
        # tenacity loop for every call cost more than the rest of the SDK's work on it.
        import tenacity

        if self._retrying is None:
            self._retrying = tenacity.Retrying(
                wait=tenacity.wait_random_exponential(
                    multiplier=self.initial_delay, max=_constants.MAX_RETRY_DELAY
                )
            )
        state = tenacity.RetryCallState(self._retrying, fn=None, args=(), kwargs={})
        state.attempt_number = attempt_number
        return float(self._retrying.wait(state))
