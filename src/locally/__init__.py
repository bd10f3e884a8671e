"""Typed Python SDK for the Locally commerce APIs.

>>> from locally import Locally
>>> client = Locally(api_token="...")  # doctest: +SKIP
>>> cart = client.carts.retrieve("PDQE89")  # doctest: +SKIP

Webhooks, feeds and the test double live in submodules (``locally.webhooks``,
``locally.feeds``, ``locally.testing``) and are imported only when you use them.
"""

from ._client import AsyncLocally, Locally
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIResultError,
    APIStatusError,
    APITimeoutError,
    AppServerError,
    AuthenticationError,
    BadRequestError,
    CartError,
    CartNotFoundError,
    CartUpdateError,
    ConfigurationError,
    ConflictError,
    FeedError,
    InternalServerError,
    InvalidTransitionError,
    ItemUnavailableError,
    LocallyError,
    NotAuthorizedError,
    NotFoundError,
    OrderOutcomeUnknownError,
    PaginationError,
    PaymentProcessorError,
    PermissionDeniedError,
    RateLimitError,
    RequestFailedError,
    RequestValidationError,
    ServiceAccessDeniedError,
    StoreNotFoundError,
    StripeError,
    TaxDifferenceError,
    UnprocessableEntityError,
    WebhookAuthenticationError,
    WebhookError,
    WebhookVerificationError,
)
from ._logs import setup_from_env as _setup_logging
from ._pagination import AsyncCartPage, AsyncCartPager, CartPage, CartPager
from ._version import __version__
from .resources._raw import RawResponse
from .types.headless import HeadlessCustomer, HeadlessSession

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIResultError",
    "APIStatusError",
    "APITimeoutError",
    "AppServerError",
    "AsyncCartPage",
    "AsyncCartPager",
    "AsyncLocally",
    "AuthenticationError",
    "BadRequestError",
    "CartError",
    "CartNotFoundError",
    "CartUpdateError",
    "CartPage",
    "CartPager",
    "ConfigurationError",
    "ConflictError",
    "HeadlessCustomer",
    "HeadlessSession",
    "InternalServerError",
    "InvalidTransitionError",
    "ItemUnavailableError",
    "Locally",
    "LocallyError",
    "NotAuthorizedError",
    "NotFoundError",
    "OrderOutcomeUnknownError",
    "PaginationError",
    "PaymentProcessorError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RequestFailedError",
    "RequestValidationError",
    "ServiceAccessDeniedError",
    "StoreNotFoundError",
    "StripeError",
    "TaxDifferenceError",
    "UnprocessableEntityError",
    "WebhookAuthenticationError",
    "WebhookError",
    "WebhookVerificationError",
    "FeedError",
    "__version__",
]

_setup_logging()
