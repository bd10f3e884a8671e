"""Every cell of the fault matrix (see tests/fake/fault_matrix.py and docs/reliability.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake import fault_matrix as matrix
from tests.helpers import backoff


@pytest.fixture(autouse=True)
def _fast_backoff() -> Iterator[None]:
    with backoff(*matrix.FAST_BACKOFF):
        yield


@pytest.mark.timeout(30)
@pytest.mark.parametrize("client", matrix.CLIENTS)
@pytest.mark.parametrize("kind", matrix.KINDS)
@pytest.mark.parametrize("fault", matrix.FAULTS, ids=[f.name for f in matrix.FAULTS])
def test_cell(fault: matrix.Fault, kind: str, client: str) -> None:
    result = matrix.run_cell(fault, kind, client)
    assert (result.outcome, result.requests) == matrix.EXPECTED[kind][fault.name]
    assert result.seconds < matrix.CELL_DEADLINE
