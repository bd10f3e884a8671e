"""``locally feed validate FILE``: check an available-to-sell feed before publishing it."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ._output import print_json

__all__ = ["register"]


def _validate(args: argparse.Namespace) -> int:
    from ..feeds import read_feed

    # Opened here so that a missing file is a usage error (exit 2), not a feed problem.
    with open(args.file, "rb") as handle:
        report = read_feed(
            handle,
            default_percent=args.default_percent,
            verify_check_digits=not args.no_check_digits,
        ).validate()
    if args.json:
        print_json(
            {
                "format": report.format.value if report.format else None,
                "rows": report.rows,
                "errors": [
                    {"line": e.line, "column": e.column, "value": e.value, "message": e.message}
                    for e in report.errors
                ],
            }
        )
    else:
        fmt = report.format.value if report.format else "unknown"
        print(
            f"{args.file}: {report.rows} valid rows ({fmt} format), {len(report.errors)} problems"
        )
        for error in report.errors:
            print(f"  {error}")
    return 0 if report.ok else 1


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``feed`` command group."""
    feed = commands.add_parser("feed", help="available-to-sell feed tools")
    sub = feed.add_subparsers(dest="action", required=True)
    validate = sub.add_parser("validate", help="check a feed; exit 1 if it has problems")
    validate.add_argument("file", metavar="FILE")
    validate.add_argument("--default-percent", type=Decimal, default=None)
    validate.add_argument("--no-check-digits", action="store_true", help="skip UPC check digits")
    validate.add_argument("--json", action="store_true", help="print JSON")
    validate.set_defaults(offline=_validate)
