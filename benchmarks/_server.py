"""A minimal aiohttp HTTP server for the concurrency benchmark, run in its own process.

``python -m benchmarks._server BODY_FILE`` answers every GET with the bytes of ``BODY_FILE``
(a cart as the fake serves it) and prints its port; the client side is then the only Python
work in the benchmark's own process, which is what ``time.process_time()`` measures there.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from aiohttp import web


def main() -> None:
    body = Path(sys.argv[1]).read_bytes()

    async def answer(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/{tail:.*}", answer)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    web.run_app(app, sock=sock, access_log=None, print=None, backlog=2048)


if __name__ == "__main__":
    main()
