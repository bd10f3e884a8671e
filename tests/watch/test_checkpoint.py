"""Checkpoints: the SQLite file (WAL, a transaction a batch, all or nothing) and your own store."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import pytest

from locally import CheckpointError
from locally.testing import FakeItem
from locally.watch import (
    CartState,
    Checkpoint,
    CheckpointBatch,
    CheckpointStore,
    ItemState,
    SQLiteCheckpoint,
    WatchPosition,
)
from locally.watch import checkpoint as checkpoint_module
from tests.watch.helpers import clocked_fake, drain

WHEN = _dt.datetime(2026, 1, 15, 12, 0)


def _batch() -> CheckpointBatch:
    return CheckpointBatch(
        carts={
            "AAA111": CartState(WHEN, {"012345678905": ItemState("confirmed", None)}),
            "BBB222": CartState(WHEN, {"811950030719": ItemState("ordered", "pending brand")}),
        },
        position=WatchPosition(floor=WHEN, read_to=None, base_url="https://api.test"),
        delivered=2,
    )


def test_sqlite_checkpoint_keeps_a_batch_across_reopening(tmp_path: Path) -> None:
    path = tmp_path / "cp.sqlite3"
    store = SQLiteCheckpoint(path)
    store.commit(_batch())
    store.commit(CheckpointBatch(forget={"AAA111"}, delivered=1))
    store.close()
    again = SQLiteCheckpoint(path)
    loaded = again.load()
    assert loaded.carts == {
        "BBB222": CartState(WHEN, {"811950030719": ItemState("ordered", "pending brand")})
    }
    assert loaded.position == WatchPosition(floor=WHEN, base_url="https://api.test")
    assert loaded.delivered == 3
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    again.close()


def test_a_batch_is_stored_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SQLiteCheckpoint(tmp_path / "cp.sqlite3")
    calls: list[Mapping[str, ItemState]] = []
    real = checkpoint_module._items_json

    def fail_on_second(items: Mapping[str, ItemState]) -> str:
        calls.append(items)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(items)

    monkeypatch.setattr(checkpoint_module, "_items_json", fail_on_second)
    with pytest.raises(CheckpointError, match="nothing of this batch was stored"):
        store.commit(_batch())
    assert store.load() == Checkpoint()
    store.close()


def test_unreadable_files_raise_checkpoint_error(tmp_path: Path) -> None:
    garbage = tmp_path / "not-a-db.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CheckpointError, match=r"not-a-db\.sqlite3"):
        SQLiteCheckpoint(garbage)
    future = tmp_path / "future.sqlite3"
    SQLiteCheckpoint(future).close()
    db = sqlite3.connect(future)
    db.execute("UPDATE locally_watch_meta SET value = '99' WHERE key = 'schema'")
    db.commit()
    db.close()
    with pytest.raises(CheckpointError, match="schema '99'"):
        SQLiteCheckpoint(future)


def test_a_path_the_system_cannot_open_is_a_checkpoint_error() -> None:
    """Found by fuzzing: a NUL in the path raised sqlite's ValueError."""
    with pytest.raises(CheckpointError, match="embedded null byte"):
        SQLiteCheckpoint("events\x00.sqlite3")


def test_each_batch_is_one_transaction(tmp_path: Path) -> None:
    fake, clock = clocked_fake(carts=300)
    path = tmp_path / "cp.sqlite3"
    drain("sync", fake, checkpoint=path)
    store = SQLiteCheckpoint(path)
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    clock.tick()
    fake.place_order("SHIP", items=[FakeItem(upc="811950030719"), FakeItem(upc="190340561721")])
    events = drain("sync", fake, checkpoint=store)
    assert [e.kind for e in events] == ["new_cart", "ship_to_store", "ship_to_store"]
    begins = [s for s in statements if s.startswith("BEGIN")]
    commits = [s for s in statements if s == "COMMIT"]
    # The poll's bookkeeping, then one per acknowledged event.
    assert len(begins) == len(commits) == 1 + 3
    store.close()


class DictStore:
    """A store kept in "your own database": here plain attributes, written a batch at a time."""

    def __init__(self) -> None:
        self.carts: dict[str, CartState] = {}
        self.position = WatchPosition()
        self.delivered = 0
        self.closed = False

    def load(self) -> Checkpoint:
        return Checkpoint(self.position, dict(self.carts), self.delivered)

    def commit(self, batch: CheckpointBatch) -> None:
        carts = {} if batch.replace else dict(self.carts)
        for cart_hash in batch.forget:
            carts.pop(cart_hash, None)
        carts.update(batch.carts)
        self.carts = carts
        self.position = batch.position or self.position
        self.delivered += batch.delivered

    def close(self) -> None:
        self.closed = True


def test_your_own_store_keeps_the_checkpoint(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = DictStore()
    assert isinstance(store, CheckpointStore)
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    cart = fake.place_order("ORDER")
    assert [e.cart_hash for e in drain(flavour, fake, checkpoint=store)] == [cart.hash]
    assert drain(flavour, fake, checkpoint=store) == []
    assert store.delivered == 1
    # The watch does not close a store it was given: the service owns it.
    assert not store.closed
