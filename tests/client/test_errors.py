"""Error replies map to the typed hierarchy and never carry the token."""

from __future__ import annotations

import pickle
import re

import httpx
import pytest
import respx

import locally
from locally import (
    APIResponseValidationError,
    APIResultError,
    APIStatusError,
    AuthenticationError,
    CartNotFoundError,
    InternalServerError,
    NotFoundError,
    RequestFailedError,
)
from tests.helpers import BASE, ROOT, TOKEN, Mode, everything_said_about

URL = f"{BASE}/api/v2/cart/ABC123"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, locally.BadRequestError),
        (401, AuthenticationError),
        (402, RequestFailedError),
        (403, locally.PermissionDeniedError),
        (404, NotFoundError),
        (422, locally.UnprocessableEntityError),
        (418, APIStatusError),
    ],
)
def test_status_codes_map_to_classes(
    respx_mock: respx.MockRouter, mode: Mode, status: int, cls: type[APIStatusError]
) -> None:
    respx_mock.get(URL).respond(status, json={"status": False, "message": "nope"})
    with pytest.raises(cls) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    exc = info.value
    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.msg == "nope"
    assert "nope" in str(exc)
    assert f"HTTP {status}" in str(exc)
    assert TOKEN not in everything_said_about(exc)


@pytest.mark.parametrize(
    ("code", "status", "cls"),
    [
        (1000, 500, locally.AppServerError),
        (1101, 403, locally.ServiceAccessDeniedError),
        (1102, 403, locally.NotAuthorizedError),
        (1206, 404, CartNotFoundError),
        (1323, 400, locally.PaymentProcessorError),
        (1327, 400, locally.ItemUnavailableError),
        (1328, 402, locally.StripeError),
        (1329, 404, locally.StoreNotFoundError),
        (1335, 400, locally.TaxDifferenceError),
    ],
)
def test_documented_error_codes_have_classes(
    respx_mock: respx.MockRouter, mode: Mode, code: int, status: int, cls: type[APIStatusError]
) -> None:
    respx_mock.get(URL).respond(
        status, json={"success": False, "data": {}, "msg": "text", "error_code": code}
    )
    with pytest.raises(cls) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"), max_retries=0)
    assert info.value.error_code == code
    assert info.value.status_code == status
    assert f"(error_code {code})" in str(info.value)


def test_cart_not_found_is_a_not_found_error(respx_mock: respx.MockRouter, mode: Mode) -> None:
    respx_mock.get(URL).respond(
        404,
        json={"success": False, "msg": "Authentication error: User not found.", "error_code": 1206},
    )
    with pytest.raises(NotFoundError) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    assert isinstance(info.value, CartNotFoundError)
    assert info.value.msg == "Authentication error: User not found."


def test_unknown_error_code_keeps_code_and_status_class(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).respond(400, json={"success": False, "msg": "odd", "error_code": 4242})
    with pytest.raises(locally.BadRequestError) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    assert info.value.error_code == 4242


def test_status_false_on_http_200_raises_with_message(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).respond(200, json={"status": False, "message": "You cannot view this cart"})
    with pytest.raises(APIResultError, match="You cannot view this cart") as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    assert info.value.status_code == 200
    assert info.value.body == {"status": False, "message": "You cannot view this cart"}


def test_html_body_on_200_is_a_response_validation_error(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).respond(200, text="<html>maintenance</html>")
    with pytest.raises(APIResponseValidationError, match="not JSON") as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    assert info.value.body == "<html>maintenance</html>"


def test_wrong_shape_on_200_is_a_response_validation_error(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).respond(200, json={"status": True, "items": "not a list"})
    with pytest.raises(APIResponseValidationError, match="documented shape"):
        mode.run(lambda c: c.carts.retrieve("ABC123"))


def test_html_error_page_on_500(respx_mock: respx.MockRouter, mode: Mode, no_backoff: None) -> None:
    respx_mock.get(URL).respond(502, text="<html>Bad gateway</html>")
    with pytest.raises(InternalServerError) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    assert info.value.msg is None
    assert info.value.body == "<html>Bad gateway</html>"


def test_echoed_token_is_redacted_from_error_bodies(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).respond(400, json={"message": f"bad token {TOKEN}"})
    with pytest.raises(locally.BadRequestError) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    assert TOKEN not in str(info.value)
    assert "<redacted>" in str(info.value)


def test_errors_keep_request_id_and_redacted_request(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(URL).respond(404, json={"message": "x"}, headers={"X-Request-Id": "req_42"})
    with pytest.raises(NotFoundError) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    exc = info.value
    assert exc.request_id == "req_42"
    assert exc.request is not None
    assert exc.request.headers["Locally-API-Token"] == "<redacted>"
    assert exc.request.url == httpx.URL(URL)
    # Pickling an error (e.g. to a task queue) must not smuggle the token either.
    assert TOKEN.encode() not in pickle.dumps(exc.request.headers)


def test_connection_error_message_has_no_token(
    respx_mock: respx.MockRouter, mode: Mode, no_backoff: None
) -> None:
    respx_mock.get(URL).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(locally.APIConnectionError) as info:
        mode.run(lambda c: c.carts.retrieve("ABC123"))
    assert info.value.request_sent is False
    assert TOKEN not in everything_said_about(info.value)


HEADLESS_ORDER = f"{BASE}/headless/api/1.0/cart/order"
# The order call's documented failure (locally-docs/04), verbatim.
UNAVAILABLE = {
    "success": False,
    "data": {"session": {"id": "..."}},
    "msg": "We're sorry, we've detected that this item is no longer available and cannot be "
    "purchased.",
    "error_code": 401,
}


def _held_session() -> locally.HeadlessSession:
    return locally.HeadlessSession(session_id="s", cart_hash_jwt="j", cart_hash="W9K", hold=True)


def _shopper() -> locally.HeadlessCustomer:
    return locally.HeadlessCustomer(
        first_name="Ben", last_name="Khan", email="ben@example.com", phone="+13125550101"
    )


@pytest.mark.parametrize("status", [401, 400, 410])
def test_headless_error_code_401_is_item_unavailable_not_a_bad_token(
    respx_mock: respx.MockRouter, mode: Mode, status: int
) -> None:
    respx_mock.post(HEADLESS_ORDER).respond(status, json=UNAVAILABLE)
    with pytest.raises(locally.ItemUnavailableError) as info:
        mode.run(lambda c: c.headless.place_ropis_order(_held_session(), customer=_shopper()))
    assert not isinstance(info.value, AuthenticationError)
    assert (info.value.status_code, info.value.error_code) == (status, 401)
    assert info.value.msg is not None
    assert "no longer available" in info.value.msg


def test_headless_1327_is_item_unavailable(respx_mock: respx.MockRouter, mode: Mode) -> None:
    respx_mock.post(HEADLESS_ORDER).respond(400, json={**UNAVAILABLE, "error_code": 1327})
    with pytest.raises(locally.ItemUnavailableError):
        mode.run(lambda c: c.headless.place_ropis_order(_held_session(), customer=_shopper()))


def test_headless_http_401_without_a_code_is_still_authentication(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    respx_mock.get(f"{BASE}/headless/api/1.0/cart").respond(
        401, json={"success": False, "data": {}, "msg": "Unauthorized"}
    )
    with pytest.raises(AuthenticationError):
        mode.run(lambda c: c.headless.retrieve(_held_session()))


def test_v2_error_code_401_keeps_the_status_meaning(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    # The Carts API has no such code of its own: an HTTP 401 there is the token.
    respx_mock.get(URL).respond(401, json={"status": False, "message": "bad", "error_code": 401})
    with pytest.raises(AuthenticationError):
        mode.run(lambda c: c.carts.retrieve("ABC123"))


def test_fake_refuses_an_order_for_stock_gone_with_the_documented_error() -> None:
    from locally.testing import FakeLocally

    fake = FakeLocally(generated_carts=0)
    with fake.serve() as url, locally.Locally(api_token=fake.api_token, base_url=url) as client:
        cart = client.headless.add_item(
            store_id=99999, upc="012345678905", host_domain="www.example.com", hold=True
        )
        fake.headless.products[(99999, "012345678905")].qty_available = 0
        with pytest.raises(locally.ItemUnavailableError) as info:
            client.headless.place_ropis_order(cart.session, customer=_shopper())
    assert (info.value.status_code, info.value.error_code) == (401, 401)
    assert cart.session.cart_hash not in fake.carts  # no order was made


def test_the_drawn_hierarchy_names_every_error_the_sdk_exports() -> None:
    """``_errors.py`` opens with the hierarchy a reader looks up; a new error must appear in it.

    ``RateLimiterError`` arrived after the drawing was made and was missing from it.
    """
    drawing = locally._errors.__doc__ or ""
    exported = [
        name
        for name in locally.__all__
        if isinstance(getattr(locally, name), type)
        and issubclass(getattr(locally, name), locally.LocallyError)
    ]
    assert len(exported) > 30
    missing = [name for name in exported if not re.search(rf"\b{name}\b", drawing)]
    assert missing == []


def test_the_errors_page_names_every_error_the_sdk_exports() -> None:
    """docs/errors.md says "every exception the SDK raises": its table must hold them all."""
    page = (ROOT / "docs" / "errors.md").read_text("utf-8")
    exported = [
        name
        for name in locally.__all__
        if isinstance(getattr(locally, name), type)
        and issubclass(getattr(locally, name), locally.LocallyError)
        # The abstract bases every row of the table derives from.
        and name not in {"LocallyError", "APIError"}
    ]
    missing = [name for name in exported if f"`{name}`" not in page]
    assert missing == []
