"""Fuzz every public webhook function: only the SDK's own errors come out.

A receiver answers 400/401 with one ``except WebhookError``; so ``parse_webhook`` and
``parse_webhook_unverified`` raise nothing else, whatever the body, the headers, the secret
or the method, and ``verify_token`` raises only ``WebhookAuthenticationError``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from locally import LocallyError, RequestValidationError, WebhookAuthenticationError, WebhookError
from locally.testing import FakeLocally
from locally.types import CartDetail
from locally.webhooks import (
    check_event_against_cart,
    event_cart_hash,
    handoff_response,
    parse_webhook,
    parse_webhook_unverified,
    verify_token,
)
from tests.helpers import fuzz

SECRET = "whsec_fuzz_0123456789"
FAKE = FakeLocally(generated_carts=0)
PAYLOADS = [
    FAKE.webhooks.handoff_payload("PDQE89"),
    FAKE.webhooks.ship_to_store_payload("PDQE89", "811950030719"),
    FAKE.webhooks.item_status_payload("PDQE89", "811950030719", "confirmed"),
    FAKE.webhooks.pushcart_payload("PDQE89"),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@st.composite
def mutated_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """A documented payload with one field, at any depth, replaced by anything."""
    payload: Any = json.loads(json.dumps(draw(st.sampled_from(PAYLOADS))))
    node = payload
    for _ in range(draw(st.integers(0, 3))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            if isinstance(node[key], (dict, list)) and node[key]:
                node = node[key]
        elif isinstance(node, list) and node:
            item = node[draw(st.integers(0, len(node) - 1))]
            if isinstance(item, (dict, list)) and item:
                node = item
    if isinstance(node, dict) and node:
        node[draw(st.sampled_from(sorted(node)))] = draw(json_values)
    elif isinstance(node, list) and node:
        node[draw(st.integers(0, len(node) - 1))] = draw(json_values)
    return dict(payload)


bodies = st.one_of(
    mutated_payloads(),
    mutated_payloads().map(lambda p: json.dumps(p).encode()),
    mutated_payloads().map(json.dumps),
    st.binary(max_size=200),
    st.text(max_size=100),
    st.integers(1, 5000).map(lambda depth: "[" * depth + "]" * depth),
    json_values,
    st.builds(bytearray, st.binary(max_size=20)),
    st.binary(max_size=20).map(lambda data: memoryview(data)),
)
tokens = st.one_of(
    st.just(SECRET),
    st.just(SECRET.encode()),
    st.text(max_size=20),
    st.binary(max_size=20),
    st.integers(),
    st.none(),
)
header_names = st.sampled_from(["locally-webhook-token", "Locally-Webhook-Token", "x"]) | st.text(
    max_size=8
)
headers = st.one_of(
    st.dictionaries(header_names, tokens, max_size=3),
    st.lists(st.tuples(header_names, tokens), max_size=3),
    st.lists(st.tuples(header_names.map(str.encode), st.binary(max_size=20)), max_size=3),
    st.lists(st.lists(tokens, max_size=3), max_size=2),
    st.none(),
    st.text(max_size=10),
    st.integers(),
    st.builds(object),
)
secrets = st.one_of(
    st.just(SECRET),
    st.just([SECRET, "whsec_old_000"]),
    st.just(SECRET.encode()),
    st.none(),
    st.just(""),
    st.just("   "),
    st.just([]),
    st.lists(tokens, max_size=3),
    st.integers(),
    st.text(max_size=10),
)
methods: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.sampled_from(["POST", "PUT", "put", " Put "]),
    st.text(max_size=5),
    st.integers(),
    st.binary(max_size=3),
)


@fuzz(400)
@given(body=bodies, headers=headers, secret=secrets, method=methods)
def test_parse_webhook_raises_only_webhook_errors(
    body: Any, headers: Any, secret: Any, method: Any
) -> None:
    with contextlib.suppress(WebhookError):
        parse_webhook(body, headers=headers, secret=secret, method=method)


@fuzz(400)
@given(body=bodies, method=methods)
def test_parse_webhook_unverified_raises_only_webhook_errors(body: Any, method: Any) -> None:
    with contextlib.suppress(WebhookError):
        event = parse_webhook_unverified(body, method=method)
        # What parsed is something a receiver can act on: a cart hash that names a cart.
        event_cart_hash(event)


@fuzz(300)
@given(headers=headers, secret=secrets)
def test_verify_token_raises_only_authentication_errors(headers: Any, secret: Any) -> None:
    with contextlib.suppress(WebhookAuthenticationError):
        verify_token(headers, secret)


zones = st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=-23, minutes=-59))])


@fuzz(300)
@given(
    url=st.sampled_from(["https://shop.test/c/1", "https://[::1", "https://x:99999/"])
    | st.text(max_size=30)
    | st.integers()
    | st.none(),
    date=st.none() | st.datetimes() | st.datetimes(timezones=zones) | st.text(max_size=5),
)
def test_handoff_response_raises_only_request_validation_errors(url: Any, date: Any) -> None:
    with contextlib.suppress(RequestValidationError):
        reply = handoff_response(url, date)
        assert json.loads(reply.as_json()) == reply.as_dict()


@fuzz(200)
@given(body=mutated_payloads(), cart=json_values | st.sampled_from(PAYLOADS), other=json_values)
def test_checking_an_event_against_a_cart_raises_only_the_sdks_errors(
    body: dict[str, Any], cart: Any, other: Any
) -> None:
    with contextlib.suppress(LocallyError):
        event = parse_webhook_unverified(body)
        detail = CartDetail.model_validate(cart)
        check_event_against_cart(event, detail)
    with contextlib.suppress(LocallyError):
        check_event_against_cart(other, other)
