"""``locally listen`` between ``locally fake serve`` (injecting faults) and the FastAPI receiver.

Three processes, as a developer runs them: the fake, the FastAPI example under uvicorn, and the
listener.  Changes go through the API, one at a time; each must reach the receiver once, in
order, across a restart of the listener.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from locally import HeadlessCustomer, Locally
from tests.helpers import EXAMPLES

SECRET = "whsec_end_to_end_0123456789"
EXE = os.path.join(os.path.dirname(sys.executable), "locally")
CUSTOMER = HeadlessCustomer(
    first_name="Ana",
    last_name="Ito",
    email="ana.ito@example.com",
    phone="+13125550100",
    address="1 Main St",
    city="Chicago",
    state="IL",
    zip="60605",
    country="US",
)


class Lines:
    """Collects a process's output lines on a thread, so a test can wait for one."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if needle in line:
                return line
        raise AssertionError(f"no line with {needle!r} in {timeout} s; saw {self.seen[-20:]}")

    def drain(self, seconds: float) -> list[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                self.seen.append(self.lines.get(timeout=0.05))
        return self.seen


def _start(argv: list[str], env: dict[str, str], **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen(argv, env=env, text=True, **options)  # type: ignore[call-overload, no-any-return]


@pytest.fixture
def fake_server() -> Iterator[tuple[str, str]]:
    """``locally fake serve`` failing about 30% of the carts API reads at random."""
    argv = [EXE, "fake", "serve", "--port", "0", "--carts", "30", "--fault-rate", "0.3"]
    argv.extend(["--seed", "7"])
    server = _start(
        argv,
        os.environ.copy(),
        stdout=subprocess.PIPE,
    )
    assert server.stdout is not None
    url = server.stdout.readline().strip().rsplit(" ", 1)[-1]
    token = server.stdout.readline().strip().rsplit(" ", 1)[-1]
    yield url, token
    server.terminate()
    server.wait(timeout=10)
    server.stdout.close()


@pytest.fixture
def receiver() -> Iterator[tuple[str, Lines]]:
    """The FastAPI example receiver under uvicorn; its log says what it received."""
    env = {**os.environ, "LOCALLY_WEBHOOK_SECRETS": SECRET}
    argv = [sys.executable, "-m", "uvicorn", "webhook_fastapi:app", "--app-dir", str(EXAMPLES)]
    argv.extend(["--host", "127.0.0.1", "--port", "0"])
    app = subprocess.Popen(
        argv,
        env=env,
        text=True,
        stderr=subprocess.PIPE,
    )
    assert app.stderr is not None
    log = Lines(app.stderr)
    line = log.wait_for("Uvicorn running on")
    url = line.split("running on ")[1].split()[0] + "/locally/webhook"
    yield url, log
    app.terminate()
    app.wait(timeout=10)
    app.stderr.close()


def test_every_change_arrives_once_and_in_order_across_a_restart(
    fake_server: tuple[str, str], receiver: tuple[str, Lines], tmp_path: Path
) -> None:
    base_url, token = fake_server
    webhook_url, received = receiver
    env = {
        **os.environ,
        "LOCALLY_API_TOKEN": token,
        "LOCALLY_BASE_URL": base_url,
        "LOCALLY_WEBHOOK_SECRET": SECRET,
        "LOCALLY_LOG": "info",
    }
    checkpoint = str(tmp_path / "listen.sqlite3")
    # The fake's generated carts are dated January 2026: follow them all.
    options = ["--checkpoint", checkpoint, "--lookback", "400d"]
    for _ in range(10):  # a --once run stops at a read the fake fails on purpose; run again
        init = subprocess.run(
            [EXE, "listen", "--print", "--once", "--from-now", *options],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if init.returncode == 0:
            break
    assert init.returncode == 0, init.stderr
    listen = [EXE, "listen", "--forward-to", webhook_url, *options, "--interval", "0.2"]
    listen += ["--sweep", "1"]
    expected: list[str] = []
    logs: list[str] = []

    def start_listener() -> subprocess.Popen[str]:
        return _start(listen, env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(listener: subprocess.Popen[str]) -> None:
        listener.send_signal(signal.SIGTERM)
        _, err = listener.communicate(timeout=30)
        logs.append(err)
        assert listener.returncode == 0, err
        assert "checkpoint" in err
        assert "up to date" in err

    def expect(text: str) -> None:
        expected.append(text)
        received.wait_for(text)

    with Locally(api_token=token, base_url=base_url, max_retries=5) as client:
        ship = next(c for c in client.carts.list() if c.type == "SHIP")
        ship_upc = ship.items[0].upc
        listener = start_listener()
        cart = client.headless.add_item(
            store_id=99999, upc="012345678905", host_domain="www.example.com", hold=True
        )
        client.headless.place_ropis_order(cart.session, customer=CUSTOMER)
        first = cart.session.cart_hash
        expect(f"pushcart {first} created/updated")
        client.pushcart.confirm(first or "", "012345678905")
        expect(f"item 012345678905 of {first} is confirmed")
        client.ship_to_store.confirm(ship.hash, ship_upc)
        expect(f"ship-to-store {ship.hash} confirmed")
        stop(listener)
        # While the listener is down:
        client.pushcart.mark_fulfilled(first or "", "012345678905")
        time.sleep(1.1)  # a later second of updated_at, so the order is the order of changes
        client.ship_to_store.start_processing(ship.hash, ship_upc)
        listener = start_listener()
        expect(f"item 012345678905 of {first} is fulfilled")
        expect(f"ship-to-store {ship.hash} processing")
        second = client.headless.add_item(
            store_id=99999, upc="012345678905", host_domain="www.example.com", hold=True
        )
        client.headless.place_ropis_order(second.session, customer=CUSTOMER)
        expect(f"pushcart {second.session.cart_hash} created/updated")
        received.drain(1.0)  # anything sent twice would arrive now
        stop(listener)
    webhooks = [line.split("webhook POST ", 1)[1] for line in received.seen if "webhook " in line]
    assert webhooks == expected
    # The fake failed reads on purpose, and the listener went through them.
    said = "".join(logs)
    assert "Retrying GET /api/v2/cart" in said or "poll failed, trying again" in said
