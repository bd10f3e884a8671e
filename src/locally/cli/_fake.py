"""``locally fake serve``: run FakeLocally on loopback for manual testing."""

from __future__ import annotations

import argparse

from ..testing.__main__ import add_serve_arguments, serve

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fake`` command group."""
    fake = commands.add_parser("fake", help="run the built-in fake Locally")
    sub = fake.add_subparsers(dest="action", required=True)
    parser = sub.add_parser("serve", help="serve FakeLocally over HTTP on loopback")
    add_serve_arguments(parser)
    parser.set_defaults(offline=serve)
