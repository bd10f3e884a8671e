"""``carts.watch()`` end to end against FakeLocally: what is announced, and when, sync and async."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

import anyio
import pytest

from locally import (
    CheckpointError,
    InternalServerError,
    RequestValidationError,
)
from locally.testing import FakeCart, FakeItem
from locally.watch import (
    CartAutoRejected,
    ItemStatusChanged,
    MemoryCheckpoint,
    NewCart,
    ShipToStoreStatusChanged,
    WatchEvent,
)
from tests.watch.helpers import body, clocked_fake, drain, summary

ORDER_URL = "{base}/api/v2/cart/{hash}"


def test_a_new_checkpoint_starts_from_now(flavour: str, tmp_path: Path) -> None:
    fake, clock = clocked_fake()
    checkpoint = tmp_path / "watch.sqlite3"
    assert drain(flavour, fake, checkpoint=checkpoint) == []
    clock.tick()
    cart = fake.place_order("ORDER", items=[FakeItem(upc="012345678905")])
    events = drain(flavour, fake, checkpoint=checkpoint)
    assert [summary(e) for e in events] == [("new_cart", cart.hash)]
    assert drain(flavour, fake, checkpoint=checkpoint) == []


def test_new_cart_is_the_pushcart_notice_byte_for_byte(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    cart = fake.place_order("HOLD", items=[FakeItem(upc="036000291452", name="Lantern")])
    [event] = drain(flavour, fake, checkpoint=store)
    assert isinstance(event, NewCart)
    webhook = event.as_webhook()
    assert webhook.method == "POST"
    # Locally's PushCart notice is the cart object as GET /api/v2/cart/{hash} shows it.
    with fake.client() as client:
        raw = client.carts.with_raw_response.retrieve(cart.hash)
    assert webhook.body == raw.http_response.content
    assert json.loads(webhook.body) == fake.webhooks.pushcart_payload(cart.hash)
    assert event.cart.items[0].name == "Lantern"
    assert event.notice.cart.hash == cart.hash
    assert event.notice.auto_rejected is False


def test_item_status_change_is_the_item_status_notice(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    cart = fake.carts_newest_first()[4]
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    with fake.client() as client:
        client.pushcart.confirm(cart.hash, cart.items[0].upc)
    [event] = drain(flavour, fake, checkpoint=store)
    assert isinstance(event, ItemStatusChanged)
    # The item-status notice in Locally's reference: upc, order_id, status, order_url.
    assert body(event) == {
        "upc": cart.items[0].upc,
        "order_id": cart.hash,
        "status": "confirmed",
        "order_url": ORDER_URL.format(base=fake.base_url, hash=cart.hash),
    }
    assert (event.previous_status, event.upc, event.changed_at) == (
        "ordered",
        cart.items[0].upc,
        clock.now,
    )
    assert event.notice.status == "confirmed"


def test_ship_to_store_order_reads_confirm_store_then_each_move(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    cart = fake.place_order("SHIP", items=[FakeItem(upc="811950030719")])
    first = drain(flavour, fake, checkpoint=store)
    assert [summary(e) for e in first] == [
        ("new_cart", cart.hash),
        ("ship_to_store", cart.hash, "811950030719", "confirm-store"),
    ]
    seen: list[WatchEvent] = []
    with fake.client() as client:
        for move in ("confirm", "start_processing", "mark_shipped"):
            clock.tick()
            getattr(client.ship_to_store, move)(cart.hash, "811950030719")
            seen += drain(flavour, fake, checkpoint=store)
    for status in ("ready for pickup", "picked up"):
        clock.tick()
        fake.advance_ship_to_store(cart.hash, "811950030719", status)
        seen += drain(flavour, fake, checkpoint=store)
    assert [body(e)["sts_status"] for e in seen] == [
        "confirmed",
        "processing",
        "shipped",
        "ready for pickup",
        "picked up",
    ]
    assert all(isinstance(e, ShipToStoreStatusChanged) for e in seen)
    last = seen[-1]
    assert isinstance(last, ShipToStoreStatusChanged)
    assert last.notice.order_id == cart.hash


def test_changes_in_one_poll_come_oldest_first(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain(flavour, fake, checkpoint=store)
    older, newer = fake.carts_newest_first()[7], fake.carts_newest_first()[2]
    with fake.client() as client:
        clock.tick()
        client.pushcart.confirm(older.hash, older.items[0].upc)
        clock.tick()
        first = fake.place_order("ORDER", items=[FakeItem(upc="012345678905")])
        clock.tick()
        client.pushcart.reject(newer.hash, newer.items[0].upc, reason="Out of stock")
        clock.tick()
        second = fake.place_order("ORDER", items=[FakeItem(upc="012345678905")])
        clock.tick()
        client.pushcart.confirm(first.hash, "012345678905")
    events = drain(flavour, fake, checkpoint=store)
    assert [summary(e) for e in events] == [
        ("item_status", older.hash, older.items[0].upc, "confirmed"),
        ("new_cart", first.hash),
        ("item_status", newer.hash, newer.items[0].upc, "canceled"),
        ("new_cart", second.hash),
        ("item_status", first.hash, "012345678905", "confirmed"),
    ]


def test_the_same_change_has_the_same_id_in_any_listener(flavour: str) -> None:
    fake, clock = clocked_fake()
    first, second = MemoryCheckpoint(), MemoryCheckpoint()
    drain(flavour, fake, checkpoint=first)
    drain(flavour, fake, checkpoint=second)
    clock.tick()
    cart = fake.place_order("SHIP", items=[FakeItem(upc="811950030719")])
    one = drain(flavour, fake, checkpoint=first)
    clock.tick()
    with fake.client() as client:
        client.ship_to_store.confirm(cart.hash, "811950030719")
    # The second listener sees the cart only now, already confirmed: the new cart and the
    # confirmation are the same changes, so they keep their ids.
    two = drain(flavour, fake, checkpoint=second)
    one += drain(flavour, fake, checkpoint=first)
    ids_one = {summary(e): e.id for e in one}
    ids_two = {summary(e): e.id for e in two}
    shared = set(ids_one) & set(ids_two)
    assert ("new_cart", cart.hash) in shared
    assert ("ship_to_store", cart.hash, "811950030719", "confirmed") in shared
    assert all(ids_one[key] == ids_two[key] for key in shared)
    assert len(set(ids_one.values())) == len(ids_one)
    assert all(e.id.startswith("evt_") and len(e.id) == 28 for e in one)


def test_an_event_the_consumer_fails_on_is_delivered_again(flavour: str, tmp_path: Path) -> None:
    fake, clock = clocked_fake()
    checkpoint = tmp_path / "events.sqlite3"
    drain(flavour, fake, checkpoint=checkpoint)
    carts: list[FakeCart] = []
    for _ in range(3):
        clock.tick()
        carts.append(fake.place_order("ORDER", items=[FakeItem(upc="012345678905")]))
    handled: list[str] = []

    class Boom(Exception):
        pass

    def consume_sync() -> None:
        with fake.client() as client, client.carts.watch(checkpoint=checkpoint, once=True) as w:
            for event in w:
                if event.cart_hash == carts[1].hash:
                    raise Boom
                handled.append(event.cart_hash)

    async def consume_async() -> None:
        async with (
            fake.async_client() as client,
            client.carts.watch(checkpoint=checkpoint, once=True) as w,
        ):
            async for event in w:
                if event.cart_hash == carts[1].hash:
                    raise Boom
                handled.append(event.cart_hash)

    consume = consume_sync if flavour == "sync" else lambda: anyio.run(consume_async)
    with pytest.raises(Boom):
        consume()
    assert handled == [carts[0].hash]
    again = drain(flavour, fake, checkpoint=checkpoint)
    assert [e.cart_hash for e in again] == [carts[1].hash, carts[2].hash]


def test_leaving_the_with_block_normally_acknowledges_the_last_event(tmp_path: Path) -> None:
    fake, clock = clocked_fake()
    checkpoint = tmp_path / "events.sqlite3"
    drain("sync", fake, checkpoint=checkpoint)
    clock.tick()
    first = fake.place_order("ORDER")
    clock.tick()
    second = fake.place_order("ORDER")
    with fake.client() as client:
        with client.carts.watch(checkpoint=checkpoint, once=True) as watch:
            for event in watch:
                assert event.cart_hash == first.hash
                break
        # Without ``with``, breaking out acknowledges nothing: closing is not finishing.
        watch = client.carts.watch(checkpoint=checkpoint, once=True)
        assert next(watch).cart_hash == second.hash
        watch.close()
        with client.carts.watch(checkpoint=checkpoint, once=True) as watch:
            assert [e.cart_hash for e in watch] == [second.hash]
            assert watch.delivered == 2


def test_stop_acknowledges_the_current_event_and_ends(tmp_path: Path) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain("sync", fake, checkpoint=store)
    for _ in range(3):
        clock.tick()
        fake.place_order("ORDER")
    seen: list[str] = []
    with fake.client() as client:
        watch = client.carts.watch(checkpoint=store, interval=3600)
        for event in watch:
            seen.append(event.cart_hash)
            assert watch.backlog == 2
            watch.stop()
    assert len(seen) == 1
    assert len(drain("sync", fake, checkpoint=store)) == 2


def test_start_in_the_past_announces_every_cart_since(flavour: str) -> None:
    fake, _ = clocked_fake(carts=120)
    since = _dt.datetime(2026, 1, 15, 2, 0, tzinfo=_dt.timezone.utc)
    expected = [
        c.hash
        for c in reversed(fake.carts_newest_first())
        if c.ordered_at >= since.replace(tzinfo=None)
    ]
    events = drain(flavour, fake, checkpoint=MemoryCheckpoint(), start=since)
    assert [e.cart_hash for e in events if isinstance(e, NewCart)] == expected
    assert len(expected) == 16  # one cart every 37 minutes for ten hours
    # Ship-to-Store carts also bring the brand's new-order notice, right after the cart.
    kinds = {e.kind for e in events}
    assert kinds <= {"new_cart", "ship_to_store"}


def test_start_now_skips_what_the_checkpoint_had_not_delivered(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    fake.place_order("ORDER")
    assert drain(flavour, fake, checkpoint=store, start="now") == []
    clock.tick()
    later = fake.place_order("ORDER")
    assert [e.cart_hash for e in drain(flavour, fake, checkpoint=store)] == [later.hash]


def test_lookback_bounds_which_carts_are_followed(flavour: str) -> None:
    fake, clock = clocked_fake(carts=200)  # one every 37 minutes: about 5 days
    store = MemoryCheckpoint()
    lookback = _dt.timedelta(days=2)
    drain(flavour, fake, checkpoint=store, lookback=lookback)
    newest = fake.carts_newest_first()[0].ordered_at
    inside = next(c for c in fake.carts_newest_first() if newest - c.ordered_at < lookback / 2)
    outside = next(c for c in fake.carts_newest_first() if newest - c.ordered_at > lookback * 2)
    clock.tick()
    with fake.client() as client:
        client.pushcart.confirm(inside.hash, inside.items[0].upc)
        client.pushcart.confirm(outside.hash, outside.items[0].upc)
    events = drain(flavour, fake, checkpoint=store, lookback=lookback)
    assert [e.cart_hash for e in events] == [inside.hash]


def test_a_lookback_longer_than_the_calendar_follows_every_cart(flavour: str) -> None:
    # Found by fuzzing: the horizon (newest order minus the look-back) overflowed.
    fake, clock = clocked_fake(carts=60)
    store = MemoryCheckpoint()
    forever = _dt.timedelta(days=999_999)
    drain(flavour, fake, checkpoint=store, lookback=forever)
    oldest = fake.carts_newest_first()[-1]
    clock.tick()
    with fake.client() as client:
        client.pushcart.confirm(oldest.hash, oldest.items[0].upc)
    events = drain(flavour, fake, checkpoint=store, lookback=forever)
    assert [e.cart_hash for e in events] == [oldest.hash]


def test_an_automatic_rejection_is_a_put_of_the_cart(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    cart = fake.place_order(
        "ORDER", items=[FakeItem(upc="012345678905"), FakeItem(upc="036000291452")]
    )
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    with fake.client() as client:
        client.pushcart.confirm(cart.hash, "036000291452")
    clock.tick()
    assert fake.auto_reject(cart.hash) == ["012345678905"]
    events = drain(flavour, fake, checkpoint=store)
    assert [e.kind for e in events] == ["item_status", "auto_rejected"]
    rejected = events[1]
    assert isinstance(rejected, CartAutoRejected)
    assert rejected.upcs == ("012345678905",)
    assert rejected.as_webhook().method == "PUT"
    assert json.loads(rejected.as_webhook().body) == fake.webhooks.pushcart_payload(cart.hash)
    assert rejected.notice.auto_rejected is True


def test_a_retailer_rejection_and_an_automatic_one_in_the_same_poll(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    cart = fake.place_order(
        "ORDER", items=[FakeItem(upc="012345678905"), FakeItem(upc="036000291452")]
    )
    drain(flavour, fake, checkpoint=store)
    clock.tick()
    with fake.client() as client:
        client.pushcart.reject(cart.hash, "036000291452", reason="Damaged")
    fake.auto_reject(cart.hash)
    events = drain(flavour, fake, checkpoint=store)
    assert [summary(e) for e in events] == [
        ("item_status", cart.hash, "036000291452", "canceled"),
        ("auto_rejected", cart.hash),
    ]
    assert [e.as_webhook().method for e in events] == ["POST", "PUT"]
    rejected = events[1]
    assert isinstance(rejected, CartAutoRejected)
    assert rejected.upcs == ("012345678905",)
    assert drain(flavour, fake, checkpoint=store) == []


def test_a_failed_poll_is_tried_again_and_nothing_is_skipped(flavour: str) -> None:
    fake, clock = clocked_fake()
    store = MemoryCheckpoint()
    drain(flavour, fake, checkpoint=store)
    carts: list[FakeCart] = []
    for _ in range(3):
        clock.tick()
        carts.append(fake.place_order("ORDER"))
    page_faults = fake.faults.fail(next=2, status=500, route="GET /api/v2/carts*")
    detail_fault = fake.faults.drop(next=1, route=f"GET /api/v2/cart/{carts[1].hash}")
    seen: list[str] = []

    def watch_sync() -> None:
        with (
            fake.client(max_retries=0) as client,
            client.carts.watch(checkpoint=store, interval=0.01) as watch,
        ):
            for event in watch:
                seen.append(event.cart_hash)
                if len(seen) == 3:
                    break

    async def watch_async() -> None:
        async with (
            fake.async_client(max_retries=0) as client,
            client.carts.watch(checkpoint=store, interval=0.01) as watch,
        ):
            async for event in watch:
                seen.append(event.cart_hash)
                if len(seen) == 3:
                    break

    watch_sync() if flavour == "sync" else anyio.run(watch_async)
    assert seen == [c.hash for c in carts]
    assert (page_faults.hits, detail_fault.hits) == (2, 1)
    assert drain(flavour, fake, checkpoint=store) == []


def test_once_raises_a_poll_that_keeps_failing(flavour: str) -> None:
    fake, _ = clocked_fake()
    fake.faults.fail(next=None, status=500, route="GET /api/v2/carts*")
    with pytest.raises(InternalServerError):
        drain(flavour, fake, checkpoint=MemoryCheckpoint())


def test_a_checkpoint_of_another_api_is_refused(tmp_path: Path) -> None:
    fake, _ = clocked_fake()
    checkpoint = tmp_path / "events.sqlite3"
    drain("sync", fake, checkpoint=checkpoint)
    fake.base_url = "https://other.locally.test"
    with pytest.raises(CheckpointError, match=r"belongs to https://fake\.locally\.test"):
        drain("sync", fake, checkpoint=checkpoint)
    # Starting again is the explicit way to reuse it.
    assert drain("sync", fake, checkpoint=checkpoint, start="now") == []


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("interval", -1),
        ("interval", "30"),
        ("sweep", None),
        ("once", "yes"),
        ("lookback", 7),
        ("lookback", _dt.timedelta(0)),
        ("start", "yesterday"),
        ("checkpoint", 42),
        ("checkpoint", ""),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(argument: str, value: object) -> None:
    fake, _ = clocked_fake(carts=1)
    options: dict[str, Any] = {"checkpoint": MemoryCheckpoint(), argument: value}
    with fake.client() as client, pytest.raises(RequestValidationError) as caught:
        client.carts.watch(**options)
    assert caught.value.field == argument
    assert argument in str(caught.value)
    assert fake.requests == []


def test_the_checkpoint_file_holds_no_secret(tmp_path: Path) -> None:
    fake, clock = clocked_fake()
    checkpoint = tmp_path / "events.sqlite3"
    drain("sync", fake, checkpoint=checkpoint)
    clock.tick()
    fake.place_order("ORDER")
    events = drain("sync", fake, checkpoint=checkpoint)
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert fake.api_token.encode() not in stored
    assert fake.api_token not in repr(events)
