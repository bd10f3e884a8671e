"""``locally feed validate FILE``: check a feed before publishing it.

The kind (available-to-sell, inventory or product) is told from the file's header, or given
with ``--kind``.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from ._output import print_json

__all__ = ["register"]

KINDS = ("available-to-sell", "inventory", "product")


def _report(args: argparse.Namespace, kind: str) -> Any:
    from ..feeds import read_feed, read_inventory_feed, read_product_feed

    verify = not args.no_check_digits
    if kind == "available-to-sell":
        return read_feed(
            args.file, default_percent=args.default_percent, verify_check_digits=verify
        ).validate()
    if kind == "inventory":
        return read_inventory_feed(args.file, verify_check_digits=verify).validate()
    return read_product_feed(args.file, verify_check_digits=verify).validate()


def _validate(args: argparse.Namespace) -> int:
    from ..feeds import detect_feed_kind

    kind: str = args.kind or detect_feed_kind(args.file).value
    report = _report(args, kind)
    fmt = report.format.value if report.format else None
    if args.json:
        print_json(
            {
                "kind": kind,
                "format": fmt,
                "rows": report.rows,
                "errors": [
                    {"line": e.line, "column": e.column, "value": e.value, "message": e.message}
                    for e in report.errors
                ],
            }
        )
    else:
        print(
            f"{args.file}: {kind} feed, {report.rows} valid rows ({fmt or 'unknown'} format), "
            f"{len(report.errors)} problems"
        )
        for error in report.errors:
            print(f"  {error}")
    return 0 if report.ok else 1


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``feed`` command group."""
    feed = commands.add_parser("feed", help="feed tools (available-to-sell, inventory, product)")
    sub = feed.add_subparsers(dest="action", required=True)
    validate = sub.add_parser("validate", help="check a feed; exit 1 if it has problems")
    validate.add_argument("file", metavar="FILE")
    validate.add_argument(
        "--kind", choices=KINDS, default=None, help="the feed's kind (default: from its header)"
    )
    validate.add_argument(
        "--default-percent", type=Decimal, default=None, help="available-to-sell only"
    )
    validate.add_argument("--no-check-digits", action="store_true", help="skip UPC check digits")
    validate.add_argument("--json", action="store_true", help="print JSON")
    validate.set_defaults(offline=_validate)
