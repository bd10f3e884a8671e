"""A client's resolved configuration: defaults and environment variables applied, all checked.

:class:`Settings` is frozen and shared by a client and its ``with_options`` copies; a copy
with other options gets new settings, never a changed original.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from ._constants import BASE_URL_ENV, DEFAULT_BASE_URL, TOKEN_ENV
from ._errors import ConfigurationError

__all__ = ["Settings", "resolve_settings"]


@dataclass(frozen=True)
class Settings:
    """Resolved client configuration."""

    api_token: str = field(repr=False)
    base_url: httpx.URL
    timeout: httpx.Timeout
    max_retries: int
    max_retry_after: float
    default_headers: Mapping[str, str]

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    if value is not None and (isinstance(value, bool) or value <= 0):
        raise ConfigurationError(f"timeout must be a positive number of seconds, got {value!r}")
    return httpx.Timeout(value)


def resolve_settings(
    *,
    api_token: str | None,
    base_url: str | httpx.URL | None,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    max_retry_after: float,
    default_headers: Mapping[str, str] | None,
) -> Settings:
    """Apply defaults and environment variables, and check every setting."""
    token = api_token if api_token is not None else os.environ.get(TOKEN_ENV)
    if not token:
        raise ConfigurationError(
            f"No Locally API token: pass api_token=... or set the {TOKEN_ENV} environment "
            "variable (create a key at https://www.locally.com/station/panel/credentials)."
        )
    if token != token.strip() or any(ch in token for ch in "\r\n\0"):
        raise ConfigurationError(
            "The API token contains whitespace or control characters; check how it was loaded "
            f"(length {len(token)})."
        )
    url = httpx.URL(str(base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL))
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"base_url must be an absolute http(s) URL, got {str(url)!r}")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {max_retries!r}")
    if max_retry_after < 0:
        raise ConfigurationError(f"max_retry_after must be >= 0, got {max_retry_after!r}")
    return Settings(
        api_token=token,
        base_url=url,
        timeout=_timeout(timeout),
        max_retries=max_retries,
        max_retry_after=float(max_retry_after),
        default_headers=dict(default_headers or {}),
    )
