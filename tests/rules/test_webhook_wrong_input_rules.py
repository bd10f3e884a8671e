"""A receiver that passes the wrong kind of thing is told what it passed, and fails closed.

Each check names the argument and the type it got, so the fix is obvious from the message.
The token check answers "authenticated" or :class:`~locally.WebhookAuthenticationError`,
whatever the configuration holds (``_webhook_auth.py``); it never lets another error escape.
"""

from __future__ import annotations

from typing import Any

import pytest

from locally import RequestValidationError, WebhookAuthenticationError, WebhookError
from locally.webhooks import (
    WEBHOOK_TOKEN_HEADER,
    check_event_against_cart,
    event_cart_hash,
    parse_webhook,
    parse_webhook_unverified,
    verify_token,
)

STS = {"upc": "811950030719", "order_id": "A1234", "sts_status": "confirm-store"}
SECRET = "whsec_new_0123456789"
WRONG = "the locally-webhook-token header does not match any configured secret"


@pytest.mark.parametrize(
    ("headers", "secret", "message"),
    [
        (
            {WEBHOOK_TOKEN_HEADER: SECRET},
            5,
            "secret must be text, bytes or a list of them, got int",
        ),
        (
            {WEBHOOK_TOKEN_HEADER: SECRET},
            [SECRET, 5.0],
            "a webhook secret must be text or bytes, got float",
        ),
        (
            5,
            SECRET,
            "headers must be a mapping or a list of (name, value) pairs, got int",
        ),
        (
            {WEBHOOK_TOKEN_HEADER: 5},
            SECRET,
            "the locally-webhook-token header value must be text or bytes, got int",
        ),
    ],
    ids=["secret", "one of the secrets", "headers", "header value"],
)
def test_a_wrong_kind_of_secret_or_header_is_named_and_refused(
    headers: Any, secret: Any, message: str
) -> None:
    with pytest.raises(WebhookAuthenticationError) as info:
        verify_token(headers, secret)
    assert str(info.value) == message
    with pytest.raises(WebhookAuthenticationError) as info:
        parse_webhook(STS, headers=headers, secret=secret)
    assert str(info.value) == message


def test_a_secret_holding_a_lone_surrogate_still_answers_yes_or_no() -> None:
    # A mis-decoded configuration value: it must not crash the check with UnicodeEncodeError.
    odd = "whsec_\ud800_0123456789"
    verify_token({WEBHOOK_TOKEN_HEADER: odd}, odd)
    with pytest.raises(WebhookAuthenticationError) as info:
        verify_token({WEBHOOK_TOKEN_HEADER: SECRET}, odd)
    assert str(info.value) == WRONG
    with pytest.raises(WebhookAuthenticationError) as info:
        verify_token({WEBHOOK_TOKEN_HEADER: SECRET}, [odd, "whsec_old_\udfff"])
    assert str(info.value) == WRONG


def test_a_method_that_is_not_text_is_named() -> None:
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified(STS, method=5)  # type: ignore[arg-type]
    assert str(info.value) == "method must be the HTTP method as text, got int"


def test_an_unknown_payload_lists_at_most_200_characters_of_keys() -> None:
    body = {f"unexpected_key_{n:03d}": 1 for n in range(40)}
    keys = ", ".join(sorted(body))
    assert len(keys) > 201
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified(body)
    assert str(info.value) == f"not a webhook Locally sends (keys: {keys[:200]})"


def test_something_that_is_no_event_is_named() -> None:
    with pytest.raises(RequestValidationError) as info:
        event_cart_hash(STS)  # type: ignore[arg-type]
    assert str(info.value) == "event must be a webhook event from parse_webhook(), got dict"
    assert info.value.field == "event"
    with pytest.raises(RequestValidationError) as info:
        check_event_against_cart("A1234", None)  # type: ignore[arg-type]
    assert info.value.field == "event"


def test_something_that_is_no_cart_is_named() -> None:
    event = parse_webhook_unverified(STS)
    cart = {"properties": {"hash": "A1234"}, "items": [{"upc": "811950030719", "qty": 1}]}
    with pytest.raises(RequestValidationError) as info:
        check_event_against_cart(event, cart)  # type: ignore[arg-type]
    assert str(info.value) == "cart must be a CartDetail, got dict"
    assert info.value.field == "cart"
