"""The checkpoint as a running watch holds it, and the changes a poll hands over.

:class:`WatchLedger` follows the store: it changes only when a batch has been committed, so it
never runs ahead of what is stored.  It also says what each starting point and each
acknowledged change writes.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypeAlias, cast

from .._errors import CheckpointError
from .checkpoint import CartState, Checkpoint, CheckpointBatch, ItemState, WatchPosition
from .events import (
    CartAutoRejected,
    ItemStatusChanged,
    NewCart,
    ShipToStoreStatusChanged,
    WatchEvent,
    event_id,
)

if TYPE_CHECKING:
    from ..types.carts import CartDetail

__all__ = ["REJECTION", "Change", "PollOutcome", "Start", "WatchLedger", "naive_utc"]

#: The change of items rejected while their 2-hour window ran: by the retailer (an
#: :class:`~locally.watch.ItemStatusChanged` each) or by Locally (a ``CartAutoRejected``).
REJECTION = "rejection"
#: How an automatic cancellation reads once folded ("Auto-cancelled" in Locally's order
#: history, ``locally-docs/05``).
_AUTO_REJECTED = frozenset({"auto cancelled", "auto canceled", "auto rejected"})


def automatic_upcs(body: bytes, upcs: tuple[str, ...]) -> tuple[str, ...]:
    """Which of ``upcs`` the cart detail ``body`` labels as cancelled by Locally itself.

    The models read "Auto-cancelled" as an ordinary cancellation, so the label is looked up in
    the detail's JSON as it arrived.
    """
    try:
        items = cast("list[dict[str, object]]", json.loads(body).get("items") or [])
        labels = {
            str(item.get("upc")): " ".join(
                str(item.get("status")).casefold().replace("-", " ").replace("_", " ").split()
            )
            for item in items
        }
    except (ValueError, AttributeError, TypeError):
        return ()
    return tuple(upc for upc in upcs if labels.get(upc) in _AUTO_REJECTED)


#: Where a watch starts: resume (``None``), ``"now"``, or the time from which carts are new.
Start: TypeAlias = "_dt.datetime | Literal['now'] | None"


def naive_utc(value: _dt.datetime | None) -> _dt.datetime | None:
    """``value`` as a naive UTC datetime, the form the carts API uses; naive ones as given."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(_dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Change:
    """One change found by a poll, before it becomes a public event (and is acknowledged)."""

    kind: str
    id: str
    cart_hash: str
    ordered_at: _dt.datetime | None
    changed_at: _dt.datetime | None
    #: (UPC, "status" or "sts_status", folded value) written when the change is acknowledged.
    updates: tuple[tuple[str, str, str], ...] = ()
    #: The status as the notice writes it (item and Ship-to-Store changes).
    status: str | None = None
    previous: str | None = None
    #: The whole row written when a new cart is acknowledged.
    row: CartState | None = None
    #: For a rejection: each item's status before it, in the order of ``updates``.
    previous_states: tuple[str | None, ...] = ()

    @property
    def needs_cart(self) -> bool:
        """Whether the event carries the cart detail, fetched just before it is delivered."""
        return self.kind in (NewCart.kind, CartAutoRejected.kind, REJECTION)

    @property
    def upcs(self) -> tuple[str, ...]:
        """The items the change is about."""
        return tuple(dict.fromkeys(upc for upc, _, _ in self.updates))


@dataclass
class PollOutcome:
    """What one poll found and what to store before and after delivering it."""

    changes: list[Change]
    #: Stored before the first change is delivered: carts recorded without an event, carts
    #: forgotten, the new position.
    bookkeeping: CheckpointBatch
    #: Stored once every change was acknowledged (the position with nothing left to re-read).
    finished: CheckpointBatch | None
    pages_read: int
    #: Pages from the top to the end of the look-back, when this poll learnt it.
    window_pages: int | None
    #: Where the next poll's sweep starts (0: from just after the head).
    next_sweep: int


class WatchLedger:
    """The checkpoint as the watch knows it: the state delivered so far and the position.

    It changes only through :meth:`apply`, called with each batch once the store has
    committed it, so it never runs ahead of what is stored.
    """

    def __init__(self, checkpoint: Checkpoint, *, base_url: str, lookback: _dt.timedelta) -> None:
        self.carts: dict[str, CartState] = checkpoint.carts
        self.position = checkpoint.position
        self.delivered = checkpoint.delivered
        self.base_url = base_url.rstrip("/")
        self.lookback = lookback

    def start(self, start: Start, *, where: str) -> CheckpointBatch:
        """The batch that sets the starting point: resume (``None``), ``"now"`` or a time."""
        stored = self.position.base_url
        if start is None:
            if stored is not None and stored != self.base_url:
                raise CheckpointError(
                    f"the checkpoint {where} belongs to {stored}, not {self.base_url}: use "
                    "another checkpoint, or start it again from now or from a time"
                )
            if stored is None:
                return CheckpointBatch(position=replace(self.position, base_url=self.base_url))
            return CheckpointBatch()
        if start == "now":
            return CheckpointBatch(replace=True, position=WatchPosition(base_url=self.base_url))
        since = naive_utc(start)
        return CheckpointBatch(
            replace=True,
            position=WatchPosition(floor=since, read_to=since, base_url=self.base_url),
        )

    def apply(self, batch: CheckpointBatch) -> None:
        """Follow a batch the store has committed."""
        if batch.replace:
            self.carts.clear()
            self.delivered = 0
        for cart_hash in batch.forget:
            self.carts.pop(cart_hash, None)
        self.carts.update(batch.carts)
        if batch.position is not None:
            self.position = batch.position
        self.delivered += batch.delivered

    def acknowledge(self, change: Change) -> CheckpointBatch:
        """The batch that records ``change`` as delivered."""
        if change.row is not None:
            row = change.row
        else:
            current = self.carts.get(change.cart_hash) or CartState(change.ordered_at)
            items = dict(current.items)
            for upc, name, value in change.updates:
                items[upc] = replace(items.get(upc, ItemState()), **{name: value})
            row = CartState(current.ordered_at, items)
        return CheckpointBatch(carts={change.cart_hash: row}, delivered=1)

    def events(self, change: Change, detail: tuple[CartDetail, bytes] | None) -> list[WatchEvent]:
        """The public events for ``change``; ``detail`` is the cart for the kinds that need it.

        A rejection becomes a :class:`~locally.watch.CartAutoRejected` for the items the
        detail labels as cancelled by Locally, and an item-status event for each other one.
        """
        url = self.order_url(change.cart_hash)
        common = (change.cart_hash, change.changed_at, url)
        if change.kind == NewCart.kind and detail is not None:
            return [NewCart(change.id, *common, cart=detail[0], body=detail[1])]
        if change.kind == ShipToStoreStatusChanged.kind:
            return [
                ShipToStoreStatusChanged(
                    change.id, *common, change.upcs[0], change.status or "", change.previous
                )
            ]
        if change.kind != REJECTION:
            return [
                ItemStatusChanged(
                    change.id, *common, change.upcs[0], change.status or "", change.previous
                )
            ]
        automatic = automatic_upcs(detail[1], change.upcs) if detail is not None else ()
        events: list[WatchEvent] = [
            ItemStatusChanged(
                event_id(ItemStatusChanged.kind, change.cart_hash, upc, "rejected"),
                *common,
                upc,
                change.status or "rejected",
                previous,
            )
            for upc, previous in zip(change.upcs, change.previous_states, strict=True)
            if upc not in automatic
        ]
        if automatic and detail is not None:
            kind = CartAutoRejected.kind
            events.append(
                CartAutoRejected(
                    event_id(kind, change.cart_hash, *sorted(automatic)),
                    *common,
                    upcs=automatic,
                    cart=detail[0],
                    body=detail[1],
                )
            )
        return events

    def order_url(self, cart_hash: str) -> str:
        """The cart's Carts API URL on the watched API."""
        return f"{self.base_url}/api/v2/cart/{cart_hash}"
