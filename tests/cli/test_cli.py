"""The ``locally`` command line, end to end against the fake server."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from locally.cli import main
from locally.testing import FakeItem, FakeLocally
from locally.testing.__main__ import add_command_line_carts
from tests.cli.cli_page import STEPS
from tests.helpers import DATA


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLocally]:
    fake = FakeLocally(generated_carts=60)
    add_command_line_carts(fake)  # as `locally fake serve` does
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
        # 2 generated, Locally's 3 samples and the 3 orders docs/cli.md works on
        hashes = {cart["hash"] for cart in json.loads(result.stdout)}
        assert len(hashes) == 8
        assert {"PDQE89", "E3GKY8", "S7TS01", "C2C001"} <= hashes
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


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
        assert "The item is 'refund', which cannot reach 'confirmed'" in again.stderr
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


def test_documented_commands_change_the_fake_as_documented(
    served: FakeLocally, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page's commands in process: the fake ends in the states the page describes."""
    codes: list[tuple[str, int]] = []
    for step in STEPS[1:]:
        argv = shlex.split(step.command)
        if step.command == "echo $?":
            assert codes[-1][1] == int(step.shown[0]), codes[-1]
        elif argv[0] == "locally" and not {"|", ">"} & set(argv) and argv[1:2] != ["feed"]:
            codes.append((step.command, main(argv[1:])))
    capsys.readouterr()
    assert sum(code == 0 for _, code in codes) == len(codes) - 2  # the two refused moves
    first, second = served.carts["E3GKY8"].items
    assert (first.status, first.refunded_amount, first.fulfillment_url) == (
        "Refunded",
        Decimal("5.00"),
        "https://oms.example.com/o/1",
    )
    assert (second.status, second.resolution_notes) == ("Canceled", "Out of stock")
    shipped, rejected = served.carts["S7TS01"].items
    assert (shipped.sts_status, rejected.sts_status) == ("Shipped", "Rejected")
    assert "Tracking Number: 9400100000000000000000; Carrier: USPS" in str(shipped.messages)
    assert [i.order_resolution for i in served.carts["C2C001"].items] == ["CONFIRMED", "REFUNDED"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from locally import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"locally {__version__}\n"


def test_python_dash_m_locally_is_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "locally", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: locally ")
    for command in ("carts", "pushcart", "sts", "c2c", "feed", "fake"):
        assert command in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "carts", "show", "PDQE89"],
        ["carts", "show", "PDQE89", "--json"],
    ],
)
def test_json_before_or_after_the_command(
    served: FakeLocally, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["properties"]["hash"] == "PDQE89"


def test_token_and_base_url_after_the_command(
    served: FakeLocally, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = os.environ["LOCALLY_BASE_URL"]
    monkeypatch.delenv("LOCALLY_API_TOKEN")
    monkeypatch.delenv("LOCALLY_BASE_URL")
    argv = ["carts", "show", "PDQE89", "--token", served.api_token, "--base-url", url]
    assert main(argv) == 0
    assert "Cart PDQE89" in capsys.readouterr().out
    before = ["--token", served.api_token, "--base-url", url, "carts", "show", "PDQE89"]
    assert main(before) == 0
    assert main(["--token", "test_wrong", "carts", "show", "PDQE89", "--base-url", url]) == 1
    assert "a test_ (sandbox) key" in capsys.readouterr().err
    # After the command wins over before it, as for any option given twice.
    assert main(["--token", "test_wrong", "carts", "show", "PDQE89", "--token", served.api_token,
                 "--base-url", url]) == 0  # fmt: skip


def test_missing_token_names_the_option_and_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOCALLY_API_TOKEN", raising=False)
    assert main(["carts", "list"]) == 2
    err = capsys.readouterr().err
    assert "pass --token or set LOCALLY_API_TOKEN" in err


def test_an_empty_page_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    empty = FakeLocally(generated_carts=0, include_samples=False)
    few = FakeLocally(generated_carts=3, include_samples=False)
    for fake, argv, expected in [
        (empty, ["carts", "list"], "No carts on page 0: there are no carts yet.\n"),
        (empty, ["carts", "list", "--all"], "No carts.\n"),
        (empty, ["carts", "list", "--json"], "[]\n"),
        (few, ["carts", "list", "--page", "3"], "No carts on page 3: pages run from 0 to 0.\n"),
    ]:
        with fake.serve() as url:
            assert main([*argv, "--base-url", url, "--token", fake.api_token]) == 0
        assert capsys.readouterr().out == expected


def test_refused_move_says_which_step_comes_first(
    served: FakeLocally, capsys: pytest.CaptureFixture[str]
) -> None:
    cart = served.place_order("SHIP", items=[FakeItem(upc="811950030719")])
    assert main(["sts", "ship", cart.hash, "811950030719"]) == 1
    err = capsys.readouterr().err
    assert f"process it first (locally sts process {cart.hash} 811950030719)" in err
    assert served.carts[cart.hash].items[0].sts_status == "Pending Brand"
    order = served.place_order("ORDER", items=[FakeItem(upc="012345678905")])
    assert main(["pushcart", "refund", order.hash, "012345678905", "--amount", "1"]) == 1
    assert "confirm it first" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly() -> None:
    """`locally carts list --all --json | head -1`: the reader goes away after one line."""
    fake = FakeLocally(generated_carts=400)
    exe = os.path.join(os.path.dirname(sys.executable), "locally")
    with fake.serve() as url:
        env = {**os.environ, "LOCALLY_API_TOKEN": fake.api_token, "LOCALLY_BASE_URL": url}
        process = subprocess.Popen(
            [exe, "carts", "list", "--all", "--json"],  # far more than a pipe buffers
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # what `head -1` does after its line
        code = process.wait(timeout=60)
        err = process.stderr.read()
        process.stderr.close()
    assert first == "[\n"
    assert err == ""
    assert code == 141
