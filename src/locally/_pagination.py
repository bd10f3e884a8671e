"""Pages of ``GET /api/v2/carts/{page}`` and the iterators that walk all of them.

The carts list is newest first, 50 per page.  When carts are created while a walk is under
way, every later page shifts: the first carts of page N+1 are the last carts already seen on
page N.  The iterators therefore skip any cart whose hash they yielded recently.  They remember
a bounded window of hashes (:data:`DEFAULT_DEDUPE_WINDOW`), so memory stays flat however many
carts an account has; the window covers that many new carts arriving between two page reads.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

from pydantic import Field, PrivateAttr

from ._errors import PaginationError
from .types._fields import LocallyModel
from .types.carts import CartPageProperties, CartSummary

__all__ = ["DEFAULT_DEDUPE_WINDOW", "AsyncCartPage", "AsyncCartPager", "CartPage", "CartPager"]

#: How many recently yielded cart hashes a walk remembers to drop duplicates (20 pages).
DEFAULT_DEDUPE_WINDOW = 1000


class _CartPageBase(LocallyModel):
    status: bool = Field(default=True, description="True when the request succeeded.")
    message: str | None = Field(default=None, description="The reason, when ``status`` is false.")
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


class CartPage(_CartPageBase):
    """One page of the carts list (sync client)."""

    _fetch: Callable[[int], CartPage] | None = PrivateAttr(default=None)

    def next_page(self) -> CartPage | None:
        """Fetch the following page; ``None`` when this is the last one."""
        number = self.next_page_number()
        if number is None or self._fetch is None:
            return None
        return self._fetch(number)


class AsyncCartPage(_CartPageBase):
    """One page of the carts list (async client)."""

    _fetch: Callable[[int], Awaitable[AsyncCartPage]] | None = PrivateAttr(default=None)

    async def next_page(self) -> AsyncCartPage | None:
        """Fetch the following page; ``None`` when this is the last one."""
        number = self.next_page_number()
        if number is None or self._fetch is None:
            return None
        return await self._fetch(number)


class RecentHashes:
    """A bounded memory of recently seen cart hashes."""

    def __init__(self, window: int) -> None:
        self._order: deque[str] = deque()
        self._members: set[str] = set()
        self._window = max(window, 0)

    def first_time(self, cart_hash: str) -> bool:
        """Record ``cart_hash``; True if it was not among the recent ones."""
        if cart_hash in self._members:
            return False
        self._order.append(cart_hash)
        self._members.add(cart_hash)
        if len(self._order) > self._window:
            self._members.discard(self._order.popleft())
        return True


class PageWalk:
    """Shared bookkeeping of one walk over the pages: which page is next, and when to stop.

    Offset pages cannot make progress when carts arrive faster than a page is read, so a walk
    reads at most ``max_pages`` pages (by default twice the ``total_pages`` the first page
    reported, plus 20) and then raises :class:`~locally.PaginationError` instead of looping.
    """

    def __init__(self, start_page: int, max_pages: int | None) -> None:
        self.next_number: int | None = start_page
        self.pages_read = 0
        self._limit = max_pages

    def advance(self, page: _CartPageBase) -> None:
        """Record that ``page`` was read and work out the next page number."""
        self.pages_read += 1
        if self._limit is None:
            self._limit = page.properties.total_pages * 2 + 20
        self.next_number = page.next_page_number()
        if self.next_number is not None and self.pages_read >= self._limit:
            raise PaginationError(
                f"stopped after {self.pages_read} pages: carts are arriving faster than pages "
                f"can be read (the list now reports {page.properties.total_pages} pages). "
                "Nothing was yielded twice; restart the walk later or raise max_pages."
            )


class CartPager:
    """Iterates over every cart of the account, newest first, fetching pages lazily.

    Returned by :meth:`locally.resources.carts.Carts.list`; use it in a ``for`` loop, or call
    :meth:`pages` to work page by page.
    """

    def __init__(
        self,
        fetch: Callable[[int], CartPage],
        *,
        start_page: int = 0,
        dedupe_window: int = DEFAULT_DEDUPE_WINDOW,
        max_pages: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._start_page = start_page
        self._dedupe_window = dedupe_window
        self._max_pages = max_pages

    def pages(self) -> Iterator[CartPage]:
        """Yield each page in turn, starting at ``start_page``."""
        walk = PageWalk(self._start_page, self._max_pages)
        while walk.next_number is not None:
            page = self._fetch(walk.next_number)
            yield page
            walk.advance(page)

    def __iter__(self) -> Iterator[CartSummary]:
        recent = RecentHashes(self._dedupe_window)
        for page in self.pages():
            for cart in page.carts:
                if recent.first_time(cart.hash):
                    yield cart


class AsyncCartPager:
    """Iterates over every cart of the account with ``async for``, fetching pages lazily."""

    def __init__(
        self,
        fetch: Callable[[int], Awaitable[AsyncCartPage]],
        *,
        start_page: int = 0,
        dedupe_window: int = DEFAULT_DEDUPE_WINDOW,
        max_pages: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._start_page = start_page
        self._dedupe_window = dedupe_window
        self._max_pages = max_pages

    async def pages(self) -> AsyncIterator[AsyncCartPage]:
        """Yield each page in turn, starting at ``start_page``."""
        walk = PageWalk(self._start_page, self._max_pages)
        while walk.next_number is not None:
            page = await self._fetch(walk.next_number)
            yield page
            walk.advance(page)

    async def __aiter__(self) -> AsyncIterator[CartSummary]:
        recent = RecentHashes(self._dedupe_window)
        async for page in self.pages():
            for cart in page.carts:
                if recent.first_time(cart.hash):
                    yield cart
