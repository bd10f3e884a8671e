"""A client's resolved configuration: defaults and environment variables applied, all checked.

:class:`Settings` is frozen and shared by a client and its ``with_options`` copies; a copy
with other options gets new settings, never a changed original.  :data:`NOT_GIVEN` marks an
option that was left out, so that ``None`` can mean something of its own (``timeout=None``
is "no timeout" everywhere).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import httpx

from . import _constants
from ._constants import BASE_URL_ENV, CREDENTIALS_URL, DEFAULT_BASE_URL, TOKEN_ENV
from ._errors import ConfigurationError

__all__ = ["NOT_GIVEN", "NotGiven", "Settings", "resolve_settings"]

T = TypeVar("T")


class NotGiven:
    """The type of ``NOT_GIVEN``: the default of an option that was left out.

    ``with_options(timeout=None)`` turns the timeout off; leaving ``timeout`` out keeps the
    client's.  The sentinel tells the two apart, as openai-python's does.
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


#: The default of options that keep the current (or default) value when left out.
NOT_GIVEN = NotGiven()


def given(value: T | NotGiven, otherwise: T) -> T:
    """``value`` unless it is :data:`NOT_GIVEN`, then ``otherwise``."""
    return otherwise if isinstance(value, NotGiven) else value


@dataclass(frozen=True)
class Settings:
    """Resolved client configuration."""

    api_token: str = field(repr=False)
    base_url: httpx.URL
    timeout: httpx.Timeout
    max_retries: int
    max_retry_after: float
    default_headers: Mapping[str, str]
    #: Seconds of the first exponential backoff delay (0: retry at once).
    retry_backoff: float
    #: Where the token came from, for error messages: "api_token" or the variable's name.
    token_source: str

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    if value is not None and (isinstance(value, bool) or value <= 0):
        raise ConfigurationError(
            f"timeout must be a positive number of seconds (or None for no timeout), got {value!r}"
        )
    return httpx.Timeout(value)


def _seconds(name: str, value: object, *, endless: bool = False) -> float:
    """``value`` as seconds >= 0; ``endless`` also allows infinity ("no limit")."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds, got {value!r}")
    if math.isnan(value) or value < 0 or (math.isinf(value) and not endless):
        kind = "a number of seconds >= 0" if endless else "a finite number of seconds >= 0"
        raise ConfigurationError(f"{name} must be {kind}, got {value!r}")
    return float(value)


def resolve_settings(
    *,
    api_token: str | None,
    base_url: str | httpx.URL | None,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    max_retry_after: float,
    default_headers: Mapping[str, str] | None,
    retry_backoff: float | NotGiven = NOT_GIVEN,
) -> Settings:
    """Apply defaults and environment variables, and check every setting."""
    source = "api_token"
    token = api_token
    if token is None:
        token, source = os.environ.get(TOKEN_ENV), TOKEN_ENV
    if not token:
        raise ConfigurationError(
            f"No Locally API token: pass api_token=... or set the {TOKEN_ENV} environment "
            f"variable (create a key at {CREDENTIALS_URL})."
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
    # Read when a client is built, not at import, so that changing the module default
    # affects every client built afterwards.
    backoff = given(retry_backoff, _constants.INITIAL_RETRY_DELAY)
    return Settings(
        api_token=token,
        base_url=url,
        timeout=_timeout(timeout),
        max_retries=max_retries,
        max_retry_after=_seconds("max_retry_after", max_retry_after, endless=True),
        default_headers=dict(default_headers or {}),
        retry_backoff=_seconds("retry_backoff", backoff),
        token_source=source,
    )
