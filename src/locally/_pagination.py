"""Pages of ``GET /api/v2/carts/{page}`` and the iterators that walk all of them.

The carts list is newest first, 50 per page.  When carts are created while a walk is under
way, every later page shifts: the first carts of page N+1 are the last carts already seen on
page N.  The iterators therefore skip any cart whose hash they yielded recently.  They remember
a bounded window of hashes (:data:`DEFAULT_DEDUPE_WINDOW`), so memory stays flat however many
carts an account has; the window covers that many new carts arriving between two page reads.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
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
#: How many page reads ``AsyncLocally.carts.list()`` keeps in flight once the first page has
#: said how many there are.  With pages that take 20 ms to arrive, 16 makes a 200-page walk
#: about twelve times faster than one page at a time (docs/benchmarks.md); the gain is at most
#: ``prefetch``-fold, less the round trips for the first page and for the first check.
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

    def last_page_allowed(self) -> int:
        """The highest page number the ``max_pages`` guard lets this walk read."""
        return (self.next_number or 0) + self.pages_left() - 1


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


def _parsed_at_once(
    fetch: Callable[[int], Awaitable[AsyncCartPage]],
) -> Callable[[int], Awaitable[Callable[[], AsyncCartPage]]]:
    """A ``fetch_unparsed`` for a pager given only ``fetch``: the page is parsed on arrival."""

    async def fetch_unparsed(number: int) -> Callable[[], AsyncCartPage]:
        page = await fetch(number)
        return lambda: page

    return fetch_unparsed


class AsyncCartPager:
    """Iterates over every cart of the account with ``async for``, fetching pages concurrently.

    The first page is read alone; it says how many pages exist.  From then on ``prefetch``
    page reads are kept in flight (a sliding window, refilled as each reply arrives), and pages
    are yielded in page order.  At most ``2 * prefetch`` read pages wait, kept as bytes and
    parsed when their turn comes.

    Reading pages at the same time is only safe while the list holds still: if a cart arrives
    between the server answering page N+1 and page N, page N ends one cart further back than
    page N+1 starts, and a cart falls into the gap.  (One page at a time can only produce
    duplicates, which the walk drops.)  So the walk's first page is read again while pages wait:
    a page read concurrently with its predecessor is yielded only once a re-read sent after both
    replies lists the same carts as one received before both requests.  When the list changed,
    the pages read before the change was seen are read again, and the window narrows; see
    :mod:`locally._prefetch`.

    Leaving the loop early (``break``, an error, ``aclose()``) cancels every read in flight.
    The window needs asyncio; under another event loop pages are read one at a time.
    """

    def __init__(
        self,
        fetch: Callable[[int], Awaitable[AsyncCartPage]],
        *,
        start_page: int = 0,
        dedupe_window: int = DEFAULT_DEDUPE_WINDOW,
        max_pages: int | None = None,
        prefetch: int = DEFAULT_PREFETCH,
        fetch_unparsed: Callable[[int], Awaitable[Callable[[], AsyncCartPage]]] | None = None,
    ) -> None:
        self._fetch = fetch
        self._fetch_unparsed = fetch_unparsed or _parsed_at_once(fetch)
        self._start_page = start_page
        self._dedupe_window = dedupe_window
        self._max_pages = max_pages
        self._prefetch = prefetch

    async def pages(self) -> AsyncGenerator[AsyncCartPage, None]:
        """Yield each page in turn, starting at ``start_page``."""
        from ._prefetch import PageWindow, running_on_asyncio

        walk = PageWalk(self._start_page, self._max_pages)
        if walk.next_number is None:  # pragma: no cover - a walk always has a first page
            return
        first = await self._fetch(walk.next_number)
        yield first
        walk.advance(first)
        if self._prefetch > 1 and walk.next_number is not None and running_on_asyncio():
            window = PageWindow(self._fetch_unparsed, first, self._prefetch)
            del first
            try:
                while walk.next_number is not None:
                    page = await window.next_page(walk.next_number, walk.last_page_allowed())
                    yield page
                    walk.advance(page)
                    del page
            finally:
                await window.close()
            return
        del first
        while walk.next_number is not None:
            page = await self._fetch(walk.next_number)
            yield page
            walk.advance(page)
            del page

    async def __aiter__(self) -> AsyncIterator[CartSummary]:
        recent = RecentHashes(self._dedupe_window)
        # Closing this iterator (an early ``break``) closes the page walk at once, which
        # cancels its reads in flight, rather than leaving it to the garbage collector.
        async with contextlib.aclosing(self.pages()) as pages:
            async for page in pages:
                for cart in page.carts:
                    if recent.first_time(cart.hash):
                        yield cart
                del page
