"""The fake's own request budget: answers 429 with ``Retry-After`` once it is spent.

Locally allows 1,000 requests a minute per API key; ``FakeLocally(rate_limit="20/second")``
enforces a (scaled-down) budget the same way, over one moving window for every request it
receives, so a test can show that a client stays under it.
"""

from __future__ import annotations

import threading
import time

import httpx

__all__ = ["FakeRateLimit"]


class FakeRateLimit:
    """A moving window of ``limit`` requests, counted when they reach the fake."""

    def __init__(self, rate_limit: str) -> None:
        import limits
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self._item = limits.parse(rate_limit)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._lock = threading.Lock()
        #: Requests let through.
        self.allowed = 0
        #: Requests answered 429 because the budget was spent.
        self.refused = 0

    @property
    def limit(self) -> str:
        """The budget, as ``limits`` spells it (``"20 per 1 second"``)."""
        return str(self._item)

    def refusal(self, request: httpx.Request) -> httpx.Response | None:
        """Count ``request``; a 429 reply when it is over the budget, None when it may pass."""
        with self._lock:
            if self._limiter.hit(self._item, "fake"):
                self.allowed += 1
                return None
            self.refused += 1
            reset = self._limiter.get_window_stats(self._item, "fake").reset_time
        wait = max(reset - time.time(), 0.001)
        return httpx.Response(
            429,
            json={"status": False, "message": f"Rate limit of {self.limit} exceeded"},
            headers={"Retry-After": f"{wait:.3f}"},
        )
