"""docs/cli.md as a user reads it: the command lines in order, what each prints, its files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import DOCS

__all__ = ["FILES", "STEPS", "Step", "read_page"]

FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)


@dataclass
class Step:
    """A documented command and the lines the page shows it printing."""

    command: str
    shown: list[str] = field(default_factory=list[str])


def read_page(page: Path) -> tuple[list[Step], dict[str, str]]:
    """The page's commands in order, and its files by name."""
    steps: list[Step] = []
    files: dict[str, str] = {}
    for language, attributes, body in FENCE.findall(page.read_text("utf-8")):
        title = re.search(r'title="([^"]+)"', attributes)
        if title:
            files[title.group(1)] = body
        elif language == "console":
            for line in body.splitlines():
                if line.startswith("$ "):
                    steps.append(Step(line[2:]))
                elif line.strip():
                    steps[-1].shown.append(line)
    return steps, files


STEPS, FILES = read_page(DOCS / "cli.md")
