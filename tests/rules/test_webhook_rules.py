"""Acting on a webhook safely: its token, and the cart it names checked against the API.

A forged or mistaken webhook must not move money: ``client.webhooks.verify`` fetches the cart
the webhook names and refuses it unless the API returns that very cart with those items.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import respx

from locally import WebhookAuthenticationError, WebhookError, WebhookVerificationError
from locally.types.carts import CartDetail
from locally.webhooks import (
    WEBHOOK_TOKEN_HEADER,
    CartHandoff,
    ItemStatusNotice,
    PushCartNotice,
    ShipToStoreNotice,
    WebhookEvent,
    check_event_against_cart,
    event_cart_hash,
    parse_webhook,
    parse_webhook_unverified,
    verify_token,
)

from ._wire import BASE, run

STS = {"upc": "811950030719", "order_id": "A1234", "sts_status": "confirm-store"}
ITEM = {"upc": "601842495575", "order_id": "A1234", "status": "confirmed"}
HANDOFF = {"hash": "A1234", "items": [{"upc": "12345", "quantity": 1}]}


def cart_json(cart_hash: str | None, *items: tuple[str, list[str]]) -> dict[str, Any]:
    return {
        "status": True,
        "properties": {"hash": cart_hash, "type": "SHIP"},
        "items": [{"upc": upc, "alias": alias, "qty": 1} for upc, alias in items],
    }


def pushcart_event(cart_hash: str | None, *upcs: str) -> WebhookEvent:
    return parse_webhook_unverified(cart_json(cart_hash, *((u, []) for u in upcs)), method="POST")


def verify(kind: str, event: WebhookEvent, reply: dict[str, Any], status: int = 200) -> Any:
    """``client.webhooks.verify(event)`` against a mock answering GET /cart/{hash}."""
    with respx.mock(assert_all_called=False) as router:
        route = router.route().respond(status, json=reply)
        try:
            return run(kind, lambda c: c.webhooks.verify(event))
        finally:
            # Exactly one read of the cart the webhook names, and nothing else.
            assert [(r.request.method, str(r.request.url)) for r in route.calls] == [
                ("GET", f"{BASE}/api/v2/cart/{event_cart_hash(event)}")
            ]


EVENTS = [
    pytest.param(parse_webhook_unverified(STS), ("811950030719", []), id="ship-to-store"),
    pytest.param(parse_webhook_unverified(ITEM), ("601842495575", []), id="item status"),
    pytest.param(parse_webhook_unverified(HANDOFF), ("12345", []), id="cart handoff"),
    pytest.param(pushcart_event("A1234", "12345"), ("12345", []), id="pushcart"),
]


@pytest.mark.parametrize(("event", "item"), EVENTS)
def test_verify_returns_the_cart_the_webhook_names(
    kind: str, event: WebhookEvent, item: tuple[str, list[str]]
) -> None:
    cart = verify(kind, event, cart_json("A1234", item, ("999999999993", [])))
    assert isinstance(cart, CartDetail)
    assert cart.hash == "A1234"


@pytest.mark.parametrize(("event", "item"), EVENTS)
def test_verify_refuses_a_different_cart_than_the_webhook_names(
    kind: str, event: WebhookEvent, item: tuple[str, list[str]]
) -> None:
    with pytest.raises(WebhookVerificationError) as info:
        verify(kind, event, cart_json("B9999", item))
    assert str(info.value) == "the webhook names cart A1234, the API returned cart B9999"


def test_verify_compares_hashes_exactly(kind: str) -> None:
    with pytest.raises(WebhookVerificationError, match="returned cart a1234"):
        verify(kind, parse_webhook_unverified(STS), cart_json("a1234", ("811950030719", [])))


def test_verify_accepts_an_item_named_by_one_of_its_aliases(kind: str) -> None:
    reply = cart_json("A1234", ("00811950030719", ["811950030719", "0811950030719"]))
    assert verify(kind, parse_webhook_unverified(STS), reply).hash == "A1234"


@pytest.mark.parametrize(
    ("event", "missing"),
    [
        pytest.param(parse_webhook_unverified(STS), "811950030719", id="ship-to-store"),
        pytest.param(parse_webhook_unverified(ITEM), "601842495575", id="item status"),
        pytest.param(
            parse_webhook_unverified(
                {"hash": "A1234", "items": [{"upc": u, "quantity": 1} for u in "312"]}
            ),
            "2, 3",
            id="cart handoff",
        ),
        pytest.param(pushcart_event("A1234", "3", "1", "2"), "2, 3", id="pushcart"),
    ],
)
def test_verify_refuses_a_cart_without_the_items_the_webhook_names(
    kind: str, event: WebhookEvent, missing: str
) -> None:
    with pytest.raises(WebhookVerificationError) as info:
        verify(kind, event, cart_json("A1234", ("1", ["9"])))
    assert str(info.value) == f"cart A1234 has no item with UPC {missing}, unlike the webhook"


def test_verify_refuses_a_cart_the_api_does_not_know(kind: str) -> None:
    with pytest.raises(WebhookVerificationError) as info:
        verify(
            kind,
            parse_webhook_unverified(STS),
            {"status": False, "message": "Not found"},
            status=404,
        )
    assert str(info.value) == "the webhook names cart A1234, which the API does not know (404)"


def test_a_cart_is_judged_by_its_items() -> None:
    event = parse_webhook_unverified(STS)
    check_event_against_cart(event, CartDetail.model_validate(cart_json("A1234", (STS["upc"], []))))
    with pytest.raises(WebhookVerificationError, match="no item with UPC 811950030719"):
        check_event_against_cart(event, CartDetail.model_validate(cart_json("A1234", ("1", []))))


def test_a_pushcart_notice_without_a_hash_is_not_a_notice() -> None:
    # 03: properties.hash is "The hash for the order"; every cart Locally sends has one.
    with pytest.raises(WebhookError, match=r"invalid PushCartNotice webhook: properties\.hash"):
        pushcart_event(None, "1")


def test_a_pushcart_notice_with_an_empty_hash_cannot_be_verified() -> None:
    # Refused as it is read: a hash that cannot name a cart is invalid like any other field.
    with pytest.raises(WebhookError, match=r"properties\.hash") as read:
        pushcart_event("", "1")
    assert read.value.field == "properties.hash"
    # A notice built by hand around such a cart still cannot be verified.
    event = PushCartNotice(cart=CartDetail.model_validate(cart_json("", ("1", []))))
    with pytest.raises(WebhookVerificationError) as info:
        event_cart_hash(event)
    assert str(info.value) == "the PushCart notice names no cart hash"


def test_each_event_names_its_cart() -> None:
    assert event_cart_hash(parse_webhook_unverified(STS)) == "A1234"
    assert event_cart_hash(parse_webhook_unverified(ITEM)) == "A1234"
    assert event_cart_hash(parse_webhook_unverified(HANDOFF)) == "A1234"
    assert event_cart_hash(pushcart_event("P42", "1")) == "P42"


# --- Which payload is which (05-reference-notes.md, "Webhooks"; 01, 02, 03 payloads) -------
@pytest.mark.parametrize(
    ("body", "kind_of_event"),
    [
        (STS, ShipToStoreNotice),
        ({**STS, "status": "confirmed"}, ShipToStoreNotice),
        (ITEM, ItemStatusNotice),
        (HANDOFF, CartHandoff),
        (cart_json("A1", ("1", [])), PushCartNotice),
    ],
)
def test_each_payload_is_read_as_its_event(body: dict[str, Any], kind_of_event: type) -> None:
    for form in (
        body,
        json.dumps(body),
        json.dumps(body).encode(),
        bytearray(json.dumps(body), "utf-8"),
    ):
        assert type(parse_webhook_unverified(form)) is kind_of_event


@pytest.mark.parametrize(
    ("method", "auto"), [("PUT", True), ("put", True), ("POST", False), (None, False)]
)
def test_only_a_put_marks_a_pushcart_automatic_rejection(method: str | None, auto: bool) -> None:
    event = parse_webhook_unverified(cart_json("A1", ("1", [])), method=method)
    assert isinstance(event, PushCartNotice)
    assert event.auto_rejected is auto


@pytest.mark.parametrize(
    ("body", "keys"),
    [
        ({"items": [{"upc": "1", "quantity": 1}]}, "items"),
        ({"hash": "A1"}, "hash"),
        ({"order_id": "A1", "upc": "1"}, "order_id, upc"),
        ({"upc": "1", "sts_status": "shipped"}, "sts_status, upc"),
        ({}, "none"),
    ],
)
def test_an_unknown_payload_names_its_keys(body: dict[str, Any], keys: str) -> None:
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified(body)
    assert str(info.value) == f"not a webhook Locally sends (keys: {keys})"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (12, "the webhook body must be bytes, str or a dict, got int"),
        (None, "the webhook body must be bytes, str or a dict, got NoneType"),
        (b"[1, 2]", "the webhook body must be a JSON object, got list"),
        ('"text"', "the webhook body must be a JSON object, got str"),
    ],
)
def test_a_body_that_is_no_json_object_is_named(body: Any, message: str) -> None:
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified(body)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("items", "shown", "more"),
    [
        ([{}, {}, {"upc": "1"}], 5, ""),  # 5 problems: all shown
        ([{}, {}, {"upc": "1"}, {"upc": "2"}], 5, " (+1 more)"),  # 6
        ([{}, {}, {}, {}], 5, " (+3 more)"),  # 8
        ([{"upc": "1"}], 1, ""),
    ],
)
def test_an_invalid_payload_lists_up_to_five_problems(
    items: list[dict[str, str]], shown: int, more: str
) -> None:
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified({"hash": "A1", "items": items})
    message = str(info.value)
    assert message.startswith("invalid CartHandoff webhook: items.")
    assert message.count("Field required; items.") == shown - 1
    assert message.count("items.") == shown
    assert message.endswith(f"Field required{more}")


def test_an_invalid_payload_says_what_is_wrong() -> None:
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified({"hash": "A1", "items": [{"upc": "1"}]})
    assert str(info.value).startswith("invalid CartHandoff webhook: items.0.quantity: ")
    many = {"hash": "A1", "items": [{} for _ in range(4)]}  # 8 problems, 5 shown
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified(many)
    message = str(info.value)
    assert message.count("; ") == 4
    assert message.endswith(" (+3 more)")


# --- The shared secret (05-reference-notes.md, "Webhooks") ----------------------------------
SECRET = "whsec_new_0123456789"
OLD = "whsec_old_9876543210"


@pytest.mark.parametrize(
    "headers",
    [
        {WEBHOOK_TOKEN_HEADER: SECRET},
        {"Locally-Webhook-Token": SECRET},
        [("Content-Type", "application/json"), ("LOCALLY-WEBHOOK-TOKEN", SECRET)],
    ],
)
def test_the_token_header_is_found_in_any_case(headers: Any) -> None:
    assert WEBHOOK_TOKEN_HEADER == "locally-webhook-token"
    verify_token(headers, SECRET)
    assert type(parse_webhook(STS, headers=headers, secret=SECRET)) is ShipToStoreNotice


@pytest.mark.parametrize(
    "secrets",
    [lambda: [OLD, SECRET], lambda: (SECRET, OLD), lambda: iter([OLD, SECRET])],
    ids=["list", "tuple", "iterator"],
)
def test_any_of_several_secrets_is_accepted_during_a_rotation(
    secrets: Callable[[], Iterable[str]],
) -> None:
    verify_token({WEBHOOK_TOKEN_HEADER: SECRET}, secrets())
    verify_token({WEBHOOK_TOKEN_HEADER: OLD}, secrets())


MISSING = "the locally-webhook-token header is missing"
WRONG = "the locally-webhook-token header does not match any configured secret"
EMPTY = "no webhook secret configured (an empty secret)"


@pytest.mark.parametrize(
    ("headers", "secret", "message"),
    [
        (None, SECRET, MISSING),
        ({"x-other": SECRET}, SECRET, MISSING),
        ({WEBHOOK_TOKEN_HEADER: "wrong"}, SECRET, WRONG),
        ({WEBHOOK_TOKEN_HEADER: SECRET.upper()}, SECRET, WRONG),
        ({WEBHOOK_TOKEN_HEADER: f" {SECRET}"}, SECRET, WRONG),
        ({WEBHOOK_TOKEN_HEADER: SECRET[:-1]}, SECRET, WRONG),
        ({WEBHOOK_TOKEN_HEADER: ""}, SECRET, WRONG),
        ({WEBHOOK_TOKEN_HEADER: "x"}, [OLD, SECRET], WRONG),
        ({WEBHOOK_TOKEN_HEADER: SECRET}, "", EMPTY),
        ({WEBHOOK_TOKEN_HEADER: SECRET}, [], EMPTY),
        ({WEBHOOK_TOKEN_HEADER: SECRET}, [SECRET, ""], EMPTY),
    ],
)
def test_a_missing_or_wrong_token_is_refused_without_revealing_either(
    headers: Any, secret: Any, message: str
) -> None:
    with pytest.raises(WebhookAuthenticationError) as info:
        verify_token(headers, secret)
    assert str(info.value) == message
    with pytest.raises(WebhookAuthenticationError) as info:
        parse_webhook(STS, headers=headers, secret=secret)
    assert str(info.value) == message


def test_a_non_ascii_token_is_compared_as_utf8() -> None:
    verify_token({WEBHOOK_TOKEN_HEADER: "sécret-ü"}, "sécret-ü")
    with pytest.raises(WebhookAuthenticationError):
        verify_token({WEBHOOK_TOKEN_HEADER: "secret-u"}, "sécret-ü")
