"""Errors say what to do next: which host, why a 429 was not waited out, which token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import warnings

import httpx
import pytest
import respx

from locally import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    Locally,
    RateLimitError,
    _logs,
)
from locally.testing import FakeLocally
from tests.helpers import BASE, TOKEN, Mode

URL = f"{BASE}/api/v2/cart/A"
CART_A = {"status": True, "properties": {"hash": "A"}}


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_connection_refused_names_host_and_port(mode: Mode) -> None:
    port = _closed_port()
    with pytest.raises(APIConnectionError) as info:
        mode.run(
            lambda c: c.carts.retrieve("A"),
            base_url=f"http://127.0.0.1:{port}",
            max_retries=0,
        )
    assert f"127.0.0.1:{port}" in str(info.value)
    assert info.value.request_sent is False


def test_connection_error_names_the_default_https_port(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).mock(side_effect=httpx.ConnectError("Name or service not known"))
    with pytest.raises(APIConnectionError, match=r"api\.test:443 .*Name or service not known"):
        mode.run(lambda c: c.carts.retrieve("A"), max_retries=0)


def test_timeout_names_host_and_port(respx_mock: respx.MockRouter, mode: Mode) -> None:
    respx_mock.get(URL).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError, match=r"Request to api\.test:443 timed out"):
        mode.run(lambda c: c.carts.retrieve("A"), max_retries=0)


def test_429_beyond_max_retry_after_says_why_it_was_not_waited_out(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    route = respx_mock.get(URL).respond(429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimitError) as info:
        mode.run(lambda c: c.carts.retrieve("A"), max_retry_after=60)
    message = str(info.value)
    assert route.call_count == 1
    assert "HTTP 429" in message
    assert "Retry-After asked for 120 s, longer than max_retry_after (60 s)" in message
    assert "did not wait it out" in message
    assert info.value.message == message


def test_429_within_the_limit_but_out_of_retries_does_not_blame_the_limit(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).respond(429, headers={"Retry-After": "0"})
    with pytest.raises(RateLimitError) as info:
        mode.run(lambda c: c.carts.retrieve("A"), max_retries=1)
    assert "max_retry_after" not in str(info.value)


def test_401_names_the_variable_and_the_kind_of_key(
    respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    respx_mock.get(URL).respond(401, json={"status": False, "message": "Invalid token"})
    monkeypatch.setenv("LOCALLY_API_TOKEN", TOKEN)
    with Locally(base_url=BASE) as client, pytest.raises(AuthenticationError) as from_env:
        client.carts.retrieve("A")
    message = str(from_env.value)
    assert "Invalid token" in message
    assert "a live key, from the LOCALLY_API_TOKEN environment variable" in message
    assert "test_" in message
    assert "https://www.locally.com/station/panel/credentials" in message
    assert TOKEN not in message

    sandbox = "test_0123456789"
    with Locally(api_token=sandbox, base_url=BASE) as client:
        with pytest.raises(AuthenticationError) as passed:
            client.carts.retrieve("A")
        with pytest.raises(AuthenticationError) as copied:
            client.with_options(api_token="live_other").carts.retrieve("A")
    assert "a test_ (sandbox) key, passed as api_token= or --token" in str(passed.value)
    assert "LOCALLY_API_TOKEN is read only when none is passed" in str(passed.value)
    assert sandbox not in str(passed.value)
    assert "a live key, passed as api_token=" in str(copied.value)


def test_401_from_the_fake_over_loopback_says_what_to_check() -> None:
    fake = FakeLocally(generated_carts=0)
    with (
        fake.serve() as url,
        Locally(api_token="test_wrong_key", base_url=url) as client,
        pytest.raises(AuthenticationError, match="test_ \\(sandbox\\) key"),
    ):
        client.carts.list_page(0)


def test_other_statuses_carry_no_token_hint(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(URL).respond(403, json={"status": False, "message": "no"})
    with Locally(api_token=TOKEN, base_url=BASE) as client, pytest.raises(Exception) as info:
        client.carts.retrieve("A")
    assert "LOCALLY_API_TOKEN" not in str(info.value)


def test_unknown_locally_log_value_warns_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_logs, "_warned", set())
    monkeypatch.setenv("LOCALLY_LOG", "verbose")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _logs.setup_from_env()
        _logs.setup_from_env()
    assert [str(w.message) for w in caught] == [
        "LOCALLY_LOG='verbose' is not a log level (debug, info, warning); not logging"
    ]


def test_unknown_locally_log_value_is_reported_on_stderr_at_import() -> None:
    env = {**os.environ, "LOCALLY_LOG": "DEBG"}
    result = subprocess.run(
        [sys.executable, "-c", "import locally"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stderr.count("LOCALLY_LOG='DEBG' is not a log level") == 1


def test_known_locally_log_values_do_not_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_logs, "_warned", set())
    level, handlers = _logs.logger.level, list(_logs.logger.handlers)
    try:
        for value in ("", "debug", " INFO ", "warning"):
            monkeypatch.setenv("LOCALLY_LOG", value)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                _logs.setup_from_env()
    finally:
        _logs.logger.handlers[:] = handlers
        _logs.logger.setLevel(level)
