"""Fuzz the transport: any status, headers and body a server could send, and any failure.

Whatever comes back (through ``httpx.MockTransport``, pre-read or streamed, compressed or
not), a read, an update, an order and a headless call either return or raise one of the
SDK's own errors, which holds no secret and survives pickle.
"""

from __future__ import annotations

import gzip
import json
import pickle
import zlib
from collections.abc import Callable
from typing import Any

import anyio
import httpx
from hypothesis import given
from hypothesis import strategies as st

from locally import AsyncLocally, HeadlessSession, Locally, LocallyError
from tests.helpers import JWT, SESSION_ID, TOKEN, backoff, everything_said_about, fuzz

CUSTOMER = {"first_name": "Ana", "last_name": "Ito", "email": "a@example.com", "phone": "1"}
CALLS: dict[str, Callable[[Any], Any]] = {
    "read": lambda c: c.carts.retrieve("PDQE89"),
    "page": lambda c: c.carts.list_page(0),
    "update": lambda c: c.pushcart.refund("PDQE89", "012345678905", "1.50"),
    "order": lambda c: c.headless.place_bopis_order(
        HeadlessSession(session_id=SESSION_ID, cart_hash_jwt=JWT, cart_hash="HL1", hold=False),
        customer={**CUSTOMER, "address": "1 Main", "city": "X", "state": "CA", "zip": "1"},
        setup_intent_id="seti_1",
    ),
    "headless": lambda c: c.headless.retrieve(
        HeadlessSession(session_id=SESSION_ID, cart_hash_jwt=JWT, cart_hash="HL1")
    ),
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    *("status", "success", "data", "msg", "message", "error_code", "session"),
                    *("id", "cart_hash_jwt", "cart_hash", "properties", "carts", "items"),
                    "cart_content",
                ]
            )
            | st.text(max_size=6),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.just(json.dumps({"msg": f"echo {TOKEN} {JWT} {SESSION_ID}"}).encode()),
)
header_values = st.one_of(
    st.sampled_from(
        [
            *("soon", "1e400", "-3", "0", "nan", "Wed, 32 Oct 2015 25:61:00 GMT", "99999999999"),
            *("gzip", "deflate", "br", "gzip, gzip", "identity", "x-gzip", "zstd", ""),
            *("https://elsewhere.test/x", "/relative", "\u00b2", "application/json"),
        ]
    ),
    st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=30),
)
headers = st.dictionaries(
    st.sampled_from(
        [
            *("Retry-After", "Content-Encoding", "Content-Type", "Location", "X-Request-Id"),
            *("Locally-Pl-Jwt", "Set-Cookie"),
        ]
    ),
    header_values,
    max_size=4,
)
statuses = st.one_of(
    st.sampled_from([200, 201, 204, 301, 302, 307, 308, 400, 401, 404, 409, 429, 500, 503]),
    st.integers(100, 999),
)
failures = st.sampled_from(
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadTimeout,
        httpx.WriteTimeout,
        httpx.PoolTimeout,
        httpx.ReadError,
        httpx.WriteError,
        httpx.RemoteProtocolError,
        httpx.LocalProtocolError,
        httpx.ProxyError,
        httpx.UnsupportedProtocol,
    ]
)


@st.composite
def replies(draw: st.DrawFn) -> Callable[[httpx.Request], httpx.Response]:
    """A handler answering with a random reply, or failing as a network would."""
    if draw(st.integers(0, 9)) == 0:
        failure = draw(failures)

        def fail(request: httpx.Request) -> httpx.Response:
            raise failure(f"injected {TOKEN}", request=request)

        return fail
    status = draw(statuses)
    texts = draw(headers)
    # A server sends bytes; httpx would refuse non-ASCII text here, before the SDK saw it.
    fields = [(name.encode(), value.encode("latin-1")) for name, value in texts.items()]
    body = draw(bodies)
    coding = texts.get("Content-Encoding", "")
    if coding in ("gzip", "x-gzip") and draw(st.booleans()):
        body = gzip.compress(body)
    elif coding == "deflate" and draw(st.booleans()):
        body = zlib.compress(body)
    streamed = draw(st.booleans())
    pieces = draw(st.integers(1, 4))

    def answer(request: httpx.Request) -> httpx.Response:
        if not streamed:
            # Built with content=, httpx decodes it at once: a coding that does not decode
            # fails in the handler, as a transport that reads eagerly would.
            try:
                return httpx.Response(status, headers=fields, content=body)
            except httpx.DecodingError:
                raise httpx.ReadError("undecodable", request=request) from None
        size = max(1, len(body) // pieces)
        chunks = [body[i : i + size] for i in range(0, len(body), size)]
        return httpx.Response(status, headers=fields, stream=httpx.ByteStream(b"".join(chunks)))

    return answer


def _check(error: LocallyError, kind: str) -> None:
    """No secret the call sent survives in the error; it pickles."""
    text = everything_said_about(error)
    data = pickle.dumps(error)
    sent = (TOKEN, JWT, SESSION_ID) if kind in ("order", "headless") else (TOKEN,)
    for secret in sent:
        assert secret not in text
        assert secret.encode() not in data
    assert type(pickle.loads(data)) is type(error)


OPTIONS: dict[str, Any] = {
    "api_token": TOKEN,
    "base_url": "https://api.test",
    "max_retries": 1,
    "max_retry_after": 0,  # a positive Retry-After raises at once instead of sleeping
    "max_response_bytes": 4096,
}


@fuzz(300)
@given(answer=replies(), kind=st.sampled_from(sorted(CALLS)))
def test_sync_client_raises_only_its_own_errors(
    answer: Callable[[httpx.Request], httpx.Response], kind: str
) -> None:
    transport = httpx.MockTransport(answer)
    with backoff(0, 0), Locally(http_client=httpx.Client(transport=transport), **OPTIONS) as c:
        try:
            CALLS[kind](c)
        except LocallyError as exc:
            _check(exc, kind)


@fuzz(150)
@given(answer=replies(), kind=st.sampled_from(sorted(CALLS)))
def test_async_client_raises_only_its_own_errors(
    answer: Callable[[httpx.Request], httpx.Response], kind: str
) -> None:
    async def main() -> None:
        transport = httpx.MockTransport(answer)
        async with AsyncLocally(
            http_client=httpx.AsyncClient(transport=transport), **OPTIONS
        ) as client:
            try:
                await CALLS[kind](client)
            except LocallyError as exc:
                _check(exc, kind)

    with backoff(0, 0):
        anyio.run(main)
