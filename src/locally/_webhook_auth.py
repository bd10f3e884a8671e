"""Checking the shared secret Locally sends with every webhook, failing closed.

Whatever a receiver hands over (a framework's header object, plain pairs, an ASGI scope's raw
byte pairs) and whatever its configuration holds (one secret, several during a rotation, or
nothing at all by mistake), the answer is either "authenticated" or a
:class:`~locally.WebhookAuthenticationError`.  A missing or blank secret is never read as "no
authentication needed".
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from typing import cast

from ._constants import WEBHOOK_TOKEN_HEADER
from ._errors import WebhookAuthenticationError

__all__ = ["Headers", "Secrets", "verify_token"]

#: What ``headers=`` accepts: a mapping, ``(name, value)`` pairs, or ASGI's raw byte pairs.
Headers = Mapping[str, str] | Iterable[tuple[str, str]] | Iterable[tuple[bytes, bytes]]
#: What ``secret=`` accepts: one secret, or several while one is being rotated.
Secrets = str | bytes | Iterable[str | bytes]

# One message for every way of configuring no secret (None, "", blank, an empty list): the
# fix is the same, and tests/rules pins its text.
_NOT_CONFIGURED = "no webhook secret configured (an empty secret)"


def _one_secret(value: object) -> bytes:
    if isinstance(value, str):
        blank = not value.strip()
        encoded = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, (bytes, bytearray)):
        encoded = bytes(value)
        blank = not encoded.strip()
    else:
        raise WebhookAuthenticationError(
            f"a webhook secret must be text or bytes, got {type(value).__name__}"
        )
    if blank:
        raise WebhookAuthenticationError(_NOT_CONFIGURED)
    return encoded


def _secrets(secret: object) -> list[bytes]:
    if secret is None:
        raise WebhookAuthenticationError(_NOT_CONFIGURED)
    if isinstance(secret, (str, bytes, bytearray)):
        return [_one_secret(secret)]
    if not isinstance(secret, Iterable):
        raise WebhookAuthenticationError(
            f"secret must be text, bytes or a list of them, got {type(secret).__name__}"
        )
    found = [_one_secret(s) for s in cast("Iterable[object]", secret)]
    if not found:
        raise WebhookAuthenticationError(_NOT_CONFIGURED)
    return found


def _as_bytes(value: object) -> bytes | None:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        # A lone surrogate can come from a mis-decoded header; it is simply not the secret.
        return value.encode("utf-8", "surrogatepass")
    return None


def _kind(value: object) -> str:
    return type(value).__name__


def _pair(value: object) -> tuple[object, object] | None:
    """``value`` as a ``(name, value)`` pair, if it is a tuple or list of two."""
    if isinstance(value, (tuple, list)):
        items = list(cast("list[object]", value))
        if len(items) == 2:
            return items[0], items[1]
    return None


def _header(headers: object, name: str) -> bytes | None:
    """The first value of header ``name`` (lower case), as bytes; None if absent."""
    if headers is None:
        return None
    kind = _kind(headers)
    pairs: object = headers
    if isinstance(headers, Mapping):
        pairs = cast("Mapping[object, object]", headers).items()
    if not isinstance(pairs, Iterable) or isinstance(pairs, (str, bytes, bytearray)):
        raise WebhookAuthenticationError(
            f"headers must be a mapping or a list of (name, value) pairs, got {kind}"
        )
    for pair in cast("Iterable[object]", pairs):
        entry = _pair(pair)
        if entry is None:
            raise WebhookAuthenticationError(
                f"headers must be a mapping or a list of (name, value) pairs; found a {_kind(pair)}"
            )
        key, value = entry
        key_bytes = _as_bytes(key)
        if key_bytes is not None and key_bytes.lower() == name.encode("ascii"):
            found = _as_bytes(value)
            if found is None:
                raise WebhookAuthenticationError(
                    f"the {name} header value must be text or bytes, got {type(value).__name__}"
                )
            return found
    return None


def verify_token(headers: Headers | None, secret: Secrets) -> None:
    """Check the ``locally-webhook-token`` header against one secret or several.

    Several secrets are accepted at once so that rotating the secret in Station never drops
    an event: configure the new one beside the old, then remove the old.  Comparison takes
    constant time.  ``None``, ``""``, a blank secret or an empty list is refused (fail
    closed).  Raises :class:`~locally.WebhookAuthenticationError`; its message never contains
    a secret or the received token.
    """
    secrets = _secrets(secret)
    received = _header(headers, WEBHOOK_TOKEN_HEADER)
    if received is None:
        raise WebhookAuthenticationError(f"the {WEBHOOK_TOKEN_HEADER} header is missing")
    # Compare against every secret (no early exit) so timing reveals nothing either.
    matched = False
    for candidate in secrets:
        matched |= hmac.compare_digest(received, candidate)
    if not matched:
        raise WebhookAuthenticationError(
            f"the {WEBHOOK_TOKEN_HEADER} header does not match any configured secret"
        )
