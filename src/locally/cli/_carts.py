"""``locally carts list`` and ``locally carts show``."""

from __future__ import annotations

import argparse
from itertools import islice

from .._client import Locally
from ._output import print_json, print_table

__all__ = ["register"]


def _list(client: Locally, args: argparse.Namespace) -> int:
    if args.all:
        carts = list(client.carts.list())
        empty = "No carts."
    else:
        page = client.carts.list_page(args.page)
        carts = page.carts
        pages = page.properties.total_pages
        if args.page >= pages > 0:
            empty = f"No carts on page {args.page}: pages run from 0 to {pages - 1}."
        else:
            empty = f"No carts on page {args.page}: there are no carts yet."
    if not carts and not args.json:
        print(empty)
        return 0
    if args.limit is not None:
        carts = list(islice(carts, args.limit))
    if args.json:
        print_json(carts)
        return 0
    print_table(
        ["HASH", "TYPE", "ITEMS", "ORDERED AT", "STATUSES"],
        [
            (
                cart.hash,
                cart.type,
                cart.n_items,
                cart.ordered_at,
                ",".join(sorted({str(item.status) for item in cart.items if item.status})),
            )
            for cart in carts
        ],
    )
    return 0


def _show(client: Locally, args: argparse.Namespace) -> int:
    cart = client.carts.retrieve(args.cart_hash)
    if args.json:
        print_json(cart)
        return 0
    props = cart.properties
    print(f"Cart {cart.hash}  type {props.type}  updated {props.updated_at}")
    if cart.store.name:
        print(f"Store: {cart.store.name} (#{cart.store.store_id}), {cart.store.city}")
    name = " ".join(part for part in (cart.customer.first_name, cart.customer.last_name) if part)
    if name:
        print(f"Customer: {name}")
    print_table(
        ["UPC", "NAME", "QTY", "STATUS", "STS STATUS", "TOTAL"],
        [
            (item.upc, item.name, item.qty, item.status, item.sts_status, item.total)
            for item in cart.items
        ],
    )
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``carts`` command group."""
    carts = commands.add_parser("carts", help="read carts (Carts API v2)")
    sub = carts.add_subparsers(dest="action", required=True)

    listing = sub.add_parser("list", help="list carts, newest first")
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--page", type=int, default=0, help="page number (50 carts each)")
    which.add_argument("--all", action="store_true", help="every page")
    listing.add_argument("--limit", type=int, default=None, help="print at most N carts")
    listing.set_defaults(handler=_list)

    show = sub.add_parser("show", help="show one cart in full")
    show.add_argument("cart_hash", metavar="HASH")
    show.set_defaults(handler=_show)
