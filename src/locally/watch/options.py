"""The arguments of ``carts.watch()``, checked once for the sync and the async watch."""

from __future__ import annotations

import datetime as _dt
import os
from typing import cast

from .._errors import RequestValidationError
from .checkpoint import CheckpointStore, SQLiteCheckpoint
from .ledger import Start

__all__ = ["WatchOptions"]


class WatchOptions:
    """The checked arguments of ``carts.watch()``; shared by the sync and async watch."""

    def __init__(
        self,
        *,
        checkpoint: object,
        interval: object,
        once: object,
        start: object,
        lookback: object,
        sweep: object,
    ) -> None:
        self.store, self.owns_store, self.where = _store(checkpoint)
        self.interval = _seconds("interval", interval)
        self.sweep = _seconds("sweep", sweep)
        if not isinstance(once, bool):
            raise RequestValidationError(
                f"once must be True or False, got {once!r}", field="once", value=once
            )
        self.once = once
        if not isinstance(lookback, _dt.timedelta) or lookback <= _dt.timedelta(0):
            raise RequestValidationError(
                f"lookback must be a positive datetime.timedelta, got {lookback!r}",
                field="lookback",
                value=lookback,
            )
        self.lookback = lookback
        self.start: Start = _start(start)


def _start(start: object) -> Start:
    if start is None or isinstance(start, _dt.datetime):
        return start
    if start == "now":
        return "now"
    raise RequestValidationError(
        f'start must be None, "now" or a datetime, got {start!r}', field="start", value=start
    )


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise RequestValidationError(
            f"{name} must be a number of seconds >= 0, got {value!r}", field=name, value=value
        )
    return float(value)


def _store(checkpoint: object) -> tuple[CheckpointStore, bool, str]:
    """The store for ``checkpoint``: a path opens an SQLite file the watch owns and closes."""
    if isinstance(checkpoint, (str, os.PathLike)):
        path: object = os.fspath(cast("str | os.PathLike[str]", checkpoint))
        if not isinstance(path, str) or not path:
            raise RequestValidationError(
                "checkpoint must be a file path or a CheckpointStore",
                field="checkpoint",
                value=checkpoint,
            )
        return SQLiteCheckpoint(path), True, repr(path)
    if isinstance(checkpoint, CheckpointStore):
        return checkpoint, False, repr(checkpoint)
    raise RequestValidationError(
        "checkpoint must be a file path or a CheckpointStore (load, commit, close), got "
        f"{type(checkpoint).__name__}",
        field="checkpoint",
        value=checkpoint,
    )
