"""What the feed fuzz targets share."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from typing import Any

from locally import FeedError


def read_by_path(read: Callable[[str], Any], data: bytes) -> None:
    """Read ``data`` from a file with ``read``, and a path that does not exist.

    Only the SDK's ``FeedError`` may come out of either: a file is opened, decoded and closed
    by the reader itself, so this is where OS and decoding errors would escape.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "feed.csv")
        with open(path, "wb") as handle:
            handle.write(data)
        with contextlib.suppress(FeedError):
            read(path).validate()
        with contextlib.suppress(FeedError):
            list(read(os.path.join(folder, "missing.csv")))
