"""Logging on the ``locally`` logger: useful at DEBUG, and never a token or JWT."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import httpx
import pytest
import respx

from tests.helpers import BASE, TOKEN, Mode


def test_debug_logs_requests_without_the_token(
    respx_mock: respx.MockRouter, mode: Mode, caplog: pytest.LogCaptureFixture, no_backoff: None
) -> None:
    route = respx_mock.get(f"{BASE}/api/v2/cart/A")
    route.side_effect = [
        httpx.Response(503),
        httpx.Response(200, json={"status": True, "properties": {"hash": "A"}}),
    ]
    with caplog.at_level(logging.DEBUG, logger="locally"):
        mode.run(lambda c: c.carts.retrieve("A"))
    messages = [r.getMessage() for r in caplog.records if r.name == "locally"]
    assert any(m.startswith("Request: GET https://api.test/api/v2/cart/A") for m in messages)
    assert any("-> 503" in m for m in messages)
    assert any(m.startswith("Retrying GET /api/v2/cart/A") for m in messages)
    assert any("'locally-api-token': '<redacted>'" in m for m in messages)
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in str(record.args)


def test_locally_log_env_turns_on_stderr_logging() -> None:
    code = (
        "import httpx, locally\n"
        "from locally.testing import FakeLocally\n"
        "fake = FakeLocally(api_token='test_secret_value_123', generated_carts=1)\n"
        "with fake.client() as c: c.carts.retrieve('PDQE89')\n"
    )
    env = {**os.environ, "LOCALLY_LOG": "debug"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Request: GET https://fake.locally.test/api/v2/cart/PDQE89" in result.stderr
    assert "test_secret_value_123" not in result.stderr


def test_no_log_output_without_env() -> None:
    code = (
        "from locally.testing import FakeLocally\n"
        "with FakeLocally(generated_carts=1).client() as c: c.carts.retrieve('PDQE89')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "LOCALLY_LOG"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stderr == ""
