"""How the CLI prints: aligned text tables for people, JSON with ``--json`` for programs."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO, cast

from pydantic import BaseModel

__all__ = ["print_json", "print_table"]


def _plain(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


def print_json(value: object, out: TextIO | None = None) -> None:
    """Write ``value`` (a model, a list of models, or plain data) as indented JSON."""
    if isinstance(value, list):
        value = [_plain(item) for item in cast("list[object]", value)]
    stream = out or sys.stdout
    json.dump(_plain(value), stream, indent=2, default=str)
    stream.write("\n")


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO | None = None
) -> None:
    """Write rows under ``headers`` as columns padded to their widest cell."""
    text_rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    stream = out or sys.stdout
    for row in [list(headers), *text_rows]:
        stream.write(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        stream.write("\n")
