"""Webhooks the fake sends to a receiver, shaped as Locally documents them.

Built from the fake's own state, so a receiver under test gets payloads that agree with what
``carts.retrieve`` then returns.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import httpx

from .. import _json
from .._constants import WEBHOOK_TOKEN_HEADER
from .._errors import RequestValidationError
from ._fake_state import FakeState

__all__ = ["WebhookSender"]


def _iso_ms(value: _dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


class WebhookSender:
    """Builds and posts webhook payloads for a fake; reach it as ``fake.webhooks``.

    Args:
        state: The fake's state, whose carts the payloads describe.
        secret: The shared secret sent in the ``locally-webhook-token`` header (None: omit).
    """

    def __init__(self, state: FakeState, secret: str | None = "test_webhook_secret") -> None:
        self._state = state
        #: The shared secret sent in ``locally-webhook-token``; set to None to send none.
        self.secret = secret

    # -- payloads ---------------------------------------------------------------------------

    def handoff_payload(
        self, cart_hash: str, *, locally_store_id: int = 123, external_store_id: int | str = 4857
    ) -> dict[str, Any]:
        """The Cart-to-Cart hand-off for a cart: hash, stores and items with quantities."""
        cart = self._state.carts[cart_hash]
        return {
            "created_at": _iso_ms(cart.ordered_at),
            "hash": cart.hash,
            "locally_store_id": locally_store_id,
            "external_store_id": external_store_id,
            "items": [{"upc": item.upc, "quantity": item.qty} for item in cart.items],
        }

    def ship_to_store_payload(
        self, cart_hash: str, upc: str, *, sts_status: str = "confirm-store"
    ) -> dict[str, Any]:
        """The Ship-to-Store notice a brand receives for one item."""
        return {
            "upc": upc,
            "order_id": cart_hash,
            "sts_status": sts_status,
            "order_url": f"https://www.locally.com/api/v2/cart/{cart_hash}",
        }

    def item_status_payload(self, cart_hash: str, upc: str, status: str) -> dict[str, Any]:
        """The item-status notice (for example ``"status": "confirmed"``)."""
        return {
            "upc": upc,
            "order_id": cart_hash,
            "status": status,
            "order_url": f"https://www.locally.com/api/v2/cart/{cart_hash}",
        }

    def pushcart_payload(self, cart_hash: str, *, shape: str = "detail") -> dict[str, Any]:
        """The PushCart notice: the cart object, as ``GET /api/v2/cart/{hash}`` shows it.

        Locally does not document which shape it sends; ``shape="summary"`` gives the cart as
        ``GET /api/v2/carts`` lists it instead, its totals as JSON numbers.
        """
        cart = self._state.carts[cart_hash]
        if shape == "summary":
            # Decoded from the JSON the fake would send, so any JSON encoder can post it.
            listed: dict[str, Any] = json.loads(_json.dumps(cart.summary()))
            return listed
        if shape != "detail":
            raise RequestValidationError(
                f"shape must be 'detail' or 'summary', got {shape!r}", field="shape", value=shape
            )
        return cart.detail(self._state.now())

    # -- sending ----------------------------------------------------------------------------

    def headers(self) -> dict[str, str]:
        """The headers Locally sends with a webhook: JSON, and the secret unless it is None.

        Pass them to your framework's test client to deliver a payload without a socket.
        """
        headers = {"Content-Type": "application/json"}
        if self.secret is not None:
            headers[WEBHOOK_TOKEN_HEADER] = self.secret
        return headers

    def post(
        self, url: str, payload: dict[str, Any], *, method: str = "POST", timeout: float = 10.0
    ) -> httpx.Response:
        """Send ``payload`` to ``url`` as Locally would, with :meth:`headers`."""
        return httpx.request(
            method, url, content=_json.dumps(payload), headers=self.headers(), timeout=timeout
        )

    def send_handoff(self, url: str, cart_hash: str) -> httpx.Response:
        """POST the Cart-to-Cart hand-off for ``cart_hash``; the reply should carry a cart URL."""
        return self.post(url, self.handoff_payload(cart_hash))

    def send_ship_to_store(self, url: str, cart_hash: str, upc: str) -> httpx.Response:
        """POST the Ship-to-Store notice for one item."""
        return self.post(url, self.ship_to_store_payload(cart_hash, upc))

    def send_pushcart(self, url: str, cart_hash: str, *, shape: str = "detail") -> httpx.Response:
        """POST the PushCart notice (order created or updated), in either cart shape."""
        return self.post(url, self.pushcart_payload(cart_hash, shape=shape))

    def send_auto_reject(
        self, url: str, cart_hash: str, *, shape: str = "detail"
    ) -> httpx.Response:
        """PUT the PushCart notice, as Locally does when the 2-hour window expired."""
        return self.post(url, self.pushcart_payload(cart_hash, shape=shape), method="PUT")
