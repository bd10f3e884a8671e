"""What many tests share: the test token and URL, paths, a sync/async runner, small factories.

Fixtures live in ``conftest.py``; plain helpers live here so that a test module imports them
by name (``from tests.helpers import BASE, Mode``) wherever it sits in the tree.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import os
import traceback
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from hypothesis import HealthCheck, settings

from locally import AsyncLocally, Locally, _constants
from locally.testing import FakeLocally

TOKEN = "sk_live_0123456789abcdef"
BASE = "https://api.test"
#: A headless session id and cart JWT as secret as the token: never in a log, repr or error.
SESSION_ID = "sess_0123456789abcdef0123"
JWT = "jwt.eyJjYXJ0IjoiSEwxMDAxIn0.c2lnbmF0dXJl"

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"


def load_sample(name: str) -> dict[str, Any]:
    """One of the fake's sample payloads (taken from Locally's docs), decoded."""
    text = resources.files("locally.testing").joinpath("samples").joinpath(name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def fake_with_carts(count: int, *, seed: int = 7) -> FakeLocally:
    """A fake holding ``count`` generated carts and none of the docs' samples."""
    return FakeLocally(generated_carts=count, include_samples=False, seed=seed)


@contextlib.contextmanager
def backoff(initial: float, maximum: float) -> Iterator[None]:
    """Use other exponential backoff delays inside the block, and restore them after."""
    saved = (_constants.INITIAL_RETRY_DELAY, _constants.MAX_RETRY_DELAY)
    _constants.INITIAL_RETRY_DELAY, _constants.MAX_RETRY_DELAY = initial, maximum
    try:
        yield
    finally:
        _constants.INITIAL_RETRY_DELAY, _constants.MAX_RETRY_DELAY = saved


def everything_said_about(exc: BaseException) -> str:
    """All text an exception shows: traceback, repr, str and its attributes."""
    text = "".join(traceback.format_exception(exc))
    return text + repr(exc) + repr(getattr(exc, "request", None)) + str(vars(exc))


class Mode:
    """Runs the same scenario through the sync or the async client."""

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, fn: Callable[[Any], Any], **client_kwargs: Any) -> Any:
        client_kwargs.setdefault("api_token", TOKEN)
        client_kwargs.setdefault("base_url", BASE)
        if self.name == "sync":
            with Locally(**client_kwargs) as client:
                return fn(client)

        async def main() -> Any:
            async with AsyncLocally(**client_kwargs) as client:
                result = fn(client)
                if inspect.isawaitable(result):
                    result = await result
                return result

        return anyio.run(main)

    def collect(self, pager: Any) -> Any:
        """Turn a sync or async pager into a list (returns an awaitable for async)."""
        if self.name == "sync":
            return list(pager)

        async def gather() -> list[Any]:
            return [item async for item in pager]

        return gather()


class RecordingReceiver:
    """A webhook receiver on loopback that records what arrives, for ``locally listen`` tests.

    ``answer(n)`` decides the HTTP status of the n-th request (0-based); ``recorded`` holds
    ``(method, path, headers, body)`` of every request whose status was below 500 or that
    ``processed_before_failing`` says was processed before the failure.
    """

    def __init__(
        self,
        answer: Callable[[int], int] = lambda n: 200,
        processed_before_failing: Callable[[int], bool] = lambda n: False,
    ) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.recorded: list[tuple[str, str, dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._lock:
                    number = len(receiver.statuses)
                    status = answer(number)
                    receiver.statuses.append(status)
                    if status < 500 or processed_before_failing(number):
                        headers = {k.lower(): v for k, v in self.headers.items()}
                        receiver.recorded.append((self.command, self.path, headers, body))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_POST = do_PUT = _handle

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                """A listener killed mid-request resets its connection: expected here."""

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/locally/webhook"

    def __enter__(self) -> RecordingReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def bodies(self) -> list[dict[str, Any]]:
        """Every recorded body, decoded."""
        return [body for _, body in self.arrivals()]

    def arrivals(self) -> list[tuple[str, dict[str, Any]]]:
        """Every recorded request as (method, decoded body), in order."""
        with self._lock:
            return [(method, json.loads(body)) for method, _, _, body in self.recorded]


# -- fuzzing ---------------------------------------------------------------------------------

#: ``make fuzz`` multiplies every fuzz target's examples by this (LOCALLY_FUZZ_SCALE).
FUZZ_SCALE = max(1, int(os.environ.get("LOCALLY_FUZZ_SCALE", "1")))
#: Examples run per fuzz target in this session, reported at the end (tests/conftest.py).
FUZZ_EXAMPLES: dict[str, int] = {}

TestT = TypeVar("TestT", bound=Callable[..., Any])


def fuzz(examples: int) -> Callable[[TestT], TestT]:
    """Make a ``@given`` test a fuzz target: ``examples`` runs (x ``FUZZ_SCALE``), counted.

    Put it above ``@given``.  Each target asserts that only the SDK's own errors come out;
    ``make fuzz`` runs the targets alone (``-m fuzz``) with ``LOCALLY_FUZZ_SCALE`` set.
    """

    def decorate(test: TestT) -> TestT:
        handle = test.hypothesis  # type: ignore[attr-defined]
        inner = handle.inner_test
        name = f"{test.__module__}.{test.__name__}"

        @functools.wraps(inner)
        def counted(*args: Any, **kwargs: Any) -> Any:
            FUZZ_EXAMPLES[name] = FUZZ_EXAMPLES.get(name, 0) + 1
            return inner(*args, **kwargs)

        # Hypothesis calls whatever inner_test holds (pytest-trio swaps it the same way).
        handle.inner_test = counted
        configured = settings(
            max_examples=examples * FUZZ_SCALE,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )(test)
        marked: TestT = pytest.mark.fuzz(configured)
        return marked

    return decorate
