"""Synthetic carts list: page N of a list of any length, made on demand from one real page.

Building 100,000 ``FakeCart`` objects (and sorting them on every request, as the fake does)
would measure the fake, not the SDK; these pages have the fake's exact shape instead, with
unique hashes so that the walk's duplicate removal never drops a cart.
"""

from __future__ import annotations

import json
from typing import Any

from .page_parse import page_body

PAGE_SIZE = 50


class SyntheticPages:
    """Renders page ``n`` of a ``total_pages``-page list as JSON bytes."""

    def __init__(self, total_pages: int) -> None:
        self.total_pages = total_pages
        self._template: dict[str, Any] = json.loads(page_body())

    def render(self, number: int) -> bytes:
        payload = dict(self._template)
        payload["properties"] = {
            **self._template["properties"],
            "current_page": number,
            "total_pages": self.total_pages,
        }
        if number >= self.total_pages:
            payload["carts"] = []
        else:
            payload["carts"] = [
                {**cart, "hash": f"P{number:05d}C{index:02d}"}
                for index, cart in enumerate(self._template["carts"])
            ]
        return json.dumps(payload, separators=(",", ":")).encode()

    @staticmethod
    def page_number(path: str) -> int:
        tail = path.rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 0
