"""The ``locally`` logger and the ``LOCALLY_LOG`` switch.

Set ``LOCALLY_LOG=debug`` (or ``info``) to print the SDK's own log records on stderr without
configuring :mod:`logging` yourself.  Records never contain the API token or the cart JWT.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, TextIO

__all__ = ["logger", "setup_from_env"]

logger = logging.getLogger("locally")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


if TYPE_CHECKING:
    _StreamHandler = logging.StreamHandler[TextIO]
else:  # subscripting it at runtime needs Python 3.11
    _StreamHandler = logging.StreamHandler


class _EnvHandler(_StreamHandler):
    """The stderr handler added for ``LOCALLY_LOG``; its class marks it as ours."""


def setup_from_env() -> None:
    """Attach a stderr handler to the ``locally`` logger when ``LOCALLY_LOG`` asks for one."""
    level = _LEVELS.get(os.environ.get("LOCALLY_LOG", "").strip().lower())
    if level is None or any(isinstance(h, _EnvHandler) for h in logger.handlers):
        return
    handler = _EnvHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
