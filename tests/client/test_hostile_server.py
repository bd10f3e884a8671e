"""Hostile servers: whatever comes back, the caller gets one of the SDK's errors, and no secret.

Each case runs over a real loopback socket (a raw server in ``tests/client/hostile.py``) and
through ``httpx.MockTransport``, with the sync and the async client, for a read, an
idempotent update and an order (which must never be sent twice).  docs/reliability.md has
the table of what was tried and what the caller gets.
"""

from __future__ import annotations

import gzip
import json
import pickle
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import pytest

from locally import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncLocally,
    BadRequestError,
    HeadlessSession,
    InternalServerError,
    Locally,
    LocallyError,
    OrderOutcomeUnknownError,
    RateLimitError,
    RedirectError,
    ResponseTooLargeError,
)
from tests.client.hostile import Reply, hostile_server
from tests.helpers import TOKEN, everything_said_about

JWT = "jwt.hostile-cart-token-0123456789abcdef"
SESSION_ID = "sess_hostile_0123456789abcdef"
SECRETS = (TOKEN, JWT, SESSION_ID)
CUSTOMER = {"first_name": "Ana", "last_name": "Ito", "email": "a@example.com", "phone": "1"}
JSON = (("Content-Type", "application/json"),)

CALLS: dict[str, Callable[[Any], Any]] = {
    "read": lambda c: c.carts.retrieve("PDQE89"),
    "update": lambda c: c.pushcart.confirm("PDQE89", "012345678905"),
    "order": lambda c: c.headless.place_ropis_order(
        HeadlessSession(session_id=SESSION_ID, cart_hash_jwt=JWT, cart_hash="HL1", hold=True),
        customer=CUSTOMER,
    ),
}


def _body(data: bytes) -> Callable[[], list[bytes]]:
    return lambda: [data]


def _endless() -> Iterator[bytes]:
    while True:
        yield b"[" * 65536


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    """1 GiB of zeros, gzip-compressed to about 1 MiB (built once per session)."""
    if not _BOMB:
        packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        block = bytes(1 << 20)
        _BOMB.append(b"".join([*(packer.compress(block) for _ in range(1024)), packer.flush()]))
    return _BOMB[0]


@dataclass(frozen=True)
class Case:
    """A hostile reply and, per call kind, the error the caller gets and the requests made."""

    name: str
    reply: Reply
    read: tuple[type[LocallyError], int]
    order: tuple[type[LocallyError], int]
    options: tuple[tuple[str, Any], ...] = ()


GZIP = ("Content-Encoding", "gzip")
CASES = [
    Case(
        "Retry-After: soon",
        Reply(503, (*JSON, ("Retry-After", "soon")), _body(b'{"message": "busy"}')),
        read=(InternalServerError, 2),
        order=(OrderOutcomeUnknownError, 1),
    ),
    Case(
        "Retry-After: impossible date",
        Reply(429, (("Retry-After", "Wed, 32 Oct 2015 25:61:00 GMT"),), _body(b"{}")),
        read=(RateLimitError, 2),
        order=(RateLimitError, 1),
    ),
    Case(
        "Retry-After: endless number",
        Reply(429, (("Retry-After", "1" * 400),), _body(b"{}")),
        read=(RateLimitError, 2),
        order=(RateLimitError, 1),
    ),
    Case(
        "corrupt gzip body",
        Reply(200, (*JSON, GZIP), _body(b"\x1f\x8b\x08\x00not really gzip at all")),
        read=(APIResponseValidationError, 1),
        order=(OrderOutcomeUnknownError, 1),
    ),
    Case(
        "Content-Encoding the SDK did not ask for (br)",
        Reply(200, (*JSON, ("Content-Encoding", "br")), _body(b"\x0b\x02\x80{}\x03")),
        read=(APIResponseValidationError, 1),
        order=(OrderOutcomeUnknownError, 1),
    ),
    Case(
        "gzip bomb: 1 MiB on the wire, 1 GiB decoded",
        Reply(200, (*JSON, GZIP), lambda: [_bomb()]),
        read=(ResponseTooLargeError, 1),
        order=(OrderOutcomeUnknownError, 1),
    ),
    Case(
        "a body that never ends",
        Reply(200, JSON, _endless, chunked=True),
        read=(ResponseTooLargeError, 1),
        order=(OrderOutcomeUnknownError, 1),
    ),
    Case(
        "a body dripping one byte every 50 ms (timeout 0.5 s)",
        Reply(200, JSON, _body(b'{"status": true}' + b" " * 200), pause=0.05),
        read=(APITimeoutError, 2),
        order=(OrderOutcomeUnknownError, 1),
        options=(("timeout", 0.5),),
    ),
    Case(
        "JSON nested 100,000 deep in a 200",
        Reply(200, JSON, _body(b"[" * 100_000 + b"]" * 100_000)),
        read=(APIResponseValidationError, 1),
        order=(OrderOutcomeUnknownError, 1),
    ),
    Case(
        "JSON nested 100,000 deep in a 400",
        Reply(400, JSON, _body(b'{"msg": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")),
        read=(BadRequestError, 1),
        order=(BadRequestError, 1),
    ),
    Case(
        "a redirect whose Location httpx cannot parse",
        Reply(302, (("Location", "https:elsewhere"),), _body(b"{}")),
        read=(APIConnectionError, 2),
        order=(OrderOutcomeUnknownError, 1),
    ),
    Case(
        "an error echoing the token, session id and JWT",
        Reply(
            400,
            JSON,
            _body(
                json.dumps(
                    {
                        "msg": f"bad headers {TOKEN} {SESSION_ID} {JWT}",
                        "data": {"session": {"id": SESSION_ID}, "cart_hash_jwt": JWT},
                        "error_code": "\u00b2",
                    }
                ).encode()
            ),
        ),
        read=(BadRequestError, 1),
        order=(BadRequestError, 1),
    ),
]


# The clients: sync, async on httpx's transport, async on the aiohttp backend.
FLAVOURS = ["sync", "async", "aiohttp"]
# How replies reach them: a raw socket server on loopback, or an httpx.MockTransport (which
# replaces the backend, so the aiohttp backend meets hostile replies over loopback only).
ROUTES = [("loopback", name) for name in FLAVOURS] + [("mock", "sync"), ("mock", "async")]


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _call(
    flavour: str, way: str, reply: Reply, kind: str, **options: Any
) -> tuple[BaseException, int, float]:
    """Make the call against ``reply``; return the exception, the requests seen, the time."""
    options = {"max_retries": 1, "timeout": 5.0, **options}
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return reply.response()

    def run(base_url: str, transport: httpx.MockTransport | None) -> BaseException:
        if flavour == "sync":
            sync_http = httpx.Client(transport=transport) if transport else None
            with Locally(api_token=TOKEN, base_url=base_url, http_client=sync_http, **options) as c:
                try:
                    CALLS[kind](c)
                except LocallyError as exc:
                    return exc
                finally:
                    if sync_http is not None:
                        sync_http.close()
            raise AssertionError("the call succeeded")

        async def main() -> BaseException:
            async_http = httpx.AsyncClient(transport=transport) if transport else None
            backend = "aiohttp" if flavour == "aiohttp" else "httpx"
            async with AsyncLocally(
                api_token=TOKEN,
                base_url=base_url,
                http_client=async_http,
                http_backend=backend,
                **options,
            ) as c:
                try:
                    await CALLS[kind](c)
                except LocallyError as exc:
                    return exc
                finally:
                    if async_http is not None:
                        await async_http.aclose()
            raise AssertionError("the call succeeded")

        return anyio.run(main)

    started = time.monotonic()
    if way == "mock":
        error = run("https://api.test", httpx.MockTransport(handler))
        return error, len(seen), time.monotonic() - started
    with hostile_server(reply.behaviour()) as server:
        error = run(server.url, None)
        return error, len(server.requests), time.monotonic() - started


def _assert_no_secret(error: BaseException) -> None:
    text = everything_said_about(error)
    pickled = pickle.dumps(error)
    for secret in SECRETS:
        assert secret not in text
        assert secret.encode() not in pickled
    assert error.__cause__ is None
    assert error.__context__ is None
    copy = pickle.loads(pickled)
    assert type(copy) is type(error)
    assert str(copy) == str(error)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("way", "flavour"), ROUTES)
@pytest.mark.parametrize("kind", ["read", "update", "order"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_reply(case: Case, kind: str, way: str, flavour: str, no_backoff: None) -> None:
    expected, requests = case.order if kind == "order" else case.read
    error, seen, seconds = _call(flavour, way, case.reply, kind, **dict(case.options))
    assert type(error) is expected, repr(error)
    assert seen == requests
    _assert_no_secret(error)
    timeout = dict(case.options).get("timeout")
    if timeout is not None:
        # Each attempt ends within its timeout (plus one piece of body on the sync side).
        assert seconds < requests * (timeout + 0.3) + 0.5
    if isinstance(error, OrderOutcomeUnknownError):
        assert "resolve_order(session)" in str(error)
        assert error.cart_hash == "HL1"
        assert isinstance(error.cause, LocallyError)


@pytest.mark.parametrize("case", CASES[:3], ids=[c.name for c in CASES[:3]])
def test_unreadable_retry_after_is_no_retry_after(case: Case, no_backoff: None) -> None:
    error, _, _ = _call("sync", "mock", case.reply, "read")
    assert isinstance(error, (RateLimitError, InternalServerError))
    assert error.retry_after is None


@pytest.mark.parametrize(("way", "flavour"), ROUTES)
@pytest.mark.parametrize("case", CASES[5:7], ids=[c.name for c in CASES[5:7]])
def test_oversized_bodies_stop_at_the_limit(case: Case, way: str, flavour: str) -> None:
    limit = 1 << 20
    _bomb()  # built before measuring
    tracemalloc.start()
    try:
        error, _, _ = _call(flavour, way, case.reply, "read", max_response_bytes=limit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(error, ResponseTooLargeError)
    assert error.limit == limit
    assert "max_response_bytes (1,048,576 bytes decoded)" in str(error)
    assert "Raise max_response_bytes=" in str(error)
    # Read no further than the limit: a few buffers, never the gigabyte.
    assert peak < 8 * limit


def test_the_default_limit_refuses_the_gzip_bomb_early() -> None:
    bomb = CASES[5]
    tracemalloc.start()
    try:
        error, _, _ = _call("sync", "mock", bomb.reply, "read")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(error, ResponseTooLargeError)
    assert error.limit == 4 * 1024 * 1024
    assert peak < 24 * 1024 * 1024


def test_a_large_body_under_a_raised_limit_is_read() -> None:
    payload = json.dumps({"status": True, "message": "x" * (5 << 20)}).encode()
    reply = Reply(200, (*JSON, GZIP), _body(gzip.compress(payload)))
    with Locally(
        api_token=TOKEN,
        base_url="https://api.test",
        max_response_bytes=8 << 20,
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: reply.response())),
    ) as client:
        raw = client.pushcart.with_raw_response.confirm("PDQE89", "012345678905")
    assert raw.parse().status is True
    assert len(raw.http_response.content) == len(payload)
    assert "content-encoding" not in raw.headers


def test_an_error_status_over_the_limit_keeps_its_status() -> None:
    reply = Reply(503, JSON, _endless, chunked=True)
    error, seen, _ = _call("sync", "mock", reply, "read", max_response_bytes=1000)
    assert isinstance(error, InternalServerError)
    assert seen == 2  # a 503 is still retried
    assert "max_response_bytes" in str(error)
    order, seen, _ = _call("sync", "mock", reply, "order", max_response_bytes=1000)
    assert isinstance(order, OrderOutcomeUnknownError)
    assert seen == 1


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("kind", ["read", "update", "order"])
def test_redirects_are_never_followed(status: int, kind: str, flavour: str) -> None:
    """Even a caller's client with follow_redirects=True sends nothing to the other origin."""
    with hostile_server(Reply(200, JSON, _body(b'{"status": true}')).behaviour()) as elsewhere:
        target = f"{elsewhere.url}/steal?token=1"
        redirect = Reply(status, (("Location", target), *JSON), _body(b"{}"))
        with hostile_server(redirect.behaviour()) as origin:
            if flavour == "sync":
                http = httpx.Client(follow_redirects=True)
                with (
                    Locally(api_token=TOKEN, base_url=origin.url, http_client=http) as client,
                    pytest.raises(LocallyError) as info,
                ):
                    CALLS[kind](client)
                http.close()
            elif flavour == "async":

                async def main() -> None:
                    async with httpx.AsyncClient(follow_redirects=True) as http:
                        client = AsyncLocally(
                            api_token=TOKEN, base_url=origin.url, http_client=http
                        )
                        await CALLS[kind](client)

                with pytest.raises(LocallyError) as info:
                    anyio.run(main)
            else:

                async def main() -> None:
                    async with AsyncLocally(
                        api_token=TOKEN, base_url=origin.url, http_backend="aiohttp"
                    ) as client:
                        await CALLS[kind](client)

                with pytest.raises(LocallyError) as info:
                    anyio.run(main)
            assert len(origin.requests) == 1
        assert elsewhere.requests == []
    error = info.value
    redirect_error = error.cause if isinstance(error, OrderOutcomeUnknownError) else error
    assert isinstance(redirect_error, RedirectError)
    assert isinstance(error, OrderOutcomeUnknownError) == (kind == "order")
    assert redirect_error.status_code == status
    assert redirect_error.location == target
    assert "was not followed" in str(redirect_error)
    _assert_no_secret(error)


def test_oversized_headers_are_a_connection_error(flavour: str, no_backoff: None) -> None:
    huge = Reply(200, (*JSON, ("X-Padding", "x" * 200_000)), _body(b"{}"))
    for kind, expected in (("read", APIConnectionError), ("order", OrderOutcomeUnknownError)):
        error, _, _ = _call(flavour, "loopback", huge, kind)
        assert isinstance(error, expected)
        _assert_no_secret(error)


@pytest.mark.parametrize("status", [100, 101, 199, 600, 999])
def test_statuses_outside_the_standard_ones(status: int, no_backoff: None) -> None:
    reply = Reply(status, JSON, _body(b'{"status": true}'))
    for kind in ("read", "order"):
        with (
            Locally(
                api_token=TOKEN,
                base_url="https://api.test",
                max_retries=0,
                http_client=httpx.Client(transport=httpx.MockTransport(lambda r: reply.response())),
            ) as client,
            pytest.raises(LocallyError) as info,
        ):
            CALLS[kind](client)
        if kind == "order":
            assert isinstance(info.value, OrderOutcomeUnknownError)
        elif status < 200:
            assert isinstance(info.value, APIResponseValidationError)
        else:
            assert isinstance(info.value, InternalServerError)


@pytest.mark.parametrize("flavour_name", FLAVOURS)
def test_timeout_2_against_a_byte_a_second_ends_in_seconds_not_minutes(flavour_name: str) -> None:
    """The case from the issue: before, timeout=2 waited 115 s for such a body."""
    drip = Reply(200, JSON, _body(b'{"status": true}' + b" " * 100), pause=1.0)
    started = time.monotonic()
    error, seen, _ = _call(flavour_name, "loopback", drip, "read", timeout=2.0, max_retries=0)
    elapsed = time.monotonic() - started
    assert isinstance(error, APITimeoutError)
    assert "beyond the client's timeout of 2 s" in str(error)
    assert seen == 1
    assert elapsed < 3.5


def test_a_refused_body_gives_its_connection_back(flavour: str) -> None:
    """With a pool of one connection, a second refused body still gets a connection.

    A body abandoned at the limit must close its stream before the error is built; a stream
    left open holds the pool's only connection, and the next call then times out waiting.
    """
    endless = next(case for case in CASES if case.name == "a body that never ends")
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    options: dict[str, Any] = {"api_token": TOKEN, "max_retries": 0, "timeout": 2.0}
    with hostile_server(endless.reply.behaviour()) as server:
        errors: list[LocallyError] = []
        if flavour == "sync":
            http = httpx.Client(limits=one, timeout=httpx.Timeout(2.0, pool=0.5))
            with Locally(base_url=server.url, http_client=http, **options) as client:
                for _ in range(2):
                    with pytest.raises(LocallyError) as info:
                        CALLS["read"](client)
                    errors.append(info.value)
            http.close()
        else:
            backend = "aiohttp" if flavour == "aiohttp" else "httpx"

            async def main() -> None:
                async with AsyncLocally(
                    base_url=server.url, http_backend=backend, pool_limits=one, **options
                ) as client:
                    for _ in range(2):
                        with anyio.fail_after(5), pytest.raises(LocallyError) as info:
                            await CALLS["read"](client)
                        errors.append(info.value)

            anyio.run(main)
        assert [type(error) for error in errors] == [ResponseTooLargeError] * 2
        assert len(server.requests) == 2
