"""``python -m locally.testing serve``: run FakeLocally on a loopback port for manual testing.

``locally fake serve`` is the same command.  Besides the documentation's sample carts and the
generated ones, the served fake holds the carts the command-line page (``docs/cli.md``) works
on, so that every command shown there runs against it as written.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from decimal import Decimal

from ._carts import FakeItem
from ._fake import FakeLocally
from ._seed_carts import DEMO_STORE

__all__ = ["add_command_line_carts", "add_serve_arguments", "main", "serve"]

#: The carts ``docs/cli.md`` works on, by hash, with their kind.
COMMAND_LINE_CARTS = {"E3GKY8": "ORDER", "S7TS01": "SHIP", "C2C001": "ORDER"}


def add_command_line_carts(fake: FakeLocally) -> None:
    """Place the orders the command-line documentation moves through their lifecycles.

    ``E3GKY8`` is a PushCart order of two items (012345678905, 036000291452), ``S7TS01`` a
    Ship-to-Store order (811950030719, 190340561721) and ``C2C001`` a Cart-to-Cart hand-off
    (12345, 12346).  They are placed at the fake's current time, so they head the carts list
    and a Cart-to-Cart refund stays inside its 30-day window.
    """
    customer = {
        "first_name": "Jordan",
        "last_name": "Rivera",
        "email": "jordan.rivera@example.com",
        "phone": "+18055550142",
    }
    fake.place_order(
        "ORDER",
        hash="E3GKY8",
        items=[
            FakeItem(upc="012345678905", name="Trail Runner 3", msrp=Decimal("129.99")),
            FakeItem(upc="036000291452", name="Headlamp 400", msrp=Decimal("44.95")),
        ],
        customer=customer,
        store=dict(DEMO_STORE),
    )
    fake.place_order(
        "SHIP",
        hash="S7TS01",
        items=[
            FakeItem(upc="811950030719", name="City E-Bike", msrp=Decimal("2099.99")),
            FakeItem(upc="190340561721", name="Rain Shell", msrp=Decimal("219.00")),
        ],
        customer=customer,
        store=dict(DEMO_STORE),
    )
    fake.add_cart(
        hash="C2C001",
        items=[
            FakeItem(upc="12345", name="Camp Stove", msrp=Decimal("74.25")),
            FakeItem(upc="12346", name="Merino Base Layer", msrp=Decimal("89.50")),
        ],
        customer=customer,
        store=dict(DEMO_STORE),
    )


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
    token = getattr(args, "token", None)
    fake = FakeLocally(**options) if token is None else FakeLocally(api_token=token, **options)
    add_command_line_carts(fake)
    if args.fault_rate:
        fake.faults.at_random(args.fault_rate, seed=args.seed, route=args.fault_route)
    with fake.serve(host=args.host, port=args.port) as url:
        print(f"FakeLocally listening on {url}", flush=True)
        print(f"Token: {fake.api_token}", flush=True)
        kinds = ", ".join(f"{h} ({kind})" for h, kind in COMMAND_LINE_CARTS.items())
        print(f"Carts: {len(fake.carts)}, among them {kinds} and PDQE89", flush=True)
        print("Use it from another shell:", flush=True)
        print(f"  export LOCALLY_BASE_URL={url} LOCALLY_API_TOKEN={fake.api_token}", flush=True)
        print("  locally carts list", flush=True)
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
