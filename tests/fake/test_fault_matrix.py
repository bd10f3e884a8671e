"""Every cell of the fault matrix (see locally/testing/fault_matrix.py and docs/reliability.md)."""

from __future__ import annotations

import pytest

from locally.testing import fault_matrix as matrix


@pytest.mark.timeout(30)
@pytest.mark.parametrize("client", matrix.CLIENTS)
@pytest.mark.parametrize("kind", matrix.KINDS)
@pytest.mark.parametrize("fault", matrix.FAULTS, ids=[f.name for f in matrix.FAULTS])
def test_cell(fault: matrix.Fault, kind: str, client: str) -> None:
    result = matrix.run_cell(fault, kind, client)
    assert (result.outcome, result.requests) == matrix.EXPECTED[kind][fault.name]
    assert result.seconds < matrix.CELL_DEADLINE


def test_the_documented_command_runs_from_the_installed_package() -> None:
    """``python -m locally.testing.fault_matrix``, cut to one fault to keep the test short."""
    import subprocess
    import sys

    from tests.helpers import DOCS

    assert "python -m locally.testing.fault_matrix" in (DOCS / "reliability.md").read_text()
    result = subprocess.run(
        [sys.executable, "-m", "locally.testing.fault_matrix", "--fault", "503 twice"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=DOCS,  # not the repository root: the module comes from the installed package
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| fault | read (sync) |")
    assert lines[2].startswith("| 503 twice | ✅ success, 3 req | ✅ success, 3 req |")
    assert lines[-1] == "6 cells as expected, 0 not"
