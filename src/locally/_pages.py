"""The page models of ``GET /api/v2/carts/{page}`` for the sync and async clients."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import Field, PrivateAttr

from .types._fields import LocallyModel
from .types.carts import CartPageProperties, CartSummary

__all__ = ["AsyncCartPage", "CartPage", "CartPageBase"]


class CartPageBase(LocallyModel):
    """What the sync and async pages share: the fields and where the walk goes next."""

    status: bool = Field(True, description="True when the request succeeded.")
    message: str | None = Field(None, description="The reason, when ``status`` is false.")
    properties: CartPageProperties = Field(
        default_factory=CartPageProperties,
        description="The time of the request, this page's number and the number of pages.",
    )
    carts: list[CartSummary] = Field(
        default_factory=list[CartSummary], description="The carts on this page, newest first."
    )

    def has_next_page(self) -> bool:
        """Whether a page after this one exists."""
        return bool(self.carts) and self.properties.current_page + 1 < self.properties.total_pages

    def next_page_number(self) -> int | None:
        """The number of the next page, or ``None`` on the last page."""
        return self.properties.current_page + 1 if self.has_next_page() else None


class CartPage(CartPageBase):
    """One page of the carts list (sync client)."""

    _fetch: Callable[[int], CartPage] | None = PrivateAttr(default=None)

    def next_page(self) -> CartPage | None:
        """Fetch the following page; ``None`` when this is the last one."""
        number = self.next_page_number()
        if number is None or self._fetch is None:
            return None
        return self._fetch(number)


class AsyncCartPage(CartPageBase):
    """One page of the carts list (async client)."""

    _fetch: Callable[[int], Awaitable[AsyncCartPage]] | None = PrivateAttr(default=None)

    async def next_page(self) -> AsyncCartPage | None:
        """Fetch the following page; ``None`` when this is the last one."""
        number = self.next_page_number()
        if number is None or self._fetch is None:
            return None
        return await self._fetch(number)
