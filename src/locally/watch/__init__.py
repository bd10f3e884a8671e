"""Watch the carts for changes: Locally's webhooks for systems that cannot receive them.

``client.carts.watch(checkpoint=...)`` polls the Carts API v2 and yields a typed event for each
change, as the webhook Locally would have sent: :class:`NewCart` (the PushCart notice),
:class:`ItemStatusChanged`, :class:`ShipToStoreStatusChanged` and :class:`CartAutoRejected`.
A checkpoint (:class:`SQLiteCheckpoint` by default, or your own :class:`CheckpointStore`)
remembers what was delivered, so a restart neither loses nor repeats anything it acknowledged.
``locally listen`` forwards the events to a webhook receiver.  See docs/listen.md.
"""

from .checkpoint import (
    CartState,
    Checkpoint,
    CheckpointBatch,
    CheckpointStore,
    ItemState,
    MemoryCheckpoint,
    SQLiteCheckpoint,
    WatchPosition,
)
from .events import (
    CartAutoRejected,
    ItemStatusChanged,
    NewCart,
    ShipToStoreStatusChanged,
    WatchEvent,
    WebhookRequest,
)
from .iterators import AsyncCartWatch, CartWatch

__all__ = [
    "AsyncCartWatch",
    "CartAutoRejected",
    "CartState",
    "CartWatch",
    "Checkpoint",
    "CheckpointBatch",
    "CheckpointStore",
    "ItemState",
    "ItemStatusChanged",
    "MemoryCheckpoint",
    "NewCart",
    "SQLiteCheckpoint",
    "ShipToStoreStatusChanged",
    "WatchEvent",
    "WatchPosition",
    "WebhookRequest",
]
