"""The exception hierarchy every part of the SDK raises.

Every exception the SDK raises on purpose derives from ``LocallyError``::

    LocallyError
    ├── ConfigurationError                 bad or missing client settings
    ├── RequestValidationError (ValueError) an argument refused before anything was sent
    │   └── InvalidTransitionError          a status move the documented lifecycle forbids
    ├── PaginationError                    a walk over all pages could not finish
    ├── CartUpdateError                    some items of a whole-cart update failed
    ├── WebhookError                       a webhook body that cannot be read
    │   ├── WebhookAuthenticationError     missing or wrong locally-webhook-token
    │   └── WebhookVerificationError       the cart a webhook names disagrees with the API
    ├── FeedError                          a feed that cannot be read or written
    │   └── FeedFileError (also OSError)   the feed's file cannot be opened or replaced
    ├── CheckpointError                    a watch checkpoint that cannot be read or written
    └── APIError                           talking to the API failed
        ├── APIConnectionError             DNS, connect, TLS, dropped connection
        │   └── APITimeoutError
        ├── APIStatusError                 an HTTP status of 400 or more
        │   ├── BadRequestError (400), AuthenticationError (401),
        │   │   RequestFailedError (402), PermissionDeniedError (403),
        │   │   NotFoundError (404), ConflictError (409),
        │   │   UnprocessableEntityError (422), RateLimitError (429),
        │   │   InternalServerError (5xx)
        │   └── by Locally's error_code: AppServerError (1000),
        │       ServiceAccessDeniedError (1101), NotAuthorizedError (1102),
        │       CartNotFoundError (1206), PaymentProcessorError (1323),
        │       ItemUnavailableError (1327; 401 from the headless API), StripeError (1328),
        │       StoreNotFoundError (1329), TaxDifferenceError (1335)
        ├── APIResponseValidationError     a 2xx whose body is not the documented JSON
        ├── APIResultError                 a 2xx saying "status": false
        │   └── CartError                  a headless 2xx saying "success": false
        └── OrderOutcomeUnknownError       a request that must not be repeated may have landed

Errors that come back from the API carry the HTTP status, Locally's ``error_code`` and
``msg``, the request id when the server sent one, and the response itself.  None of them ever
carries a secret: the request they keep is a copy with every secret header redacted (see
:func:`redacted_request`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._constants import REDACTED, SECRET_HEADERS

if TYPE_CHECKING:
    import httpx

__all__ = [
    "CheckpointError",
    "FeedError",
    "FeedFileError",
    "WebhookVerificationError",
    "WebhookAuthenticationError",
    "WebhookError",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIResultError",
    "APIStatusError",
    "APITimeoutError",
    "AppServerError",
    "AuthenticationError",
    "BadRequestError",
    "CartError",
    "CartNotFoundError",
    "CartUpdateError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidTransitionError",
    "ItemUnavailableError",
    "LocallyError",
    "NotAuthorizedError",
    "NotFoundError",
    "OrderOutcomeUnknownError",
    "PaginationError",
    "PaymentProcessorError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimiterError",
    "RequestFailedError",
    "RequestValidationError",
    "ServiceAccessDeniedError",
    "StoreNotFoundError",
    "StripeError",
    "TaxDifferenceError",
    "UnprocessableEntityError",
]


class LocallyError(Exception):
    """Root of every exception the SDK raises on purpose."""


class ConfigurationError(LocallyError):
    """The client was built with missing or contradictory settings (for example no API token)."""


class RateLimiterError(LocallyError):
    """The client's rate limiter could not reach its storage (Redis); the request was not sent."""


class PaginationError(LocallyError):
    """A walk over all pages could not finish: carts arrived faster than pages could be read."""


class CartUpdateError(LocallyError):
    """Some items of a whole-cart update failed; ``failures`` maps each UPC to its error."""

    def __init__(self, cart_hash: str, failures: dict[str, LocallyError], *, total: int) -> None:
        details = "; ".join(f"{upc}: {error}" for upc, error in failures.items())
        super().__init__(f"{len(failures)} of {total} items of cart {cart_hash} failed: {details}")
        #: The cart that was updated.
        self.cart_hash = cart_hash
        #: Each failed UPC with the error it got.
        self.failures = failures


class WebhookError(LocallyError):
    """A webhook body could not be read: not JSON, not a payload Locally sends, or invalid."""


class WebhookAuthenticationError(WebhookError):
    """The ``locally-webhook-token`` header is missing or matches none of the secrets."""


class WebhookVerificationError(WebhookError):
    """The cart a webhook names does not exist, or disagrees with the webhook."""


class FeedError(LocallyError):
    """A feed could not be read or written; see ``errors`` for each row."""

    def __init__(self, message: str, errors: list[Any] | None = None) -> None:
        super().__init__(message)
        #: Every problem found, each with its line number, column and value.
        self.errors: list[Any] = list(errors or [])


class CheckpointError(LocallyError):
    """A ``carts.watch()`` checkpoint could not be opened, read or written.

    Nothing was acknowledged that was not stored: the events after the last stored one are
    delivered again once the checkpoint works.
    """


class FeedFileError(FeedError, OSError):
    """A feed file could not be opened, read or replaced (missing, a folder, no permission).

    Also an :class:`OSError`, so code that caught the operating system's error still does;
    ``__cause__`` holds that original error.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)


class RequestValidationError(LocallyError, ValueError):
    """A request was refused before anything was sent, because an argument is invalid.

    ``field`` names the argument and ``value`` holds what was passed, so the message can say
    exactly what to fix.  Nothing reached the network.
    """

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        #: The argument (or payload field) that was rejected.
        self.field = field
        #: The rejected value, as passed.
        self.value = value


class InvalidTransitionError(RequestValidationError):
    """A status change that the documented lifecycle does not allow; refused before sending."""

    def __init__(self, message: str, *, current: str, target: str) -> None:
        super().__init__(message, field="status", value=target)
        #: The status the item was in.
        self.current = current
        #: The status the caller asked for.
        self.target = target


def redacted_request(request: httpx.Request) -> httpx.Request:
    """Return a copy of ``request`` whose secret headers read ``<redacted>``.

    Errors keep this copy so that logging ``exc.request.headers`` or pickling an exception
    never leaks the API token, the session id or the cart JWT.
    """
    import httpx

    headers = [
        (name, REDACTED if name.lower() in SECRET_HEADERS else value)
        for name, value in request.headers.items()
    ]
    # The body is not copied: a streamed body cannot be read twice, and request bodies are
    # already on the caller's side.
    copy = httpx.Request(request.method, request.url, headers=headers)
    copy.extensions = {}
    return copy


class APIError(LocallyError):
    """An error talking to the Locally API: a transport failure or an error reply."""

    def __init__(
        self, message: str, *, request: httpx.Request | None, body: object | None = None
    ) -> None:
        super().__init__(message)
        #: Human-readable description, as shown by ``str(exc)``.
        self.message = message
        #: The request that failed, with the token redacted.
        self.request = redacted_request(request) if request is not None else None
        #: The decoded JSON body of the reply, when there was one.
        self.body = body

    def _add_detail(self, text: str) -> None:
        """Append the sentence ``text`` to the message, for context learnt after the error."""
        stop = "" if self.message.rstrip().endswith((".", "!", "?")) else "."
        self.message = f"{self.message.rstrip()}{stop} {text}"
        self.args = (self.message,)


class APIConnectionError(APIError):
    """The request could not be completed: DNS, connect, TLS, or the connection dropped."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None
    ) -> None:
        super().__init__(message, request=request)
        #: False when the failure happened before the request left this machine (connect
        #: error, pool timeout): the server cannot have seen it.  True when it may have.
        self.request_sent: bool = True


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool timeout)."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None
    ) -> None:
        super().__init__(message, request=request)


class APIStatusError(APIError):
    """The API answered with an error: an HTTP status of 400 or more.

    The subclass is chosen by Locally's ``error_code`` when it is one of the documented codes,
    otherwise by the HTTP status.  ``status_code`` always holds the HTTP status.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None = None,
        error_code: int | None = None,
        msg: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, request=response.request, body=body)
        #: Seconds the server asked to wait before retrying (``Retry-After``), if it said.
        self.retry_after = retry_after
        #: The HTTP response (its request is not the original: see ``request``).
        self.response = response
        #: HTTP status code of the reply.
        self.status_code = response.status_code
        #: Locally's numeric ``error_code`` from the reply envelope, if any.
        self.error_code = error_code
        #: Locally's ``msg`` (or ``message``) text from the reply envelope, if any.
        self.msg = msg
        #: The ``X-Request-Id`` header of the reply, if the server sent one.
        self.request_id = response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    """HTTP 400: the API rejected the request as malformed."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the API token is missing, wrong or revoked."""


class RequestFailedError(APIStatusError):
    """HTTP 402: Locally's "Request Failed": the parameters were valid but the request failed."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the token may not access this resource."""


class NotFoundError(APIStatusError):
    """HTTP 404: the cart, item or route does not exist (or the token cannot see it)."""


class ConflictError(APIStatusError):
    """HTTP 409: the request conflicts with the current state of the resource."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the API could not process the request body."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests.

    ``retry_after`` is the delay in seconds the server asked for, when it gave one.  The SDK
    retries rate-limited calls by itself, unless the requested delay is longer than the
    client's ``max_retry_after``; then this error is raised at once.
    """


class InternalServerError(APIStatusError):
    """HTTP 500 or above: a failure on Locally's side."""


# Errors for Locally's documented ``error_code`` values (locally-docs/05-reference-notes.md).
class AppServerError(InternalServerError):
    """``error_code`` 1000: "App server error. Please contact the administrator"."""


class ServiceAccessDeniedError(PermissionDeniedError):
    """``error_code`` 1101: the account has no access to this service."""


class NotAuthorizedError(PermissionDeniedError):
    """``error_code`` 1102: not authorised to access this resource."""


class CartNotFoundError(NotFoundError):
    """``error_code`` 1206: "Authentication error: User not found": the cart or session is gone."""


class PaymentProcessorError(APIStatusError):
    """``error_code`` 1323: the payment processor reported a problem."""


class ItemUnavailableError(APIStatusError):
    """``error_code`` 1327, or 401 from the headless API: the item is no longer available.

    The order call's documented failure is ``"error_code": 401`` with "this item is no longer
    available"; it is this error, never :class:`AuthenticationError`, whatever HTTP status
    comes with it.
    """


class StripeError(APIStatusError):
    """``error_code`` 1328: Stripe refused or failed the payment step."""


class StoreNotFoundError(NotFoundError):
    """``error_code`` 1329: the store does not exist or does not sell online."""


class TaxDifferenceError(APIStatusError):
    """``error_code`` 1335: the tax computed differs (tax override / AvaTax message)."""


class APIResponseValidationError(APIError):
    """The API answered 2xx, but the body is not the JSON this SDK expects (HTML, truncated...)."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: object | None = None
    ) -> None:
        super().__init__(message, request=response.request, body=body)
        #: The HTTP response.
        self.response = response
        #: HTTP status code of the reply.
        self.status_code = response.status_code


class APIResultError(APIError):
    """HTTP 200 whose body says ``"status": false``: the API refused the operation.

    ``message`` holds the reason Locally gave (its ``message`` field).
    """

    def __init__(
        self, message: str, *, response: httpx.Response, body: object | None = None
    ) -> None:
        super().__init__(message, request=response.request, body=body)
        #: The HTTP response.
        self.response = response
        #: HTTP status code of the reply (200 for these).
        self.status_code = response.status_code


class CartError(APIResultError):
    """Headless HTTP 200 with ``success: false``; ``cart_error`` holds Locally's explanation."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None = None,
        cart_error: str | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body)
        #: The text of ``data.cart_content.cart_error``.
        self.cart_error = cart_error


class OrderOutcomeUnknownError(APIError):
    """A request that must not be sent twice may or may not have been applied.

    Raised instead of retrying when a non-idempotent request (placing an order, adding an item
    to a headless cart) failed after it may have reached the server: a read timeout, a dropped
    connection, or a 5xx.  The message names the operation.  Find out whether it went through
    before trying again: for a headless order, ``client.headless.resolve_order(session)``
    answers placed, not placed or still unknown.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        cause: BaseException,
        cart_hash: str | None = None,
    ) -> None:
        super().__init__(message, request=request)
        #: The transport or status error that left the outcome unknown.
        self.cause = cause
        #: The hash of the cart the request acted on, when it had one (a first ``add_item``
        #: has none yet).
        self.cart_hash = cart_hash
