"""Reading a reply: the parsed model, or the typed error it stands for.

Locally answers in two envelopes (:class:`Envelope`).  A status of 400 or more becomes an
:class:`~locally.APIStatusError` subclass chosen by Locally's ``error_code``, then by the HTTP
status; a 2xx whose body says ``"status": false`` or ``"success": false`` becomes an
:class:`~locally.APIResultError` or :class:`~locally.CartError`; a 2xx that is not the
documented JSON becomes an :class:`~locally.APIResponseValidationError`.  A redirect becomes
a :class:`~locally.RedirectError`: it is never followed.  The errors themselves remove every
secret (the token, a session id, a cart JWT) that a reply echoes (:mod:`locally._redaction`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar, cast

import httpx

from . import _json
from ._api_errors import (
    APIError,
    APIResponseValidationError,
    APIResultError,
    APIStatusError,
    AppServerError,
    AuthenticationError,
    BadRequestError,
    CartError,
    CartNotFoundError,
    ConflictError,
    InternalServerError,
    ItemUnavailableError,
    NotAuthorizedError,
    NotFoundError,
    PaymentProcessorError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    RequestFailedError,
    ServiceAccessDeniedError,
    StoreNotFoundError,
    StripeError,
    TaxDifferenceError,
    UnprocessableEntityError,
)
from ._errors import ModelValidationError
from ._retry import parse_retry_after

__all__ = ["Envelope", "ReplyReader"]

T = TypeVar("T")


class Envelope(enum.Enum):
    """Which reply envelope an endpoint uses."""

    V2 = "v2"
    """Carts API v2: ``{"status": true|false, "message": ...}``."""
    HEADLESS = "headless"
    """Headless API: ``{"success": ..., "data": ..., "msg": ..., "error_code": ...}``."""


def _as_object(value: object) -> dict[str, object] | None:
    """``value`` as a JSON object, or None when it is something else."""
    return cast("dict[str, object]", value) if isinstance(value, dict) else None


def _decode_json(content: bytes) -> object | None:
    try:
        return _json.loads(content)
    except ValueError:
        return None


def _text(value: object) -> str | None:
    """A message field as text; containers are not messages (and could nest without end)."""
    if not value:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _error_code(value: object) -> int | None:
    """Locally's ``error_code``, as a number or as ASCII digits; anything else is no code."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


ERROR_CODE_CLASSES: dict[int, type[APIStatusError]] = {
    1000: AppServerError,
    1101: ServiceAccessDeniedError,
    1102: NotAuthorizedError,
    1206: CartNotFoundError,
    1323: PaymentProcessorError,
    1327: ItemUnavailableError,
    1328: StripeError,
    1329: StoreNotFoundError,
    1335: TaxDifferenceError,
}

STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: RequestFailedError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int, error_code: int | None) -> type[APIStatusError]:
    """Choose the exception class for an error reply: documented error code first, then status."""
    if error_code is not None and error_code in ERROR_CODE_CLASSES:
        return ERROR_CODE_CLASSES[error_code]
    if status_code >= 500:
        return InternalServerError
    return STATUS_CLASSES.get(status_code, APIStatusError)


class ReplyReader:
    """Turns complete replies into models or errors."""

    def status_error(self, response: httpx.Response, note: str = "") -> APIStatusError:
        """Build the typed error for a reply with status 400 or more (``note`` ends its text)."""
        body = _decode_json(response.content)
        msg: str | None = None
        error_code: int | None = None
        fields = _as_object(body)
        if fields is not None:
            msg = _text(fields.get("msg")) or _text(fields.get("message"))
            error_code = _error_code(fields.get("error_code"))
        elif response.content:
            body = response.text[:2000]
        cls = status_error_class(response.status_code, error_code)
        parts = [f"HTTP {response.status_code} {response.reason_phrase or ''}".rstrip()]
        if msg:
            parts.append(msg)
        if error_code is not None:
            parts.append(f"(error_code {error_code})")
        if note:
            parts.append(f"({note})")
        request = response.request
        text = f"{request.method} {request.url.path}: " + " ".join(parts)
        return cls(
            text,
            response=response,
            body=body,
            error_code=error_code,
            msg=msg,
            retry_after=parse_retry_after(response.headers),
        )

    def redirect_error(self, response: httpx.Response) -> RedirectError:
        """Build the error for a redirect (3xx), which is never followed."""
        request = response.request
        target = response.headers.get("location")
        where = f" to {target!r}" if target else ""
        return RedirectError(
            f"{request.method} {request.url.path}: HTTP {response.status_code} redirect{where} "
            "was not followed: a redirect could carry the API token and session secrets to "
            "another host, or send an order twice. Locally's API does not redirect; check "
            "base_url (https, and the exact host).",
            response=response,
        )

    def invalid(self, response: httpx.Response, detail: str) -> APIResponseValidationError:
        """The error for a reply that is not the documented JSON, saying why."""
        body = _decode_json(response.content)
        if body is None:
            body = response.text[:2000] if response.content else None
        return APIResponseValidationError(
            f"{response.request.method} {response.request.url.path}: HTTP "
            f"{response.status_code}, but {detail}.",
            response=response,
            body=body,
        )

    def parse_success(
        self, response: httpx.Response, parse: Callable[[bytes], T], envelope: Envelope
    ) -> T:
        """Parse a 2xx reply with ``parse``; raise if its envelope reports a failure."""
        try:
            result = parse(response.content)
        except ModelValidationError as exc:
            errors = len(exc.errors)
        else:
            if envelope is Envelope.V2 and getattr(result, "status", True) is False:
                raise self._result_error(
                    response, _decode_json(response.content), getattr(result, "message", None)
                )
            if envelope is Envelope.HEADLESS and getattr(result, "success", True) is False:
                raise self._cart_error(response, _decode_json(response.content))
            return result
        raise self._unparsable(response, errors, envelope)

    def _unparsable(self, response: httpx.Response, errors: int, envelope: Envelope) -> APIError:
        body = _decode_json(response.content)
        fields = _as_object(body)
        if fields is not None:
            # Failure replies omit most fields, so they do not validate as the success model.
            if envelope is Envelope.V2 and fields.get("status") is False:
                return self._result_error(response, body, fields.get("message"))
            if envelope is Envelope.HEADLESS and fields.get("success") is False:
                return self._cart_error(response, body)
        if body is None:
            detail = "the body is not JSON"
        else:
            detail = f"the body does not match the documented shape ({errors} errors)"
        return self.invalid(response, detail)

    def _result_error(
        self, response: httpx.Response, body: object, message: object
    ) -> APIResultError:
        reason = _text(message) or "no reason given"
        path = response.request.url.path
        return APIResultError(
            f"{response.request.method} {path}: Locally answered status false: {reason}",
            response=response,
            body=body,
        )

    def _cart_error(self, response: httpx.Response, body: object) -> CartError:
        cart_error: str | None = None
        msg: str | None = None
        fields = _as_object(body)
        if fields is not None:
            msg = _text(fields.get("msg"))
            content = (_as_object(fields.get("data")) or {}).get("cart_content")
            cart_error = _text((_as_object(content) or {}).get("cart_error"))
        reason = cart_error or msg or "no reason given"
        return CartError(
            f"{response.request.method} {response.request.url.path}: cart error: {reason}",
            response=response,
            body=body,
            cart_error=cart_error,
        )
