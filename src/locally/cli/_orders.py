"""``locally pushcart``, ``locally sts`` and ``locally c2c``: move orders from a shell."""

from __future__ import annotations

import argparse
import datetime as _dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from .._client import Locally
from ..types.updates import UpdateResult
from ._output import print_json

__all__ = ["register"]

Action = Callable[[Locally, argparse.Namespace], UpdateResult]


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not an amount: {text!r}") from None


def _when(text: str) -> _dt.datetime:
    try:
        value = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date/time: {text!r}") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give a timezone, e.g. {text}Z or {text}+00:00")
    return value


def _run(action: Action) -> Callable[[Locally, argparse.Namespace], int]:
    def handler(client: Locally, args: argparse.Namespace) -> int:
        result = action(client, args)
        if args.json:
            print_json(result)
        else:
            target = (
                f"{args.cart_hash}/{args.upc}" if getattr(args, "upc", None) else args.cart_hash
            )
            print(f"{args.command} {args.action} {target}: ok")
        return 0

    return handler


def _add(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help: str,
    action: Action,
    *,
    item: bool = True,
) -> argparse.ArgumentParser:
    parser = group.add_parser(name, help=help)
    parser.add_argument("cart_hash", metavar="HASH")
    if item:
        parser.add_argument("upc", metavar="UPC")
    parser.add_argument("--json", action="store_true", help="print the JSON reply")
    parser.set_defaults(handler=_run(action))
    return parser


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``pushcart``, ``sts`` and ``c2c`` command groups."""
    pushcart = commands.add_parser("pushcart", help="PushCart item updates (retailer)")
    group = pushcart.add_subparsers(dest="action", required=True)
    _add(
        group,
        "receive",
        "mark received",
        lambda c, a: c.pushcart.mark_received(
            a.cart_hash, a.upc, fulfillment_url=a.fulfillment_url
        ),
    ).add_argument("--fulfillment-url", default=None)
    _add(group, "confirm", "confirm the item", lambda c, a: c.pushcart.confirm(a.cart_hash, a.upc))
    _add(
        group,
        "reject",
        "reject the item",
        lambda c, a: c.pushcart.reject(a.cart_hash, a.upc, reason=a.reason),
    ).add_argument("--reason", required=True)
    _add(
        group,
        "fulfil",
        "mark picked up",
        lambda c, a: c.pushcart.mark_fulfilled(a.cart_hash, a.upc),
    )
    _add(
        group,
        "refund",
        "refund an amount",
        lambda c, a: c.pushcart.refund(a.cart_hash, a.upc, refund_amount=a.amount),
    ).add_argument("--amount", type=_amount, required=True)

    sts = commands.add_parser("sts", help="Ship-to-Store item updates (brand)")
    group = sts.add_subparsers(dest="action", required=True)
    _add(
        group, "confirm", "confirm-brand", lambda c, a: c.ship_to_store.confirm(a.cart_hash, a.upc)
    )
    _add(
        group,
        "reject",
        "reject-brand",
        lambda c, a: c.ship_to_store.reject(a.cart_hash, a.upc, reason=a.reason),
    ).add_argument("--reason", required=True)
    _add(
        group,
        "process",
        "processing",
        lambda c, a: c.ship_to_store.start_processing(a.cart_hash, a.upc),
    )
    ship = _add(
        group,
        "ship",
        "shipped",
        lambda c, a: c.ship_to_store.mark_shipped(
            a.cart_hash, a.upc, a.message, tracking_number=a.tracking_number, carrier=a.carrier
        ),
    )
    ship.add_argument("--message", default=None)
    ship.add_argument("--tracking-number", default=None)
    ship.add_argument("--carrier", default=None)

    c2c = commands.add_parser("c2c", help="Cart-to-Cart outcomes (retailer)")
    group = c2c.add_subparsers(dest="action", required=True)
    outcome = _add(
        group,
        "outcome",
        "record a hand-off's outcome",
        lambda c, a: (
            c.cart_to_cart.record_item_outcome(a.cart_hash, a.upc, a.status, a.date)
            if a.upc
            else c.cart_to_cart.record_outcome(a.cart_hash, a.status, a.date)
        ),
        item=False,
    )
    outcome.add_argument("status", choices=["confirmed", "abandoned", "refunded"])
    outcome.add_argument("--upc", default=None, help="one line of the cart only")
    outcome.add_argument("--date", type=_when, default=None, help="ISO time with zone; now")
