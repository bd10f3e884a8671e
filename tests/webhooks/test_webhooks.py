"""Parsing, authenticating and answering Locally's webhooks."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import json
import re
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
    verify_token,
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
        [(b"locally-webhook-token", SECRET.encode())],
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


# -- failing closed ----------------------------------------------------------------------------


def test_parse_webhook_needs_headers_and_secret_and_the_unverified_one_is_separate() -> None:
    verified = inspect.signature(parse_webhook).parameters
    for name in ("headers", "secret"):
        assert verified[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert verified[name].default is inspect.Parameter.empty
    assert verified["method"].default is None
    unverified = inspect.signature(parse_webhook_unverified).parameters
    assert list(unverified) == ["body", "method"]
    with pytest.raises(TypeError, match="secret"):
        parse_webhook(_sample("item_status.json"), headers={})  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "secret", [None, "", "   ", "\t\n", "\u3000", [], [""], [SECRET, " "], b"", b"  "]
)
def test_a_missing_or_blank_secret_is_refused_even_with_a_matching_header(secret: Any) -> None:
    token = secret if isinstance(secret, str) else ""
    with pytest.raises(WebhookAuthenticationError, match="no webhook secret configured"):
        parse_webhook(
            _sample("item_status.json"),
            headers={"locally-webhook-token": token},
            secret=secret,
        )


@pytest.mark.parametrize(
    "headers",
    [
        [(b"host", b"shop.test"), (b"locally-webhook-token", SECRET.encode())],
        [[b"Locally-Webhook-Token", SECRET.encode()]],
        (("locally-webhook-token", SECRET),),
    ],
    ids=["asgi-bytes", "lists", "tuple-of-pairs"],
)
def test_raw_asgi_byte_headers_and_other_pair_forms_work(headers: Any) -> None:
    event = parse_webhook(_sample("item_status.json"), headers=headers, secret=SECRET)
    assert isinstance(event, ItemStatusNotice)


def test_a_bytes_secret_works() -> None:
    headers = {"locally-webhook-token": SECRET}
    event = parse_webhook(_sample("item_status.json"), headers=headers, secret=SECRET.encode())
    assert isinstance(event, ItemStatusNotice)


@pytest.mark.parametrize(
    ("headers", "needle"),
    [
        ({"locally-webhook-token": "\ud800" + SECRET}, "does not match"),
        ([(b"locally-webhook-token", b"\xff\xfe")], "does not match"),
        (12, "headers must be a mapping"),
        ("locally-webhook-token: x", "headers must be a mapping"),
        (["locally-webhook-token"], "found a str"),
        ({"locally-webhook-token": 5}, "must be text or bytes"),
    ],
)
def test_odd_headers_fail_authentication_not_the_receiver(headers: Any, needle: str) -> None:
    with pytest.raises(WebhookAuthenticationError, match=needle):
        verify_token(headers, SECRET)
    with pytest.raises(WebhookAuthenticationError):
        parse_webhook(_sample("item_status.json"), headers=headers, secret=SECRET)


@pytest.mark.parametrize("secret", [12, [SECRET, 3], object()])
def test_a_secret_of_the_wrong_type_is_refused(secret: Any) -> None:
    with pytest.raises(WebhookAuthenticationError, match="secret"):
        verify_token({"locally-webhook-token": SECRET}, secret)


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_json_is_a_webhook_error(depth: int) -> None:
    body = b'{"hash": "A", "items": ' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(WebhookError, match="nested"):
        parse_webhook_unverified(body)


@pytest.mark.parametrize("method", [3, b"PUT", ["PUT"]])
def test_a_method_that_is_not_text_is_a_webhook_error(method: Any) -> None:
    with pytest.raises(WebhookError, match="method"):
        parse_webhook_unverified(_sample("item_status.json"), method=method)


# -- payloads validated like requests -------------------------------------------------------------

HANDOFF = json.loads(_sample("handoff.json"))
STS = json.loads(_sample("sts_notice.json"))
STATUS = json.loads(_sample("item_status.json"))


def _with(payload: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = json.loads(json.dumps(payload))
    *parents, last = path.split(".")
    node: Any = changed
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DROP:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return dict(changed)


_DROP = object()


@pytest.mark.parametrize(
    ("payload", "path", "value"),
    [
        (HANDOFF, "items.0.quantity", 0),
        (HANDOFF, "items.0.quantity", -3),
        (HANDOFF, "items.1.quantity", 2**64),
        (HANDOFF, "items.0.upc", "12a45"),
        (HANDOFF, "items.0.upc", ""),
        (HANDOFF, "items.0.upc", "123456789012345"),
        (HANDOFF, "items.1.upc", "\u00b2"),
        (HANDOFF, "hash", ".."),
        (HANDOFF, "hash", "abc/../x"),
        (HANDOFF, "hash", ""),
        (HANDOFF, "locally_store_id", 0),
        (HANDOFF, "locally_store_id", -5),
        (HANDOFF, "external_store_id", 0),
        (HANDOFF, "external_store_id", "  "),
        (STS, "upc", "x1"),
        (STS, "upc", -12),
        (STS, "order_id", "A 1"),
        (STS, "order_id", "."),
        (STATUS, "upc", "60184249557\u0663"),
        (STATUS, "order_id", "QE3QL6?x=1"),
    ],
)
def test_impossible_values_raise_webhook_error_naming_the_field(
    payload: dict[str, Any], path: str, value: Any
) -> None:
    with pytest.raises(WebhookError, match=re.escape(path)) as info:
        parse_webhook_unverified(_with(payload, path, value))
    assert info.value.field == path
    assert type(info.value) is WebhookError


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("items.0.qty", 0, "items.0.qty"),
        ("items.0.qty", -1, "items.0.qty"),
        ("items.0.upc", "not-a-upc", "items.0.upc"),
        ("items.0.upc", "", "items.0.upc"),
        ("properties.hash", "..", "properties.hash"),
        ("properties.hash", _DROP, "properties.hash"),
    ],
)
def test_a_pushcart_notice_is_validated_too(path: str, value: Any, field: str) -> None:
    payload = FakeLocally(generated_carts=0).webhooks.pushcart_payload("PDQE89")
    with pytest.raises(WebhookError, match=re.escape(field)) as info:
        parse_webhook_unverified(_with(payload, path, value), method="PUT")
    assert info.value.field == field


def test_the_documented_samples_are_still_valid() -> None:
    for payload in (HANDOFF, STS, STATUS):
        assert parse_webhook_unverified(payload).kind in {
            "cart_handoff",
            "ship_to_store",
            "item_status",
        }
