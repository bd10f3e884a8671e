"""Whatever the server sends, the read path raises only the SDK's own errors."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

import httpx
from hypothesis import given
from hypothesis import strategies as st

from locally import (
    HeadlessCustomer,
    Locally,
    LocallyError,
    ModelValidationError,
    RequestValidationError,
)
from locally.testing import FakeLocally
from locally.types._fields import LocallyModel
from tests.helpers import fuzz

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)

CART_KEYS = ["status", "properties", "customer", "store", "items", "carts", "message"]
cart_like = st.fixed_dictionaries({}, optional=dict.fromkeys(CART_KEYS, json_values))


def _client_answering(body: bytes, status: int) -> Locally:
    fake = FakeLocally(generated_carts=0)
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    return Locally(
        api_token=fake.api_token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=transport),
        max_retries=0,
    )


@fuzz(150)
@given(body=cart_like | json_values, status=st.sampled_from([200, 201, 400, 404, 429, 500]))
def test_any_json_body_yields_model_or_locally_error(body: object, status: int) -> None:
    client = _client_answering(json.dumps(body).encode(), status)
    calls: list[Callable[[], object]] = [
        lambda: client.carts.retrieve("A"),
        lambda: client.carts.list_page(0),
    ]
    for call in calls:
        with contextlib.suppress(LocallyError):
            call()


@fuzz(100)
@given(body=st.binary(max_size=200))
def test_any_bytes_yield_model_or_locally_error(body: bytes) -> None:
    client = _client_answering(body, 200)
    with contextlib.suppress(LocallyError):
        client.carts.retrieve("A")


def _response_models() -> list[type[LocallyModel]]:
    from locally import _pages
    from locally.types import cart_to_cart, carts, headless, updates, webhooks

    modules = [_pages, carts, headless, updates, webhooks, cart_to_cart]
    found = {
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, LocallyModel) and value is not LocallyModel
    }
    return sorted(found, key=lambda model: model.__name__)


MODELS = _response_models()


def test_every_response_model_is_fuzzed() -> None:
    names = {model.__name__ for model in MODELS}
    assert {"CartDetail", "CartPage", "HeadlessCart", "CartHandoff", "UpdateResult"} <= names


@fuzz(400)
@given(
    model=st.sampled_from(MODELS),
    data=cart_like | json_values,
    as_json=st.booleans(),
)
def test_model_validate_raises_only_model_validation_errors(
    model: type[LocallyModel], data: object, as_json: bool
) -> None:
    with contextlib.suppress(ModelValidationError):
        if as_json:
            model.model_validate_json(json.dumps(data))
        else:
            model.model_validate(data)


@fuzz(200)
@given(model=st.sampled_from(MODELS), raw=st.binary(max_size=200) | st.text(max_size=50))
def test_model_validate_json_of_any_bytes(model: type[LocallyModel], raw: bytes | str) -> None:
    with contextlib.suppress(ModelValidationError):
        model.model_validate_json(raw)


@fuzz(200)
@given(
    data=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ("first_name", "last_name", "email", "phone", "address", "opt_in_brand"), json_values
        ),
    )
    | json_values
)
def test_headless_customer_raises_only_request_validation_errors(data: object) -> None:
    with contextlib.suppress(RequestValidationError):
        HeadlessCustomer.model_validate(data)
