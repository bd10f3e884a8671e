"""The ``locally`` command line, end to end against the fake server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from locally.cli import main
from locally.testing import FakeLocally


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLocally]:
    fake = FakeLocally(generated_carts=60)
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
    from pathlib import Path

    page = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    commands = []
    for line in page.read_text().splitlines():
        if line.startswith("$ locally ") and " fake serve" not in line:
            commands.append(line.removeprefix("$ locally ").split())
    return commands


def test_every_documented_command_runs(
    served: FakeLocally, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = _documented_commands()
    assert len(commands) >= 5
    for argv in commands:
        assert main(argv) == 0, argv
        assert capsys.readouterr().out.strip(), argv
