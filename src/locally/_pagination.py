"""Pages of ``GET /api/v2/carts/{page}`` and the iterators that walk all of them.

The carts list is newest first, 50 per page.  When carts are created while a walk is under
way, every later page shifts: the first carts of page N+1 are the last carts already seen on
page N.  The iterators therefore skip any cart whose hash they yielded recently.  They remember
a bounded window of hashes (:data:`DEFAULT_DEDUPE_WINDOW`), so memory stays flat however many
carts an account has; the window covers that many new carts arriving between two page reads.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING

from ._errors import PaginationError

if TYPE_CHECKING:
    # The page models need pydantic; importing them only for annotations keeps
    # ``import locally`` from building any model (see docs/benchmarks.md).
    from ._pages import AsyncCartPage, CartPage, CartPageBase
    from .types.carts import CartSummary

__all__ = [
    "DEFAULT_DEDUPE_WINDOW",
    "DEFAULT_PREFETCH",
    "AsyncCartPager",
    "CartPager",
    "PageWalk",
    "RecentHashes",
]

#: How many recently yielded cart hashes a walk remembers to drop duplicates (20 pages).
DEFAULT_DEDUPE_WINDOW = 1000
#: How many pages ``AsyncLocally.carts.list()`` reads at the same time once the first page has
#: said how many there are.  With pages that take 20 ms to arrive, 16 makes a 200-page walk
#: about ten times faster than one page at a time (docs/benchmarks.md); the gain is at most
#: ``prefetch``-fold, less one round trip for the first page and one for the last check.
DEFAULT_PREFETCH = 16


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

    def advance(self, page: CartPageBase) -> None:
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

    def pages_left(self) -> int:
        """How many more pages the ``max_pages`` guard lets this walk read."""
        return self._limit - self.pages_read if self._limit is not None else 1


def same_listing(before: CartPageBase, after: CartPageBase) -> bool:
    """Whether two reads of the same page list the same carts, i.e. none arrived in between.

    New carts enter the newest-first list at its head, so any arrival between two reads of the
    walk's first page changes that page.
    """
    return [cart.hash for cart in before.carts] == [cart.hash for cart in after.carts]


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
            # Let the page go before the next one is read, so only one is alive at a time.
            del page

    def __iter__(self) -> Iterator[CartSummary]:
        recent = RecentHashes(self._dedupe_window)
        for page in self.pages():
            for cart in page.carts:
                if recent.first_time(cart.hash):
                    yield cart
            del page


class AsyncCartPager:
    """Iterates over every cart of the account with ``async for``, fetching pages concurrently.

    The first page is read alone; it says how many pages exist.  The following pages are then
    read ``prefetch`` at a time, and yielded in page order.

    Reading pages at the same time is only safe while the list holds still: if a cart arrives
    between the server answering page N+1 and page N, page N ends one cart further back than
    page N+1 starts, and a cart falls into the gap.  (One page at a time can only produce
    duplicates, which the walk drops.)  So each batch is checked before its pages are yielded:
    while the next batch is in flight, the walk's first page is read again; if it lists the same
    carts as at the start, nothing arrived while the batch was read, and the batch is yielded.
    If it changed, the walk keeps the first page of the batch (read after its predecessor, so
    safe), discards the rest, and continues one page at a time, which loses nothing.
    """

    def __init__(
        self,
        fetch: Callable[[int], Awaitable[AsyncCartPage]],
        *,
        start_page: int = 0,
        dedupe_window: int = DEFAULT_DEDUPE_WINDOW,
        max_pages: int | None = None,
        prefetch: int = DEFAULT_PREFETCH,
    ) -> None:
        self._fetch = fetch
        self._start_page = start_page
        self._dedupe_window = dedupe_window
        self._max_pages = max_pages
        self._prefetch = prefetch

    async def pages(self) -> AsyncIterator[AsyncCartPage]:
        """Yield each page in turn, starting at ``start_page``."""
        walk = PageWalk(self._start_page, self._max_pages)
        if walk.next_number is None:  # pragma: no cover - a walk always has a first page
            return
        first = await self._fetch(walk.next_number)
        yield first
        walk.advance(first)
        total_pages = first.properties.total_pages
        # Pages read but not yet shown to be consistent with their predecessors.
        unchecked: list[AsyncCartPage] = []
        next_to_fetch = walk.next_number
        while walk.next_number is not None and next_to_fetch is not None:
            count = min(
                self._prefetch,
                total_pages - next_to_fetch,
                walk.pages_left() - len(unchecked),
            )
            if self._prefetch <= 1 or (count <= 0 and not unchecked):
                break
            numbers = list(range(next_to_fetch, next_to_fetch + max(count, 0)))
            fetched, recheck = await self._read_together(
                numbers, self._start_page if unchecked else None
            )
            next_to_fetch += len(numbers)
            for page in fetched:
                total_pages = max(total_pages, page.properties.total_pages)
            steady = recheck is None or same_listing(first, recheck)
            for page in unchecked if steady else unchecked[:1]:
                if walk.next_number is None:
                    break
                yield page
                walk.advance(page)
            if not steady:
                break
            unchecked = fetched
        # One page at a time: after a change was seen, when prefetch is 1, or at the end of a
        # list that grew past the pages the first page announced.
        while walk.next_number is not None:
            page = await self._fetch(walk.next_number)
            yield page
            walk.advance(page)
            del page

    async def _read_together(
        self, numbers: list[int], recheck: int | None
    ) -> tuple[list[AsyncCartPage], AsyncCartPage | None]:
        """Read pages ``numbers`` (and page ``recheck``) concurrently; raise the first error.

        Everything is awaited here, before the caller yields: no request outlives a ``yield``,
        so a consumer that stops early leaves nothing running behind it.
        """
        import anyio

        results: dict[int, AsyncCartPage] = {}
        rechecked: list[AsyncCartPage] = []
        failures: list[Exception] = []

        async with anyio.create_task_group() as group:

            async def read(number: int, into: Callable[[AsyncCartPage], None]) -> None:
                try:
                    into(await self._fetch(number))
                except Exception as exc:
                    failures.append(exc)
                    group.cancel_scope.cancel()

            for number in numbers:
                group.start_soon(read, number, functools.partial(results.__setitem__, number))
            if recheck is not None:
                group.start_soon(read, recheck, rechecked.append)
        if failures:
            raise failures[0]
        return [results[number] for number in numbers], (rechecked[0] if rechecked else None)

    async def __aiter__(self) -> AsyncIterator[CartSummary]:
        recent = RecentHashes(self._dedupe_window)
        async for page in self.pages():
            for cart in page.carts:
                if recent.first_time(cart.hash):
                    yield cart
            del page
