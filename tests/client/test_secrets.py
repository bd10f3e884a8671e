"""Exceptions are safe to keep and ship, and every secret is a secret, not only the token.

The secrets: the API token, the headless session id and cart JWT, a password in base_url, and
(for personal data) what a customer typed.  None of them may be reachable from an exception
(request, response, response.request, cause, context, pickle bytes), a log record or a repr.
"""

from __future__ import annotations

import gc
import logging
import pickle
import types
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import httpx
import pytest
import respx

import locally
from locally import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIResultError,
    APIStatusError,
    APITimeoutError,
    CartError,
    CartUpdateError,
    CheckpointError,
    ClientClosedError,
    ConfigurationError,
    FeedError,
    FeedFileError,
    FeedRowValidationError,
    HeadlessSession,
    InvalidTransitionError,
    Locally,
    LocallyError,
    ModelValidationError,
    NotFoundError,
    OrderOutcomeUnknownError,
    PaginationError,
    RateLimiterError,
    RedirectError,
    RequestValidationError,
    ResponseTooLargeError,
    WebhookAuthenticationError,
    WebhookError,
    WebhookVerificationError,
)
from locally.feeds import FeedRowError
from tests.helpers import BASE, JWT, SESSION_ID, TOKEN, Mode, everything_said_about

H = f"{BASE}/headless/api/1.0"
PASSWORD = "gateway_pass_9f8e7d6c"
SECRETS = (TOKEN, JWT, SESSION_ID, PASSWORD)
CUSTOMER = {"first_name": "Ana", "last_name": "Ito", "email": "a@example.com", "phone": "1"}


def _session() -> HeadlessSession:
    return HeadlessSession(session_id=SESSION_ID, cart_hash_jwt=JWT, cart_hash="HL1", hold=True)


def _exchange(status: int = 400, body: bytes | None = None) -> httpx.Response:
    """A reply to a headless request that carried every secret, echoing them all back."""
    request = httpx.Request(
        "POST",
        f"{H}/cart/order",
        headers={
            "Locally-API-Token": TOKEN,
            "Locally-Api-Session-Id": SESSION_ID,
            "Locally-Pl-Jwt": JWT,
            "Authorization": f"Basic {PASSWORD}",
        },
    )
    echoed = body or (
        b'{"success": false, "msg": "bad token %s for %s", "error_code": 1206, '
        b'"data": {"session": {"id": "%s"}, "cart_hash_jwt": "%s"}}'
        % (TOKEN.encode(), JWT.encode(), SESSION_ID.encode(), JWT.encode())
    )
    return httpx.Response(
        status,
        content=echoed,
        headers={"X-Request-Id": "req_1", "Locally-Pl-Jwt": JWT, "Location": f"/x?s={JWT}"},
        request=request,
    )


def _every_error() -> dict[type[LocallyError], LocallyError]:
    """One error of every class the SDK exports, built as the SDK builds it."""
    reply = _exchange()
    request = reply.request
    cause = locally.InternalServerError("POST /order: HTTP 500", response=_exchange(500))
    built: list[LocallyError] = [
        ConfigurationError("No Locally API token"),
        ClientClosedError("Cannot send a request: the client has been closed."),
        RateLimiterError(
            "The rate limiter's storage redis://:***@127.0.0.1:6379 failed (ConnectionError); "
            "the request was not sent."
        ),
        PaginationError("stopped after 40 pages"),
        CartUpdateError("HL1", {"012345678905": NotFoundError("x", response=reply)}, total=2),
        WebhookError("invalid CartHandoff webhook: items.0.quantity", field="items.0.quantity"),
        WebhookAuthenticationError("the locally-webhook-token header is missing"),
        WebhookVerificationError("the webhook names cart HL1, which the API does not know"),
        FeedError("1 problems", [FeedRowError(2, "upc", "1", "not a UPC")]),
        FeedFileError("cannot open feed 'feed.csv': [Errno 2] No such file or directory"),
        CheckpointError("cannot open the checkpoint 'events.sqlite3': locked"),
        FeedRowValidationError("invalid row: qty", field="qty", errors=["qty: negative"]),
        ModelValidationError("CartDetail", [("items.0.qty", "Input should be a valid integer")]),
        RequestValidationError("upc must be digits", field="upc", value="12a"),
        InvalidTransitionError("confirmed -> received", current="confirmed", target="received"),
        APIError("POST /order failed", request=request, body={"token": TOKEN}),
        APIConnectionError(f"Connection error: {TOKEN}", request=request),
        APITimeoutError(request=request),
        APIResponseValidationError("not JSON", response=reply, body=f"<html>{JWT}</html>"),
        ResponseTooLargeError("too large", response=reply, limit=4096),
        APIResultError("status false", response=reply, body={"message": SESSION_ID}),
        CartError("cart error", response=reply, cart_error=f"no session {SESSION_ID}"),
        RedirectError("HTTP 302 redirect was not followed", response=_exchange(302)),
        OrderOutcomeUnknownError("may or may not", request=request, cause=cause),
    ]
    for status_class in [
        cls
        for name in locally.__all__
        if isinstance(cls := getattr(locally, name), type)
        and issubclass(cls, APIStatusError)
        and cls is not RedirectError
    ]:
        built.append(
            status_class(
                f"POST /order: HTTP 400 bad token {TOKEN}",
                response=reply,
                body={"msg": f"bad token {TOKEN}", "data": {"cart_hash_jwt": JWT}},
                error_code=1206,
                msg=f"bad token {TOKEN} {JWT}",
                retry_after=1.5,
            )
        )
    return {type(error): error for error in built}


EVERY_ERROR = _every_error()


def test_every_exported_error_class_is_covered() -> None:
    exported = {
        cls
        for name in locally.__all__
        if isinstance(cls := getattr(locally, name), type) and issubclass(cls, LocallyError)
    }
    assert exported - {LocallyError} <= set(EVERY_ERROR)


def _state(error: BaseException) -> dict[str, Any]:
    """What an error holds, comparable across a pickle round trip."""
    state: dict[str, Any] = {"str": str(error), "args": error.args}
    for name, value in vars(error).items():
        if isinstance(value, httpx.Request):
            state[name] = (value.method, str(value.url), value.headers.multi_items())
        elif isinstance(value, httpx.Response):
            state[name] = (value.status_code, value.headers.multi_items(), value.content)
            state[f"{name}.request"] = (str(value.request.url), value.request.headers.multi_items())
        elif isinstance(value, BaseException):
            state[name] = _state(value)
        elif isinstance(value, dict) and any(isinstance(v, BaseException) for v in value.values()):
            state[name] = {k: _state(v) for k, v in value.items()}
        else:
            state[name] = value
    return state


@pytest.mark.parametrize("error", EVERY_ERROR.values(), ids=lambda e: type(e).__name__)
def test_every_error_survives_pickle_and_holds_no_secret(error: LocallyError) -> None:
    data = pickle.dumps(error)
    for secret in SECRETS:
        assert secret.encode() not in data
        assert secret not in everything_said_about(error)
    copy = pickle.loads(data)
    assert type(copy) is type(error)
    assert _state(copy) == _state(error)


def test_api_errors_keep_redacted_copies() -> None:
    error = EVERY_ERROR[NotFoundError]
    assert isinstance(error, NotFoundError)
    assert error.request is not None
    assert error.request.headers["Locally-API-Token"] == "<redacted>"
    assert error.request.headers["Locally-Pl-Jwt"] == "<redacted>"
    assert error.request.headers["Locally-Api-Session-Id"] == "<redacted>"
    assert error.request.headers["Authorization"] == "<redacted>"
    assert error.response.request is error.request
    assert error.response.headers["Locally-Pl-Jwt"] == "<redacted>"
    assert error.response.json()["data"] == {
        "session": {"id": "<redacted>"},
        "cart_hash_jwt": "<redacted>",
    }
    assert error.msg == "bad token <redacted> <redacted>"
    assert error.request_id == "req_1"
    assert error.status_code == 400


_SKIPPED = (
    *(type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType),
    *(types.CodeType, types.FrameType, types.TracebackType, types.MethodType),
)


def _reachable_text(root: object) -> Iterator[str]:
    """Every str and bytes reachable from ``root`` (classes, code and frames left out)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or isinstance(node, _SKIPPED):
            continue
        seen.add(id(node))
        if isinstance(node, str):
            yield node
        elif isinstance(node, (bytes, bytearray)):
            yield bytes(node).decode("latin-1")
        else:
            stack.extend(gc.get_referents(node))


def _failing_calls() -> list[tuple[str, Callable[[Any], Any], Any]]:
    """(name, call, what the mocked API does) for failures reached through real calls."""
    order = lambda c: c.headless.place_ropis_order(_session(), customer=CUSTOMER)  # noqa: E731
    retrieve = lambda c: c.headless.retrieve(_session())  # noqa: E731
    return [
        ("404 echoing secrets", retrieve, _exchange(404)),
        ("500 on an order", order, _exchange(500)),
        ("dropped connection on an order", order, httpx.RemoteProtocolError("dropped")),
        ("connect error", retrieve, httpx.ConnectError(f"refused {TOKEN} {JWT}")),
        ("read timeout", retrieve, httpx.ReadTimeout("slow")),
        ("garbled 200 on an order", order, httpx.Response(200, content=JWT.encode())),
        ("cart error", retrieve, _exchange(200)),
        ("redirect", retrieve, _exchange(307)),
    ]


@pytest.mark.parametrize(("name", "call", "outcome"), _failing_calls(), ids=lambda x: x)
def test_nothing_reachable_from_an_error_holds_a_secret(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None, name: str, call: Any, outcome: Any
) -> None:
    route = respx_mock.route(host="gateway.test")
    if isinstance(outcome, httpx.Response):
        route.respond(outcome.status_code, content=outcome.content, headers=outcome.headers)
    else:
        route.mock(side_effect=outcome)
    with pytest.raises(LocallyError) as info:
        mode.run(call, base_url=f"https://user:{PASSWORD}@gateway.test", max_retries=0)
    error = info.value
    assert error.__cause__ is None
    assert error.__context__ is None
    reachable = list(_reachable_text(error))
    assert reachable, "the walk found the error's text"
    for secret in SECRETS:
        assert not [text for text in reachable if secret in text], f"{secret} reachable"
        assert secret.encode() not in pickle.dumps(error)
    # The request did carry them: the test would catch a leak.
    sent = route.calls.last.request
    assert sent.headers["Locally-Pl-Jwt"] == JWT
    assert sent.headers["Authorization"].startswith("Basic ")


def test_debug_log_hides_jwt_session_id_and_password(
    respx_mock: respx.MockRouter, caplog: pytest.LogCaptureFixture, no_backoff: None
) -> None:
    route = respx_mock.get("https://gateway.test/headless/api/1.0/cart")
    ok = {"success": True, "data": {"cart_hash": "HL1"}}
    route.side_effect = [_exchange(503), httpx.Response(200, json=ok)]
    with (
        caplog.at_level(logging.DEBUG, logger="locally"),
        Locally(api_token=TOKEN, base_url=f"https://user:{PASSWORD}@gateway.test") as client,
    ):
        client.headless.retrieve(_session())
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "'locally-pl-jwt': '<redacted>'" in text
    assert "'locally-api-session-id': '<redacted>'" in text
    assert "'authorization': '<redacted>'" in text
    assert "Retrying GET" in text
    for secret in SECRETS:
        assert secret not in text


def test_headless_cart_and_session_reprs_hide_their_secrets(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{H}/cart").respond(
        200,
        json={
            "success": True,
            "data": {"session": {"id": SESSION_ID}, "cart_hash_jwt": JWT, "cart_hash": "HL1"},
        },
    )
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        cart = client.headless.retrieve(_session())
    shown = repr(cart) + str(cart) + repr(cart.session) + str(cart.session) + f"{cart}"
    assert "cart_hash='HL1'" in shown
    assert JWT not in shown
    assert SESSION_ID not in shown
    assert repr(cart.session) == (
        "HeadlessSession(session_id='<redacted>', cart_hash_jwt='<redacted>', "
        "cart_hash='HL1', hold=True)"
    )
    # The values are still there for the code that needs them.
    assert cart.cart_hash_jwt == JWT
    assert cart.session.to_dict()["session_id"] == SESSION_ID
    assert repr(HeadlessSession()) == (
        "HeadlessSession(session_id=None, cart_hash_jwt=None, cart_hash=None, hold=None)"
    )


def test_order_repr_hides_the_session(respx_mock: respx.MockRouter) -> None:
    respx_mock.post(f"{H}/cart/order").respond(
        200, json={"success": True, "data": {"message": "placed", "session": {"id": SESSION_ID}}}
    )
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        order = client.headless.place_ropis_order(_session(), customer=CUSTOMER)
    assert "placed" in repr(order)
    assert SESSION_ID not in repr(order) + str(order)


def test_a_password_in_base_url_never_shows(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get("https://gateway.test/locally/api/v2/cart/A").respond(
        200, json={"status": True, "properties": {"hash": "A"}}
    )
    base = f"https://ops:{PASSWORD}@gateway.test/locally"
    client = Locally(api_token=TOKEN, base_url=base)
    shown = repr(client) + str(client) + repr(client._settings) + repr(client.base_url)
    assert PASSWORD not in shown
    assert "ops:<redacted>@gateway.test" in repr(client)
    client.carts.retrieve("A")
    sent = route.calls.last.request
    assert sent.url.userinfo == b""  # the password travels as a header, not in the URL
    assert sent.headers["Authorization"] == httpx.BasicAuth("ops", PASSWORD)._auth_header
    with pytest.raises(ConfigurationError) as info:
        Locally(api_token=TOKEN, base_url=f"ftp://ops:{PASSWORD}@gateway.test")
    assert PASSWORD not in str(info.value)
    with pytest.raises(ConfigurationError) as plain:
        Locally(api_token=TOKEN, base_url=f"http://ops:{PASSWORD}@gateway.test")
    assert PASSWORD not in str(plain.value)


@pytest.mark.parametrize(
    ("customer", "field"),
    [
        ({**CUSTOMER, "email": "ana.ito.at.example.com"}, "customer.email"),
        ({**CUSTOMER, "first_name": ""}, "customer.first_name"),
        (
            {"last_name": "Ito", "email": "a@example.com", "phone": "555-0100"},
            "customer.first_name",
        ),
        ("Ana Ito, a@example.com, 555-0100", "customer"),
    ],
)
def test_a_bad_customer_is_named_not_echoed(
    respx_mock: respx.MockRouter, mode: Mode, customer: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        mode.run(lambda c: c.headless.place_ropis_order(_session(), customer=customer))
    error = info.value
    assert error.field == field
    assert respx_mock.calls.call_count == 0
    message = str(error)
    kept = pickle.dumps(error)
    for personal in ("Ana", "Ito", "555-0100", "ana.ito.at.example.com", "a@example.com"):
        assert personal not in message
        assert personal.encode() not in kept
    assert error.value is None
    assert error.__context__ is None


def test_a_session_error_does_not_hold_the_session(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    session = HeadlessSession(session_id=SESSION_ID, cart_hash_jwt=JWT, hold=True)
    with pytest.raises(RequestValidationError) as info:
        mode.run(lambda c: c.headless.place_ropis_order(session, customer=CUSTOMER))
    assert info.value.field == "session"
    assert info.value.value is None
    for secret in (SESSION_ID, JWT):
        assert secret.encode() not in pickle.dumps(info.value)


def test_async_errors_hold_no_secret_either(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{H}/cart").respond(404, content=_exchange(404).content)

    async def main() -> None:
        async with locally.AsyncLocally(api_token=TOKEN, base_url=BASE) as client:
            await client.headless.retrieve(_session())

    with pytest.raises(NotFoundError) as info:
        anyio.run(main)
    for secret in (TOKEN, JWT, SESSION_ID):
        assert not [t for t in _reachable_text(info.value) if secret in t]


def test_a_reply_header_outside_ascii_survives_redaction() -> None:
    """Found by fuzzing: the redacted copy of a reply must build whatever bytes came back."""
    reply = httpx.Response(
        400,
        headers=[(b"X-Note", b"caf\xe9 \xff"), (b"Locally-Pl-Jwt", JWT.encode())],
        content=b"{}",
        request=httpx.Request("GET", f"{BASE}/api/v2/cart/A", headers={"Locally-Pl-Jwt": JWT}),
    )
    error = locally.BadRequestError("GET /api/v2/cart/A: HTTP 400", response=reply)
    assert error.response.headers.raw[0] == (b"X-Note", b"caf\xe9 \xff")
    assert error.response.headers["Locally-Pl-Jwt"] == "<redacted>"
    assert JWT.encode() not in pickle.dumps(error)
