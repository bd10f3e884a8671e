"""The options every ``locally`` command accepts, before or after the command's name.

``locally --json carts list`` and ``locally carts list --json`` mean the same.  The options are
defined on the top-level parser with their defaults, and again on every command with
``argparse.SUPPRESS`` as the default: a sub-parser copies its defaults over what the top level
parsed, so only an option actually given after the command may replace the value.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import cast

__all__ = ["add_global_options", "commands_of"]

_BASE_URL_HELP = "API base URL (default: $LOCALLY_BASE_URL, else https://www.locally.com)"
_TOKEN_HELP = "API token (default: $LOCALLY_API_TOKEN)"
_JSON_HELP = "print JSON instead of text"


def commands_of(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every command parser below ``parser`` that has no sub-commands of its own."""
    children: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            group = cast("argparse._SubParsersAction[argparse.ArgumentParser]", action)
            # An alias maps to the same parser as its command: visit each parser once.
            children.extend(dict.fromkeys(group.choices.values()))
    if not children:
        yield parser
    for child in children:
        yield from commands_of(child)


def _define(
    container: argparse._ActionsContainer,
    flag: str,
    *,
    top_level: bool,
    help: str,
    switch: bool = False,
) -> None:
    existing = container._option_string_actions.get(flag)
    if existing is not None:
        # The command defines it itself (``fake serve --token``): keep its meaning, but let
        # a value given before the command's name stand.
        if not top_level:
            existing.default = argparse.SUPPRESS
        return
    default: object = (False if switch else None) if top_level else argparse.SUPPRESS
    if switch:
        container.add_argument(flag, action="store_true", default=default, help=help)
    else:
        metavar = "URL" if flag == "--base-url" else flag[2:].upper()
        container.add_argument(flag, metavar=metavar, default=default, help=help)


def _define_all(container: argparse._ActionsContainer, *, top_level: bool, api: bool) -> None:
    for flag, help in (("--base-url", _BASE_URL_HELP), ("--token", _TOKEN_HELP)):
        if api or flag in container._option_string_actions:
            _define(container, flag, top_level=top_level, help=help)
    _define(container, "--json", top_level=top_level, help=_JSON_HELP, switch=True)


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Add the global options to ``parser`` and to every command under it.

    Commands that talk to the API (those with a ``handler`` default) take all of them;
    commands that work offline take ``--json``, and keep any option they define themselves.
    """
    group = parser.add_argument_group("global options (also accepted after the command)")
    _define_all(group, top_level=True, api=True)
    for command in commands_of(parser):
        online = command.get_default("handler") is not None
        _define_all(command, top_level=False, api=online)
