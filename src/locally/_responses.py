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
from ._constants import CREDENTIALS_URL, TEST_KEY_PREFIX, TOKEN_ENV
from ._errors import ModelValidationError
from ._retry import parse_retry_after

__all__ = ["Envelope", "ReplyReader", "status_error_class"]

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

# Codes only the headless envelope gives this meaning.  Its order call documents
# ``"error_code": 401`` with "this item is no longer available" (locally-docs/04): Locally's code
# for that failure, not an HTTP 401, so it must not read as a bad token.
HEADLESS_ERROR_CODE_CLASSES: dict[int, type[APIStatusError]] = {
    **ERROR_CODE_CLASSES,
    401: ItemUnavailableError,
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


def status_error_class(
    status_code: int, error_code: int | None, envelope: Envelope = Envelope.V2
) -> type[APIStatusError]:
    """Choose the exception class for an error reply: documented error code first, then status.

    ``envelope`` says which API answered: the headless API documents ``error_code`` values of
    its own (:data:`HEADLESS_ERROR_CODE_CLASSES`), such as 401 for an item that is no longer
    available, which the HTTP status alone would misread.
    """
    by_code = HEADLESS_ERROR_CODE_CLASSES if envelope is Envelope.HEADLESS else ERROR_CODE_CLASSES
    if error_code is not None and error_code in by_code:
        return by_code[error_code]
    if status_code >= 500:
        return InternalServerError
    return STATUS_CLASSES.get(status_code, APIStatusError)


def _token_hint(api_token: str, token_source: str) -> str:
    """What to check after a 401: which kind of key was sent and where it came from."""
    kind = "a test_ (sandbox) key" if api_token.startswith(TEST_KEY_PREFIX) else "a live key"
    if token_source == TOKEN_ENV:
        origin = f"from the {TOKEN_ENV} environment variable"
    else:
        origin = f"passed as api_token= or --token ({TOKEN_ENV} is read only when none is passed)"
    return (
        f"The token sent was {kind}, {origin}. Check that the key exists and has not been "
        f"revoked ({CREDENTIALS_URL}), and that it is the kind you mean: keys starting with "
        f"{TEST_KEY_PREFIX} see only virtual sandbox carts, live keys only real ones."
    )


class ReplyReader:
    """Turns complete replies into models or errors.

    Args:
        api_token: The token the client sends; only its kind (test or live) is ever named.
        token_source: Where the token came from (``"api_token"`` or ``LOCALLY_API_TOKEN``),
            named in the message of an :class:`~locally.AuthenticationError`.
    """

    def __init__(self, api_token: str, *, token_source: str = "api_token") -> None:
        self._token = api_token
        self._token_source = token_source

    def status_error(
        self, response: httpx.Response, envelope: Envelope = Envelope.V2, note: str = ""
    ) -> APIStatusError:
        """Build the typed error for a reply with status 400 or more, from ``envelope``'s API.

        ``note`` ends its text (why the body was not read, for instance).
        """
        body = _decode_json(response.content)
        msg: str | None = None
        error_code: int | None = None
        fields = _as_object(body)
        if fields is not None:
            msg = _text(fields.get("msg")) or _text(fields.get("message"))
            error_code = _error_code(fields.get("error_code"))
        elif response.content:
            body = response.text[:2000]
        cls = status_error_class(response.status_code, error_code, envelope)
        parts = [f"HTTP {response.status_code} {response.reason_phrase or ''}".rstrip()]
        if msg:
            parts.append(msg)
        if error_code is not None:
            parts.append(f"(error_code {error_code})")
        if note:
            parts.append(f"({note})")
        request = response.request
        text = f"{request.method} {request.url.path}: " + " ".join(parts)
        if cls is AuthenticationError:
            text = f"{text.rstrip('.')}. {_token_hint(self._token, self._token_source)}"
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
            problems = exc.errors
        else:
            if envelope is Envelope.V2 and getattr(result, "status", True) is False:
                raise self._result_error(
                    response, _decode_json(response.content), getattr(result, "message", None)
                )
            if envelope is Envelope.HEADLESS and getattr(result, "success", True) is False:
                raise self._cart_error(response, _decode_json(response.content))
            return result
        raise self._unparsable(response, problems, envelope)

    def _unparsable(
        self, response: httpx.Response, problems: list[tuple[str, str]], envelope: Envelope
    ) -> APIError:
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
            where, message = problems[0] if problems else ("the body", "does not fit")
            detail = (
                f"the body does not match the documented shape ({len(problems)} errors; "
                f"first: {where}: {message})"
            )
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
