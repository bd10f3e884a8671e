"""A real HTTP/1.1 keep-alive server on loopback that answers with a ``FakeLocally``.

Used by ``FakeLocally.serve()`` so that tests and demos run the SDK over real sockets.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from ._faults import Delivery, DeliveryMode

__all__ = ["serve"]

_HOP_BY_HOP = frozenset({"connection", "content-length", "transfer-encoding", "keep-alive"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Tests open and close many servers quickly; do not wait out TIME_WAIT.
    allow_reuse_address = True
    # socketserver's default backlog of 5 drops the SYNs of a burst of new connections (many
    # concurrent tasks, several processes), and each dropped one costs the client a second.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], respond: Callable[[httpx.Request], Delivery]):
        super().__init__(address, _RequestHandler)
        self.respond = respond


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the body then waits
    # for the client's delayed ACK (about 40 ms per request on Linux keep-alive connections).
    disable_nagle_algorithm = True
    server: _Server  # pyright: ignore[reportIncompatibleVariableOverride]

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host, port = self.server.server_address[:2]
        request = httpx.Request(
            self.command,
            f"http://{host!s}:{port}{self.path}",
            headers=list(self.headers.items()),
            content=body,
        )
        delivery = self.server.respond(request)
        if delivery.latency:
            time.sleep(delivery.latency)
        if delivery.mode is DeliveryMode.DROP_BEFORE_RESPONSE:
            self.close_connection = True
            return
        response = delivery.response
        content = response.content
        self.send_response(response.status_code)
        for name, value in response.headers.items():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if delivery.mode is DeliveryMode.DROP_MID_BODY:
            self.wfile.write(content[: len(content) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if delivery.mode is DeliveryMode.SLOW_BODY:
            self._trickle(content, delivery.slow_seconds)
            return
        self.wfile.write(content)

    def _trickle(self, content: bytes, seconds: float, pieces: int = 10) -> None:
        step = max(1, -(-len(content) // pieces))
        for start in range(0, len(content), step):
            time.sleep(seconds / pieces)
            try:
                self.wfile.write(content[start : start + step])
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up (read timeout); that is the point of this fault.
                self.close_connection = True
                return

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet; the fake records every request itself."""


@contextmanager
def serve(
    respond: Callable[[httpx.Request], Delivery], *, host: str = "127.0.0.1", port: int = 0
) -> Generator[str, None, None]:
    """Serve ``respond`` on ``host:port`` (port 0 picks a free one) and yield the base URL."""
    server = _Server((host, port), respond)
    thread = threading.Thread(target=server.serve_forever, name="locally-fake-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
