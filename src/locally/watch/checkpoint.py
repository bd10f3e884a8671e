"""Where ``carts.watch()`` keeps what it has delivered, so a restart neither loses nor repeats.

A checkpoint holds the last delivered state of every cart the watch follows (each item's
status and Ship-to-Store status) and the watch's position.  The state only moves forward when
an event is acknowledged, so whatever the checkpoint holds has been delivered; anything newer
is found again by comparing the carts list with it.

:class:`SQLiteCheckpoint` (one file, stdlib :mod:`sqlite3`, WAL mode) is the default.  A
service that keeps its state in its own database implements :class:`CheckpointStore`: three
methods, and :meth:`CheckpointStore.commit` must apply a whole :class:`CheckpointBatch` or none
of it.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .._errors import CheckpointError

__all__ = [
    "CartState",
    "Checkpoint",
    "CheckpointBatch",
    "CheckpointStore",
    "ItemState",
    "MemoryCheckpoint",
    "SQLiteCheckpoint",
    "WatchPosition",
]

_SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class ItemState:
    """An item's statuses as last delivered (folded: lower case, single spaces)."""

    status: str | None = None
    """The item status; ``None`` until one was delivered or recorded."""
    sts_status: str | None = None
    """The Ship-to-Store status; ``None`` for an item that is not Ship-to-Store."""


@dataclass(frozen=True)
class CartState:
    """A cart as last delivered: when it was ordered and each item's statuses by UPC."""

    ordered_at: _dt.datetime | None
    items: Mapping[str, ItemState] = field(default_factory=dict[str, ItemState])


@dataclass(frozen=True)
class WatchPosition:
    """Where the watch stands, besides the carts it follows."""

    floor: _dt.datetime | None = None
    """A cart ordered at or after ``floor`` that the checkpoint does not hold is new.
    ``None`` before the first poll, which records what exists without announcing it."""
    read_to: _dt.datetime | None = None
    """The next poll reads at least down to carts ordered at this time: events of older carts
    are still to be delivered (a ``start`` in the past, or a batch that did not finish)."""
    base_url: str | None = None
    """The API the checkpoint belongs to; another API's carts would all look new."""


@dataclass
class CheckpointBatch:
    """Changes to store together, in one transaction."""

    carts: dict[str, CartState] = field(default_factory=dict[str, CartState])
    """Carts to write (whole rows)."""
    forget: set[str] = field(default_factory=set[str])
    """Carts to drop: ordered before the look-back, no longer followed."""
    position: WatchPosition | None = None
    """The new position, if it changed."""
    delivered: int = 0
    """Events acknowledged by this batch, added to the running count."""
    replace: bool = False
    """Drop everything stored before applying the batch (a new ``start``)."""

    def is_empty(self) -> bool:
        """Whether committing this batch would change nothing."""
        return not (self.carts or self.forget or self.position or self.delivered or self.replace)


@dataclass
class Checkpoint:
    """Everything a store holds, as :meth:`CheckpointStore.load` returns it."""

    position: WatchPosition = field(default_factory=WatchPosition)
    carts: dict[str, CartState] = field(default_factory=dict[str, CartState])
    delivered: int = 0
    """Events acknowledged since the checkpoint was created."""


@runtime_checkable
class CheckpointStore(Protocol):
    """Storage for a watch's checkpoint; implement it to keep the checkpoint in your own DB."""

    def load(self) -> Checkpoint:
        """Everything stored (an empty :class:`Checkpoint` for a new store)."""
        ...

    def commit(self, batch: CheckpointBatch) -> None:
        """Apply ``batch`` atomically: all of it or, on failure, none of it."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...


def _apply(checkpoint: Checkpoint, batch: CheckpointBatch) -> None:
    """Apply ``batch`` to an in-memory checkpoint."""
    if batch.replace:
        checkpoint.carts.clear()
    for cart_hash in batch.forget:
        checkpoint.carts.pop(cart_hash, None)
    checkpoint.carts.update(batch.carts)
    if batch.position is not None:
        checkpoint.position = batch.position
    checkpoint.delivered += batch.delivered


class MemoryCheckpoint:
    """A checkpoint held in memory only: for tests and one-off scripts; a restart forgets it."""

    def __init__(self) -> None:
        self._checkpoint = Checkpoint()

    def load(self) -> Checkpoint:
        """A copy of what is held."""
        held = self._checkpoint
        return Checkpoint(held.position, dict(held.carts), held.delivered)

    def commit(self, batch: CheckpointBatch) -> None:
        """Apply ``batch``."""
        _apply(self._checkpoint, batch)

    def close(self) -> None:
        """Nothing to release."""


def _time_text(value: _dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time_value(text: str | None) -> _dt.datetime | None:
    return _dt.datetime.fromisoformat(text) if text else None


def _items_json(items: Mapping[str, ItemState]) -> str:
    return json.dumps({upc: [s.status, s.sts_status] for upc, s in items.items()})


def _items_value(text: str) -> dict[str, ItemState]:
    raw: dict[str, list[str | None]] = json.loads(text)
    return {upc: ItemState(pair[0], pair[1]) for upc, pair in raw.items()}


class SQLiteCheckpoint:
    """A checkpoint in one SQLite file (WAL mode; one transaction per batch).

    WAL with ``synchronous=NORMAL`` keeps every committed batch through a crash of the
    process; a power cut may lose the last few, which are then delivered again: a checkpoint
    can fall behind, never ahead, so nothing is lost.  ``":memory:"`` keeps it in memory.

    Args:
        path: The database file; created with its tables if missing.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        # One watch uses the connection at a time; the async watch runs it in worker threads.
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            with self._transaction():
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS locally_watch_meta"
                    " (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
                )
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS locally_watch_carts"
                    " (hash TEXT PRIMARY KEY, ordered_at TEXT, items TEXT NOT NULL)"
                )
                self._db.execute(
                    "INSERT OR IGNORE INTO locally_watch_meta VALUES ('schema', ?)",
                    (_SCHEMA_VERSION,),
                )
            schema = self._meta().get("schema")
        except (sqlite3.Error, ValueError) as exc:  # ValueError: a NUL in the path
            raise CheckpointError(f"cannot open the checkpoint {self.path!r}: {exc}") from None
        if schema != _SCHEMA_VERSION:
            raise CheckpointError(
                f"the checkpoint {self.path!r} has schema {schema!r}; this version of locally "
                f"reads schema {_SCHEMA_VERSION}"
            )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self._lock)

    def _meta(self) -> dict[str, str]:
        rows = self._db.execute("SELECT key, value FROM locally_watch_meta").fetchall()
        return {str(key): str(value) for key, value in rows}

    def load(self) -> Checkpoint:
        """Read the whole checkpoint."""
        try:
            with self._lock:
                meta = self._meta()
                rows = self._db.execute(
                    "SELECT hash, ordered_at, items FROM locally_watch_carts"
                ).fetchall()
            carts = {
                str(cart_hash): CartState(_time_value(ordered_at), _items_value(items))
                for cart_hash, ordered_at, items in rows
            }
            position = WatchPosition(
                floor=_time_value(meta.get("floor")),
                read_to=_time_value(meta.get("read_to")),
                base_url=meta.get("base_url"),
            )
            return Checkpoint(position, carts, int(meta.get("delivered", "0")))
        except (sqlite3.Error, ValueError, TypeError, IndexError) as exc:
            raise CheckpointError(f"cannot read the checkpoint {self.path!r}: {exc}") from None

    def commit(self, batch: CheckpointBatch) -> None:
        """Write ``batch`` in one transaction."""
        if batch.is_empty():
            return
        try:
            with self._transaction():
                self._write(batch)
        except sqlite3.Error as exc:
            raise CheckpointError(
                f"cannot write the checkpoint {self.path!r} (nothing of this batch was "
                f"stored): {exc}"
            ) from None

    def _write(self, batch: CheckpointBatch) -> None:
        db = self._db
        if batch.replace:
            db.execute("DELETE FROM locally_watch_carts")
            db.execute("DELETE FROM locally_watch_meta WHERE key != 'schema'")
        db.executemany(
            "DELETE FROM locally_watch_carts WHERE hash = ?", [(h,) for h in batch.forget]
        )
        db.executemany(
            "INSERT OR REPLACE INTO locally_watch_carts VALUES (?, ?, ?)",
            [
                (cart_hash, _time_text(cart.ordered_at), _items_json(cart.items))
                for cart_hash, cart in batch.carts.items()
            ],
        )
        meta: dict[str, str | None] = {}
        if batch.position is not None:
            meta["floor"] = _time_text(batch.position.floor)
            meta["read_to"] = _time_text(batch.position.read_to)
            meta["base_url"] = batch.position.base_url
        for key, value in meta.items():
            if value is None:
                db.execute("DELETE FROM locally_watch_meta WHERE key = ?", (key,))
            else:
                db.execute("INSERT OR REPLACE INTO locally_watch_meta VALUES (?, ?)", (key, value))
        if batch.delivered:
            db.execute(
                "INSERT INTO locally_watch_meta VALUES ('delivered', ?) ON CONFLICT(key) DO "
                "UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
                (str(batch.delivered),),
            )

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def __repr__(self) -> str:
        return f"SQLiteCheckpoint({self.path!r})"


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` when the block raises."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self._db = db
        self._lock = lock

    def __enter__(self) -> None:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")
        finally:
            self._lock.release()
