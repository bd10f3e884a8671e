"""Print the mutation score of each module from mutmut's results (run ``mutmut run`` first).

Reads ``[tool.mutmut] only_mutate`` from pyproject.toml (through mutmut's own configuration),
so a module added there is reported without touching this script, and mutmut's per-file
results in ``mutants/*.meta``.  A mutant
counts as killed when a test failed (or timed out) with it in place; the score is killed /
(total - skipped).  Pass ``--survivors`` to list the mutants that survived, ``--fail-under N``
to exit 1 when any module scores below N percent.

    python tools/mutation_report.py [--survivors] [--fail-under 90]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
from collections import Counter
from pathlib import Path

from mutmut.configuration import config
from mutmut.stats import status_by_exit_code

# Counted as killed: a test failed, the run timed out, or the type checker refused the mutant.
KILLED = {"killed", "timeout", "caught by type check"}


def modules(root: Path) -> list[str]:
    """The ``only_mutate`` patterns, read by mutmut itself from ``root``'s pyproject.toml."""
    os.chdir(root)
    return list(config().only_mutate)


def results(root: Path, pattern: str) -> dict[str, str]:
    """Every mutant of the files matching ``pattern`` and its status."""
    found: dict[str, str] = {}
    for meta in sorted((root / "mutants").rglob("*.py.meta")):
        source = meta.relative_to(root / "mutants").as_posix().removesuffix(".meta")
        if not fnmatch.fnmatch(source, pattern):
            continue
        data = json.loads(meta.read_text("utf-8"))
        for name, code in data["exit_code_by_key"].items():
            found[name] = status_by_exit_code[code]
    return found


def main(argv: list[str] | None = None) -> int:
    """Print the table; the exit status is 1 below ``--fail-under``, 2 without results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    parser.add_argument("--fail-under", type=float, default=None, metavar="PERCENT")
    args = parser.parse_args(argv)
    root: Path = args.root
    if not (root / "mutants").is_dir():
        print("no mutants/ directory: run `make mutate` (or `mutmut run`) first", file=sys.stderr)
        return 2
    width = max(len(p) for p in modules(root))
    print(f"{'module':<{width}}  {'killed':>6}  {'total':>5}  {'score':>6}  other")
    low = False
    survivors: list[str] = []
    for pattern in modules(root):
        statuses = results(root, pattern)
        counts = Counter(statuses.values())
        total = len(statuses) - counts["skipped"]
        killed = sum(counts[s] for s in KILLED)
        score = 100.0 * killed / total if total else 0.0
        other = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s not in KILLED)
        print(f"{pattern:<{width}}  {killed:>6}  {total:>5}  {score:>5.1f}%  {other}")
        low |= args.fail_under is not None and score < args.fail_under
        survivors += [name for name, status in statuses.items() if status not in KILLED]
    if args.survivors and survivors:
        print("\nnot killed (see each with `mutmut show NAME`):")
        for name in survivors:
            print(f"  {name}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
