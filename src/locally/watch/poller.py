"""What ``carts.watch()`` decides without doing any I/O: which pages to read, what changed.

The carts list is ordered by order time, newest first, so new carts always arrive on the first
pages, while a status change can happen to a cart on any page without moving it.  A poll
therefore has two parts:

- **The head**: pages from 0 until one holds nothing the checkpoint does not already have.
  New carts, and changes to recent carts, are found here within one ``interval``.
- **The sweep**: a few more pages each poll, continuing where the last poll's sweep stopped,
  through the look-back (carts ordered up to ``lookback`` before the newest one), then from
  the top again.  Each poll reads just enough pages that the whole look-back is read once per
  ``sweep`` seconds; a change to an older cart is found within that time.

The first poll of every run reads the whole look-back at once, so nothing that changed while
the watch was stopped waits for the sweep.  Offset pages of a newest-first list can only shift
towards later pages while they are read (carts are added at the head), so a walk may see a cart
twice, which is ignored, but never skips one.

Changes are found by comparing each listed cart with the checkpoint, never by trusting
``updated_at``: a poll that fails half-way changed nothing, and the next one finds the same
changes again.  Carts ordered before the look-back are forgotten; their changes are not seen.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import replace
from typing import TYPE_CHECKING

from ..lifecycle import PUSHCART, SHIP_TO_STORE
from .checkpoint import CartState, CheckpointBatch, ItemState
from .events import (
    ItemStatusChanged,
    NewCart,
    ShipToStoreStatusChanged,
    event_id,
)
from .ledger import REJECTION, Change, PollOutcome, WatchLedger, naive_utc

if TYPE_CHECKING:
    from .._pages import CartPageBase
    from ..types.carts import CartSummary, CartSummaryItem

__all__ = ["PagePoll", "sweep_pages"]

_EARLIEST = _dt.datetime.min
#: The states a PushCart item is rejected from while its 2-hour window runs.
_OPEN = frozenset({None, "ordered", "received"})


def _status_text(status: object) -> str | None:
    """A listed status as a notice writes it: a known one as its value, others as given."""
    if status is None:
        return None
    text = str(getattr(status, "value", status)).strip()
    return text or None


def sweep_pages(window_pages: int | None, interval: float, sweep: float) -> int | None:
    """Pages each poll's sweep reads so the look-back is read once per ``sweep`` seconds.

    ``None`` when every poll must read the whole look-back (``sweep`` no longer than
    ``interval``, or the look-back's size not known yet).
    """
    if window_pages is None or sweep <= interval:
        return None
    polls_per_sweep = max(1, math.floor(sweep / max(interval, 1e-6)))
    return max(1, math.ceil(window_pages / polls_per_sweep))


class PagePoll:
    """One poll: says which page to read next, takes each page, and sums up the changes."""

    def __init__(
        self, ledger: WatchLedger, *, full: bool, sweep_from: int, sweep_pages: int
    ) -> None:
        self._ledger = ledger
        self._full = full
        self._sweep_from = sweep_from
        self._sweep_left = sweep_pages
        self._sweeping = False
        #: The page to read next; ``None`` when the poll has read all it needs.
        self.next_page: int | None = 0
        self._pages_read = 0
        self._window_pages: int | None = None
        self._next_sweep = 0
        self._horizon: _dt.datetime | None = None
        self._seen: set[str] = set()
        self._keyed: list[tuple[_dt.datetime, int, int, Change]] = []
        self._recorded: dict[str, CartState] = {}

    # -- which pages ------------------------------------------------------------------------

    def _prune_line(self) -> _dt.datetime | None:
        """Carts ordered before this are not followed (the look-back, or an older backlog)."""
        if self._horizon is None:
            return None
        read_to = self._ledger.position.read_to
        return min(self._horizon, read_to) if read_to is not None else self._horizon

    def add(self, page: CartPageBase) -> None:
        """Take the page :attr:`next_page` named, and work out the next one."""
        number = self.next_page if self.next_page is not None else 0
        self._pages_read += 1
        times = [t for t in (naive_utc(cart.ordered_at) for cart in page.carts) if t is not None]
        if number == 0 and times:
            try:
                self._horizon = max(times) - self._ledger.lookback
            except OverflowError:
                # A look-back longer than the calendar reaches back to its first day.
                self._horizon = _dt.datetime.min
        fresh = False
        for cart in page.carts:
            fresh = self._see(cart) or fresh
        line = self._prune_line()
        crossed = line is not None and bool(times) and min(times) < line
        has_next = page.has_next_page()
        if (crossed or not has_next) and self._window_pages is None and not self._sweeping:
            # The look-back ends on this page, or the whole list is inside it.
            self._window_pages = number + 1
        if self._sweeping:
            self._sweep_left -= 1
            self._next_sweep = number + 1 if has_next and not crossed else 0
            self.next_page = number + 1 if has_next and not crossed and self._sweep_left else None
            return
        # Past the end of the look-back nothing is followed, so nothing there can be new.
        must_read_on = self._full or self._ledger.position.read_to is not None
        if has_next and page.carts and not crossed and (fresh or must_read_on):
            self.next_page = number + 1
            return
        self.next_page = None
        if self._full or not has_next or not page.carts or self._sweep_left <= 0:
            return
        start = max(self._sweep_from, number + 1)
        if start >= page.properties.total_pages:
            start = number + 1
        if start < page.properties.total_pages:
            self._sweeping = True
            self.next_page = start

    # -- what changed -----------------------------------------------------------------------

    def _see(self, cart: CartSummary) -> bool:
        """Compare one listed cart with the checkpoint; True if anything new was found."""
        if cart.hash in self._seen:
            return False
        self._seen.add(cart.hash)
        ordered = naive_utc(cart.ordered_at)
        known = self._ledger.carts.get(cart.hash)
        floor = self._ledger.position.floor
        line = self._prune_line()
        in_window = line is None or ordered is None or ordered >= line
        if known is None:
            if floor is not None and (ordered is None or ordered >= floor):
                self._new_cart(cart, ordered)
                return True
            if in_window:
                self._recorded[cart.hash] = _recorded_state(cart, ordered)
                return True
            return False
        if not in_window:
            return False  # left the look-back: forgotten when the poll ends
        row, changes = self._compare(cart, known, ordered)
        if row is not None:
            self._recorded[cart.hash] = row
        for change in changes:
            self._keep(change)
        return row is not None or bool(changes)

    def _keep(self, change: Change, key: _dt.datetime | None = None) -> None:
        when = key or change.changed_at or change.ordered_at or _EARLIEST
        # Of two carts changed in the same second, the one listed later (ordered earlier)
        # comes first; a cart's own changes keep the order they were found in.
        self._keyed.append((when, -len(self._seen), len(self._keyed), change))

    def _new_cart(self, cart: CartSummary, ordered: _dt.datetime | None) -> None:
        row, changes = self._compare(cart, CartState(ordered), ordered)
        new = Change(
            NewCart.kind,
            event_id(NewCart.kind, cart.hash),
            cart.hash,
            ordered,
            ordered,
            row=row or CartState(ordered),
        )
        self._keep(new, ordered)
        for change in changes:
            # A new cart's item changes follow its announcement, even if the list's times
            # say otherwise.
            later = max(t for t in (change.changed_at, ordered, _EARLIEST) if t is not None)
            self._keep(change, later)

    def _compare(
        self, cart: CartSummary, known: CartState, ordered: _dt.datetime | None
    ) -> tuple[CartState | None, list[Change]]:
        """The row to record without an event (if any) and the changes to deliver."""
        changed_at = naive_utc(cart.updated_at) or ordered
        items = dict(known.items)
        changes: list[Change] = []
        rejected: list[tuple[str, str, str | None]] = []
        quiet = False
        listed: set[str] = set()
        for item in cart.items:
            upc = item.upc
            listed.add(upc)
            before = items.get(upc, ItemState())
            after = before
            status = PUSHCART.normalize(item.status) if _status_text(item.status) else None
            if status != before.status:
                if status is None or (before.status is None and status == PUSHCART.initial):
                    after = replace(after, status=status)
                elif status == "rejected" and before.status in _OPEN:
                    # Rejected by the retailer or, after the 2-hour window, by Locally: only
                    # the cart detail's own label tells (see split_rejection).
                    rejected.append(
                        (upc, (_status_text(item.status) or status).lower(), before.status)
                    )
                else:
                    changes.append(
                        self._item_change(cart.hash, ordered, changed_at, upc, item, before)
                    )
            sts = (
                SHIP_TO_STORE.normalize(item.sts_status) if _status_text(item.sts_status) else None
            )
            if sts != before.sts_status:
                if sts is None:
                    after = replace(after, sts_status=None)
                else:
                    changes.append(
                        Change(
                            ShipToStoreStatusChanged.kind,
                            event_id(ShipToStoreStatusChanged.kind, cart.hash, upc, sts),
                            cart.hash,
                            ordered,
                            changed_at,
                            ((upc, "sts_status", sts),),
                            status=sts,
                            previous=before.sts_status,
                        )
                    )
            if after != before:
                items[upc] = after
                quiet = True
        for upc in set(items) - listed:
            del items[upc]
            quiet = True
        if rejected:
            upcs = sorted(upc for upc, _, _ in rejected)
            changes.append(
                Change(
                    REJECTION,
                    event_id(REJECTION, cart.hash, *upcs),
                    cart.hash,
                    ordered,
                    changed_at,
                    tuple((upc, "status", "rejected") for upc, _, _ in rejected),
                    status=rejected[0][1],
                    previous_states=tuple(previous for _, _, previous in rejected),
                ),
            )
        return (CartState(known.ordered_at or ordered, items) if quiet else None), changes

    @staticmethod
    def _item_change(
        cart_hash: str,
        ordered: _dt.datetime | None,
        changed_at: _dt.datetime | None,
        upc: str,
        item: CartSummaryItem,
        before: ItemState,
    ) -> Change:
        status = PUSHCART.normalize(item.status)
        # The notice carries the status as the list spells it, in lower case ("canceled").
        spelled = (_status_text(item.status) or status).lower()
        return Change(
            ItemStatusChanged.kind,
            event_id(ItemStatusChanged.kind, cart_hash, upc, status),
            cart_hash,
            ordered,
            changed_at,
            ((upc, "status", status),),
            status=spelled,
            previous=before.status,
        )

    # -- the outcome --------------------------------------------------------------------------

    def finish(self) -> PollOutcome:
        """Sum up the poll: the changes in order, and what to store around delivering them."""
        ledger = self._ledger
        position = ledger.position
        self._keyed.sort(key=lambda keyed: keyed[:3])
        changes = [keyed[3] for keyed in self._keyed]
        line = self._prune_line()
        if position.floor is None:
            floor: _dt.datetime | None = line if line is not None else _EARLIEST
        elif line is not None:
            floor = max(position.floor, line)
        else:
            floor = position.floor
        # A start in the past keeps the poll reading that far back until its backlog has
        # been delivered; any other unfinished batch lies within the look-back, which the
        # first poll of the next run reads anyway.
        read_to = position.read_to if changes else None
        forget = {
            cart_hash
            for cart_hash, cart in ledger.carts.items()
            if line is not None and cart.ordered_at is not None and cart.ordered_at < line
        }
        new_position = replace(position, floor=floor, read_to=read_to)
        bookkeeping = CheckpointBatch(
            carts=self._recorded,
            forget=forget,
            position=new_position if new_position != position else None,
        )
        finished = (
            CheckpointBatch(position=replace(new_position, read_to=None))
            if read_to is not None
            else None
        )
        return PollOutcome(
            changes, bookkeeping, finished, self._pages_read, self._window_pages, self._next_sweep
        )


def _recorded_state(cart: CartSummary, ordered: _dt.datetime | None) -> CartState:
    """A cart as it is now, recorded without announcing anything (before the start point)."""
    items = {
        item.upc: ItemState(
            PUSHCART.normalize(item.status) if _status_text(item.status) else None,
            SHIP_TO_STORE.normalize(item.sts_status) if _status_text(item.sts_status) else None,
        )
        for item in cart.items
    }
    return CartState(ordered, items)
