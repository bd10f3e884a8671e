"""Available-to-sell feed validation, rows per second, vs a bare ``csv.reader`` loop.

Both read the same generated CSV text; the SDK side runs ``read_feed(...).validate()``, which
checks every cell (GTIN check digits included) a block of rows at a time.
"""

from __future__ import annotations

import csv
import io
import random

from ._measure import Result, Skipped, alternate, per_call

ROWS = 20_000
ROUNDS = 9


def feed_text(rows: int = ROWS) -> str:
    """A feed in the documented column order: UPC, qty, percent retained, shipping, country."""
    rng = random.Random(7)
    lines = ["upc,qty,percent revenue retained,shipping cost,country"]
    for _ in range(rows):
        body = [rng.randrange(10) for _ in range(11)]
        check = (10 - (sum(body[0::2]) * 3 + sum(body[1::2])) % 10) % 10
        upc = "".join(map(str, body)) + str(check)
        lines.append(
            f"{upc},{rng.randint(0, 40)},{rng.choice([70, 80, -1])},{rng.choice(['0', '25.50'])},US"
        )
    return "\n".join(lines) + "\n"


def run() -> Result | Skipped:
    from locally.feeds import read_feed

    scenario = f"feed validation, {ROWS:,} rows"
    text = feed_text()

    def reader(data: str) -> None:
        report = read_feed(io.StringIO(data, newline="")).validate()
        if not report.ok:
            raise AssertionError(f"generated feed has problems: {report.errors[:3]}")

    def baseline() -> None:
        for _ in csv.reader(io.StringIO(text)):
            pass

    reader(text)  # warm up
    paired = alternate(per_call(lambda: reader(text), 1), per_call(baseline, 1), rounds=ROUNDS)
    # Seconds per whole feed, shown per row.
    return paired.row(scenario, unit="us/row", scale=1e6 / ROWS, goal=3.0)
