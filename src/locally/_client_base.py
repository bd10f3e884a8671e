"""What ``Locally`` and ``AsyncLocally`` share: settings, copies, introspection, the safe repr.

The two clients differ only in the httpx client they hold and in whether their methods are
awaited (:mod:`locally._client`); everything else about a client lives here once, so
``with_options`` and the read-only settings cannot drift between them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Generic

import httpx
from typing_extensions import Self

from ._constants import TEST_KEY_PREFIX
from ._http_clients import HttpClientT
from ._logs import logger
from ._rate_limit import RateLimiter
from ._settings import (
    NOT_GIVEN,
    NotGiven,
    Settings,
    given,
    merged_headers,
    resolve_settings,
    shown_url,
)

__all__ = ["ClientBase"]

_announced_test_keys: set[str] = set()


class ClientBase(Generic[HttpClientT]):
    """What the two clients share: settings, introspection, copies and the safe repr."""

    _settings: Settings
    _http_client: HttpClientT
    _rate_limiter: RateLimiter | None

    def _setup(
        self,
        settings: Settings,
        http_client: HttpClientT,
        *,
        owns_client: bool,
        rate_limiter: RateLimiter | None,
    ) -> None:
        raise NotImplementedError

    def with_options(
        self,
        *,
        api_token: str | NotGiven = NOT_GIVEN,
        base_url: str | httpx.URL | NotGiven = NOT_GIVEN,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_retry_after: float | NotGiven = NOT_GIVEN,
        retry_backoff: float | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        max_response_bytes: int | NotGiven = NOT_GIVEN,
        allow_insecure_http: bool | NotGiven = NOT_GIVEN,
    ) -> Self:
        """Return a copy with some settings changed that shares this client's connection pool.

        Every option means what it means in the constructor: ``timeout=None`` turns the
        timeout off.  Options left out keep this client's value; ``default_headers`` are
        added to this client's.  One client can serve many stores this way, a copy per
        store token (``client.with_options(api_token=token)``), all on one pool.  A copy
        draws on this client's rate limit budget (a copy with another token, on that token's).
        Closing a copy leaves the pool open; close the original when you are done.
        """
        current = self._settings
        settings = resolve_settings(
            api_token=given(api_token, current.api_token),
            base_url=current.base_url if isinstance(base_url, NotGiven) else base_url,
            timeout=given(timeout, current.timeout),
            max_retries=given(max_retries, current.max_retries),
            max_retry_after=given(max_retry_after, current.max_retry_after),
            retry_backoff=given(retry_backoff, current.retry_backoff),
            default_headers=merged_headers(current.default_headers, given(default_headers, {})),
            max_response_bytes=given(max_response_bytes, current.max_response_bytes),
            allow_insecure_http=given(allow_insecure_http, current.allow_insecure_http),
        )
        if isinstance(api_token, NotGiven):
            # Still the same token, wherever it came from (for the hint on a 401).
            settings = settings.with_changes(token_source=current.token_source)
        copy = object.__new__(type(self))
        limiter = self._rate_limiter
        copy._setup(
            settings,
            self._http_client,
            owns_client=False,
            rate_limiter=limiter.for_token(settings.api_token) if limiter is not None else None,
        )
        copy._announce_test_mode()
        return copy

    @property
    def rate_limiter(self) -> RateLimiter | None:
        """The request budget this client waits for (shared with its copies); None if none.

        ``rate_limiter.waited_seconds`` and ``rate_limiter.waits`` say how long requests
        waited for budget.
        """
        return self._rate_limiter

    @property
    def base_url(self) -> httpx.URL:
        """The API's base URL."""
        return self._settings.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout applied to every request."""
        return self._settings.timeout

    @property
    def max_retries(self) -> int:
        """How many times a retryable failure is retried."""
        return self._settings.max_retries

    @property
    def max_retry_after(self) -> float:
        """The longest ``Retry-After`` (seconds) the client waits out instead of raising."""
        return self._settings.max_retry_after

    @property
    def retry_backoff(self) -> float:
        """Seconds of the first backoff before a retry (doubling after that); 0 is instant."""
        return self._settings.retry_backoff

    @property
    def max_response_bytes(self) -> int:
        """The largest reply body the client reads, in bytes after decompression."""
        return self._settings.max_response_bytes

    @property
    def test_mode(self) -> bool:
        """True for a sandbox key (``test_...``): carts are virtual and no money moves."""
        return self._settings.api_token.startswith(TEST_KEY_PREFIX)

    def _announce_test_mode(self) -> None:
        if not self.test_mode:
            return
        fingerprint = hashlib.sha256(self._settings.api_token.encode()).hexdigest()[:12]
        if fingerprint not in _announced_test_keys:
            _announced_test_keys.add(fingerprint)
            logger.info(
                "Using a Locally test key: carts are virtual, payments go to a decoy processor "
                "and inventory is not decremented."
            )

    def __repr__(self) -> str:
        limit = self._rate_limiter.limit if self._rate_limiter is not None else None
        return (
            f"{type(self).__name__}(base_url={shown_url(self.base_url)!r}, "
            f"test_mode={self.test_mode}, max_retries={self.max_retries}, "
            f"rate_limit={limit!r})"
        )
