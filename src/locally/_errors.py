"""The exception hierarchy every part of the SDK raises.

Every exception the SDK raises derives from ``LocallyError``; nothing else leaves it::

    LocallyError
    ├── ConfigurationError                 bad or missing client settings
    ├── ClientClosedError (RuntimeError)   a call on a client after close()
    ├── RequestValidationError (ValueError) an argument refused before anything was sent
    │   └── InvalidTransitionError          a status move the documented lifecycle forbids
    ├── PaginationError                    a walk over all pages could not finish
    ├── CheckpointError                    a watch checkpoint that cannot be read or written
    ├── CartUpdateError                    some items of a whole-cart update failed
    ├── WebhookError                       a webhook body that cannot be read
    │   ├── WebhookAuthenticationError     missing or wrong locally-webhook-token, no secret
    │   └── WebhookVerificationError       the cart a webhook names disagrees with the API
    ├── FeedError                          a feed that cannot be read or written
    │   ├── FeedFileError (also OSError)   the feed's file cannot be opened or replaced
    │   └── FeedRowValidationError         an AvailableToSellRow built with a bad value
    ├── ModelValidationError (ValueError)  data that does not fit a response model
    └── APIError                           talking to the API failed (locally._api_errors)
        ├── APIConnectionError             DNS, connect, TLS, dropped connection
        │   └── APITimeoutError            a phase, or the whole attempt, took too long
        ├── APIStatusError                 an HTTP status of 400 or more
        │   ├── BadRequestError (400), AuthenticationError (401),
        │   │   RequestFailedError (402), PermissionDeniedError (403),
        │   │   NotFoundError (404), ConflictError (409),
        │   │   UnprocessableEntityError (422), RateLimitError (429),
        │   │   InternalServerError (5xx)
        │   ├── by Locally's error_code: AppServerError (1000),
        │   │   ServiceAccessDeniedError (1101), NotAuthorizedError (1102),
        │   │   CartNotFoundError (1206), PaymentProcessorError (1323),
        │   │   ItemUnavailableError (1327; 401 from the headless API),
        │   │   StripeError (1328), StoreNotFoundError (1329), TaxDifferenceError (1335)
        │   └── RedirectError (3xx)         a redirect, never followed
        ├── APIResponseValidationError     a 2xx whose body is not the documented JSON
        │   └── ResponseTooLargeError      a body over max_response_bytes
        ├── APIResultError                 a 2xx saying "status": false
        │   └── CartError                  a headless 2xx saying "success": false
        └── OrderOutcomeUnknownError       a request that must not be repeated may have landed

Errors that come back from the API carry the HTTP status, Locally's ``error_code`` and
``msg``, the request id when the server sent one, and the response itself.  None of them ever
carries a secret: the request and response they keep are copies with every secret redacted
(:mod:`locally._redaction`), and every error survives ``pickle``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CartUpdateError",
    "CheckpointError",
    "ClientClosedError",
    "ConfigurationError",
    "FeedError",
    "FeedFileError",
    "FeedRowValidationError",
    "InvalidTransitionError",
    "LocallyError",
    "ModelValidationError",
    "PaginationError",
    "RateLimiterError",
    "RequestValidationError",
    "WebhookAuthenticationError",
    "WebhookError",
    "WebhookVerificationError",
]


def _rebuild(cls: type[LocallyError], args: tuple[Any, ...]) -> LocallyError:
    """Recreate an error for :mod:`pickle` without calling its ``__init__``."""
    error = cls.__new__(cls)
    error.args = args
    return error


class LocallyError(Exception):
    """Root of every exception the SDK raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # The default rebuilds an exception by calling it with its args, which fails for every
        # error whose __init__ takes keyword arguments; the attributes are restored instead.
        return (_rebuild, (type(self), self.args), self.__dict__)


class ConfigurationError(LocallyError):
    """The client was built with missing or contradictory settings (for example no API token)."""


class ClientClosedError(LocallyError, RuntimeError):
    """A call was made on a client after ``close()``; build a new client instead."""


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
    """A webhook body could not be read: not JSON, not a payload Locally sends, or invalid.

    ``field`` names the payload field at fault (``items.0.quantity``), when one is.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        #: The payload field at fault, dotted (``items.0.upc``), or None.
        self.field = field


class WebhookAuthenticationError(WebhookError):
    """The ``locally-webhook-token`` header is missing or wrong, or no secret was configured."""


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


class FeedRowValidationError(FeedError):
    """A feed row was built with a value a feed cannot hold.

    Raised by ``AvailableToSellRow``, ``InventoryRow`` and ``ProductRow``.

    ``field`` names the first bad field; ``errors`` lists every problem as text.
    """

    def __init__(self, message: str, *, field: str, errors: list[str]) -> None:
        super().__init__(message, list(errors))
        #: The first field at fault (``qty``), or ``row`` for a rule over several fields.
        self.field = field


class ModelValidationError(LocallyError, ValueError):
    """Data does not have the shape a model documents (``CartDetail.model_validate(...)``).

    ``model`` names the model; ``errors`` lists each problem as ``(field, message)``.
    Neither repeats the values, which may be a shopper's personal data.  Replies from the
    API that do not fit raise :class:`~locally.APIResponseValidationError` instead.
    """

    def __init__(self, model: str, errors: list[tuple[str, str]]) -> None:
        shown = "; ".join(f"{field}: {message}" for field, message in errors[:5])
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"invalid {model}: {shown}{more}")
        #: The model the data was validated as.
        self.model = model
        #: Each problem: the dotted field (``items.0.qty``) and what is wrong with it.
        self.errors = errors


class RequestValidationError(LocallyError, ValueError):
    """A request was refused before anything was sent, because an argument is invalid.

    ``field`` names the argument and ``value`` holds what was passed (None when it is a
    secret or a customer's personal data), so the message can say exactly what to fix.
    Nothing reached the network.
    """

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        #: The argument (or payload field) that was rejected.
        self.field = field
        #: The rejected value, as passed; None for a secret or personal data.
        self.value = value


class InvalidTransitionError(RequestValidationError):
    """A status change that the documented lifecycle does not allow; refused before sending."""

    def __init__(self, message: str, *, current: str, target: str) -> None:
        super().__init__(message, field="status", value=target)
        #: The status the item was in.
        self.current = current
        #: The status the caller asked for.
        self.target = target
