"""The ``locally`` logger, the ``LOCALLY_LOG`` switch, and what the pipeline logs.

Set ``LOCALLY_LOG=debug`` (or ``info``) to print the SDK's own log records on stderr without
configuring :mod:`logging` yourself.  Records never contain a secret: the values of every
header in :data:`~locally._constants.SECRET_HEADERS` read ``<redacted>``.
"""

from __future__ import annotations

import logging
import os
import warnings
from typing import TYPE_CHECKING, TextIO

from ._constants import LOG_ENV, REDACTED, SECRET_HEADERS

if TYPE_CHECKING:
    import httpx

__all__ = ["log_request", "log_response", "log_retry", "logger", "setup_from_env"]

logger = logging.getLogger("locally")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


if TYPE_CHECKING:
    _StreamHandler = logging.StreamHandler[TextIO]
else:  # subscripting it at runtime needs Python 3.11
    _StreamHandler = logging.StreamHandler


class _EnvHandler(_StreamHandler):
    """The stderr handler added for ``LOCALLY_LOG``; its class marks it as ours."""


#: ``LOCALLY_LOG`` values already warned about, so that each is reported once per process.
_warned: set[str] = set()


def setup_from_env() -> None:
    """Attach a stderr handler to the ``locally`` logger when ``LOCALLY_LOG`` asks for one.

    A value that is not a level name is ignored with a warning (once per value), since a
    typo there would otherwise silently log nothing.
    """
    raw = os.environ.get(LOG_ENV, "")
    name = raw.strip().lower()
    level = _LEVELS.get(name)
    if level is None:
        if name and raw not in _warned:
            _warned.add(raw)
            choices = ", ".join(_LEVELS)
            warnings.warn(
                f"{LOG_ENV}={raw!r} is not a log level ({choices}); not logging",
                UserWarning,
                stacklevel=2,
            )
        return
    if any(isinstance(h, _EnvHandler) for h in logger.handlers):
        return
    handler = _EnvHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)


def log_request(sent: httpx.Request) -> None:
    """Log an outgoing request at DEBUG, secrets redacted."""
    if logger.isEnabledFor(logging.DEBUG):
        headers = {
            name: (REDACTED if name.lower() in SECRET_HEADERS else value)
            for name, value in sent.headers.items()
        }
        logger.debug("Request: %s %s headers=%s", sent.method, sent.url, headers)


def log_response(response: httpx.Response, elapsed: float) -> None:
    """Log a reply at DEBUG: status, time taken and size."""
    if logger.isEnabledFor(logging.DEBUG):
        request = response.request
        logger.debug(
            "Response: %s %s -> %d in %.1f ms (%d bytes)",
            request.method,
            request.url,
            response.status_code,
            elapsed * 1000,
            len(response.content),
        )


def log_retry(
    method: str, path: str, delay: float, attempt: int, attempts: int, cause: BaseException
) -> None:
    """Log at INFO that attempt ``attempt`` of ``attempts`` follows after ``delay`` seconds."""
    logger.info(
        "Retrying %s %s in %.2fs (attempt %d of %d) after: %s",
        method,
        path,
        delay,
        attempt,
        attempts,
        cause,
    )
