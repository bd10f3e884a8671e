"""The sliding window behind ``AsyncLocally.carts.list()``: page reads always in flight.

Pages are read out of order but must be yielded as if the list held still.  Carts only ever
arrive at the head of the newest-first list, pushing every page back, so two consecutive pages
can only lose a cart between them (a gap) if the later page was served *before* an arrival that
the earlier page was served *after*.  A pair of pages is therefore safe to yield when either

- the later page was sent after the earlier one was received (it was served later: at worst it
  repeats a cart, which the walk's duplicate filter drops), or
- a read of the walk's first page received before both were sent and another sent after both
  were received list the same carts: nothing arrived in between, both saw the same list.

The window re-reads the first page (a *check*, one at a time) while pages are waiting for such
proof.  When a check shows the list changed, every page sent before that check came back is
read again; the first of them is then sent after its predecessor arrived, so each change costs
requests but never stops the walk.  The window halves after a change and doubles once a check
proves pages came through unchanged, so a list that changes all the time is walked one page at
a time, trying two at once again every ``prefetch`` pages.

The reads run as plain asyncio tasks that no cancel scope of the caller's ties to the async
generator: an early ``break`` (the generator is then closed by the event loop) or ``aclose()``
cancels every read still in flight, and a failed read is raised only when its page is next.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._pages import AsyncCartPage

__all__ = ["PageWindow", "running_on_asyncio"]


def running_on_asyncio() -> bool:
    """Whether the caller runs in an asyncio event loop (the window needs one)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@dataclass(eq=False)
class _Read:
    """One request of the window: a page, or a check (``number`` None) of the first page."""

    number: int | None
    sent: int
    received: int = -1  # the window's clock when the reply was read; -1 while in flight
    load: Callable[[], AsyncCartPage] | None = None
    listing: tuple[str, ...] = ()
    error: Exception | None = None
    task: asyncio.Task[None] | None = None


def _listing(page: AsyncCartPage) -> tuple[str, ...]:
    return tuple(cart.hash for cart in page.carts)


class PageWindow:
    """Reads pages ahead of the walk, at most ``prefetch`` at a time, and hands them out in order.

    Args:
        fetch: Reads one page by number and returns what parses it: pages wait here as bytes,
            parsed only when handed out, so that the cyclic garbage collector does not keep
            walking dozens of pages' worth of model objects (it did, at 40% of the CPU).
        first: The walk's first page, already read and yielded.
        prefetch: The most page reads in flight at once (one check of the first page rides
            along); besides those, at most ``2 * prefetch`` read pages wait to be yielded.
    """

    def __init__(
        self,
        fetch: Callable[[int], Awaitable[Callable[[], AsyncCartPage]]],
        first: AsyncCartPage,
        prefetch: int,
    ) -> None:
        self._fetch = fetch
        self._first_number = first.properties.current_page
        self._prefetch = prefetch
        self._width = prefetch
        self._total_pages = first.properties.total_pages
        # A logical clock: every send and every receipt takes the next tick, so "sent after X
        # was received" is a comparison of two integers.
        self._clock = 0
        # The first page counts as the oldest check, and as the last page yielded.
        opening = _Read(None, sent=-2, received=-1, listing=_listing(first))
        self._checks: deque[_Read] = deque([opening])
        self._check: _Read | None = None
        self._check_error: Exception | None = None
        self._last: _Read = opening
        self._reads: dict[int, _Read] = {}
        self._wake = asyncio.Event()
        self._closed = False
        # The page the walk waits for and the last one it may read: the window refills as
        # replies come back, not only when the walk asks.
        self._wanted = self._first_number + 1
        self._last_allowed = self._wanted
        self._asked = False
        self._calm = 0  # pages handed out one at a time since the window last narrowed to 1

    def _tick(self) -> int:
        self._clock += 1
        return self._clock

    async def next_page(self, number: int, last_allowed: int) -> AsyncCartPage:
        """Page ``number`` (the one after the last handed out), once it is safe to yield.

        ``last_allowed`` is the highest page number the walk may read (``max_pages``).

        Raises:
            Exception: The error the read of this page (or a check it depends on) ended in.
        """
        self._wanted, self._last_allowed, self._asked = number, last_allowed, True
        while True:
            self._send_pages()
            if self._check_error is not None:
                raise self._check_error
            read = self._reads.get(number)
            if read is not None and read.received >= 0:
                if read.error is not None:
                    raise read.error
                previous = self._last
                if read.sent > previous.received:
                    return self._hand_out(number, read, proven=False)
                needed = max(read.received, previous.received)
                after = self._check_after(needed)
                if after is not None:
                    if self._same_list(after, min(read.sent, previous.sent)):
                        return self._hand_out(number, read, proven=True)
                    self._read_again_from(number, after.received)
                    continue
                self._send_check(needed)
            self._send_check()
            self._wake.clear()
            await self._wake.wait()

    def _hand_out(self, number: int, read: _Read, *, proven: bool) -> AsyncCartPage:
        """Give page ``number`` to the walk; ``proven`` when a check showed it safe."""
        del self._reads[number]
        self._wanted, self._asked = number + 1, False
        load = read.load
        assert load is not None
        read.load = None
        self._last = read
        page = load()
        self._total_pages = max(self._total_pages, page.properties.total_pages)
        if proven:
            # Reading ahead paid off: widen quickly back to ``prefetch``.
            self._width = min(self._prefetch, self._width * 2)
        elif self._width == 1:
            # One page at a time since the list kept changing: try two again now and then.
            self._calm += 1
            if self._calm >= self._prefetch:
                self._width, self._calm = 2, 0
        self._forget_old_checks()
        return page

    def _check_after(self, tick: int) -> _Read | None:
        """The first check sent after ``tick``, if one has come back."""
        return next((check for check in self._checks if check.sent > tick), None)

    def _same_list(self, after: _Read, tick: int) -> bool:
        """Whether ``after`` lists what the last check received before ``tick`` listed."""
        before = self._checks[0]
        for check in self._checks:
            if check.received < tick:
                before = check
        return before.listing == after.listing

    def _read_again_from(self, number: int, changed_at: int) -> None:
        """The list changed: read pages ``number``... again if they were sent before then."""
        for other, read in list(self._reads.items()):
            if other >= number and read.sent < changed_at:
                del self._reads[other]
                if read.task is not None and read.received < 0:
                    read.task.cancel()
        self._width = max(1, self._width // 2)

    def _send_pages(self) -> None:
        """Fill the window: up to ``width`` reads in flight, ``2 * prefetch`` read pages waiting."""
        if self._closed:
            return
        number = self._wanted
        if self._asked and number not in self._reads:
            # The page the walk waits for goes out whatever the window holds.
            self._reads[number] = self._start(_Read(number, sent=self._tick()))
        in_flight = sum(1 for r in self._reads.values() if r.received < 0)
        candidate = number
        while (
            in_flight < self._width
            and len(self._reads) - in_flight < 2 * self._prefetch
            and candidate <= self._last_allowed
            # Past the pages the list announced, only the page the walk asks for is read.
            and candidate < self._total_pages
        ):
            if candidate not in self._reads:
                self._reads[candidate] = self._start(_Read(candidate, sent=self._tick()))
                in_flight += 1
            candidate += 1

    def _send_check(self, needed: int | None = None) -> None:
        """Re-read the first page, one check at a time, when a page waits for proof.

        ``needed``: the page the walk wants needs a check sent after this tick.  Without it, a
        check leaves as soon as any page has come back since the last one left: by the time
        that page is next, its proof is under way.
        """
        if self._check is not None or self._closed:
            return
        latest = self._checks[-1].sent
        if (needed is not None and needed >= latest) or any(
            r.received > max(latest, -1) for r in self._reads.values()
        ):
            self._check = self._start(_Read(None, sent=self._tick()))

    def _collect_check(self, check: _Read) -> None:
        """File a check that came back; its error stops the walk at the next page."""
        self._check = None
        if check.error is not None:
            self._check_error = check.error
        else:
            self._checks.append(check)

    def _forget_old_checks(self) -> None:
        """Drop checks no pending read can still need as its "before" check."""
        oldest_send = min([self._last.sent, *(r.sent for r in self._reads.values())])
        while len(self._checks) > 1 and self._checks[1].received < oldest_send:
            self._checks.popleft()

    def _start(self, read: _Read) -> _Read:
        read.task = asyncio.get_running_loop().create_task(self._run(read))
        return read

    async def _run(self, read: _Read) -> None:
        number = self._first_number if read.number is None else read.number
        try:
            load = await self._fetch(number)
            if read.number is None:
                read.listing = _listing(load())
            else:
                read.load = load
        except Exception as exc:
            # Kept for the walk to raise when this page is next: a task that raised would
            # go unobserved, and nothing here may cancel the caller's task.
            read.error = exc
        read.received = self._tick()
        if read.number is None:
            self._collect_check(read)
        self._send_pages()
        self._send_check()
        self._wake.set()

    async def close(self) -> None:
        """Cancel every read still in flight and wait until they have stopped."""
        self._closed = True
        tasks = [r.task for r in (*self._reads.values(), self._check) if r and r.task]
        self._reads.clear()
        self._check = None
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
