"""A client's resolved configuration: defaults and environment variables applied, all checked.

:class:`Settings` is frozen and shared by a client and its ``with_options`` copies; a copy
with other options gets new settings, never a changed original.  :data:`NOT_GIVEN` marks an
option that was left out, so that ``None`` can mean something of its own (``timeout=None``
is "no timeout" everywhere).  Everything that would fail at the first call (a token or header
httpx cannot send, a plain-http URL to a remote host) is refused here, when the client is
built.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar, cast

import httpx

from . import _constants
from ._constants import (
    BASE_URL_ENV,
    CREDENTIALS_URL,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    REDACTED,
    TOKEN_ENV,
)
from ._errors import ConfigurationError

__all__ = [
    "NOT_GIVEN",
    "NotGiven",
    "Settings",
    "given",
    "merged_headers",
    "resolve_settings",
    "shown_url",
]

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


def merged_headers(current: Mapping[str, str], extra: object) -> Any:
    """``current`` headers with ``extra`` added; ``extra`` as given if it is not a mapping.

    What is not a mapping is passed on for :func:`resolve_settings` to refuse by name.
    """
    if isinstance(extra, Mapping):
        return {**current, **cast("Mapping[str, str]", extra)}
    return extra


# RFC 9110 field names: "token" characters.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# Visible ASCII with inner spaces and tabs: what every HTTP/1.1 stack sends unchanged.
_HEADER_VALUE = re.compile(r"[\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?")
_TOKEN = re.compile(r"[\x21-\x7e]+")


@dataclass(frozen=True)
class Settings:
    """Resolved client configuration."""

    api_token: str = field(repr=False)
    base_url: httpx.URL
    timeout: httpx.Timeout
    max_retries: int
    max_retry_after: float
    default_headers: Mapping[str, str] = field(repr=False)
    #: Seconds of the first exponential backoff delay (0: retry at once).
    retry_backoff: float
    #: Where the token came from, for error messages: "api_token" or the variable's name.
    token_source: str
    max_response_bytes: int
    allow_insecure_http: bool = False

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)


def shown_url(url: httpx.URL) -> str:
    """``url`` as text with any password replaced, for messages and reprs."""
    text = str(url)
    if not url.password:
        return text
    userinfo = url.userinfo.decode("ascii")
    user = userinfo.split(":", 1)[0]
    return text.replace(f"{userinfo}@", f"{user}:{REDACTED}@", 1)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine: ``localhost``, 127.0.0.0/8 or ``::1``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e9
    ):
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


def _token(api_token: str | None) -> tuple[str, str]:
    """The token and where it came from ("api_token" or the environment variable)."""
    token: object = api_token
    source = "api_token"
    if token is None:
        token, source = os.environ.get(TOKEN_ENV), TOKEN_ENV
    if not token:
        raise ConfigurationError(
            f"No Locally API token: pass api_token=... or set the {TOKEN_ENV} environment "
            f"variable (create a key at {CREDENTIALS_URL})."
        )
    if not isinstance(token, str):
        raise ConfigurationError(f"api_token must be text, got {type(token).__name__}")
    if not _TOKEN.fullmatch(token):
        # The token itself is never echoed, only what is wrong with it.
        raise ConfigurationError(
            "The API token must be visible ASCII characters only (no spaces, control or "
            f"non-ASCII characters); check how it was loaded (length {len(token)})."
        )
    return token, source


def _base_url(base_url: str | httpx.URL | None, allow_insecure_http: bool) -> httpx.URL:
    raw = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    try:
        url = httpx.URL(str(raw))
    except (httpx.InvalidURL, TypeError, ValueError):
        raise ConfigurationError("base_url is not a valid URL") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"base_url must be an absolute http(s) URL, got {shown_url(url)!r}"
        )
    if url.query or url.fragment:
        raise ConfigurationError(
            f"base_url must not have a query or fragment, got {shown_url(url)!r}"
        )
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        raise ConfigurationError(
            f"base_url {shown_url(url)!r} is plain http: the API token would cross the network "
            "unencrypted. Use https, or pass allow_insecure_http=True if this host is on a "
            "network you trust (loopback hosts are always allowed)."
        )
    return url


def _headers(default_headers: Mapping[str, str] | None) -> dict[str, str]:
    if default_headers is not None and not isinstance(default_headers, Mapping):
        raise ConfigurationError(
            f"default_headers must be a mapping of names to values, got "
            f"{type(default_headers).__name__}"
        )
    headers = dict(default_headers or {})
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise ConfigurationError(
                f"default_headers: {name!r} is not a valid header name (letters, digits and "
                "!#$%&'*+-.^_`|~ only)"
            )
        if not isinstance(value, str) or not _HEADER_VALUE.fullmatch(value):
            # The value may be a credential, so only its name is shown.
            raise ConfigurationError(
                f"default_headers[{name!r}] must be visible ASCII text (spaces allowed inside; "
                "no line breaks, control or non-ASCII characters)"
            )
    return headers


def resolve_settings(
    *,
    api_token: str | None,
    base_url: str | httpx.URL | None,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    max_retry_after: float,
    default_headers: Mapping[str, str] | None,
    retry_backoff: float | NotGiven = NOT_GIVEN,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    allow_insecure_http: bool = False,
) -> Settings:
    """Apply defaults and environment variables, and check every setting."""
    token, source = _token(api_token)
    url = _base_url(base_url, allow_insecure_http)
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {max_retries!r}")
    # Read when a client is built, not at import, so that changing the module default
    # affects every client built afterwards.
    backoff = given(retry_backoff, _constants.INITIAL_RETRY_DELAY)
    if (
        isinstance(max_response_bytes, bool)
        or not isinstance(max_response_bytes, int)
        or max_response_bytes < 1
    ):
        raise ConfigurationError(
            f"max_response_bytes must be a whole number of bytes >= 1, got {max_response_bytes!r}"
        )
    return Settings(
        api_token=token,
        base_url=url,
        timeout=_timeout(timeout),
        max_retries=max_retries,
        max_retry_after=_seconds("max_retry_after", max_retry_after, endless=True),
        default_headers=_headers(default_headers),
        retry_backoff=_seconds("retry_backoff", backoff),
        token_source=source,
        max_response_bytes=max_response_bytes,
        allow_insecure_http=bool(allow_insecure_http),
    )
