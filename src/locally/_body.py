"""Reading a reply's body within bounds: its decoded size, its deadline, its content coding.

The transports feed :class:`BodyReader` the raw bytes of a reply as they arrive
(``Response.iter_raw()``, which every httpx transport provides).  It decodes them itself with
``zlib``'s ``max_length``, so the body never grows past the limit in memory: httpx's own
decoders inflate each 64 KiB read whole, which a compression bomb turns into 64 MiB at once.
It reads the clock but does no I/O; the pipeline turns its exceptions into the SDK's errors.
"""

from __future__ import annotations

import time
import zlib

__all__ = ["BodyError", "BodyReader", "BodyTimedOut", "BodyTooLarge", "BodyUndecodable"]


class BodyError(Exception):
    """The body could not be read whole; never leaves the SDK (the pipeline maps it)."""


class BodyTooLarge(BodyError):
    """The decoded body went over the limit; reading stopped there."""


class BodyUndecodable(BodyError):
    """The body's content coding is corrupt, or one the SDK did not ask for."""


class BodyTimedOut(BodyError):
    """The body was still arriving when the attempt's deadline passed."""


class _Identity:
    """No content coding: bytes are the body."""

    def decode(self, data: bytes, room: int) -> bytes:
        return data

    def flush(self) -> bytes:
        return b""


class _Inflate:
    """gzip or deflate through zlib, producing at most ``room + 1`` bytes per call.

    A deflate body is zlib-wrapped by the standard but raw in some servers' hands; as httpx
    does, a failure on the very first bytes retries them as raw deflate.
    """

    def __init__(self, wbits: int, raw_fallback: bool = False) -> None:
        self._inflater = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback

    def decode(self, data: bytes, room: int) -> bytes:
        try:
            out = self._inflater.decompress(data, room + 1)
        except zlib.error as exc:
            if not self._raw_fallback:
                raise BodyUndecodable(f"corrupt compressed data ({exc})") from None
            self._raw_fallback = False
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.decode(data, room)
        self._raw_fallback = False
        return out

    def flush(self) -> bytes:
        try:
            return self._inflater.flush()
        except zlib.error as exc:
            raise BodyUndecodable(f"corrupt compressed data ({exc})") from None


def _decoder(content_encoding: str | None) -> _Identity | _Inflate:
    if not content_encoding:
        return _Identity()
    codings = [
        c.strip().lower()
        for c in (content_encoding or "").split(",")
        if c.strip() and c.strip().lower() != "identity"
    ]
    if not codings:
        return _Identity()
    if codings in (["gzip"], ["x-gzip"]):
        return _Inflate(zlib.MAX_WBITS | 16)
    if codings == ["deflate"]:
        return _Inflate(zlib.MAX_WBITS, raw_fallback=True)
    raise BodyUndecodable(
        f"the reply uses Content-Encoding {content_encoding!r}; the SDK asks for gzip or "
        "deflate only and decodes nothing else"
    )


class BodyReader:
    """Collects one reply's body, decoded, refusing more than ``limit`` bytes or a late finish.

    Args:
        content_encoding: The reply's ``Content-Encoding`` header, if any.
        limit: The most bytes the decoded body may have.
        deadline: A :func:`time.monotonic` time after which arriving bytes end the read.

    Raises:
        BodyUndecodable: At once, for a content coding the SDK does not decode.
    """

    def __init__(self, content_encoding: str | None, *, limit: int, deadline: float | None):
        self._decoder = _decoder(content_encoding)
        self._limit = limit
        self._deadline = deadline
        self._chunks: list[bytes] = []
        self._size = 0

    def _keep(self, decoded: bytes) -> None:
        self._size += len(decoded)
        if self._size > self._limit:
            raise BodyTooLarge(f"the body is larger than {self._limit} bytes")
        if decoded:
            self._chunks.append(decoded)

    def feed(self, raw: bytes) -> None:
        """Take the next raw bytes of the body."""
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise BodyTimedOut("the body was still arriving when the timeout ran out")
        self._keep(self._decoder.decode(raw, self._limit - self._size))

    def finish(self) -> bytes:
        """The whole decoded body, once the raw stream has ended."""
        self._keep(self._decoder.flush())
        return b"".join(self._chunks)
