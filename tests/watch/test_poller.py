"""Which pages a poll reads: the head until nothing is new, a slice of the look-back, no more."""

from __future__ import annotations

import datetime as _dt
import threading
import time

from locally import Locally
from locally.testing import FakeItem, FakeLocally
from locally.watch import Checkpoint, MemoryCheckpoint
from locally.watch.ledger import WatchLedger
from locally.watch.poller import PagePoll, sweep_pages
from tests.watch.helpers import clocked_fake, drain

WEEK = _dt.timedelta(days=7)


def _walk(client: Locally, ledger: WatchLedger, poll: PagePoll) -> list[int]:
    """Read the pages ``poll`` asks for; the page numbers in order."""
    read: list[int] = []
    while poll.next_page is not None:
        read.append(poll.next_page)
        poll.add(client.carts.list_page(poll.next_page))
    outcome = poll.finish()
    ledger.apply(outcome.bookkeeping)
    for change in outcome.changes:
        ledger.apply(ledger.acknowledge(change))
    return read


def _ledger(fake: FakeLocally) -> WatchLedger:
    ledger = WatchLedger(Checkpoint(), base_url=fake.base_url, lookback=WEEK)
    ledger.apply(ledger.start(None, where="test"))
    return ledger


def test_the_look_back_ends_on_the_page_holding_the_first_older_cart() -> None:
    fake, _ = clocked_fake(carts=500)  # one cart every 37 minutes
    ledger = _ledger(fake)
    with fake.client() as client:
        full = PagePoll(ledger, full=True, sweep_from=0, sweep_pages=0)
        assert _walk(client, ledger, full) == [0, 1, 2, 3, 4, 5]
    # 7 days are 272 carts of 37 minutes: the 273rd, on page 5, is the first one older.
    assert full.finish().window_pages == 6
    assert len(ledger.carts) == 273


def test_steady_polls_read_the_head_and_a_slice_of_the_look_back_in_turn() -> None:
    fake, _ = clocked_fake(carts=500)
    ledger = _ledger(fake)
    with fake.client() as client:
        _walk(client, ledger, PagePoll(ledger, full=True, sweep_from=0, sweep_pages=0))
        cursor, walks = 0, list[list[int]]()
        for _ in range(4):
            poll = PagePoll(ledger, full=False, sweep_from=cursor, sweep_pages=2)
            walks.append(_walk(client, ledger, poll))
            cursor = poll.finish().next_sweep
    assert walks == [[0, 1, 2], [0, 3, 4], [0, 5], [0, 1, 2]]


def test_the_head_is_read_as_long_as_its_pages_hold_something_new() -> None:
    fake, clock = clocked_fake(carts=500)
    ledger = _ledger(fake)
    with fake.client() as client:
        _walk(client, ledger, PagePoll(ledger, full=True, sweep_from=0, sweep_pages=0))
        for _ in range(60):  # page 0 and ten carts of page 1
            clock.tick()
            fake.place_order("ORDER", items=[FakeItem(upc="012345678905")])
        poll = PagePoll(ledger, full=False, sweep_from=0, sweep_pages=0)
        assert _walk(client, ledger, poll) == [0, 1, 2]
        assert len(poll.finish().changes) == 60


def test_sweep_pages_cover_the_look_back_once_per_sweep() -> None:
    # 20 pages, a poll every 30 s, the whole look-back every 10 minutes: 1 page a poll.
    assert sweep_pages(20, 30.0, 600.0) == 1
    assert sweep_pages(100, 30.0, 600.0) == 5
    assert sweep_pages(6, 1.0, 2.0) == 3
    # Not known yet, or a sweep no longer than a poll: every poll reads it all.
    assert sweep_pages(None, 30.0, 600.0) is None
    assert sweep_pages(20, 30.0, 30.0) is None


def test_a_steady_watch_reads_two_pages_a_poll() -> None:
    """Over real time: 6 pages of look-back, swept over 3 polls: head + 2 pages each."""
    fake, _ = clocked_fake(carts=500)
    store = MemoryCheckpoint()
    drain("sync", fake, checkpoint=store)
    before = len(fake.requests)
    with fake.client() as client:
        events = client.carts.watch(checkpoint=store, interval=0.02, sweep=0.06)
        thread = threading.Thread(target=lambda: list(events), daemon=True)
        thread.start()
        time.sleep(1.0)
        events.stop()
        thread.join(timeout=5)
        assert not thread.is_alive()
    requests = [r.url.path for r in fake.requests[before:]]
    polls = requests.count("/api/v2/carts/0")
    # The first poll of the run reads the whole look-back (6 pages); then in turn
    # [0, 1, 2], [0, 3, 4], [0, 5]: 8 pages every 3 polls.
    assert polls > 10
    steady = requests[6:]
    cycles, rest = divmod(polls - 1, 3)
    assert len(steady) == 8 * cycles + [0, 3, 6][rest]
