"""The Cart-to-Cart network fee (01-cart-to-cart.txt, "Reconciling Orders") against ``spec``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from locally import ModelValidationError
from locally.fees import NETWORK_FEE_RATE, FeeLedger, LedgerEntry, network_fee
from locally.types import OutcomeStatus
from locally.types.carts import CartDetail, CartSummary

from . import spec


def test_the_rate_is_the_documented_three_and_a_half_percent() -> None:
    assert NETWORK_FEE_RATE == spec.NETWORK_FEE_RATE


@pytest.mark.parametrize(
    ("order_total", "fee"),
    [
        # Half up, where half to even (banker's rounding) would answer differently:
        ("3.00", "0.11"),  # 0.105: half-even gives 0.10
        ("15.00", "0.53"),  # 0.525: half-even gives 0.52
        ("0.30", "0.01"),  # 0.0105
        # Below half rounds down (rounding up or to the ceiling would answer 0.01 / 79.20):
        ("0.10", "0.00"),  # 0.0035
        ("2262.74", "79.20"),  # 79.1959, rounding down would give 79.19
        ("0.70", "0.02"),  # 0.0245
        ("100", "3.50"),
        ("100.00", "3.50"),
        ("1", "0.04"),  # 0.035
        ("0", "0.00"),
        ("1234567.89", "43209.88"),  # 43209.87615
    ],
)
def test_network_fee_is_rounded_to_the_cent_half_up(order_total: str, fee: str) -> None:
    result = network_fee(Decimal(order_total))
    assert str(result) == fee  # the exact digits: "3.50", never "3.5" or "3.500"


def _cart(cart_hash: str | None, totals: list[str | None], *, detail: bool) -> Any:
    items: list[dict[str, Any]] = [
        {"upc": f"1000{index}", **({} if total is None else {"total": total})}
        for index, total in enumerate(totals)
    ]
    if detail:
        return CartDetail.model_validate({"properties": {"hash": cart_hash}, "items": items})
    return CartSummary.model_validate({"hash": cart_hash, "items": items})


@pytest.mark.parametrize("status", list(spec.C2C_OUTCOMES))
@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.title, lambda s: f" {s} "])
def test_each_outcome_owes_or_waives_the_fee(status: str, spelling: Any) -> None:
    ledger = FeeLedger()
    ledger.add("A1", Decimal("3.00"), spelling(status))
    [entry] = ledger.entries
    assert entry == LedgerEntry("A1", Decimal("3.00"), OutcomeStatus(status), Decimal("0.11"))
    assert (entry.cart_hash, entry.order_total, entry.status, entry.fee) == (
        "A1",
        Decimal("3.00"),
        OutcomeStatus(status),
        Decimal("0.11"),
    )
    owed = spec.C2C_OUTCOMES[status]
    assert entry.owed is owed
    assert (str(ledger.owed), str(ledger.waived)) == (
        ("0.11", "0.00") if owed else ("0.00", "0.11")
    )


def test_ledger_totals_add_the_rounded_fees_of_owed_and_waived_carts() -> None:
    ledger = FeeLedger()
    ledger.add("C1", Decimal("3.00"), OutcomeStatus.CONFIRMED)  # 0.11
    ledger.add("C2", Decimal("15.00"), "confirmed")  # 0.53
    ledger.add("R1", Decimal("100.00"), "refunded")  # 3.50
    ledger.add("A1", Decimal("0.30"), "abandoned")  # 0.01
    ledger.add("C3", Decimal("0.10"), "confirmed")  # 0.00
    assert [e.cart_hash for e in ledger.entries] == ["C1", "C2", "R1", "A1", "C3"]
    assert [e.owed for e in ledger.entries] == [True, True, False, False, True]
    # Each cart's fee is rounded before adding: 0.105 + 0.525 would round to 0.63, not 0.64.
    assert str(ledger.owed) == "0.64"
    assert str(ledger.waived) == "3.51"


def test_an_empty_ledger_owes_nothing_to_the_cent() -> None:
    ledger = FeeLedger()
    assert ledger.entries == []
    assert (str(ledger.owed), str(ledger.waived)) == ("0.00", "0.00")


def test_an_unknown_outcome_is_not_booked() -> None:
    ledger = FeeLedger()
    with pytest.raises(ValueError, match="shipped"):
        ledger.add("X1", Decimal("10.00"), "shipped")
    assert ledger.entries == []


@pytest.mark.parametrize("detail", [True, False], ids=["CartDetail", "CartSummary"])
def test_from_carts_bills_the_sum_of_item_totals(detail: bool) -> None:
    confirmed = _cart("C1", ["2.00", "1.00", None], detail=detail)  # no total counts as 0
    refunded = _cart("R1", ["100.00"], detail=detail)
    abandoned = _cart("A1", ["0.10", "0.20"], detail=detail)
    empty = _cart("E1", [], detail=detail)
    ledger = FeeLedger.from_carts(
        [
            (confirmed, "confirmed"),
            (refunded, "Refunded"),
            (abandoned, "ABANDONED"),
            (empty, "confirmed"),
        ]
    )
    assert [(e.cart_hash, e.order_total, e.status, str(e.fee)) for e in ledger.entries] == [
        ("C1", Decimal("3.00"), OutcomeStatus.CONFIRMED, "0.11"),
        ("R1", Decimal("100.00"), OutcomeStatus.REFUNDED, "3.50"),
        ("A1", Decimal("0.30"), OutcomeStatus.ABANDONED, "0.01"),
        ("E1", Decimal("0"), OutcomeStatus.CONFIRMED, "0.00"),
    ]
    assert (str(ledger.owed), str(ledger.waived)) == ("0.11", "3.51")
    assert all(type(e.order_total) is Decimal for e in ledger.entries)  # even the empty cart's


def test_from_carts_keys_each_entry_by_its_carts_hash() -> None:
    ledger = FeeLedger.from_carts([(_cart("QE3QL6", ["10.00"], detail=True), "confirmed")])
    assert [(e.cart_hash, e.order_total, str(e.fee)) for e in ledger.entries] == [
        ("QE3QL6", Decimal("10.00"), "0.35")
    ]
    # 03: properties.hash is "The hash for the order"; a cart without one is not read at all.
    with pytest.raises(ModelValidationError, match=r"properties\.hash"):
        _cart(None, ["10.00"], detail=True)
