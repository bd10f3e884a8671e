"""Scriptable failures for :class:`~locally.testing.FakeLocally`.

A fault matches requests by route (``"GET /api/v2/carts*"``, shell-style) and applies to the
next ``next`` of them (or to every one when ``next=None``).  :meth:`FaultPlan.apply` turns the
fake's answer into a :class:`Delivery` (what to reply and how); the loopback server delivers
it over a socket and :func:`deliver_in_process` without one, so a test can inject a 503 burst,
a dropped connection or a slow body either way.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import httpx

from .._errors import RequestValidationError

__all__ = ["Delivery", "DeliveryMode", "Fault", "FaultPlan", "deliver_in_process"]

#: Computes the fake's reply to a request (called only when a fault lets the request through).
Answer = Callable[[httpx.Request], httpx.Response]
#: A latency: fixed seconds, a ``(low, high)`` uniform range, or a callable returning seconds.
Latency = float | tuple[float, float] | Callable[[], float]


class DeliveryMode(str, Enum):
    """How a reply reaches the client."""

    NORMAL = "normal"
    """The whole reply, at once."""
    DROP_BEFORE_RESPONSE = "drop_before_response"
    """The connection closes before any byte of the reply (the request was processed)."""
    DROP_MID_BODY = "drop_mid_body"
    """Headers and half the body are sent, then the connection closes."""
    SLOW_BODY = "slow_body"
    """The body trickles out over ``slow_seconds``."""


@dataclass
class Delivery:
    """What the fake decided to answer and how to deliver it."""

    response: httpx.Response
    mode: DeliveryMode = DeliveryMode.NORMAL
    latency: float = 0.0
    slow_seconds: float = 0.0


@dataclass
class Fault:
    """One scripted failure; see :meth:`FaultPlan.fail` and friends for the kinds."""

    kind: str
    route: str = "*"
    remaining: int | None = 1
    status: int = 503
    retry_after: float | None = None
    seconds: float = 0.0
    latency: Latency = 0.0
    hits: int = field(default=0)
    #: For ``at_random``: the share of matching requests that fail, and the dice.
    rate: float = 0.0
    rng: random.Random | None = field(default=None, repr=False)

    def matches(self, request: httpx.Request) -> bool:
        """Whether this fault applies to ``request``."""
        return fnmatch.fnmatchcase(f"{request.method} {request.url.path}", self.route)


def _seconds(latency: Latency) -> float:
    if callable(latency):
        return max(0.0, float(latency()))
    if isinstance(latency, tuple):
        low, high = latency
        return random.uniform(low, high)
    return float(latency)


#: What ``at_random`` picks from, equally often.
_RANDOM_FAULTS = (
    Fault("status", status=503),
    Fault("status", status=429, retry_after=0.1),
    Fault("drop"),
    Fault("truncate"),
)


def _draw(fault: Fault) -> Fault | None:
    """For an ``at_random`` fault: the fault this request gets, or None to let it through."""
    rng = fault.rng or random.Random()
    if rng.random() >= fault.rate:
        return None
    return rng.choice(_RANDOM_FAULTS)


class FaultPlan:
    """The failures scripted for a fake; reach it as ``fake.faults``.

    Example:
        >>> from locally.testing import FakeLocally
        >>> fake = FakeLocally(generated_carts=0)
        >>> _ = fake.faults.fail(next=2, status=503)
        >>> _ = fake.faults.fail(status=429, retry_after=1, route="GET /api/v2/carts*")
    """

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def _add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def fail(
        self,
        *,
        next: int | None = 1,
        status: int = 503,
        retry_after: float | None = None,
        route: str = "*",
    ) -> Fault:
        """Answer the next ``next`` matching requests with ``status`` (JSON error body)."""
        return self._add(Fault("status", route, next, status=status, retry_after=retry_after))

    def html_error(self, *, next: int | None = 1, status: int = 502, route: str = "*") -> Fault:
        """Answer with an HTML error page, as a proxy or load balancer would."""
        return self._add(Fault("html", route, next, status=status))

    def truncate(self, *, next: int | None = 1, route: str = "*") -> Fault:
        """Answer 200 with the JSON body cut in half (a complete HTTP message)."""
        return self._add(Fault("truncate", route, next))

    def drop(
        self,
        *,
        next: int | None = 1,
        mid_body: bool = False,
        processed: bool = True,
        route: str = "*",
    ) -> Fault:
        """Drop the connection before the reply (or mid-body).

        By default the request was processed first, as when a reply is lost on its way back;
        with ``processed=False`` the connection drops before the fake acts on it, so nothing
        changed.  The client sees the same failure either way.
        """
        if not processed:
            if mid_body:
                raise RequestValidationError(
                    "mid_body=True needs a reply, which processed=False never makes",
                    field="processed",
                    value=processed,
                )
            return self._add(Fault("drop_unprocessed", route, next))
        return self._add(Fault("drop_mid" if mid_body else "drop", route, next))

    def slow_body(self, seconds: float, *, next: int | None = 1, route: str = "*") -> Fault:
        """Deliver the reply's body slowly, over ``seconds``."""
        return self._add(Fault("slow", route, next, seconds=seconds))

    def latency(self, latency: Latency, *, next: int | None = None, route: str = "*") -> Fault:
        """Delay matching replies: fixed seconds, a ``(low, high)`` range, or a callable."""
        return self._add(Fault("latency", route, next, latency=latency))

    def at_random(self, rate: float, *, seed: int | None = None, route: str = "*") -> Fault:
        """Fail about ``rate`` (0 to 1) of matching requests, each with a fault drawn at random.

        The faults drawn are those a flaky network and a busy server produce: HTTP 503, HTTP
        429 with ``Retry-After: 0.1``, a connection dropped before the reply, and a truncated
        JSON body.  ``seed`` makes the draws repeatable.  Applies until :meth:`clear`.
        """
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {rate!r}")
        return self._add(Fault("random", route, None, rate=rate, rng=random.Random(seed)))

    def clear(self) -> None:
        """Remove every scripted fault."""
        with self._lock:
            self._faults.clear()

    def take(self, request: httpx.Request) -> tuple[Fault | None, float]:
        """Consume the first failure matching ``request``; also return the latency to add."""
        failure: Fault | None = None
        latency = 0.0
        with self._lock:
            for fault in list(self._faults):
                if not fault.matches(request):
                    continue
                if fault.kind == "latency":
                    latency += _seconds(fault.latency)
                elif fault.kind == "random":
                    drawn = _draw(fault) if failure is None else None
                    if drawn is None:
                        continue
                    failure = drawn
                elif failure is None:
                    failure = fault
                else:
                    continue
                fault.hits += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
        return failure, latency

    def apply(self, request: httpx.Request, answer: Answer) -> Delivery:
        """Consume the faults matching ``request`` and decide what to reply, and how.

        ``answer`` runs unless a status, HTML or unprocessed-drop fault replaces the reply, so
        a request the server "fails" changes nothing, while one dropped (by default) or
        truncated has been processed.
        """
        fault, latency = self.take(request)
        kind = fault.kind if fault is not None else None
        if fault is not None and kind == "status":
            headers = {"Content-Type": "application/json"}
            if fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
            body = {"status": False, "success": False, "message": "Injected failure"}
            response = httpx.Response(fault.status, json=body, headers=headers)
            return Delivery(response, latency=latency)
        if fault is not None and kind == "html":
            page = f"<html><body><h1>{fault.status} Bad Gateway</h1></body></html>"
            html = httpx.Response(fault.status, text=page, headers={"Content-Type": "text/html"})
            return Delivery(html, latency=latency)
        if kind == "drop_unprocessed":
            # Never answered, so never processed: the reply below is only a placeholder.
            unanswered = httpx.Response(500)
            return Delivery(unanswered, mode=DeliveryMode.DROP_BEFORE_RESPONSE, latency=latency)
        response = answer(request)
        if kind == "truncate":
            cut = response.content[: len(response.content) // 2]
            response = httpx.Response(response.status_code, content=cut, headers=response.headers)
        mode = {
            "drop": DeliveryMode.DROP_BEFORE_RESPONSE,
            "drop_mid": DeliveryMode.DROP_MID_BODY,
            "slow": DeliveryMode.SLOW_BODY,
        }.get(kind or "", DeliveryMode.NORMAL)
        slow = fault.seconds if fault is not None else 0.0
        return Delivery(response, mode=mode, latency=latency, slow_seconds=slow)


def deliver_in_process(request: httpx.Request, delivery: Delivery) -> httpx.Response:
    """The reply an in-process transport returns for ``delivery``; waiting is the caller's.

    Raises:
        httpx.RemoteProtocolError: For a dropped connection, as httpx raises over a socket.
    """
    if delivery.mode is DeliveryMode.DROP_BEFORE_RESPONSE:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    if delivery.mode is DeliveryMode.DROP_MID_BODY:
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body", request=request
        )
    return delivery.response
