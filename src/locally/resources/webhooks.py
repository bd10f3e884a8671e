"""``client.webhooks.verify(event)``: confirm a webhook against the Carts API.

The shared secret proves a webhook came from Locally; fetching the cart it names proves the
cart exists and agrees.  Do both before acting on anything that moves money or stock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._api_errors import NotFoundError
from .._errors import WebhookVerificationError
from .carts import AsyncCarts, Carts

if TYPE_CHECKING:
    from .._transport import AsyncTransport, SyncTransport
    from ..types.carts import CartDetail
    from ..types.webhooks import WebhookEvent

__all__ = ["AsyncWebhooks", "Webhooks"]


def _missing(cart_hash: str, exc: NotFoundError) -> WebhookVerificationError:
    return WebhookVerificationError(
        f"the webhook names cart {cart_hash}, which the API does not know ({exc.status_code})"
    )


class Webhooks:
    """Verify webhooks by fetching what they name (sync)."""

    def __init__(self, transport: SyncTransport) -> None:
        self._carts = Carts(transport)

    def verify(self, event: WebhookEvent) -> CartDetail:
        """Fetch the cart ``event`` names and return it if it exists and agrees.

        Raises :class:`~locally.WebhookVerificationError` if the cart is unknown or does not
        hold the items the event mentions.
        """
        from ..webhooks import check_event_against_cart, event_cart_hash

        cart_hash = event_cart_hash(event)
        try:
            cart = self._carts.retrieve(cart_hash)
        except NotFoundError as exc:
            raise _missing(cart_hash, exc) from exc
        check_event_against_cart(event, cart)
        return cart


class AsyncWebhooks:
    """Verify webhooks by fetching what they name (async)."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._carts = AsyncCarts(transport)

    async def verify(self, event: WebhookEvent) -> CartDetail:
        """Fetch the cart ``event`` names and return it if it exists and agrees.

        Raises :class:`~locally.WebhookVerificationError` if the cart is unknown or does not
        hold the items the event mentions.
        """
        from ..webhooks import check_event_against_cart, event_cart_hash

        cart_hash = event_cart_hash(event)
        try:
            cart = await self._carts.retrieve(cart_hash)
        except NotFoundError as exc:
            raise _missing(cart_hash, exc) from exc
        check_event_against_cart(event, cart)
        return cart
