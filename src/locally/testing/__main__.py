"""``python -m locally.testing serve``: run FakeLocally on a loopback port for manual testing."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence

from ._fake import FakeLocally

__all__ = ["main"]


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``serve`` options to ``parser`` (shared with ``locally fake serve``)."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the generated carts")
    parser.add_argument("--carts", type=int, default=60, help="how many carts to generate")
    parser.add_argument("--token", default=None, help="token to require (default: a test_ key)")
    parser.add_argument(
        "--fault-rate",
        type=_fraction,
        default=0.0,
        metavar="FRACTION",
        help="fail about this share of requests at random (503, 429, dropped, truncated)",
    )
    parser.add_argument(
        "--fault-route",
        default="GET /api/v2/*",
        metavar="PATTERN",
        help='which requests --fault-rate applies to (default "GET /api/v2/*")',
    )


def serve(args: argparse.Namespace) -> int:
    """Serve a FakeLocally built from parsed ``args`` until interrupted."""
    options = {"seed": args.seed, "generated_carts": args.carts}
    fake = (
        FakeLocally(**options)
        if args.token is None
        else FakeLocally(api_token=args.token, **options)
    )
    if args.fault_rate:
        fake.faults.at_random(args.fault_rate, seed=args.seed, route=args.fault_route)
    with fake.serve(host=args.host, port=args.port) as url:
        print(f"FakeLocally listening on {url}", flush=True)
        print(f"Token: {fake.api_token}", flush=True)
        print(f"Try: curl -H 'Locally-API-Token: {fake.api_token}' {url}/api/v2/carts", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and serve until interrupted; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m locally.testing")
    commands = parser.add_subparsers(dest="command", required=True)
    add_serve_arguments(
        commands.add_parser("serve", help="serve FakeLocally over HTTP on loopback")
    )
    return serve(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
