"""What every status update shares: the request to build and the whole-cart loop.

PushCart, Cart-to-Cart and Ship-to-Store all ``POST`` a small JSON body to
``/api/v2/cart/{hash}/{upc}`` (or ``/api/v2/cart/{hash}``) and get ``{"status": true}`` back.
Setting a status is idempotent, so these requests are retried like reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from .._errors import LocallyError
from .._transport import APIRequest
from .._validation import path_segment
from .._validation import upc as checked_upc
from ..types.updates import CartUpdateReport, ItemOutcome, UpdateResult

if TYPE_CHECKING:
    from .carts import AsyncCarts, Carts

__all__ = [
    "DEFAULT_CART_CONCURRENCY",
    "cart_update_request",
    "item_update_request",
    "update_cart",
    "async_update_cart",
    "update_items",
    "async_update_items",
]

#: How many items an async whole-cart update sends at once.
DEFAULT_CART_CONCURRENCY = 4


def item_update_request(cart_hash: str, upc: str, body: dict[str, Any]) -> APIRequest[UpdateResult]:
    """``POST /api/v2/cart/{cart_hash}/{upc}`` with ``body``."""
    path = f"/api/v2/cart/{path_segment('cart_hash', cart_hash)}/{checked_upc('upc', upc)}"
    return APIRequest("POST", path, UpdateResult.model_validate_json, body=body)


def cart_update_request(cart_hash: str, body: dict[str, Any]) -> APIRequest[UpdateResult]:
    """``POST /api/v2/cart/{cart_hash}`` with ``body``."""
    path = f"/api/v2/cart/{path_segment('cart_hash', cart_hash)}"
    return APIRequest("POST", path, UpdateResult.model_validate_json, body=body)


def update_cart(
    carts: Carts, cart_hash: str, update: Callable[[str], UpdateResult]
) -> CartUpdateReport:
    """Retrieve the cart and apply ``update`` to each of its items (see :func:`update_items`)."""
    cart = carts.retrieve(cart_hash)
    return update_items(cart_hash, [item.upc for item in cart.items], update)


async def async_update_cart(
    carts: AsyncCarts,
    cart_hash: str,
    update: Callable[[str], Awaitable[UpdateResult]],
    *,
    concurrency: int,
) -> CartUpdateReport:
    """Retrieve the cart and update its items concurrently (see :func:`async_update_items`)."""
    cart = await carts.retrieve(cart_hash)
    upcs = [item.upc for item in cart.items]
    return await async_update_items(cart_hash, upcs, update, concurrency=concurrency)


def update_items(
    cart_hash: str, upcs: Sequence[str], update: Callable[[str], UpdateResult]
) -> CartUpdateReport:
    """Apply ``update`` to each item in turn; a failure is recorded, never stops the rest."""
    outcomes: list[ItemOutcome] = []
    for upc in upcs:
        try:
            outcomes.append(ItemOutcome(upc, result=update(upc)))
        except LocallyError as exc:
            outcomes.append(ItemOutcome(upc, error=exc))
    return CartUpdateReport(cart_hash, outcomes)


async def async_update_items(
    cart_hash: str,
    upcs: Sequence[str],
    update: Callable[[str], Awaitable[UpdateResult]],
    *,
    concurrency: int = DEFAULT_CART_CONCURRENCY,
) -> CartUpdateReport:
    """Apply ``update`` to the items, ``concurrency`` at a time; the report keeps cart order."""
    import anyio

    outcomes: list[ItemOutcome | None] = [None] * len(upcs)
    limiter = anyio.CapacityLimiter(max(1, concurrency))

    async def one(index: int, upc: str) -> None:
        async with limiter:
            try:
                outcomes[index] = ItemOutcome(upc, result=await update(upc))
            except LocallyError as exc:
                outcomes[index] = ItemOutcome(upc, error=exc)

    async with anyio.create_task_group() as group:
        for index, upc in enumerate(upcs):
            group.start_soon(one, index, upc)
    return CartUpdateReport(cart_hash, [outcome for outcome in outcomes if outcome is not None])
