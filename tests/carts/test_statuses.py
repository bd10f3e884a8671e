"""Statuses read back the way they were written: spellings, variants and one way to ask."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from locally.testing import FakeItem, FakeLocally
from locally.types import CartDetail, CartSummary, ItemStatus, ShipToStoreStatus
from locally.webhooks import parse_webhook_unverified
from tests.helpers import DOCS, Mode

# Spellings from Locally's documents (03: "Charge_Failed", "Canceled"; 05: "Charge Failed",
# "Retailer Declined"), in the cases they are written in and others.
SPELLINGS = [
    ("Canceled", ItemStatus.CANCELED),
    ("canceled", ItemStatus.CANCELED),
    ("Cancelled", ItemStatus.CANCELED),
    ("Retailer Declined", ItemStatus.CANCELED),
    ("Auto-cancelled", ItemStatus.CANCELED),
    ("Charge_Failed", ItemStatus.CHARGE_FAILED),
    ("Charge Failed", ItemStatus.CHARGE_FAILED),
    ("charge-failed", ItemStatus.CHARGE_FAILED),
    ("CONFIRMED", ItemStatus.CONFIRMED),
    (" Ordered ", ItemStatus.ORDERED),
    ("Refunded", ItemStatus.REFUNDED),
]


@pytest.mark.parametrize(("text", "member"), SPELLINGS)
def test_enum_lookup_ignores_case_and_separators(text: str, member: ItemStatus) -> None:
    assert ItemStatus(text) is member
    item = CartSummary.model_validate({"hash": "A", "items": [{"status": text}]}).items[0]
    assert item.status is member


def test_sts_lookup_ignores_case_and_separators() -> None:
    assert ShipToStoreStatus("Ready-For-Pickup") is ShipToStoreStatus.READY_FOR_PICKUP
    assert ShipToStoreStatus("Confirm_Brand") is ShipToStoreStatus.CONFIRM_BRAND
    assert ShipToStoreStatus("PICKED UP") is ShipToStoreStatus.PICKED_UP


def test_unknown_spelling_still_raises_and_stays_text_in_models() -> None:
    with pytest.raises(ValueError, match="Partially Refunded"):
        ItemStatus("Partially Refunded")
    # 05's "Buyer Declined" is not said to be any documented state: it stays text.
    with pytest.raises(ValueError, match="Buyer Declined"):
        ItemStatus("Buyer Declined")
    cart = CartDetail.model_validate(
        {"properties": {"hash": "A"}, "items": [{"status": "Partially Refunded"}]}
    )
    assert cart.items[0].status == "Partially Refunded"
    assert not cart.items[0].is_refunded


@pytest.mark.parametrize("blank", ["N/A", "n/a", "", False])
def test_list_sts_status_na_reads_as_none(blank: object) -> None:
    page = CartSummary.model_validate(
        {"hash": "A", "items": [{"status": "Ordered", "sts_status": blank}]}
    )
    assert page.items[0].sts_status is None


@pytest.mark.parametrize(
    ("status", "rejected", "refunded", "fulfilled"),
    [
        ("rejected", True, False, False),
        ("Canceled", True, False, False),
        ("Cancelled", True, False, False),
        ("refund", False, True, False),
        ("Refunded", False, True, False),
        ("fulfilled", False, False, True),
        ("Confirmed", False, False, False),
        ("Charge Failed", False, False, False),
        ("Something New", False, False, False),
        (None, False, False, False),
    ],
)
def test_one_way_to_ask(
    status: str | None, rejected: bool, refunded: bool, fulfilled: bool
) -> None:
    item = CartDetail.model_validate(
        {"properties": {"hash": "A"}, "items": [{"status": status}]}
    ).items[0]
    assert (item.is_rejected, item.is_refunded, item.is_fulfilled) == (
        rejected,
        refunded,
        fulfilled,
    )
    listed = CartSummary.model_validate({"hash": "A", "items": [{"status": status}]}).items[0]
    assert (listed.is_rejected, listed.is_refunded, listed.is_fulfilled) == (
        rejected,
        refunded,
        fulfilled,
    )
    if isinstance(item.status, ItemStatus):
        member = item.status
        assert (member.is_rejected, member.is_refunded, member.is_fulfilled) == (
            rejected,
            refunded,
            fulfilled,
        )


def test_webhook_notice_answers_too() -> None:
    notice = parse_webhook_unverified(
        {"upc": "601842495575", "order_id": "QE3QL6", "status": "Canceled"}
    )
    assert notice.is_rejected  # type: ignore[union-attr]


def _documented_table() -> list[tuple[str, str, str, str]]:
    """The rows of the "What you send, what you read back" table in docs/pushcart.md."""
    page = (DOCS / "pushcart.md").read_text()
    section = page.split("## What you send, what you read back", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("Call", "---"):
            rows.append((cells[0], cells[1], cells[2], cells[3]))
    return rows


def test_docs_table_lists_every_pushcart_call() -> None:
    calls = [row[0] for row in _documented_table()]
    assert calls == ["mark_received", "confirm", "reject", "mark_fulfilled", "refund"]


@pytest.mark.parametrize("row", _documented_table(), ids=lambda row: row[0])
def test_docs_table_is_what_the_fake_does(mode: Mode, row: tuple[str, str, str, str]) -> None:
    call, sent, read_back, question = row
    fake = FakeLocally(generated_carts=0)
    cart = fake.place_order("ORDER", items=[FakeItem(upc="012345678905", msrp=Decimal("50.00"))])
    upc = "012345678905"
    steps = {
        "mark_received": [],
        "confirm": [],
        "reject": [],
        "mark_fulfilled": ["confirm"],
        "refund": ["confirm"],
    }[call]
    arguments: dict[str, dict[str, Any]] = {
        "reject": {"reason": "Out of stock"},
        "refund": {"refund_amount": Decimal("5")},
    }

    with fake.serve() as url:

        async def run_async(client: Any) -> Any:
            for step in steps:
                await getattr(client.pushcart, step)(cart.hash, upc)
            await getattr(client.pushcart, call)(cart.hash, upc, **arguments.get(call, {}))
            return await client.carts.retrieve(cart.hash)

        def run_sync(client: Any) -> Any:
            for step in steps:
                getattr(client.pushcart, step)(cart.hash, upc)
            getattr(client.pushcart, call)(cart.hash, upc, **arguments.get(call, {}))
            return client.carts.retrieve(cart.hash)

        runner = run_sync if mode.name == "sync" else run_async
        detail = mode.run(runner, api_token=fake.api_token, base_url=url)

    sent_body = fake.requests[-2].content.decode()
    assert re.search(rf'"status":\s*"{sent}"', sent_body), sent_body
    raw_status = fake.carts[cart.hash].items[0].status
    assert raw_status == read_back
    item = detail.items[0]
    assert item.status is ItemStatus(read_back) is ItemStatus(raw_status)
    if question:
        assert getattr(item, question) is True
        assert getattr(ItemStatus(sent), question) is True
    else:
        assert (item.is_rejected, item.is_refunded, item.is_fulfilled) == (False, False, False)
