"""The documented sample payloads parse into the models with the right Python types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from locally import CartPage, ModelValidationError
from locally.types import CartDetail, CartType, ItemStatus, ShipToStoreStatus
from tests.helpers import load_sample


def test_cart_detail_sample_parses_with_exact_types() -> None:
    cart = CartDetail.model_validate(load_sample("cart_detail.json"))
    item = cart.items[0]
    assert item.msrp == Decimal("2099.99")
    assert item.total == Decimal("2262.74")
    assert item.tax == Decimal("162.75")
    assert item.commission == Decimal("73.50")
    assert item.disbursement == Decimal("1262.74")
    assert isinstance(item.msrp, Decimal)
    assert item.tax_remitted is True
    assert item.upc == "811950030719"
    assert item.status is ItemStatus.CONFIRMED
    assert item.sts_status is ShipToStoreStatus.PROCESSING
    assert cart.properties.date_time == dt.datetime(2021, 2, 2, 12, 48, 3)
    assert cart.properties.pickup_window == dt.datetime(2021, 2, 6, 18, 0, 0)
    assert cart.properties.type is CartType.ORDER
    assert cart.hash == "PDQE89"
    assert cart.customer.first_name == "John"
    assert cart.store.store_id == 128943
    assert [m.sender for m in item.messages][:4] == ["locally", "locally", "locally", "customer"]
    assert item.messages[3].created_at == dt.datetime(2021, 1, 18, 12, 23, 14)
    assert item.messages[3].description is not None
    assert item.messages[3].description.startswith("Hi, what")
    # Documented only in the field table: present as attributes, None when not sent.
    assert item.product_price is None
    assert item.stripe_fee is None
    assert item.split_retailer is None
    assert cart.customer.address_1 is None


def test_carts_page_sample_parses() -> None:
    page = CartPage.model_validate(load_sample("carts_page.json"))
    assert page.properties.date_time == dt.datetime(2020, 3, 29, 3, 31, 25)
    assert page.properties.total_pages == 6
    assert page.has_next_page()
    first, second = page.carts
    assert first.hash == "O3V36"
    assert first.type is CartType.SHIP
    assert first.ordered_at == dt.datetime(2020, 3, 28, 11, 34, 21)
    assert first.items[0].total == Decimal("110.85")
    assert first.items[0].sts_status is None  # "" in the list means not Ship-to-Store
    assert first.items[0].alias == ["D1447020122-00003"]
    assert first.items[0].upc == "190340561721"
    assert second.items[1].total == Decimal("165.36")
    assert second.items[1].sts_status is ShipToStoreStatus.CONFIRMED


def test_empty_strings_become_none_and_false_sts_status_is_none() -> None:
    cart = CartDetail.model_validate(
        {
            "status": True,
            "properties": {"pickup_window": "", "ordered_at": "", "hash": "X"},
            "items": [{"sts_status": False, "msrp": "", "tax_remitted": ""}],
        }
    )
    assert cart.properties.pickup_window is None
    assert cart.properties.ordered_at is None
    assert cart.items[0].sts_status is None
    assert cart.items[0].msrp is None
    assert cart.items[0].tax_remitted is None


@pytest.mark.parametrize("raw", ["CONFIRMED", "Confirmed", "confirmed", " confirmed "])
def test_statuses_compare_case_insensitively(raw: str) -> None:
    cart = CartDetail.model_validate({"properties": {"hash": "A1"}, "items": [{"status": raw}]})
    # The enum member is also the plain string, so code comparing with "confirmed" still works.
    assert cart.items[0].status == "confirmed"
    assert cart.items[0].status is ItemStatus.CONFIRMED


def test_unknown_status_and_fields_are_kept() -> None:
    cart = CartDetail.model_validate(
        {
            "properties": {"hash": "A1"},
            "items": [{"status": "Partially_Refunded", "new_field": {"a": 1}}],
            "shiny": True,
        }
    )
    assert cart.items[0].status == "Partially_Refunded"
    assert not isinstance(cart.items[0].status, ItemStatus)
    assert cart.items[0].model_extra == {"new_field": {"a": 1}}
    assert cart.model_extra == {"shiny": True}


def test_money_from_json_number_keeps_exact_decimal() -> None:
    page = CartPage.model_validate_json(
        b'{"status": true, "carts": [{"hash": "A", "items": [{"total": 0.1}, {"total": 19.99}]}]}'
    )
    assert page.carts[0].items[0].total == Decimal("0.1")
    assert page.carts[0].items[1].total == Decimal("19.99")


def test_thousands_separators_and_integers_in_money() -> None:
    cart = CartDetail.model_validate(
        {"properties": {"hash": "A1"}, "items": [{"msrp": "12,345,678.90", "tax": 7}]}
    )
    assert cart.items[0].msrp == Decimal("12345678.90")
    assert cart.items[0].tax == Decimal("7")


def test_numeric_upc_becomes_text() -> None:
    cart = CartDetail.model_validate({"properties": {"hash": "A1"}, "items": [{"upc": 12345}]})
    assert cart.items[0].upc == "12345"


def test_iso_datetime_with_z_and_dateutil_fallback() -> None:
    cart = CartDetail.model_validate(
        {
            "properties": {
                "hash": "A1",
                "ordered_at": "2022-01-01T00:00:00.000Z",
                "updated_at": "03/28/2020 11:34 AM",
            },
        }
    )
    assert cart.properties.ordered_at == dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
    assert cart.properties.updated_at == dt.datetime(2020, 3, 28, 11, 34)


def test_unparseable_datetime_is_a_validation_error_naming_the_field() -> None:
    with pytest.raises(ModelValidationError, match="ordered_at") as info:
        CartDetail.model_validate({"properties": {"hash": "A1", "ordered_at": "not a date"}})
    assert isinstance(info.value, ValueError)
    assert info.value.model == "CartDetail"
    assert [field for field, _ in info.value.errors] == ["properties.ordered_at"]
    assert "not a date" not in str(info.value)  # fields are named, values never repeated


def test_enum_str_is_its_value() -> None:
    assert f"{CartType.HOLD}" == "HOLD"
    assert str(ItemStatus.CHARGE_FAILED) == "charge_failed"
