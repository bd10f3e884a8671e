"""The ``locally`` command line, end to end against the fake server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from locally.cli import main
from locally.testing import FakeItem, FakeLocally
from tests.helpers import DATA, DOCS, ROOT


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLocally]:
    fake = FakeLocally(generated_carts=60)
    # The carts the documented commands (docs/cli.md) work on.
    fake.add_cart(hash="E3GKY8", items=[FakeItem(upc="012345678905"), FakeItem(upc="036000291452")])
    fake.place_order(
        "SHIP", hash="S7TS01", items=[FakeItem(upc="811950030719"), FakeItem(upc="190340561721")]
    )
    fake.add_cart(hash="C2C001", items=[FakeItem(upc="12345"), FakeItem(upc="12346")])
    with fake.serve() as url:
        monkeypatch.setenv("LOCALLY_API_TOKEN", fake.api_token)
        monkeypatch.setenv("LOCALLY_BASE_URL", url)
        yield fake


def test_carts_list_table(served: FakeLocally, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["carts", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["HASH", "TYPE", "ITEMS", "ORDERED", "AT", "STATUSES"]
    assert len(lines) == 51
    assert lines[1].split()[0] == served.carts_newest_first()[0].hash


def test_carts_list_all_json(served: FakeLocally, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["carts", "list", "--all", "--json"]) == 0
    carts = json.loads(capsys.readouterr().out)
    assert [c["hash"] for c in carts] == [c.hash for c in served.carts_newest_first()]


def test_carts_show(served: FakeLocally, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["carts", "show", "PDQE89"]) == 0
    out = capsys.readouterr().out
    assert "Cart PDQE89" in out
    assert "811950030719" in out
    assert "2262.74" in out
    assert main(["carts", "show", "PDQE89", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["items"][0]["total"] == "2262.74"


def test_api_error_exits_1(served: FakeLocally, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["carts", "show", "NOSUCH"]) == 1
    assert "404" in capsys.readouterr().err


def test_usage_errors_exit_2(
    served: FakeLocally, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["carts", "frobnicate"]) == 2
    assert main(["carts", "show", "bad/hash"]) == 2
    monkeypatch.delenv("LOCALLY_API_TOKEN")
    assert main(["carts", "list"]) == 2
    assert "LOCALLY_API_TOKEN" in capsys.readouterr().err


def test_console_script_fake_serve_and_carts_list() -> None:
    """The installed `locally` command: start `locally fake serve`, then list carts through it."""
    exe = os.path.join(os.path.dirname(sys.executable), "locally")
    server = subprocess.Popen(
        [exe, "fake", "serve", "--port", "0", "--carts", "2"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip().rsplit(" ", 1)[-1]
        token = server.stdout.readline().strip().rsplit(" ", 1)[-1]
        env = {**os.environ, "LOCALLY_API_TOKEN": token, "LOCALLY_BASE_URL": url}
        result = subprocess.run(
            [exe, "carts", "list", "--json"], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == 5  # 2 generated + 3 documentation samples
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def _documented_commands() -> list[list[str]]:
    import shlex

    page = DOCS / "cli.md"
    commands = []
    for line in page.read_text().splitlines():
        if line.startswith("$ locally ") and " fake serve" not in line:
            commands.append(shlex.split(line.removeprefix("$ locally ")))
    return commands


def test_every_documented_command_runs(
    served: FakeLocally, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.chdir(ROOT)
    commands = _documented_commands()
    assert len(commands) >= 15
    for argv in commands:
        assert main(argv) == 0, argv
        assert capsys.readouterr().out.strip(), argv
    item = served.carts["E3GKY8"].items[0]
    assert (item.status, item.refunded_amount, item.fulfillment_url) == (
        "Refunded",
        Decimal("5.00"),
        "https://oms.example.com/o/1",
    )
    assert served.carts["S7TS01"].items[0].sts_status == "Shipped"
    assert served.carts["C2C001"].items[1].order_resolution == "REFUNDED"


def test_cli_walks_a_pushcart_order_against_fake_serve() -> None:
    """`locally fake serve` in one process, the CLI in others, as a user would."""
    exe = os.path.join(os.path.dirname(sys.executable), "locally")
    server = subprocess.Popen(
        [exe, "fake", "serve", "--port", "0", "--carts", "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip().rsplit(" ", 1)[-1]
        token = server.stdout.readline().strip().rsplit(" ", 1)[-1]
        env = {**os.environ, "LOCALLY_API_TOKEN": token, "LOCALLY_BASE_URL": url}

        def cli(*argv: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [exe, *argv], env=env, capture_output=True, text=True, timeout=60, check=False
            )

        carts = json.loads(cli("carts", "list", "--all", "--json").stdout)
        order = next(c for c in carts if c["type"] == "ORDER")
        upc = order["items"][0]["upc"]
        statuses = []
        for step in (["receive"], ["confirm"], ["fulfil"], ["refund", "--amount", "1.00"]):
            result = cli("pushcart", step[0], order["hash"], upc, *step[1:])
            assert result.returncode == 0, result.stderr
            shown = json.loads(cli("carts", "show", order["hash"], "--json").stdout)
            statuses.append(next(i["status"] for i in shown["items"] if i["upc"] == upc))
        assert statuses == ["received", "confirmed", "fulfilled", "refunded"]
        again = cli("pushcart", "confirm", order["hash"], upc)
        assert again.returncode == 1
        assert "status false" in again.stderr
        missing = cli("pushcart", "refund", order["hash"], upc)
        assert missing.returncode == 2
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def test_feed_validate_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:

    data = DATA
    assert main(["feed", "validate", str(data / "feed_percent.csv")]) == 0
    assert "3 valid rows (percent format), 0 problems" in capsys.readouterr().out
    assert main(["feed", "validate", str(data / "feed_split_flat.csv"), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(e["line"], e["column"], e["value"]) for e in report["errors"]] == [(4, "country", "U")]
    assert main(["feed", "validate", "no/such/file.csv"]) == 2


def test_stores_near_table_and_json(
    served: FakeLocally, capsys: pytest.CaptureFixture[str]
) -> None:
    loop = ["--lat", "41.8756719", "--lng", "-87.6243469"]
    assert main(["stores", "near", "--company-id", "99", "--upc", "012345678905", *loop]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["STORE", "NAME", "CITY", "DISTANCE", "STOCK", "OPTIONS"]
    assert [line.split()[0] for line in lines[1:]] == ["99999", "99998"]
    assert "3.7 mi" in lines[1]
    assert lines[2].split()[-2:] == ["PTP_ROPIS", "ROPIS"]
    argv = ["stores", "near", "--company-id", "99", "--upc", "012345678905", *loop]
    assert main([*argv, "--diag", "5", "--json"]) == 0
    markers = json.loads(capsys.readouterr().out)
    assert [(m["id"], m["lat"], m["stock_status"]) for m in markers] == [
        (99999, "41.91136867", "PTP_BOPIS")
    ]
    assert main([*argv, "--unit", "km", "--diag", "15"]) == 0
    assert " km " in capsys.readouterr().out


def test_stores_near_usage_errors(served: FakeLocally, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stores", "near", "--company-id", "99", "--upc", "012345678905"]) == 2
    base = ["stores", "near", "--company-id", "99", "--lat", "41.8", "--lng", "-87.6"]
    assert main([*base, "--upc", "0123-45"]) == 2
    assert "upc" in capsys.readouterr().err
    assert main([*base, "--upc", "012345678905", "--diag", "0"]) == 2
    assert "map_distance_diag" in capsys.readouterr().err
    assert main([*base, "--upc", "012345678905", "--lat", "north"]) == 2


def test_feed_validate_tells_the_kinds_apart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "validate", str(DATA / "inventory_store.csv")]) == 0
    out = capsys.readouterr().out
    assert "inventory feed, 3 valid rows (single_store format), 0 problems" in out
    assert main(["feed", "validate", str(DATA / "inventory_combined.txt"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["kind"], report["format"], report["rows"]) == ("inventory", "combined", 3)
    assert main(["feed", "validate", str(DATA / "products.csv")]) == 0
    assert "product feed, 2 valid rows" in capsys.readouterr().out
    # Forced to the wrong kind, the header is reported.
    assert main(["feed", "validate", str(DATA / "products.csv"), "--kind", "inventory"]) == 1
    assert "line 1, column header" in capsys.readouterr().out


def test_feed_validate_reports_inventory_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "stock.txt"
    feed.write_text("012345678905|3\n012345678905|-3\n")
    assert main(["feed", "validate", str(feed), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "inventory"
    assert [(e["line"], e["column"], e["value"]) for e in report["errors"]] == [
        (2, "quantity", "-3")
    ]
