"""A real HTTP/1.1 keep-alive server on loopback that answers with a ``FakeLocally``.

Used by ``FakeLocally.serve()`` so that tests and demos run the SDK over real sockets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

__all__ = ["serve"]

_HOP_BY_HOP = frozenset({"connection", "content-length", "transfer-encoding", "keep-alive"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Tests open and close many servers quickly; do not wait out TIME_WAIT.
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handle: Callable[[httpx.Request], httpx.Response]):
        super().__init__(address, _RequestHandler)
        self.handle_request_with = handle


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the body then waits
    # for the client's delayed ACK (about 40 ms per request on Linux keep-alive connections).
    disable_nagle_algorithm = True
    server: _Server

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
        response = self.server.handle_request_with(request)
        content = response.content
        self.send_response(response.status_code)
        for name, value in response.headers.items():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet; the fake records every request itself."""


@contextmanager
def serve(
    handle: Callable[[httpx.Request], httpx.Response], *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[str]:
    """Serve ``handle`` on ``host:port`` (port 0 picks a free one) and yield the base URL."""
    server = _Server((host, port), handle)
    thread = threading.Thread(target=server.serve_forever, name="locally-fake-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
