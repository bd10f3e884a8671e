"""``locally listen`` against the fake served on loopback and a recording receiver."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from locally.cli import main
from locally.testing import FakeItem, FakeLocally
from tests.helpers import RecordingReceiver
from tests.watch.helpers import Clock

SECRET = "whsec_listen_test_0123456789"
SINCE = "2026-01-15T12:00:00Z"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeLocally, Clock]]:
    clock = Clock()
    fake = FakeLocally(generated_carts=40, include_samples=False, clock=clock)
    monkeypatch.delenv("LOCALLY_WEBHOOK_SECRET", raising=False)
    with fake.serve() as url:
        monkeypatch.setenv("LOCALLY_API_TOKEN", fake.api_token)
        monkeypatch.setenv("LOCALLY_BASE_URL", url)
        yield fake, clock


def _place(fake: FakeLocally, clock: Clock, kind: str = "ORDER") -> str:
    clock.tick()
    upcs = ["811950030719"] if kind == "SHIP" else ["012345678905", "036000291452"]
    return fake.place_order(kind, items=[FakeItem(upc=u) for u in upcs]).hash


def test_print_writes_one_json_line_per_event(
    served: tuple[FakeLocally, Clock], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, clock = served
    order, ship = _place(fake, clock), _place(fake, clock, "SHIP")
    argv = ["listen", "--print", "--once", "--since", SINCE, "--checkpoint", str(tmp_path / "c")]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(e["kind"], e["cart_hash"]) for e in lines] == [
        ("new_cart", order),
        ("new_cart", ship),
        ("ship_to_store", ship),
    ]
    assert lines[2]["body"]["sts_status"] == "confirm-store"
    assert lines[0]["body"] == fake.webhooks.pushcart_payload(order)
    assert "catching up: 3/3 events" in err
    assert main(argv[:3] + argv[5:]) == 0  # resumed: nothing new
    assert capsys.readouterr().out == ""


def test_forward_sends_each_event_as_locally_would(
    served: tuple[FakeLocally, Clock], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, clock = served
    order = _place(fake, clock)
    clock.tick()
    fake.auto_reject(order)
    with RecordingReceiver() as receiver:
        argv = ["listen", "--forward-to", receiver.url, "--secret", SECRET, "--once"]
        assert main([*argv, "--since", SINCE, "--checkpoint", str(tmp_path / "c")]) == 0
    methods = [method for method, _, _, _ in receiver.recorded]
    assert methods == ["POST", "PUT"]
    for _, path, headers, body in receiver.recorded:
        assert path == "/locally/webhook"
        assert headers["locally-webhook-token"] == SECRET
        assert headers["content-type"] == "application/json"
        # The receiver is not Locally's API: the API token never goes there.
        assert "locally-api-token" not in headers
        assert json.loads(body) == fake.webhooks.pushcart_payload(order)
    out = capsys.readouterr().out
    assert f"new_cart      {order}" in out
    assert "POST -> 200" in out
    assert "PUT -> 200" in out


def test_forward_waits_for_a_receiver_that_is_down(
    served: tuple[FakeLocally, Clock], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, clock = served
    carts = [_place(fake, clock) for _ in range(2)]
    with RecordingReceiver(answer=lambda n: 503 if n < 2 else 200) as receiver:
        argv = ["listen", "--forward-to", receiver.url, "--secret", SECRET, "--once"]
        assert main([*argv, "--since", SINCE, "--checkpoint", str(tmp_path / "c")]) == 0
    assert receiver.statuses == [503, 503, 200, 200]
    assert [b["properties"]["hash"] for b in receiver.bodies()] == carts
    assert "receiver unavailable (HTTP 503); sending again in" in capsys.readouterr().err


def test_a_refused_event_stops_the_listener_and_is_sent_again(
    served: tuple[FakeLocally, Clock], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, clock = served
    first, second = _place(fake, clock), _place(fake, clock)
    checkpoint = str(tmp_path / "c")
    with RecordingReceiver(answer=lambda n: 200 if n == 0 else 401) as receiver:
        argv = ["listen", "--forward-to", receiver.url, "--secret", SECRET, "--once"]
        assert main([*argv, "--since", SINCE, "--checkpoint", checkpoint]) == 1
    err = capsys.readouterr().err
    assert "HTTP 401 to new_cart evt_" in err
    assert f"(cart {second})" in err
    with RecordingReceiver() as receiver:
        argv = ["listen", "--forward-to", receiver.url, "--secret", SECRET, "--once"]
        assert main([*argv, "--checkpoint", checkpoint]) == 0
    assert [b["properties"]["hash"] for b in receiver.bodies()] == [second]
    assert first != second


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["listen", "--once"], "--forward-to URL, --print, or both"),
        (["listen", "--forward-to", "http://127.0.0.1:9/x", "--once"], "LOCALLY_WEBHOOK_SECRET"),
        (["listen", "--forward-to", "not a url", "--secret", "s", "--once"], "--forward-to"),
        (["listen", "--print", "--since", "2026-01-15T12:00:00"], "give a timezone"),
        (["listen", "--print", "--lookback", "7 weeks"], "not a duration"),
        (["listen", "--print", "--from-now", "--since", SINCE], "not allowed with"),
    ],
)
def test_usage_errors_exit_2(
    served: tuple[FakeLocally, Clock],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert main([*argv, "--checkpoint", str(tmp_path / "c")]) == 2
    assert message in capsys.readouterr().err


def test_the_secret_is_never_printed(
    served: tuple[FakeLocally, Clock], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, clock = served
    _place(fake, clock)
    for status in (200, 401, 503):

        def answer(number: int, first: int = status) -> int:
            return first if number == 0 else 200

        with RecordingReceiver(answer=answer) as receiver:
            argv = ["listen", "--forward-to", receiver.url, "--secret", SECRET, "--print"]
            main([*argv, "--once", "--since", SINCE, "--checkpoint", str(tmp_path / str(status))])
    out, err = capsys.readouterr()
    assert "POST -> 200" in out + err
    assert SECRET not in out + err


def test_sigterm_stops_cleanly_and_the_checkpoint_is_kept(
    served: tuple[FakeLocally, Clock], tmp_path: Path
) -> None:
    fake, clock = served
    carts = [_place(fake, clock) for _ in range(3)]
    checkpoint = str(tmp_path / "c")
    exe = os.path.join(os.path.dirname(sys.executable), "locally")
    listener = subprocess.Popen(
        [
            exe,
            "listen",
            "--print",
            "--since",
            SINCE,
            "--checkpoint",
            checkpoint,
            "--interval",
            "0.2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert listener.stdout is not None
    seen = [json.loads(listener.stdout.readline())["cart_hash"] for _ in carts]
    time.sleep(0.5)  # now waiting for the next poll
    listener.send_signal(signal.SIGTERM)
    out, err = listener.communicate(timeout=20)
    assert listener.returncode == 0, err
    assert out == ""
    assert "stopped; 3 events this run" in err
    assert seen == carts
    again = subprocess.run(
        [exe, "listen", "--print", "--once", "--checkpoint", checkpoint],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert again.stdout == ""
