from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import FUZZ_EXAMPLES, FUZZ_SCALE, Mode, backoff

_failed_fuzz_targets: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed and "fuzz" in report.keywords:
        _failed_fuzz_targets.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many fuzz examples ran, and whether any raised a foreign exception."""
    if FUZZ_EXAMPLES:
        terminalreporter.write_line(
            f"fuzz: {sum(FUZZ_EXAMPLES.values()):,} examples over {len(FUZZ_EXAMPLES)} targets "
            f"(scale {FUZZ_SCALE}); foreign exceptions: {len(_failed_fuzz_targets)} "
            f"({', '.join(_failed_fuzz_targets) or 'none'})"
        )


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def no_backoff() -> Iterator[None]:
    """Make exponential backoff instant; Retry-After waits are still real."""
    with backoff(0.0, 0.0):
        yield


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    return Mode(request.param)
