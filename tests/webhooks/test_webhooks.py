"""Parsing, authenticating and answering Locally's webhooks."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from locally import (
    RequestValidationError,
    WebhookAuthenticationError,
    WebhookError,
    WebhookVerificationError,
)
from locally.testing import FakeItem, FakeLocally
from locally.types import ItemStatus, ShipToStoreStatus
from locally.webhooks import (
    CartHandoff,
    ItemStatusNotice,
    PushCartNotice,
    ShipToStoreNotice,
    handoff_response,
    parse_webhook,
    parse_webhook_unverified,
)
from tests.helpers import DATA, fuzz

SECRET = "whsec_current_1234567890"


def _sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_handoff_sample() -> None:
    event = parse_webhook_unverified(_sample("handoff.json"))
    assert isinstance(event, CartHandoff)
    assert event.kind == "cart_handoff"
    assert event.hash == "abc123"
    assert event.created_at == dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
    assert [(i.upc, i.quantity) for i in event.items] == [("12345", 1), ("12346", 3)]
    assert event.external_store_id == 4857


def test_ship_to_store_sample() -> None:
    event = parse_webhook_unverified(_sample("sts_notice.json").decode())
    assert isinstance(event, ShipToStoreNotice)
    assert event.sts_status is ShipToStoreStatus.CONFIRM_STORE
    assert event.order_id == "A1234"


def test_item_status_sample() -> None:
    event = parse_webhook_unverified(json.loads(_sample("item_status.json")))
    assert isinstance(event, ItemStatusNotice)
    assert event.status is ItemStatus.CONFIRMED
    assert event.upc == "601842495575"


def test_pushcart_notice_and_auto_reject_put() -> None:
    fake = FakeLocally(generated_carts=0)
    payload = fake.webhooks.pushcart_payload("PDQE89")
    event = parse_webhook_unverified(payload, method="POST")
    assert isinstance(event, PushCartNotice)
    assert event.cart.hash == "PDQE89"
    assert event.auto_rejected is False
    rejected = parse_webhook_unverified(json.dumps(payload), method="put")
    assert isinstance(rejected, PushCartNotice)
    assert rejected.auto_rejected is True


@pytest.mark.parametrize(
    "headers",
    [
        {"locally-webhook-token": SECRET},
        {"Locally-Webhook-Token": SECRET},
        [("LOCALLY-WEBHOOK-TOKEN", SECRET)],
    ],
)
def test_token_accepted_in_any_header_form(headers: Any) -> None:
    event = parse_webhook(_sample("item_status.json"), headers=headers, secret=SECRET)
    assert isinstance(event, ItemStatusNotice)


def test_rotation_accepts_old_and_new_secret() -> None:
    for token in ("whsec_old", SECRET):
        parse_webhook(
            _sample("item_status.json"),
            headers={"locally-webhook-token": token},
            secret=[SECRET, "whsec_old"],
        )


@pytest.mark.parametrize(
    ("headers", "needle"),
    [(None, "missing"), ({}, "missing"), ({"locally-webhook-token": "guess"}, "does not match")],
)
def test_missing_or_wrong_token(headers: Any, needle: str) -> None:
    with pytest.raises(WebhookAuthenticationError, match=needle) as info:
        parse_webhook(_sample("item_status.json"), headers=headers, secret=SECRET)
    assert SECRET not in str(info.value)
    assert "guess" not in str(info.value)


def test_token_checked_before_the_body_is_read() -> None:
    with pytest.raises(WebhookAuthenticationError):
        parse_webhook(b"not json at all", headers={}, secret=SECRET)


def test_empty_secret_is_a_configuration_mistake() -> None:
    with pytest.raises(WebhookAuthenticationError, match="empty secret"):
        parse_webhook(b"{}", headers={"locally-webhook-token": ""}, secret="")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"hello": "world"}', "keys: hello"),
        (b'{"hash": "x", "items": [{"upc": "1"}]}', "items.0.quantity"),
        (b'{"upc": "1", "order_id": "A", "sts_status": ["x"]}', "invalid ShipToStoreNotice"),
        (12, "must be bytes, str or a dict"),
    ],
)
def test_bad_bodies_raise_webhook_error(body: Any, needle: str) -> None:
    with pytest.raises(WebhookError, match=needle):
        parse_webhook_unverified(body)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=15,
)
keys = st.sampled_from(
    ["hash", "items", "upc", "order_id", "status", "sts_status", "properties", "created_at"]
)


@fuzz(300)
@given(
    body=st.dictionaries(keys, json_values, max_size=6) | json_values,
    method=st.sampled_from([None, "POST", "PUT"]),
)
def test_parse_webhook_raises_only_webhook_errors(body: Any, method: str | None) -> None:
    with contextlib.suppress(WebhookError):
        parse_webhook_unverified(json.dumps(body).encode(), method=method)


@fuzz(200)
@given(body=st.binary(max_size=100))
def test_parse_webhook_bytes_raise_only_webhook_errors(body: bytes) -> None:
    with contextlib.suppress(WebhookError):
        parse_webhook_unverified(body)


def test_handoff_response() -> None:
    when = dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
    reply = handoff_response("https://www.ourwebsite.com/cart/abcdef123456", when)
    assert reply.as_dict() == {
        "date": "2022-01-01T00:00:00.000Z",
        "url": "https://www.ourwebsite.com/cart/abcdef123456",
    }
    assert json.loads(reply.as_json()) == reply.as_dict()
    assert handoff_response("https://shop.test/c/1").date.endswith("Z")


@pytest.mark.parametrize(
    ("url", "date", "field"),
    [
        ("http://shop.test/c", None, "url"),
        ("/cart/1", None, "url"),
        ("https://shop.test/c", dt.datetime(2022, 1, 1), "date"),
    ],
)
def test_handoff_response_refuses_bad_input(url: str, date: Any, field: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        handoff_response(url, date)
    assert info.value.field == field


def test_verify_returns_cart_or_raises() -> None:
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order("SHIP", items=[FakeItem(upc="811950030719")])
    with fake.client() as client:
        notice = parse_webhook_unverified(
            fake.webhooks.ship_to_store_payload(cart.hash, "811950030719")
        )
        assert client.webhooks.verify(notice).hash == cart.hash
        wrong_item = parse_webhook_unverified(fake.webhooks.ship_to_store_payload(cart.hash, "999"))
        with pytest.raises(WebhookVerificationError, match="no item with UPC 999"):
            client.webhooks.verify(wrong_item)
        ghost = parse_webhook_unverified(fake.webhooks.ship_to_store_payload("NOSUCH", "1"))
        with pytest.raises(WebhookVerificationError, match="does not know"):
            client.webhooks.verify(ghost)
        handoff = parse_webhook_unverified(fake.webhooks.handoff_payload(cart.hash))
        assert client.webhooks.verify(handoff).hash == cart.hash
        pushcart = parse_webhook_unverified(fake.webhooks.pushcart_payload(cart.hash))
        assert client.webhooks.verify(pushcart).hash == cart.hash


def test_async_verify() -> None:
    import anyio

    fake = FakeLocally(generated_carts=0)
    event = parse_webhook_unverified(
        fake.webhooks.item_status_payload("PDQE89", "811950030719", "Confirmed")
    )

    async def main() -> str | None:
        async with fake.async_client() as client:
            return (await client.webhooks.verify(event)).hash

    assert anyio.run(main) == "PDQE89"
