"""The ``locally`` command line: carts, order lifecycles, feeds and the fake server.

Exit codes: 0 success, 1 the API (or a file being validated) reported an error, 2 a usage
error (bad arguments, missing token).  The token comes from ``LOCALLY_API_TOKEN``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._errors import ConfigurationError, LocallyError, RequestValidationError

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    from . import _carts, _fake, _feed, _orders

    parser = argparse.ArgumentParser(
        prog="locally", description="Work with the Locally commerce APIs from a shell."
    )
    parser.add_argument(
        "--base-url", default=None, help="API base URL (default: $LOCALLY_BASE_URL or locally.com)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (_carts, _orders, _feed, _fake):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (never raises for API errors)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    offline = getattr(args, "offline", None)
    if offline is not None:
        try:
            return int(offline(args))
        except (OSError, ConfigurationError, RequestValidationError) as exc:
            print(f"locally: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except LocallyError as exc:
            print(f"locally: {exc}", file=sys.stderr)
            return EXIT_API_ERROR
    from .._client import Locally

    try:
        with Locally(base_url=args.base_url) as client:
            return int(args.handler(client, args))
    except (ConfigurationError, RequestValidationError) as exc:
        print(f"locally: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LocallyError as exc:
        print(f"locally: {exc}", file=sys.stderr)
        return EXIT_API_ERROR


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
