"""How old an inventory feed file is, against the refresh Locally requires.

PushCart and Cart-to-Cart require the inventory feed to be refreshed at least every 24 hours;
Locally's reference adds that PushCart is switched off past 72 hours.  The default
``max_age`` is the 24 hours both guides ask for (see docs/source-docs.md).
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass

from .._errors import FeedFileError, RequestValidationError

__all__ = ["DEFAULT_MAX_AGE", "FeedFreshness", "inventory_feed_freshness"]

#: The refresh interval PushCart and Cart-to-Cart require of an inventory feed.
DEFAULT_MAX_AGE = _dt.timedelta(hours=24)


@dataclass(frozen=True)
class FeedFreshness:
    """How old a feed file is, and whether that is older than allowed."""

    path: str
    """The file."""
    modified_at: _dt.datetime
    """When it was last written (UTC, from the file system)."""
    age: _dt.timedelta
    """How long ago that was; negative if the file's time is ahead of ``now``."""
    max_age: _dt.timedelta
    """The age it may reach."""
    stale: bool
    """True when ``age`` is more than ``max_age``: refresh the feed."""


def inventory_feed_freshness(
    path: str | os.PathLike[str],
    *,
    now: _dt.datetime | None = None,
    max_age: _dt.timedelta = DEFAULT_MAX_AGE,
) -> FeedFreshness:
    """How old the feed at ``path`` is, and whether it is ``stale`` (older than ``max_age``).

    ``now`` (timezone-aware) defaults to the current time.  A file that cannot be read raises
    :class:`~locally.FeedFileError`; a naive ``now`` or a ``max_age`` of zero or less raises
    :class:`~locally.RequestValidationError`.
    """
    if now is None:
        now = _dt.datetime.now(_dt.timezone.utc)
    elif not isinstance(now, _dt.datetime) or now.utcoffset() is None:
        raise RequestValidationError(
            f"now must be a timezone-aware datetime, got {now!r}", field="now", value=now
        )
    if not isinstance(max_age, _dt.timedelta) or max_age <= _dt.timedelta(0):
        raise RequestValidationError(
            f"max_age must be a timedelta greater than zero, got {max_age!r}",
            field="max_age",
            value=max_age,
        )
    name = os.fspath(path)
    try:
        seconds = os.stat(name).st_mtime
    except OSError as exc:
        raise FeedFileError(f"cannot read feed {name!r}: {exc}") from exc
    modified = _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)
    age = now - modified
    return FeedFreshness(name, modified, age, max_age, stale=age > max_age)
