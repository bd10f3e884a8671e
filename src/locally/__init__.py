"""Typed Python SDK for the Locally commerce APIs.

>>> from locally import Locally
>>> client = Locally(api_token="...")  # doctest: +SKIP
>>> cart = client.carts.retrieve("PDQE89")  # doctest: +SKIP

Webhooks, feeds and the test double live in submodules (``locally.webhooks``,
``locally.feeds``, ``locally.testing``) and are imported only when you use them.
"""

import importlib
from typing import TYPE_CHECKING

from ._api_errors import (
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
    ConflictError,
    InternalServerError,
    ItemUnavailableError,
    NotAuthorizedError,
    NotFoundError,
    OrderOutcomeUnknownError,
    PaymentProcessorError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    RequestFailedError,
    ResponseTooLargeError,
    ServiceAccessDeniedError,
    StoreNotFoundError,
    StripeError,
    TaxDifferenceError,
    UnprocessableEntityError,
)
from ._client import AsyncLocally, Locally
from ._errors import (
    CartUpdateError,
    CheckpointError,
    ClientClosedError,
    ConfigurationError,
    FeedError,
    FeedFileError,
    FeedRowValidationError,
    InvalidTransitionError,
    LocallyError,
    ModelValidationError,
    PaginationError,
    RateLimiterError,
    RequestValidationError,
    WebhookAuthenticationError,
    WebhookError,
    WebhookVerificationError,
)
from ._logs import setup_from_env as _setup_logging
from ._pagination import AsyncCartPager, CartPager
from ._rate_limit import RateLimiter
from ._settings import NOT_GIVEN, NotGiven
from ._version import __version__
from .resources._raw import RawResponse

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
    "ClientClosedError",
    "CartPager",
    "CheckpointError",
    "ConfigurationError",
    "ConflictError",
    "FeedRowValidationError",
    "HeadlessCustomer",
    "HeadlessSession",
    "InternalServerError",
    "InvalidTransitionError",
    "ItemUnavailableError",
    "Locally",
    "LocallyError",
    "ModelValidationError",
    "NOT_GIVEN",
    "NotAuthorizedError",
    "NotGiven",
    "NotFoundError",
    "OrderOutcomeUnknownError",
    "PaginationError",
    "PaymentProcessorError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimiter",
    "RateLimiterError",
    "RawResponse",
    "RedirectError",
    "RequestFailedError",
    "RequestValidationError",
    "ResponseTooLargeError",
    "ServiceAccessDeniedError",
    "StoreNotFoundError",
    "StripeError",
    "TaxDifferenceError",
    "UnprocessableEntityError",
    "WebhookAuthenticationError",
    "WebhookError",
    "WebhookVerificationError",
    "FeedError",
    "FeedFileError",
    "__version__",
]

_setup_logging()

if TYPE_CHECKING:
    from ._pages import AsyncCartPage, CartPage
    from .types.headless_inputs import HeadlessCustomer, HeadlessSession

# Names whose modules build pydantic models: loaded on first use so that ``import locally``
# stays cheap (docs/benchmarks.md).
_LAZY = {
    "AsyncCartPage": "._pages",
    "CartPage": "._pages",
    "HeadlessCustomer": ".types.headless_inputs",
    "HeadlessSession": ".types.headless_inputs",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
