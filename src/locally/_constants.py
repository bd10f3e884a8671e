"""Every default, environment variable and header name the SDK uses, in one place.

The secret headers are listed once (:data:`SECRET_HEADERS`): error redaction and request
logging both read this set, so a header added here is hidden everywhere at once.
"""

from __future__ import annotations

import datetime as _dt

import httpx

__all__ = [
    "ACCEPT_ENCODING",
    "API_TOKEN_HEADER",
    "BASE_URL_ENV",
    "CART_JWT_HEADER",
    "CREDENTIALS_URL",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_RETRY_AFTER",
    "DEFAULT_TIMEOUT",
    "INITIAL_RETRY_DELAY",
    "LOG_ENV",
    "MAX_RETRY_DELAY",
    "REDACTED",
    "SECRET_HEADERS",
    "SESSION_ID_HEADER",
    "TEST_KEY_PREFIX",
    "TOKEN_ENV",
    "WATCH_INTERVAL",
    "WATCH_LOOKBACK",
    "WATCH_SWEEP",
    "WEBHOOK_TOKEN_HEADER",
]

#: Where the API lives unless ``base_url`` or ``LOCALLY_BASE_URL`` says otherwise.
DEFAULT_BASE_URL = "https://www.locally.com"
#: 30 s for a whole attempt, 10 s to connect.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
#: Retries after the first attempt of a retryable request.
DEFAULT_MAX_RETRIES = 2
#: The longest ``Retry-After`` (seconds) waited out instead of raising at once.
DEFAULT_MAX_RETRY_AFTER = 60.0
#: The largest reply body read, in bytes after decompression: 4 MiB.  A page of 50 carts is
#: about 25 KB, so only a broken or hostile server comes near it.
DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
#: First backoff delay in seconds (the default of ``retry_backoff``); doubles each attempt,
#: with full jitter.
INITIAL_RETRY_DELAY = 0.5
#: Longest backoff delay in seconds between two attempts.
MAX_RETRY_DELAY = 8.0

#: ``carts.watch()``: seconds between two polls of the head of the carts list.
WATCH_INTERVAL = 30.0
#: ``carts.watch()``: how far back from the newest order status changes are looked for.
WATCH_LOOKBACK = _dt.timedelta(days=7)
#: ``carts.watch()``: seconds within which the whole look-back is read again.
WATCH_SWEEP = 600.0

#: The environment variable holding the API token.
TOKEN_ENV = "LOCALLY_API_TOKEN"
#: The environment variable overriding the base URL.
BASE_URL_ENV = "LOCALLY_BASE_URL"
#: The environment variable that turns on the SDK's own stderr logging (debug, info, warning).
LOG_ENV = "LOCALLY_LOG"
#: Sandbox keys start with this.
TEST_KEY_PREFIX = "test_"
#: Where API keys are created and revoked (Station, "Credentials").
CREDENTIALS_URL = "https://www.locally.com/station/panel/credentials"

#: The API token, sent with every request (v2 and headless; names are case-insensitive).
API_TOKEN_HEADER = "Locally-API-Token"
#: The headless session id.
SESSION_ID_HEADER = "Locally-Api-Session-Id"
#: The headless cart JWT.
CART_JWT_HEADER = "Locally-Pl-Jwt"
#: The shared secret Locally sends with every webhook.
WEBHOOK_TOKEN_HEADER = "locally-webhook-token"

#: The content codings the SDK asks for and decodes itself, within the body size limit.
ACCEPT_ENCODING = "gzip, deflate"

#: Headers whose values are secrets (lower case): never logged, kept or shown.  The two
#: ``Authorization`` headers carry credentials from a ``base_url`` or a caller's own setup.
SECRET_HEADERS = frozenset(
    name.lower()
    for name in (
        API_TOKEN_HEADER,
        SESSION_ID_HEADER,
        CART_JWT_HEADER,
        WEBHOOK_TOKEN_HEADER,
        "Authorization",
        "Proxy-Authorization",
    )
)
#: What a secret is replaced with.
REDACTED = "<redacted>"
