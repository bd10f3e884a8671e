"""Keeping a client under Locally's request budget: wait for a slot instead of drawing a 429.

Locally allows 1,000 requests a minute per API key (``locally-docs/05``).  A
:class:`RateLimiter` counts every request a client sends (retries included) in a moving window
kept by the ``limits`` package, and makes a request wait when the window is full.  One limiter
is shared by a client, its ``with_options`` copies and every task or thread using them; with
``rate_limit_storage="redis://host:port"`` the window lives in Redis, so every process of a
fleet that uses the same token draws on one budget.

The window is keyed by a digest of the API token, never the token itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any

import httpx

from ._errors import ConfigurationError, LocallyError, RateLimiterError
from ._logs import logger

if TYPE_CHECKING:
    # Imported when first used: ``import locally`` stays as cheap as before (docs/benchmarks.md).
    import asyncio

    import limits

__all__ = [
    "AUTO",
    "DEFAULT_RATE_LIMIT",
    "DEFAULT_RATE_LIMIT_STORAGE",
    "LOCALLY_HOST",
    "RateLimiter",
    "rate_limiter_for",
]

#: ``rate_limit="auto"`` (the default): Locally's documented budget when the client talks to
#: Locally's own host, none otherwise (a fake, a proxy, a staging server).
AUTO = "auto"
#: Locally's documented budget per API key.
DEFAULT_RATE_LIMIT = "1000/minute"
#: Where the window is kept unless ``rate_limit_storage`` says otherwise: this process.
DEFAULT_RATE_LIMIT_STORAGE = "memory://"
#: The host ``rate_limit="auto"`` turns the limit on for.
LOCALLY_HOST = "www.locally.com"
#: A freed slot is reused this fraction of the window after it frees (1.2 s of a minute): a
#: request sent just outside the window here must not arrive just inside it at Locally's
#: because the request before it travelled faster.
SLOT_MARGIN = 0.02

_STORAGE_SCHEMES = frozenset({"memory", "redis", "rediss"})


def _redacted(uri: str) -> str:
    """``uri`` without its password (``redis://:secret@host`` becomes ``redis://:***@host``)."""
    url = httpx.URL(uri)
    return str(url.copy_with(password="***")) if url.password else uri


class RateLimiter:
    """One request budget: ``limit`` requests per moving window, waited for when spent.

    Built by the client from ``rate_limit`` and ``rate_limit_storage``; reach it as
    ``client.rate_limiter`` to see how long requests waited.
    """

    def __init__(self, rate_limit: str, storage: str, api_token: str) -> None:
        import limits

        try:
            self._item = limits.parse(rate_limit)
        except ValueError:
            raise ConfigurationError(
                f"rate_limit must look like '1000/minute' or '20 per second', got {rate_limit!r}"
            ) from None
        if httpx.URL(storage).scheme not in _STORAGE_SCHEMES:
            raise ConfigurationError(
                "rate_limit_storage must be 'memory://' or 'redis://host:port' "
                f"(or 'rediss://'), got {_redacted(storage)!r}"
            )
        self._rate_limit = rate_limit
        self._storage_uri = storage
        self._key = _key_for(api_token)
        # Budgets of other tokens with this limit, for with_options(api_token=...) copies.
        self._siblings: dict[str, RateLimiter] = {self._key: self}
        self._window = float(self._item.get_expiry())
        self._sync: limits.strategies.MovingWindowRateLimiter | None = None
        self._async: limits.aio.strategies.MovingWindowRateLimiter | None = None
        self._thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        #: Total seconds requests have waited for budget (queueing behind one another included).
        self.waited_seconds = 0.0
        #: How many requests waited for budget.
        self.waits = 0

    def for_token(self, api_token: str) -> RateLimiter:
        """The budget of ``api_token``, with this limit and storage: this one for its own token.

        Locally counts requests per API key, so a ``with_options(api_token=...)`` copy waits
        for its own token's budget; copies with the same token share one.
        """
        key = _key_for(api_token)
        sibling = self._siblings.get(key)
        if sibling is None:
            sibling = RateLimiter(self._rate_limit, self._storage_uri, api_token)
            sibling._siblings = self._siblings
            self._siblings[key] = sibling
        return sibling

    @property
    def limit(self) -> str:
        """The budget, as ``limits`` spells it (``"1000 per 1 minute"``)."""
        return str(self._item)

    @property
    def storage(self) -> str:
        """Where the window is kept, password hidden."""
        return _redacted(self._storage_uri)

    def __repr__(self) -> str:
        return (
            f"RateLimiter(limit={self.limit!r}, storage={self.storage!r}, "
            f"waited_seconds={self.waited_seconds:.3f})"
        )

    # -- no I/O: what to do after a refused hit ---------------------------------------------

    def _delay(self, reset_time: float) -> float:
        return min(max(reset_time - time.time(), 0.0) + SLOT_MARGIN * self._window, self._window)

    def _sleeping(self, seconds: float) -> None:
        logger.debug(
            "Rate limit %s reached: waiting %.3fs for budget (%d requests waited so far)",
            self.limit,
            seconds,
            self.waits,
        )

    def _took(self, started: float) -> None:
        """Count a request that spent more than a millisecond getting its slot."""
        waited = time.monotonic() - started
        if waited > 0.001:
            self.waits += 1
            self.waited_seconds += waited

    def _storage_error(self, exc: Exception) -> RateLimiterError:
        return RateLimiterError(
            f"The rate limiter's storage {self.storage} failed ({type(exc).__name__}); the "
            "request was not sent."
        )

    # -- the sync client ----------------------------------------------------------------------

    def _sync_limiter(self) -> limits.strategies.MovingWindowRateLimiter:
        if self._sync is None:
            from limits.strategies import MovingWindowRateLimiter

            self._sync = MovingWindowRateLimiter(_storage(self._storage_uri))
        return self._sync

    def acquire(self) -> None:
        """Block until the budget has room for one request, and take it."""
        limiter = self._sync_limiter()
        started = time.monotonic()
        # One waiter per process polls the storage; the others queue on the lock in order.
        with self._thread_lock:
            while True:
                try:
                    if limiter.hit(self._item, self._key):
                        self._took(started)
                        return
                    delay = self._delay(limiter.get_window_stats(self._item, self._key)[0])
                except LocallyError:
                    raise
                except Exception as exc:
                    raise self._storage_error(exc) from exc
                self._sleeping(delay)
                time.sleep(delay)

    # -- the async client ---------------------------------------------------------------------

    async def async_acquire(self) -> None:
        """Wait (without blocking the event loop) until the budget has room, and take it."""
        import asyncio

        import anyio

        started = time.monotonic()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # another event loop (trio): no lock to queue on
            await self._async_take(anyio.sleep)
        else:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
            async with lock:
                await self._async_take(anyio.sleep)
        self._took(started)

    async def _async_take(self, sleep: Any) -> None:
        while True:
            try:
                if self._storage_uri.startswith("memory:"):
                    # The in-memory window is a dict behind a thread lock: never blocks, and
                    # works under any event loop (limits' async one binds asyncio locks).
                    limiter = self._sync_limiter()
                    if limiter.hit(self._item, self._key):
                        return
                    reset = limiter.get_window_stats(self._item, self._key)[0]
                else:
                    async_limiter = self._async_limiter()
                    if await async_limiter.hit(self._item, self._key):
                        return
                    reset = (await async_limiter.get_window_stats(self._item, self._key))[0]
            except LocallyError:
                raise
            except Exception as exc:
                raise self._storage_error(exc) from exc
            delay = self._delay(reset)
            self._sleeping(delay)
            await sleep(delay)

    def _async_limiter(self) -> limits.aio.strategies.MovingWindowRateLimiter:
        if self._async is None:
            from limits.aio.strategies import MovingWindowRateLimiter

            # redis-py's asyncio client: the one the ``locally[redis]`` extra installs.
            self._async = MovingWindowRateLimiter(
                _storage("async+" + self._storage_uri, implementation="redispy")
            )
        return self._async


def _key_for(api_token: str) -> str:
    """The window's key: a digest of the token, so the token itself is never stored."""
    return "locally-" + hashlib.sha256(api_token.encode()).hexdigest()[:24]


def _storage(uri: str, **options: str) -> Any:
    from limits.errors import ConfigurationError as LimitsConfigurationError
    from limits.storage import storage_from_string

    try:
        return storage_from_string(uri, **options)
    except LimitsConfigurationError:
        raise ConfigurationError(
            f"rate_limit_storage {_redacted(uri.removeprefix('async+'))!r} needs the redis "
            "client: pip install 'locally[redis]'"
        ) from None


def rate_limiter_for(
    rate_limit: str | None, storage: str, *, api_token: str, base_url: httpx.URL
) -> RateLimiter | None:
    """The limiter a new client gets: ``rate_limit`` as given, or Locally's on its own host."""
    if rate_limit == AUTO:
        rate_limit = DEFAULT_RATE_LIMIT if base_url.host == LOCALLY_HOST else None
    if rate_limit is None:
        return None
    if not isinstance(rate_limit, str) or not isinstance(storage, str):
        raise ConfigurationError(
            "rate_limit and rate_limit_storage must be strings such as '1000/minute' and "
            f"'memory://', got {type(rate_limit).__name__} and {type(storage).__name__}"
        )
    return RateLimiter(rate_limit, storage, api_token)
