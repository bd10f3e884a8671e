"""The ``locally`` command line: carts, lifecycles, stores, feeds, listen and the fake server.

Exit codes: 0 success, 1 the API (or a file being validated) reported an error, 2 a usage
error (bad arguments, missing token), 130 interrupted (Ctrl-C), 141 the reader of the output
went away (``locally carts list | head -1``), as for any Unix tool killed by SIGPIPE.  The
token comes from ``--token`` or ``LOCALLY_API_TOKEN``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .._constants import CREDENTIALS_URL, TOKEN_ENV
from .._errors import ConfigurationError, LocallyError, RequestValidationError
from .._version import __version__

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
#: 128 + SIGPIPE: what a shell reports for a tool whose reader closed the pipe.
EXIT_BROKEN_PIPE = 141


def _parser() -> argparse.ArgumentParser:
    from . import _carts, _fake, _feed, _listen, _orders, _stores
    from ._global_options import add_global_options

    parser = argparse.ArgumentParser(
        prog="locally", description="Work with the Locally commerce APIs from a shell."
    )
    parser.add_argument("--version", action="version", version=f"locally {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (_carts, _orders, _stores, _feed, _listen, _fake):
        module.register(commands)
    add_global_options(parser)
    return parser


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a captured stream)
        pass


def _error(problem: BaseException | str) -> None:
    print(f"locally: {problem}", file=sys.stderr)


def _dispatch(args: argparse.Namespace) -> int:
    offline = getattr(args, "offline", None)
    if offline is not None:
        try:
            return int(offline(args))
        except (OSError, ConfigurationError, RequestValidationError) as exc:
            _error(exc)
            return EXIT_USAGE
        except LocallyError as exc:
            _error(exc)
            return EXIT_API_ERROR
    from .._client import Locally

    if not (args.token or os.environ.get(TOKEN_ENV)):
        _error(f"no API token: pass --token or set {TOKEN_ENV} (keys: {CREDENTIALS_URL})")
        return EXIT_USAGE
    try:
        with Locally(api_token=args.token, base_url=args.base_url) as client:
            return int(args.handler(client, args))
    except (ConfigurationError, RequestValidationError) as exc:
        _error(exc)
        return EXIT_USAGE
    except LocallyError as exc:
        _error(exc)
        return EXIT_API_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (never raises for API errors)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(exc.code or 0)
    try:
        return _dispatch(args)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def run() -> None:
    """Console-script entry point (also ``python -m locally``)."""
    try:
        code = main()
        # Output still buffered goes out now, while a closed pipe can still be handled.
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    raise SystemExit(code)
