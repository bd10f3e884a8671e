"""The errors of talking to the API: transport failures, error replies and unknown outcomes.

Every one keeps only redacted copies of what it was built from (:mod:`locally._redaction`):
the request without its secret headers, the reply without secrets in its headers or body,
and messages with any echoed secret replaced.  The hierarchy is drawn in
:mod:`locally._errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import LocallyError
from ._redaction import Redactor

if TYPE_CHECKING:
    import httpx

__all__ = [
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
    "ConflictError",
    "InternalServerError",
    "ItemUnavailableError",
    "NotAuthorizedError",
    "NotFoundError",
    "OrderOutcomeUnknownError",
    "PaymentProcessorError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RequestFailedError",
    "ResponseTooLargeError",
    "ServiceAccessDeniedError",
    "StoreNotFoundError",
    "StripeError",
    "TaxDifferenceError",
    "UnprocessableEntityError",
]


def _sent(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response built by hand, never sent
        return None


class APIError(LocallyError):
    """An error talking to the Locally API: a transport failure or an error reply."""

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        body: object | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        hide = Redactor.for_exchange(request, response)
        message = hide.text(message)
        super().__init__(message)
        #: Human-readable description, as shown by ``str(exc)``.
        self.message = message
        #: The request that failed: a copy with every secret redacted.
        self.request = hide.request(request) if request is not None else None
        #: The decoded JSON body of the reply, when there was one (secrets redacted).
        self.body = hide.value(body)

    def _add_detail(self, text: str) -> None:
        """Append the sentence ``text`` to the message, for context learnt after the error."""
        stop = "" if self.message.rstrip().endswith((".", "!", "?")) else "."
        self.message = f"{self.message.rstrip()}{stop} {text}"
        self.args = (self.message,)


class _ReplyError(APIError):
    """An error built from a reply: keeps a redacted copy of it and its status."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: object | None = None
    ) -> None:
        super().__init__(message, request=_sent(response), body=body, response=response)
        #: The HTTP response: a read copy with secrets redacted, whose ``request`` is
        #: :attr:`request`.
        self.response = Redactor.for_exchange(_sent(response), response).response(
            response, self.request
        )
        #: HTTP status code of the reply.
        self.status_code = response.status_code


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
    """The request timed out: connect, read, write or pool, or the whole attempt's ``timeout``."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None
    ) -> None:
        super().__init__(message, request=request)


class APIStatusError(_ReplyError):
    """The API answered with an error: an HTTP status of 400 or more (or a redirect).

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
        super().__init__(message, response=response, body=body)
        #: Seconds the server asked to wait before retrying (``Retry-After``), if it said.
        self.retry_after = retry_after
        #: Locally's numeric ``error_code`` from the reply envelope, if any.
        self.error_code = error_code
        hide = Redactor.for_exchange(_sent(response), response)
        #: Locally's ``msg`` (or ``message``) text from the reply envelope, if any.
        self.msg = hide.text(msg) if msg is not None else None
        #: The ``X-Request-Id`` header of the reply, if the server sent one.
        self.request_id = self.response.headers.get("x-request-id")


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


class RedirectError(APIStatusError):
    """HTTP 3xx: the API answered with a redirect, which the SDK never follows.

    Following it could carry the API token, session id and cart JWT to another host, or send
    an order a second time.  Locally's API does not redirect, so this usually means a wrong
    ``base_url`` (``http://`` for ``https://``, a missing ``www``).  ``location`` holds where
    the server pointed.
    """

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, response=response)
        #: The ``Location`` header of the reply (secrets redacted), if it had one.
        self.location = self.response.headers.get("location")


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


class APIResponseValidationError(_ReplyError):
    """The API answered 2xx, but the body is not the JSON this SDK expects (HTML, truncated...)."""


class ResponseTooLargeError(APIResponseValidationError):
    """The reply's body, decompressed, was larger than the client's ``max_response_bytes``.

    Reading stopped at the limit, so a body that never ends or a compression bomb costs no
    more memory than that.  Raise the limit with ``max_response_bytes=`` (on the client or
    ``with_options``) if a genuine reply needs more.
    """

    def __init__(self, message: str, *, response: httpx.Response, limit: int) -> None:
        super().__init__(message, response=response)
        #: The limit in bytes that the body went over.
        self.limit = limit


class APIResultError(_ReplyError):
    """HTTP 200 whose body says ``"status": false``: the API refused the operation.

    ``message`` holds the reason Locally gave (its ``message`` field).
    """


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
        hide = Redactor.for_exchange(_sent(response), response)
        #: The text of ``data.cart_content.cart_error``.
        self.cart_error = hide.text(cart_error) if cart_error is not None else None


class OrderOutcomeUnknownError(APIError):
    """A request that must not be sent twice may or may not have been applied.

    Raised instead of retrying when a non-idempotent request (placing an order, adding an item
    to a headless cart) failed after it may have reached the server: a read timeout, a dropped
    connection, a 5xx, a garbled or oversized reply, or a redirect.  The message names the
    operation.  Find out whether it went through before trying again: for a headless order,
    ``client.headless.resolve_order(session)`` answers placed, not placed or still unknown.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        cause: LocallyError,
        cart_hash: str | None = None,
    ) -> None:
        super().__init__(message, request=request)
        #: The transport or status error that left the outcome unknown.
        self.cause = cause
        #: The hash of the cart the request acted on, when it had one (a first ``add_item``
        #: has none yet).
        self.cart_hash = cart_hash
