"""``locally listen --forward-to``: send each event to a receiver exactly as Locally would.

The body is the event's webhook body byte for byte, the method ``POST`` (``PUT`` for an
automatic rejection), the secret goes in ``locally-webhook-token``.  The API token never goes
to the receiver: this is a separate HTTP client with its own headers.

While the receiver is down (connection refused, timeouts, HTTP 408, 429 or 5xx) the event is
sent again with backoff (tenacity), for as long as it takes.  Any other answer of 400 or more
means the receiver refuses the event: :class:`ReceiverRefusedError` stops the listener without
acknowledging it, so it is sent again once the receiver is fixed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import tenacity

from .._constants import WEBHOOK_TOKEN_HEADER
from .._errors import LocallyError
from .._version import __version__
from ..watch import WatchEvent

__all__ = ["Forwarder", "ReceiverRefusedError"]

_TRANSIENT_STATUSES = frozenset({408, 429})


class ReceiverRefusedError(LocallyError):
    """The receiver answered an event with an HTTP status that retrying will not change."""


class _ReceiverDown(Exception):
    """The receiver could not take the event now; send it again later."""


class Forwarder:
    """Posts events to one receiver URL with the webhook secret, retrying while it is down.

    Args:
        url: The receiver, for example ``http://127.0.0.1:8000/locally/webhook``.
        secret: Sent in ``locally-webhook-token``; never printed.
        on_wait: Called with the reason and the seconds about to be waited before a retry.
        busy: Set to True while a request is on its way, False while waiting; the listener's
            signal handler reads it to decide between finishing the event and stopping now.
        timeout: Seconds for each attempt.
        max_wait: The longest wait between two attempts.
    """

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        on_wait: Callable[[str, float], None],
        busy: Callable[[bool], None],
        timeout: float = 10.0,
        max_wait: float = 30.0,
    ) -> None:
        self.url = url
        self._headers = {
            "Content-Type": "application/json",
            "User-Agent": f"locally-listen/{__version__}",
            WEBHOOK_TOKEN_HEADER: secret,
        }
        self._client = httpx.Client(timeout=timeout)
        self._on_wait = on_wait
        self._busy = busy
        self._retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_ReceiverDown),
            wait=tenacity.wait_random_exponential(multiplier=0.5, max=max_wait),
            before=lambda _: busy(True),
            before_sleep=self._waiting,
            sleep=time.sleep,
            reraise=True,
        )

    def _waiting(self, state: tenacity.RetryCallState) -> None:
        self._busy(False)
        outcome = state.outcome
        reason = str(outcome.exception()) if outcome is not None else "unknown"
        delay = state.upcoming_sleep
        self._on_wait(reason, delay)

    def deliver(self, event: WatchEvent) -> int:
        """Send ``event`` until the receiver takes it; its HTTP status (2xx)."""
        request = event.as_webhook()
        try:
            status: int = self._retrying(self._send, request.method, request.body, event)
        finally:
            self._busy(False)
        return status

    def _send(self, method: str, body: bytes, event: WatchEvent) -> int:
        try:
            response = self._client.request(method, self.url, content=body, headers=self._headers)
        except httpx.TransportError as exc:
            raise _ReceiverDown(f"{type(exc).__name__}") from None
        status = response.status_code
        if status < 400:
            return status
        if status in _TRANSIENT_STATUSES or status >= 500:
            raise _ReceiverDown(f"HTTP {status}")
        raise ReceiverRefusedError(
            f"the receiver answered HTTP {status} to {event.kind} {event.id} (cart "
            f"{event.cart_hash}); it was not acknowledged and will be sent again after you fix "
            "the receiver and run locally listen again"
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()
