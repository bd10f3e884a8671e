"""Every cell of the fault matrix (see tests/fault_matrix.py and docs/reliability.md)."""

from __future__ import annotations

import pytest

from locally import _constants

from . import fault_matrix as matrix


@pytest.fixture(autouse=True)
def _fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_constants, "INITIAL_RETRY_DELAY", 0.01)
    monkeypatch.setattr(_constants, "MAX_RETRY_DELAY", 0.05)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("client", matrix.CLIENTS)
@pytest.mark.parametrize("kind", matrix.KINDS)
@pytest.mark.parametrize("fault", matrix.FAULTS, ids=[f.name for f in matrix.FAULTS])
def test_cell(fault: matrix.Fault, kind: str, client: str) -> None:
    result = matrix.run_cell(fault, kind, client)
    assert (result.outcome, result.requests) == matrix.EXPECTED[kind][fault.name]
    assert result.seconds < matrix.CELL_DEADLINE
