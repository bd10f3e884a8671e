"""Every command line in docs/cli.md, run as written, in order, against `locally fake serve`.

The page is read as a user reads it: ``$`` lines are typed into a shell (a ``sh`` that finds
the installed ``locally`` first on ``PATH``), lines under one are what it prints, and a file
block with a title is saved under that name first.  ``export`` sets the environment of the
commands after it, and ``echo $?`` checks the exit code of the command before it; any other
command must exit 0 and say nothing on stderr.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.cli_page import FILES, STEPS, Step

DOCUMENTED_URL = "http://127.0.0.1:8765"
BIN = os.path.dirname(sys.executable)


def _words(text: str) -> str:
    return " ".join(text.split())


def assert_shown(step: Step, printed: str, url: str) -> None:
    """Each line the page shows is in what the command printed, in the same order."""
    lines = [_words(line) for line in printed.splitlines()]
    position = 0
    for shown in step.shown:
        expected = _words(shown.replace(DOCUMENTED_URL, url))
        found = next((i for i in range(position, len(lines)) if expected in lines[i]), None)
        assert found is not None, f"{step.command!r} did not print {shown!r}:\n{printed}"
        position = found + 1


@pytest.fixture
def fake_serve(tmp_path: Path, step: Step) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The documented ``locally fake serve`` line, on a free port instead of 8765."""
    argv = shlex.split(step.command.replace("--port 8765", "--port 0"))
    assert argv[:3] == ["locally", "fake", "serve"]
    server = subprocess.Popen(
        [os.path.join(BIN, "locally"), *argv[1:]],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline()]
        assert "listening" in banner[0], banner
        url = banner[0].split()[-1]
        banner += [server.stdout.readline() for _ in step.shown[1:]]
        assert_shown(step, "".join(banner), url)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def test_the_page_starts_the_fake_and_documents_every_command_group() -> None:
    commands = [step.command for step in STEPS]
    assert commands[0] == "locally fake serve --port 8765"
    for group in ("carts list", "carts show", "pushcart", "sts", "c2c", "feed validate"):
        assert any(command.startswith(f"locally {group}") for command in commands), group
    assert len(commands) >= 25


@pytest.mark.parametrize("step", [STEPS[0]], ids=["fake serve"])
def test_every_documented_command_runs_as_shown(
    fake_serve: tuple[str, subprocess.Popen[str]], tmp_path: Path, step: Step
) -> None:
    url, server = fake_serve
    for name, content in FILES.items():
        (tmp_path / name).write_text(content)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALLY_")}
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    last: subprocess.CompletedProcess[str] | None = None
    for index, current in enumerate(STEPS[1:], start=1):
        if current.command.startswith("export "):
            for assignment in shlex.split(current.command)[1:]:
                name, _, value = assignment.partition("=")
                env[name] = value.replace(DOCUMENTED_URL, url)
            continue
        if current.command == "echo $?":
            assert last is not None
            assert str(last.returncode) == current.shown[0], last.args
            continue
        last = subprocess.run(
            current.command,
            shell=True,
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        checked_later = index + 1 < len(STEPS) and STEPS[index + 1].command == "echo $?"
        if not checked_later:
            assert last.returncode == 0, (current.command, last.stderr)
            assert (last.stdout + last.stderr).strip(), current.command
            # A command may write to stderr only what the page shows it writing there.
            if last.stderr:
                assert current.shown, (current.command, last.stderr)
                assert_shown(current, last.stderr, url)
        assert_shown(current, last.stdout + last.stderr, url)
    assert server.poll() is None  # the fake served every command and still runs
