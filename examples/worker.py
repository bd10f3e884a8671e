"""A long-lived worker: one client for the process's life, closed when the worker stops.

Every ``interval`` seconds the worker confirms the new PushCart items of each store it serves
(each store has its own token; ``with_options`` gives a copy per store on the one connection
pool).  SIGTERM or Ctrl-C ends the current round and closes the client.  Run as a script, it
does two rounds against FakeLocally, with a new order arriving between them.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from contextlib import ExitStack

from locally import Locally, LocallyError
from locally.testing import FakeItem, FakeLocally


class Worker:
    """Confirms new PushCart items for several stores, one round at a time."""

    def __init__(self, stores: dict[str, tuple[str, str]]) -> None:
        """``stores`` maps a store's name to its (API token, base URL)."""
        self.stores = stores
        token, url = next(iter(stores.values()))
        # Built once: every round and every store reuses its connections.
        self.client = Locally(api_token=token, base_url=url, max_retries=3)

    def run_round(self) -> dict[str, int]:
        """Confirm every item still "ordered"; return how many per store."""
        confirmed: dict[str, int] = {}
        for name, (token, url) in self.stores.items():
            store = self.client.with_options(api_token=token, base_url=url)
            confirmed[name] = 0
            for cart in store.carts.list():
                for item in cart.items:
                    if item.status != "ordered":
                        continue
                    try:
                        store.pushcart.confirm(cart.hash, item.upc, current_status=item.status)
                        confirmed[name] += 1
                    except LocallyError as exc:  # one bad item must not stop the round
                        print(f"{name}: {cart.hash}/{item.upc}: {exc}")
        return confirmed

    def run(
        self,
        stop: threading.Event,
        interval: float,
        rounds: int | None = None,
        after_round: Callable[[int], None] | None = None,
    ) -> None:
        """Run rounds until ``stop`` is set (or ``rounds`` are done); then close the client."""
        done = 0
        try:
            while not stop.is_set() and (rounds is None or done < rounds):
                done += 1
                print(f"round {done}: confirmed {self.run_round()}")
                if after_round is not None:
                    after_round(done)
                stop.wait(interval)
        finally:
            self.client.close()
            print("worker stopped; client closed")


def main() -> None:
    """Two stores on loopback; an order arrives while the worker waits between rounds."""
    fakes = {
        f"store-{n}": FakeLocally(generated_carts=0, include_samples=False, api_token=f"test_w{n}")
        for n in (1, 2)
    }
    fakes["store-1"].place_order("ORDER", items=[FakeItem(upc="012345678905")])
    stop = threading.Event()

    def on_sigterm(signum: int, frame: object) -> None:
        stop.set()  # finish the round, then close the client

    signal.signal(signal.SIGTERM, on_sigterm)
    with ExitStack() as stack:
        stores = {name: (f.api_token, stack.enter_context(f.serve())) for name, f in fakes.items()}
        worker = Worker(stores)

        def shopper_orders(round_done: int) -> None:
            # A shopper orders at store 2 while the worker waits for its next round.
            if round_done == 1:
                fakes["store-2"].place_order("ORDER", items=[FakeItem(upc="036000291452")])

        worker.run(stop, interval=0.3, rounds=2, after_round=shopper_orders)


if __name__ == "__main__":
    main()
