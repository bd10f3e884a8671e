"""``client.carts``: read carts through the Real-time Carts API v2."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeVar

from .._constants import WATCH_INTERVAL, WATCH_LOOKBACK, WATCH_SWEEP
from .._pagination import DEFAULT_DEDUPE_WINDOW, DEFAULT_PREFETCH, AsyncCartPager, CartPager
from .._transport import APIRequest, capture_responses, stop_capturing
from .._validation import path_segment, whole_number
from ._raw import async_to_raw_response, to_raw_response

if TYPE_CHECKING:
    from .._pages import AsyncCartPage, CartPage
    from .._transport import AsyncTransport, SyncTransport
    from ..types.carts import CartDetail
    from ..watch.checkpoint import CheckpointStore
    from ..watch.iterators import AsyncCartWatch, CartWatch

__all__ = ["AsyncCarts", "Carts"]

# Models are imported where a request is built, not at the top: ``import locally`` then builds
# no pydantic model at all, which is most of what it would otherwise cost (docs/benchmarks.md).
PageT = TypeVar("PageT", "CartPage", "AsyncCartPage")


def walk_options(start_page: object, dedupe_window: object, max_pages: object) -> None:
    """Check the options of ``list()`` before any page is read."""
    whole_number("page", start_page)
    whole_number("dedupe_window", dedupe_window)
    if max_pages is not None:
        whole_number("max_pages", max_pages, minimum=1)


def page_request(page: object, model: type[PageT]) -> APIRequest[PageT]:
    """``GET /api/v2/carts/{page}``, parsed into ``model``."""
    number = whole_number("page", page)
    return APIRequest("GET", f"/api/v2/carts/{number}", model.model_validate_json)


def _unparsed(body: bytes) -> bytes:
    return body


def retrieve_request(cart_hash: str) -> APIRequest[CartDetail]:
    """``GET /api/v2/cart/{cart_hash}``."""
    from ..types.carts import CartDetail

    segment = path_segment("cart_hash", cart_hash)
    return APIRequest("GET", f"/api/v2/cart/{segment}", CartDetail.model_validate_json)


def detail_with_body_request(cart_hash: str) -> APIRequest[tuple[CartDetail, bytes]]:
    """``GET /api/v2/cart/{cart_hash}``, parsed, with the body's exact bytes (for webhooks)."""
    from ..types.carts import CartDetail

    def parse(body: bytes) -> tuple[CartDetail, bytes]:
        return CartDetail.model_validate_json(body), body

    segment = path_segment("cart_hash", cart_hash)
    return APIRequest("GET", f"/api/v2/cart/{segment}", parse)


class Carts:
    """Read the carts your account can see (sync)."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def list_page(self, page: int = 0) -> CartPage:
        """Fetch one page of carts (50 per page, newest first); pages start at 0."""
        from .._pages import CartPage

        result = self._transport.request(page_request(page, CartPage))
        result._fetch = self.list_page
        return result

    def list(
        self,
        *,
        start_page: int = 0,
        dedupe_window: int = DEFAULT_DEDUPE_WINDOW,
        max_pages: int | None = None,
    ) -> CartPager:
        """Iterate over every cart, newest first, fetching pages as the loop needs them.

        A cart is yielded once even if new carts shift the pages during the walk: the walk
        remembers the last ``dedupe_window`` hashes.  It reads at most ``max_pages`` pages
        (default: twice the first page's ``total_pages`` plus 20) and then raises
        :class:`~locally.PaginationError` rather than chase a list that grows faster than it
        can be read.
        """
        walk_options(start_page, dedupe_window, max_pages)
        return CartPager(
            self.list_page,
            start_page=start_page,
            dedupe_window=dedupe_window,
            max_pages=max_pages,
        )

    def retrieve(self, cart_hash: str) -> CartDetail:
        """Fetch one cart with its customer, store, items, prices and messages."""
        return self._transport.request(retrieve_request(cart_hash))

    def watch(
        self,
        *,
        checkpoint: str | os.PathLike[str] | CheckpointStore,
        interval: float = WATCH_INTERVAL,
        once: bool = False,
        start: _dt.datetime | Literal["now"] | None = None,
        lookback: _dt.timedelta = WATCH_LOOKBACK,
        sweep: float = WATCH_SWEEP,
    ) -> CartWatch:
        """Yield each change to the carts as a typed event, as Locally's webhooks report it.

        Yields :class:`~locally.watch.NewCart` (the PushCart notice),
        :class:`~locally.watch.ItemStatusChanged`, :class:`~locally.watch.ShipToStoreStatusChanged`
        and :class:`~locally.watch.CartAutoRejected`, oldest change first.  Each event has a
        stable ``id``.  Delivery is at least once: an event is stored in ``checkpoint`` as
        delivered when you ask for the next one (or leave a ``with`` block normally), so one
        that your code failed on is delivered again after a restart.

        Args:
            checkpoint: A file path (an SQLite checkpoint, created if missing) or a
                :class:`~locally.watch.CheckpointStore`, e.g. one in your own database.
            interval: Seconds between polls of the head of the list (new carts and recent
                changes are seen within it).
            once: Catch up and stop, instead of polling for ever (for cron jobs).
            start: Where a watch starts: ``None`` resumes from the checkpoint (a new one starts
                from now); ``"now"`` skips everything before this call; a ``datetime``
                announces every cart ordered since then (naive times are UTC).
            lookback: How far back from the newest order status changes are looked for; older
                carts are no longer followed.
            sweep: Seconds within which the whole look-back is read again, a few pages a poll;
                a change to an older cart is seen within it.

        A failed poll (any :class:`~locally.LocallyError`) is logged and tried again at the
        next poll; nothing is skipped.  With ``once=True`` it is raised instead.
        """
        from ..watch.iterators import CartWatch
        from ..watch.options import WatchOptions

        options = WatchOptions(
            checkpoint=checkpoint,
            interval=interval,
            once=once,
            start=start,
            lookback=lookback,
            sweep=sweep,
        )
        transport = self._transport
        return CartWatch(
            self.list_page,
            lambda cart_hash: transport.request(detail_with_body_request(cart_hash)),
            str(transport.pipeline.settings.base_url),
            options,
        )

    @property
    def with_raw_response(self) -> CartsWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return CartsWithRawResponse(self)


class AsyncCarts:
    """Read the carts your account can see (async)."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def list_page(self, page: int = 0) -> AsyncCartPage:
        """Fetch one page of carts (50 per page, newest first); pages start at 0."""
        from .._pages import AsyncCartPage

        result = await self._transport.request(page_request(page, AsyncCartPage))
        result._fetch = self.list_page
        return result

    def list(
        self,
        *,
        start_page: int = 0,
        dedupe_window: int = DEFAULT_DEDUPE_WINDOW,
        max_pages: int | None = None,
        prefetch: int = DEFAULT_PREFETCH,
    ) -> AsyncCartPager:
        """Iterate with ``async for`` over every cart, newest first, reading pages concurrently.

        Once the first page says how many pages exist, ``prefetch`` page reads (default
        :data:`~locally._pagination.DEFAULT_PREFETCH`, 16) are kept in flight and pages are
        yielded in page order; ``prefetch=1`` reads one page at a time.  If carts arrive during
        the walk, it notices, reads again the pages that might have missed a cart, and narrows
        the window: no cart is lost or yielded twice.  Deduplication and ``max_pages`` work as
        in the sync :meth:`Carts.list`.  Besides the reads in flight, up to ``2 * prefetch``
        pages wait as bytes.  Leaving the loop early cancels the reads in flight.
        """
        walk_options(start_page, dedupe_window, max_pages)
        return AsyncCartPager(
            self.list_page,
            start_page=start_page,
            dedupe_window=dedupe_window,
            max_pages=max_pages,
            prefetch=whole_number("prefetch", prefetch, minimum=1),
            fetch_unparsed=self._list_page_unparsed,
        )

    async def _list_page_unparsed(self, page: int) -> Callable[[], AsyncCartPage]:
        """Read one page, checked like :meth:`list_page`, and return what parses it."""
        from .._pages import AsyncCartPage

        request = page_request(page, AsyncCartPage)
        capture, token = capture_responses()
        try:
            # Every check and retry runs as for list_page; only the model is built later.
            await self._transport.request(APIRequest(request.method, request.path, _unparsed))
        finally:
            stop_capturing(token)
        response = capture.http_response
        assert response is not None
        pipeline = self._transport.pipeline

        def parse() -> AsyncCartPage:
            result = pipeline.parse(request, response)
            result._fetch = self.list_page
            return result

        return parse

    async def retrieve(self, cart_hash: str) -> CartDetail:
        """Fetch one cart with its customer, store, items, prices and messages."""
        return await self._transport.request(retrieve_request(cart_hash))

    def watch(
        self,
        *,
        checkpoint: str | os.PathLike[str] | CheckpointStore,
        interval: float = WATCH_INTERVAL,
        once: bool = False,
        start: _dt.datetime | Literal["now"] | None = None,
        lookback: _dt.timedelta = WATCH_LOOKBACK,
        sweep: float = WATCH_SWEEP,
    ) -> AsyncCartWatch:
        """Yield each change to the carts as a typed event, as Locally's webhooks report it.

        Yields :class:`~locally.watch.NewCart` (the PushCart notice),
        :class:`~locally.watch.ItemStatusChanged`, :class:`~locally.watch.ShipToStoreStatusChanged`
        and :class:`~locally.watch.CartAutoRejected`, oldest change first.  Each event has a
        stable ``id``.  Delivery is at least once: an event is stored in ``checkpoint`` as
        delivered when you ask for the next one (or leave a ``with`` block normally), so one
        that your code failed on is delivered again after a restart.

        Args:
            checkpoint: A file path (an SQLite checkpoint, created if missing) or a
                :class:`~locally.watch.CheckpointStore`, e.g. one in your own database.
            interval: Seconds between polls of the head of the list (new carts and recent
                changes are seen within it).
            once: Catch up and stop, instead of polling for ever (for cron jobs).
            start: Where a watch starts: ``None`` resumes from the checkpoint (a new one starts
                from now); ``"now"`` skips everything before this call; a ``datetime``
                announces every cart ordered since then (naive times are UTC).
            lookback: How far back from the newest order status changes are looked for; older
                carts are no longer followed.
            sweep: Seconds within which the whole look-back is read again, a few pages a poll;
                a change to an older cart is seen within it.

        A failed poll (any :class:`~locally.LocallyError`) is logged and tried again at the
        next poll; nothing is skipped.  With ``once=True`` it is raised instead.
        """
        from ..watch.iterators import AsyncCartWatch
        from ..watch.options import WatchOptions

        options = WatchOptions(
            checkpoint=checkpoint,
            interval=interval,
            once=once,
            start=start,
            lookback=lookback,
            sweep=sweep,
        )
        transport = self._transport
        return AsyncCartWatch(
            self.list_page,
            lambda cart_hash: transport.request(detail_with_body_request(cart_hash)),
            str(transport.pipeline.settings.base_url),
            options,
        )

    @property
    def with_raw_response(self) -> AsyncCartsWithRawResponse:
        """The same calls, returning :class:`~locally.RawResponse` (HTTP response + model)."""
        return AsyncCartsWithRawResponse(self)


class CartsWithRawResponse:
    """``client.carts`` methods that return a :class:`~locally.RawResponse`."""

    def __init__(self, carts: Carts) -> None:
        self.list_page = to_raw_response(carts.list_page)
        self.retrieve = to_raw_response(carts.retrieve)


class AsyncCartsWithRawResponse:
    """``client.carts`` methods (async) that return a :class:`~locally.RawResponse`."""

    def __init__(self, carts: AsyncCarts) -> None:
        self.list_page = async_to_raw_response(carts.list_page)
        self.retrieve = async_to_raw_response(carts.retrieve)
