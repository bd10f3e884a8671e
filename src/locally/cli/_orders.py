"""``locally pushcart``, ``locally sts`` and ``locally c2c``: move orders from a shell."""

from __future__ import annotations

import argparse
import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .._api_errors import APIResultError
from .._client import Locally
from .._errors import LocallyError
from ..lifecycle import PUSHCART, SHIP_TO_STORE, Lifecycle
from ..types.updates import UpdateResult
from ._output import print_json

__all__ = ["register"]

Action = Callable[[Locally, argparse.Namespace], UpdateResult]


@dataclass(frozen=True)
class _Flow:
    """An item lifecycle as the command line drives it: which command moves to which state."""

    command: str
    lifecycle: Lifecycle
    #: The item field holding the state this lifecycle is about.
    field: str
    #: Each sub-command and the state it moves the item to.
    targets: dict[str, str]

    def verb_for(self, state: str) -> str | None:
        """The sub-command that moves an item to ``state``, if the command line has one."""
        return next((verb for verb, target in self.targets.items() if target == state), None)

    def hint(self, client: Locally, args: argparse.Namespace) -> str | None:
        """After Locally refused a move: say which step the item needs first, if any."""
        try:
            cart = client.carts.retrieve(args.cart_hash)
        except LocallyError:
            return None  # the refusal itself is the useful message
        item = next((i for i in cart.items if args.upc in (i.upc, *i.alias)), None)
        if item is None:
            return None
        lifecycle = self.lifecycle
        current = getattr(item, self.field) or lifecycle.initial
        state, target = lifecycle.normalize(current), self.targets[args.action]
        steps = lifecycle.path(current, target)
        if steps is None:
            onward = ", ".join(sorted(lifecycle.allowed_from(current))) or "nothing (final)"
            return f"The item is {state!r}, which cannot reach {target!r}; it can move to {onward}."
        if len(steps) < 2:
            return None  # a move the lifecycle allows, refused for another reason
        verb = self.verb_for(steps[0])
        if verb is None:
            return f"The item is {state!r}: it must be {steps[0]!r} first."
        command = f"locally {self.command} {verb} {args.cart_hash} {args.upc}"
        return f"The item is {state!r}: {verb} it first ({command})."


PUSHCART_FLOW = _Flow(
    "pushcart",
    PUSHCART,
    "status",
    {
        "receive": "received",
        "confirm": "confirmed",
        "reject": "rejected",
        "fulfil": "fulfilled",
        "refund": "refund",
    },
)
STS_FLOW = _Flow(
    "sts",
    SHIP_TO_STORE,
    "sts_status",
    {"confirm": "confirmed", "reject": "rejected", "process": "processing", "ship": "shipped"},
)


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


def _run(action: Action, flow: _Flow | None) -> Callable[[Locally, argparse.Namespace], int]:
    def handler(client: Locally, args: argparse.Namespace) -> int:
        try:
            result = action(client, args)
        except APIResultError as exc:
            hint = flow.hint(client, args) if flow is not None else None
            if hint is not None:
                exc._add_detail(hint)
            raise
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
    flow: _Flow | None,
    item: bool = True,
) -> argparse.ArgumentParser:
    parser = group.add_parser(name, help=help)
    parser.add_argument("cart_hash", metavar="HASH")
    if item:
        parser.add_argument("upc", metavar="UPC")
    parser.set_defaults(handler=_run(action, flow))
    return parser


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``pushcart``, ``sts`` and ``c2c`` command groups."""
    pushcart = commands.add_parser("pushcart", help="PushCart item updates (retailer)")
    group = pushcart.add_subparsers(dest="action", required=True)
    flow = PUSHCART_FLOW
    _add(
        group,
        "receive",
        "mark received",
        lambda c, a: c.pushcart.mark_received(
            a.cart_hash, a.upc, fulfillment_url=a.fulfillment_url
        ),
        flow=flow,
    ).add_argument("--fulfillment-url", default=None)
    _add(
        group,
        "confirm",
        "confirm the item",
        lambda c, a: c.pushcart.confirm(a.cart_hash, a.upc),
        flow=flow,
    )
    _add(
        group,
        "reject",
        "reject the item",
        lambda c, a: c.pushcart.reject(a.cart_hash, a.upc, reason=a.reason),
        flow=flow,
    ).add_argument("--reason", required=True)
    _add(
        group,
        "fulfil",
        "mark picked up",
        lambda c, a: c.pushcart.mark_fulfilled(a.cart_hash, a.upc),
        flow=flow,
    )
    _add(
        group,
        "refund",
        "refund an amount",
        lambda c, a: c.pushcart.refund(a.cart_hash, a.upc, refund_amount=a.amount),
        flow=flow,
    ).add_argument("--amount", type=_amount, required=True)

    sts = commands.add_parser("sts", help="Ship-to-Store item updates (brand)")
    group = sts.add_subparsers(dest="action", required=True)
    flow = STS_FLOW
    _add(
        group,
        "confirm",
        "confirm-brand",
        lambda c, a: c.ship_to_store.confirm(a.cart_hash, a.upc),
        flow=flow,
    )
    _add(
        group,
        "reject",
        "reject-brand",
        lambda c, a: c.ship_to_store.reject(a.cart_hash, a.upc, reason=a.reason),
        flow=flow,
    ).add_argument("--reason", required=True)
    _add(
        group,
        "process",
        "processing",
        lambda c, a: c.ship_to_store.start_processing(a.cart_hash, a.upc),
        flow=flow,
    )
    ship = _add(
        group,
        "ship",
        "shipped",
        lambda c, a: c.ship_to_store.mark_shipped(
            a.cart_hash, a.upc, a.message, tracking_number=a.tracking_number, carrier=a.carrier
        ),
        flow=flow,
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
        flow=None,
        item=False,
    )
    outcome.add_argument("status", choices=["confirmed", "abandoned", "refunded"])
    outcome.add_argument("--upc", default=None, help="one line of the cart only")
    outcome.add_argument("--date", type=_when, default=None, help="ISO time with zone; now")
