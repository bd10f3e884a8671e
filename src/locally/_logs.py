"""The ``locally`` logger and the ``LOCALLY_LOG`` switch.

Set ``LOCALLY_LOG=debug`` (or ``info``) to print the SDK's own log records on stderr without
configuring :mod:`logging` yourself.  Records never contain the API token or the cart JWT.
"""

from __future__ import annotations

import logging
import os

__all__ = ["logger", "setup_from_env"]

logger = logging.getLogger("locally")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


def setup_from_env() -> None:
    """Attach a stderr handler to the ``locally`` logger when ``LOCALLY_LOG`` asks for one."""
    level = _LEVELS.get(os.environ.get("LOCALLY_LOG", "").strip().lower())
    if level is None or any(getattr(h, "_locally_env", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    handler._locally_env = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
