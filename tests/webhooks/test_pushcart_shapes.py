"""PushCart notices arrive as the cart detail or as the carts-list shape; both parse alike."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from locally import WebhookError
from locally.testing import FakeItem, FakeLocally
from locally.types import CartDetail, CartType, ItemStatus, ShipToStoreStatus
from locally.webhooks import CartHandoff, PushCartNotice, check_event_against_cart, parse_webhook
from tests.helpers import DATA, load_sample

SECRET = "whsec_shapes_0123456789"
HEADERS = {"locally-webhook-token": SECRET}


def _parse(body: Any, method: str | None = None) -> Any:
    return parse_webhook(body, method=method, headers=HEADERS, secret=SECRET)


def test_list_shape_from_the_docs_sample() -> None:
    listed = load_sample("carts_page.json")["carts"][1]  # 4RT36 as GET /api/v2/carts lists it
    event = _parse(json.dumps(listed).encode())
    assert isinstance(event, PushCartNotice)
    assert event.shape == "summary"
    assert isinstance(event.cart, CartDetail)
    assert event.cart.hash == "4RT36"
    props = event.cart.properties
    assert props.type is CartType.ORDER
    assert props.ordered_at is not None
    assert props.ordered_at.isoformat() == "2020-03-27T15:34:21"
    assert props.model_extra == {"source": "From Locally.com", "n_items": 2}
    assert [(i.upc, i.qty, i.total) for i in event.cart.items] == [
        ("190340561721", 1, Decimal("54.85")),
        ("190340561726", 1, Decimal("165.36")),
    ]
    assert event.cart.items[0].status is ItemStatus.CONFIRMED
    assert event.cart.items[0].sts_status is ShipToStoreStatus.CONFIRMED
    assert event.cart.customer.email is None  # the list shape has no customer


def test_detail_shape_still_reads_as_detail() -> None:
    event = _parse(load_sample("cart_detail.json"))
    assert isinstance(event, PushCartNotice)
    assert event.shape == "detail"
    assert event.cart.customer.first_name == "John"


@pytest.mark.parametrize("shape", ["detail", "summary"])
def test_both_shapes_from_the_fake_agree(shape: str) -> None:
    fake = FakeLocally(generated_carts=0)
    order = fake.place_order(
        "ORDER", items=[FakeItem(upc="012345678905"), FakeItem(upc="036000291452", qty=2)]
    )
    payload = fake.webhooks.pushcart_payload(order.hash, shape=shape)
    posted = _parse(payload, method="POST")
    rejected = _parse(payload, method="PUT")
    assert isinstance(posted, PushCartNotice)
    assert isinstance(rejected, PushCartNotice)
    assert (posted.shape, posted.auto_rejected, rejected.auto_rejected) == (shape, False, True)
    assert posted.cart.hash == order.hash
    assert [(i.upc, i.qty, i.status) for i in posted.cart.items] == [
        ("012345678905", 1, ItemStatus.ORDERED),
        ("036000291452", 2, ItemStatus.ORDERED),
    ]
    with fake.client() as client:
        check_event_against_cart(posted, client.carts.retrieve(order.hash))


def test_a_handoff_is_not_taken_for_a_list_shape() -> None:
    event = _parse((DATA / "handoff.json").read_bytes())
    assert isinstance(event, CartHandoff)
    bare = _parse({"hash": "abc", "items": [{"upc": "12345", "quantity": 1}]})
    assert isinstance(bare, CartHandoff)
    listed = _parse({"hash": "abc", "items": [{"upc": "12345", "qty": 1, "status": "Ordered"}]})
    assert isinstance(listed, PushCartNotice)


def test_a_bad_list_shape_names_the_field() -> None:
    with pytest.raises(WebhookError, match=r"PushCartNotice.*ordered_at"):
        _parse({"hash": "abc", "type": "ORDER", "ordered_at": "not a date", "items": []})
