"""Whatever the server sends, the read path raises only the SDK's own errors."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

import httpx
from hypothesis import given
from hypothesis import strategies as st

from locally import Locally, LocallyError
from locally.testing import FakeLocally
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
