"""A raw-socket HTTP/1.1 server on loopback that answers however a test tells it to.

``FakeLocally.serve()`` speaks correct HTTP; a hostile server does not: it drips a body one
byte at a time, never ends one, sends a compression bomb or a corrupt one, redirects
elsewhere.  Each test gives a ``Behaviour``: a function that receives the request head and
body and writes whatever bytes it likes to the socket.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field

import httpx

__all__ = ["Behaviour", "HostileServer", "Received", "Reply", "Sink", "hostile_server", "reply"]


@dataclass(frozen=True)
class Received:
    """One request as the server read it."""

    head: bytes
    body: bytes

    @property
    def request_line(self) -> str:
        return self.head.split(b"\r\n", 1)[0].decode("latin-1")

    def header(self, name: str) -> str | None:
        for line in self.head.split(b"\r\n")[1:]:
            key, _, value = line.partition(b":")
            if key.strip().lower() == name.lower().encode():
                return value.strip().decode("latin-1")
        return None


class Sink:
    """The connection as a behaviour sees it: it writes, and what it wrote is counted."""

    def __init__(self, conn: socket.socket) -> None:
        self._conn = conn
        #: Bytes handed to the kernel so far.
        self.sent = 0

    def sendall(self, data: bytes) -> None:
        self._conn.sendall(data)
        self.sent += len(data)


Behaviour = Callable[[Sink, Received], None]


def reply(
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    reason: str = "Whatever",
) -> bytes:
    """A complete HTTP/1.1 reply (closing the connection) as bytes."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    fields = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}
    lines += [f"{name}: {value}" for name, value in fields.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class HostileServer:
    """What a running hostile server saw; ``url`` is its base URL."""

    url: str
    requests: list[Received] = field(default_factory=list[Received])
    #: Bytes the behaviour managed to write before the client went away, per connection.
    bytes_sent: list[int] = field(default_factory=list[int])


def _read_request(conn: socket.socket) -> Received | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return Received(head, body)


@contextlib.contextmanager
def hostile_server(behaviour: Behaviour) -> Iterator[HostileServer]:
    """Serve ``behaviour`` on 127.0.0.1 (a free port) until the block ends."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    server = HostileServer(f"http://127.0.0.1:{listener.getsockname()[1]}")
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        sink = Sink(conn)
        with conn:
            try:
                received = _read_request(conn)
                if received is None:
                    return
                server.requests.append(received)
                behaviour(sink, received)
            except OSError:
                pass  # the client hung up: what a hostile body is meant to provoke
            finally:
                server.bytes_sent.append(sink.sent)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() at once
        thread.join(timeout=5)
        listener.close()


@dataclass(frozen=True)
class Reply:
    """A reply to send the same way over a socket and through ``httpx.MockTransport``.

    ``chunks`` builds the body pieces afresh for each request (it may never end); ``pause``
    is slept before each piece.  Without ``chunked`` the body's total length is sent as
    ``Content-Length`` (so ``chunks`` must end); with it, chunked transfer coding is used.
    """

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    chunks: Callable[[], Iterable[bytes]] = lambda: ()
    pause: float = 0.0
    chunked: bool = False

    def behaviour(self) -> Behaviour:
        """Write this reply to a socket, pausing between pieces."""

        def write(sink: Sink, _: Received) -> None:
            head = [f"HTTP/1.1 {self.status} Hostile", "Connection: close"]
            head += [f"{name}: {value}" for name, value in self.headers]
            pieces: Iterable[bytes] = self.chunks()
            if self.chunked:
                head.append("Transfer-Encoding: chunked")
            else:
                pieces = [b"".join(pieces)]
                head.append(f"Content-Length: {len(pieces[0])}")
            sink.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            for piece in pieces if self.pause == 0 else _one_byte_pieces(pieces):
                if self.pause:
                    time.sleep(self.pause)
                sink.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if self.chunked else piece)
            if self.chunked:
                sink.sendall(b"0\r\n\r\n")

        return write

    def response(self) -> httpx.Response:
        """This reply for ``httpx.MockTransport``, its body streamed and not yet decoded."""
        stream = _Pieces(self.chunks, self.pause)
        # Bytes, as a server sends them (httpx would refuse non-ASCII text here).
        fields = [(name.encode(), value.encode("latin-1")) for name, value in self.headers]
        return httpx.Response(self.status, headers=fields, stream=stream)


def _one_byte_pieces(pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        for index in range(len(piece)):
            yield piece[index : index + 1]


class _Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body for either client, produced piece by piece, with a pause before each."""

    def __init__(self, chunks: Callable[[], Iterable[bytes]], pause: float) -> None:
        self._chunks = chunks
        self._pause = pause

    def _pieces(self) -> Iterable[bytes]:
        return _one_byte_pieces(self._chunks()) if self._pause else self._chunks()

    def __iter__(self) -> Iterator[bytes]:
        for piece in self._pieces():
            if self._pause:
                time.sleep(self._pause)
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import anyio

        for piece in self._pieces():
            if self._pause:
                await anyio.sleep(self._pause)
            yield piece
