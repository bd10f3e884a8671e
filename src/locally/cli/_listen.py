"""``locally listen``: watch the carts and forward each change as Locally's webhook would.

One line per event (time, kind, cart, item, status, what the receiver answered), a progress
line while catching up, JSON lines with ``--print``.  Ctrl-C or SIGTERM stops cleanly: an event
being sent is finished and acknowledged first (a second Ctrl-C stops at once, and that event
is sent again next time).  The webhook secret is never printed.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Generator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

from .._client import Locally
from .._errors import RequestValidationError
from .._validation import absolute_url
from ..watch import CartWatch, WatchEvent
from ._forwarder import Forwarder, ReceiverRefusedError

__all__ = ["register"]

SECRET_ENV = "LOCALLY_WEBHOOK_SECRET"
DEFAULT_CHECKPOINT = "locally-listen.sqlite3"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dhm])\s*$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def _duration(text: str) -> _dt.timedelta:
    match = _DURATION.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a duration like 7d, 36h or 90m: {text!r}")
    value = _dt.timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})
    if value <= _dt.timedelta(0):
        raise argparse.ArgumentTypeError(f"must be longer than zero: {text!r}")
    return value


def _since(text: str) -> _dt.datetime:
    try:
        value = _dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or date/time: {text!r}") from None
    if value.tzinfo is None and len(text.strip()) > 10:
        raise argparse.ArgumentTypeError(f"give a timezone, e.g. {text}Z or {text}+00:00")
    return value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


class _Listener:
    """The listener's output and its answer to Ctrl-C / SIGTERM."""

    def __init__(self, args: argparse.Namespace, watch: CartWatch) -> None:
        self.args = args
        self.watch = watch
        self.log: TextIO = sys.stderr if args.print else sys.stdout
        self.busy = False
        self.stop_requested = False
        self.sent = 0
        self._batch_total = 0
        self._batch_done = 0

    # -- signals ------------------------------------------------------------------------

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.busy and not self.stop_requested:
            # Let the event on its way finish and be acknowledged, then stop.
            self.stop_requested = True
            self.watch.stop()
            print("stopping after the event being sent...", file=sys.stderr, flush=True)
            return
        raise KeyboardInterrupt

    def set_busy(self, busy: bool) -> None:
        self.busy = busy

    def on_wait(self, reason: str, seconds: float) -> None:
        if self.stop_requested:
            raise KeyboardInterrupt
        print(
            f"receiver unavailable ({reason}); sending again in {seconds:.1f} s",
            file=sys.stderr,
            flush=True,
        )

    # -- output -------------------------------------------------------------------------

    def event_line(self, event: WatchEvent, outcome: str) -> None:
        details = event.as_dict()
        item = str(details.get("upc") or ",".join(details.get("upcs", [])))
        status = str(details.get("status") or details.get("sts_status") or "")
        when = _dt.datetime.now().strftime("%H:%M:%S")
        line = f"{when}  {event.kind:<13} {event.cart_hash:<8} {item:<14} {status:<16} {outcome}"
        print(line.rstrip(), file=self.log, flush=True)

    def progress(self) -> None:
        backlog = self.watch.backlog
        if self._batch_total == 0:
            if backlog == 0:
                return
            self._batch_total, self._batch_done = backlog + 1, 0
        self._batch_done += 1
        total, done = self._batch_total, self._batch_done
        tty = sys.stderr.isatty()
        if tty:
            end = "\n" if backlog == 0 else ""
            print(f"\rcatching up: {done}/{total} events", end=end, file=sys.stderr, flush=True)
        elif backlog == 0 or done % 100 == 0:
            print(f"catching up: {done}/{total} events", file=sys.stderr, flush=True)
        if backlog == 0:
            self._batch_total = 0


@contextmanager
def _signals(listener: _Listener) -> Generator[None, None, None]:
    """Route SIGINT and SIGTERM to the listener while it runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        sig: signal.signal(sig, listener.on_signal) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _forwarder(args: argparse.Namespace, listener: _Listener) -> Forwarder | None:
    if args.forward_to is None:
        return None
    url = absolute_url("--forward-to", args.forward_to)
    secret = args.secret or os.environ.get(SECRET_ENV)
    if not secret:
        raise RequestValidationError(
            f"--forward-to needs the webhook secret your receiver checks: give --secret or set "
            f"{SECRET_ENV}",
            field="--secret",
        )
    return Forwarder(url, secret, on_wait=listener.on_wait, busy=listener.set_busy)


def _listen(client: Locally, args: argparse.Namespace) -> int:
    if args.forward_to is None and not args.print:
        raise RequestValidationError(
            "say where events go: --forward-to URL, --print, or both", field="--forward-to"
        )
    since: _dt.datetime | None = args.since
    watch = client.carts.watch(
        checkpoint=args.checkpoint,
        interval=args.interval,
        once=args.once,
        start="now" if args.from_now else since,
        lookback=args.lookback,
        sweep=args.sweep,
    )
    listener = _Listener(args, watch)
    forwarder = _forwarder(args, listener)
    target = f"forwarding to {forwarder.url}" if forwarder else "printing events"
    print(
        f"locally listen: watching {client.base_url} (checkpoint {args.checkpoint}); {target}. "
        "Ctrl-C to stop.",
        file=sys.stderr,
        flush=True,
    )
    stopped = False
    try:
        with _signals(listener), watch:
            for event in watch:
                listener.set_busy(True)
                outcome = "printed"
                if forwarder is not None:
                    status = forwarder.deliver(event)
                    listener.set_busy(True)
                    outcome = f"{event.as_webhook().method} -> {status}"
                if args.print:
                    print(json.dumps(event.as_dict(), default=str), flush=True)
                listener.event_line(event, outcome)
                listener.sent += 1
                listener.progress()
                listener.set_busy(False)
            stopped = listener.stop_requested
    except KeyboardInterrupt:
        stopped = True
    except ReceiverRefusedError as exc:
        print(f"locally listen: {exc}", file=sys.stderr)
        return 1
    finally:
        if forwarder is not None:
            forwarder.close()
    verb = "stopped" if stopped else "caught up"
    print(
        f"locally listen: {verb}; {listener.sent} events this run, checkpoint "
        f"{args.checkpoint} is up to date",
        file=sys.stderr,
        flush=True,
    )
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``listen`` command."""
    parser = commands.add_parser(
        "listen",
        help="watch carts and forward each change as Locally's webhook (or print it)",
        description="Poll the carts API and send each change to a webhook receiver exactly as "
        "Locally would: for development without a tunnel, and for systems Locally cannot reach.",
    )
    parser.add_argument("--forward-to", metavar="URL", help="the receiver to POST events to")
    parser.add_argument(
        "--secret", help=f"sent as locally-webhook-token (better: set {SECRET_ENV})"
    )
    parser.add_argument("--print", action="store_true", help="print events as JSON lines")
    parser.add_argument("--once", action="store_true", help="catch up and exit (for cron)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--from-now", action="store_true", help="skip everything before now")
    where.add_argument(
        "--since", type=_since, metavar="DATETIME", help="announce every cart ordered since"
    )
    parser.add_argument(
        "--checkpoint",
        default=DEFAULT_CHECKPOINT,
        metavar="PATH",
        help=f"SQLite file remembering what was delivered (default {DEFAULT_CHECKPOINT})",
    )
    parser.add_argument(
        "--interval", type=_seconds, default=30.0, metavar="SECONDS", help="between polls (30)"
    )
    parser.add_argument(
        "--lookback",
        type=_duration,
        default=_dt.timedelta(days=7),
        metavar="DURATION",
        help="follow carts ordered this long before the newest (7d)",
    )
    parser.add_argument(
        "--sweep",
        type=_seconds,
        default=600.0,
        metavar="SECONDS",
        help="read the whole look-back again within this time (600)",
    )
    parser.set_defaults(handler=_listen)
