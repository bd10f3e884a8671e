"""``CartWatch`` and ``AsyncCartWatch``: the loops that poll, deliver and acknowledge.

Everything they decide comes from :mod:`locally.watch.poller`; they only read pages, fetch
cart details, wait, and store batches.  An event counts as delivered (and is stored in the
checkpoint) when the consumer asks for the next one, or leaves a ``with`` block without an
exception: a consumer that raises, or a process that dies, sees the event again next time.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from typing_extensions import Self

from .._errors import LocallyError
from .._logs import logger
from .checkpoint import CheckpointBatch
from .events import (
    WatchEvent,
)
from .ledger import Change, PollOutcome, WatchLedger
from .options import WatchOptions
from .poller import PagePoll, sweep_pages

if TYPE_CHECKING:
    from .._pages import AsyncCartPage, CartPage
    from ..types.carts import CartDetail

__all__ = ["AsyncCartWatch", "CartWatch"]

#: A cart detail with the exact bytes it arrived as.
Detail = tuple["CartDetail", bytes]


class _Progress:
    """Where a watch is: the batch being delivered and what is owed to the checkpoint."""

    def __init__(self) -> None:
        self.pending: Change | None = None
        self.batch_size = 0
        self.handed_out = 0
        self.stopping = False
        self.cursor = 0
        self.window_pages: int | None = None
        self.polls = 0

    def took(self, outcome: PollOutcome) -> None:
        self.polls += 1
        self.batch_size = len(outcome.changes)
        self.handed_out = 0
        if outcome.window_pages is not None:
            self.window_pages = outcome.window_pages
        self.cursor = outcome.next_sweep


class CartWatch:
    """Yields each change to the carts as a typed event, remembering what was delivered.

    Returned by :meth:`locally.resources.carts.Carts.watch`.  Iterate it; leave a ``with``
    block (or call :meth:`close`) to stop.  An event is stored as delivered when you ask for
    the next one, or leave the ``with`` block normally; if your code raises while handling an
    event, that event is delivered again next time.
    """

    def __init__(
        self,
        fetch_page: Callable[[int], CartPage],
        fetch_detail: Callable[[str], Detail],
        base_url: str,
        options: WatchOptions,
    ) -> None:
        self._fetch_page = fetch_page
        self._fetch_detail = fetch_detail
        self._base_url = base_url
        self._options = options
        self._progress = _Progress()
        self._ledger: WatchLedger | None = None
        self._run = self._events()
        self._closed = False

    @property
    def backlog(self) -> int:
        """Events of the current poll not handed out yet (for a progress display)."""
        progress = self._progress
        return max(progress.batch_size - progress.handed_out, 0)

    @property
    def delivered(self) -> int:
        """Events acknowledged since the checkpoint was created (0 before the first event)."""
        return self._ledger.delivered if self._ledger is not None else 0

    def stop(self) -> None:
        """End the iteration: the event being handled is acknowledged, no later one is yielded.

        Safe to call from another thread or a signal handler; a watch waiting for the next
        poll ends after that wait.
        """
        self._progress.stopping = True

    def __iter__(self) -> Iterator[WatchEvent]:
        return self

    def __next__(self) -> WatchEvent:
        self._acknowledge()
        if self._progress.stopping or self._closed:
            self.close()
            raise StopIteration
        return next(self._run)

    def _acknowledge(self) -> None:
        change = self._progress.pending
        if change is not None and self._ledger is not None:
            self._commit(self._ledger.acknowledge(change))
        self._progress.pending = None

    def _commit(self, batch: CheckpointBatch) -> None:
        if self._ledger is None or batch.is_empty():
            return
        self._options.store.commit(batch)
        self._ledger.apply(batch)

    def _open(self) -> WatchLedger:
        options = self._options
        checkpoint = options.store.load()
        self._ledger = WatchLedger(checkpoint, base_url=self._base_url, lookback=options.lookback)
        self._commit(self._ledger.start(options.start, where=options.where))
        return self._ledger

    def _poll(self, ledger: WatchLedger, full: bool) -> PollOutcome:
        options, progress = self._options, self._progress
        pages = sweep_pages(progress.window_pages, options.interval, options.sweep)
        poll = PagePoll(
            ledger,
            full=full or options.once or pages is None,
            sweep_from=progress.cursor,
            sweep_pages=pages or 0,
        )
        while poll.next_page is not None:
            poll.add(self._fetch_page(poll.next_page))
        return poll.finish()

    def _events(self) -> Generator[WatchEvent, None, None]:
        ledger = self._open()
        options, progress = self._options, self._progress
        full = True
        while not progress.stopping:
            started = time.monotonic()
            delivered_all = False
            try:
                outcome = self._poll(ledger, full)
                progress.took(outcome)
                self._commit(outcome.bookkeeping)
                for change in outcome.changes:
                    detail = self._fetch_detail(change.cart_hash) if change.needs_cart else None
                    events = ledger.events(change, detail)
                    progress.handed_out += 1
                    for number, event in enumerate(events, 1):
                        # Acknowledged with its last event; a restart repeats them all.
                        progress.pending = change if number == len(events) else None
                        yield event
                if outcome.finished is not None:
                    self._commit(outcome.finished)
                delivered_all = True
            except LocallyError as exc:
                if options.once:
                    raise
                logger.warning("carts.watch: poll failed, trying again next poll: %s", exc)
            full = not delivered_all
            if options.once or progress.stopping:
                return
            time.sleep(max(0.0, started + options.interval - time.monotonic()))

    def close(self) -> None:
        """Stop without acknowledging the event being handled; close a checkpoint it opened."""
        if self._closed:
            return
        self._closed = True
        self._run.close()
        if self._options.owns_store:
            self._options.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self._acknowledge()
        finally:
            self.close()


class AsyncCartWatch:
    """Yields each change to the carts as a typed event, remembering what was delivered.

    Returned by :meth:`locally.resources.carts.AsyncCarts.watch`.  Iterate it; leave a ``with``
    block (or call :meth:`close`) to stop.  An event is stored as delivered when you ask for
    the next one, or leave the ``with`` block normally; if your code raises while handling an
    event, that event is delivered again next time.
    """

    def __init__(
        self,
        fetch_page: Callable[[int], Awaitable[AsyncCartPage]],
        fetch_detail: Callable[[str], Awaitable[Detail]],
        base_url: str,
        options: WatchOptions,
    ) -> None:
        self._fetch_page = fetch_page
        self._fetch_detail = fetch_detail
        self._base_url = base_url
        self._options = options
        self._progress = _Progress()
        self._ledger: WatchLedger | None = None
        self._run = self._events()
        self._closed = False

    @property
    def backlog(self) -> int:
        """Events of the current poll not handed out yet (for a progress display)."""
        progress = self._progress
        return max(progress.batch_size - progress.handed_out, 0)

    @property
    def delivered(self) -> int:
        """Events acknowledged since the checkpoint was created (0 before the first event)."""
        return self._ledger.delivered if self._ledger is not None else 0

    def stop(self) -> None:
        """End the iteration: the event being handled is acknowledged, no later one is yielded.

        Safe to call from another thread or a signal handler; a watch waiting for the next
        poll ends after that wait.
        """
        self._progress.stopping = True

    def __aiter__(self) -> AsyncIterator[WatchEvent]:
        return self

    async def __anext__(self) -> WatchEvent:
        await self._acknowledge()
        if self._progress.stopping or self._closed:
            await self.close()
            raise StopAsyncIteration
        return await self._run.__anext__()

    async def _acknowledge(self) -> None:
        change = self._progress.pending
        if change is not None and self._ledger is not None:
            await self._commit(self._ledger.acknowledge(change))
        self._progress.pending = None

    async def _commit(self, batch: CheckpointBatch) -> None:
        if self._ledger is None or batch.is_empty():
            return
        await _in_thread(self._options.store.commit, batch)
        self._ledger.apply(batch)

    async def _open(self) -> WatchLedger:
        options = self._options
        checkpoint = await _in_thread(options.store.load)
        self._ledger = WatchLedger(checkpoint, base_url=self._base_url, lookback=options.lookback)
        await self._commit(self._ledger.start(options.start, where=options.where))
        return self._ledger

    async def _poll(self, ledger: WatchLedger, full: bool) -> PollOutcome:
        options, progress = self._options, self._progress
        pages = sweep_pages(progress.window_pages, options.interval, options.sweep)
        poll = PagePoll(
            ledger,
            full=full or options.once or pages is None,
            sweep_from=progress.cursor,
            sweep_pages=pages or 0,
        )
        while poll.next_page is not None:
            poll.add(await self._fetch_page(poll.next_page))
        return poll.finish()

    async def _events(self) -> AsyncGenerator[WatchEvent, None]:
        import anyio

        ledger = await self._open()
        options, progress = self._options, self._progress
        full = True
        while not progress.stopping:
            started = time.monotonic()
            delivered_all = False
            try:
                outcome = await self._poll(ledger, full)
                progress.took(outcome)
                await self._commit(outcome.bookkeeping)
                for change in outcome.changes:
                    detail = (
                        await self._fetch_detail(change.cart_hash) if change.needs_cart else None
                    )
                    events = ledger.events(change, detail)
                    progress.handed_out += 1
                    for number, event in enumerate(events, 1):
                        # Acknowledged with its last event; a restart repeats them all.
                        progress.pending = change if number == len(events) else None
                        yield event
                if outcome.finished is not None:
                    await self._commit(outcome.finished)
                delivered_all = True
            except LocallyError as exc:
                if options.once:
                    raise
                logger.warning("carts.watch: poll failed, trying again next poll: %s", exc)
            full = not delivered_all
            if options.once or progress.stopping:
                return
            await anyio.sleep(max(0.0, started + options.interval - time.monotonic()))

    async def close(self) -> None:
        """Stop without acknowledging the event being handled; close a checkpoint it opened."""
        if self._closed:
            return
        self._closed = True
        await self._run.aclose()
        if self._options.owns_store:
            await _in_thread(self._options.store.close)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                await self._acknowledge()
        finally:
            await self.close()


async def _in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run a (possibly blocking) checkpoint call off the event loop."""
    import anyio

    return await anyio.to_thread.run_sync(function, *args)
