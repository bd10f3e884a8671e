"""A PushCart cart sent in the carts-list shape is read as a PushCart notice, not a hand-off.

Locally does not say whether a PushCart webhook carries the cart as ``GET /cart/{hash}``
returns it or as the carts list shows it (docs/testing.md).  A list-shape cart and a
Cart-to-Cart hand-off both hold ``hash`` and ``items``; the list shape's items carry ``qty``
or ``status``, a hand-off's items carry ``quantity``.  Either field alone is enough.
"""

from __future__ import annotations

from typing import Any

import pytest

from locally import WebhookError
from locally.webhooks import CartHandoff, PushCartNotice, parse_webhook_unverified


@pytest.mark.parametrize(
    ("item", "qty", "status"),
    [
        pytest.param({"upc": "12345", "qty": 2}, 2, None, id="qty only"),
        pytest.param({"upc": "12345", "qty": 3, "status": "confirmed"}, 3, "confirmed", id="both"),
    ],
)
def test_a_list_shape_item_with_qty_or_status_makes_a_pushcart_notice(
    item: dict[str, Any], qty: int, status: str | None
) -> None:
    event = parse_webhook_unverified({"hash": "A1234", "items": [item]}, method="POST")
    assert type(event) is PushCartNotice
    assert event.shape == "summary"
    assert event.cart.hash == "A1234"
    [read] = event.cart.items
    assert read.upc == "12345"
    assert read.qty == qty
    assert (None if read.status is None else str(read.status).lower()) == status


def test_a_list_shape_item_with_status_only_is_judged_as_a_pushcart_item() -> None:
    # Read as a PushCart cart, so the missing quantity is reported as the list shape's ``qty``
    # (a PushCart item must hold at least one), not as a hand-off's ``quantity``.
    with pytest.raises(WebhookError) as info:
        parse_webhook_unverified(
            {"hash": "A1234", "items": [{"upc": "12345", "status": "confirmed"}]}
        )
    assert str(info.value).startswith("invalid PushCartNotice webhook: items.0.qty: ")
    assert info.value.field == "items.0.qty"


def test_an_item_with_quantity_is_still_a_cart_handoff() -> None:
    event = parse_webhook_unverified({"hash": "A1234", "items": [{"upc": "12345", "quantity": 1}]})
    assert type(event) is CartHandoff
