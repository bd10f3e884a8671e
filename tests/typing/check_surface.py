"""Static checks of the public surface, run by mypy and pyright (never executed).

Each ``assert_type`` fails type checking if a method's declared return type drifts; each
ignore comment fails it if the call it marks were ever accepted (unused ignores are errors).
"""

from __future__ import annotations

from collections.abc import Coroutine
from decimal import Decimal
from typing import Any, TypeVar

from typing_extensions import assert_type

from locally import (
    AsyncCartPage,
    AsyncCartPager,
    AsyncLocally,
    CartPage,
    CartPager,
    HeadlessSession,
    Locally,
    RawResponse,
)
from locally.feeds import AvailableToSellRow
from locally.types import (
    CartDetail,
    CartType,
    CartUpdateReport,
    HeadlessCart,
    HeadlessOrder,
    ItemStatus,
    ShipToStoreStatus,
    UnknownValue,
    UpdateResult,
)
from locally.types.carts import CartSummary
from locally.types.order_resolution import OrderResolution
from locally.types.stores import ConversionStart, StoreData
from locally.types.webhooks import CartHandoff, ItemStatusNotice, PushCartNotice, ShipToStoreNotice
from locally.webhooks import parse_webhook, parse_webhook_unverified

T = TypeVar("T")


def _result_of(call: Coroutine[Any, Any, T]) -> T:
    """Accepts only a coroutine, and gives the type it resolves to."""
    call.close()
    raise NotImplementedError


def sync_methods_return_models(client: Locally, session: HeadlessSession) -> None:
    """The sync client returns models directly."""
    assert_type(client.carts.retrieve("A1"), CartDetail)
    assert_type(client.carts.list_page(0), CartPage)
    assert_type(client.carts.list(), CartPager)
    assert_type(next(iter(client.carts.list())), CartSummary)
    assert_type(client.carts.with_raw_response.retrieve("A1"), RawResponse[CartDetail])
    assert_type(client.pushcart.confirm("A1", "1"), UpdateResult)
    assert_type(client.pushcart.refund("A1", "1", Decimal("1.00")), UpdateResult)
    assert_type(client.pushcart.confirm_cart("A1"), CartUpdateReport)
    assert_type(client.ship_to_store.mark_shipped("A1", "1"), UpdateResult)
    assert_type(client.cart_to_cart.record_outcome("A1", "abandoned"), UpdateResult)
    cart = client.headless.add_item(store_id=1, upc="1", host_domain="example.com")
    assert_type(cart, HeadlessCart)
    assert_type(cart.session, HeadlessSession)
    assert_type(client.headless.place_ropis_order(session, customer={}), HeadlessOrder)
    assert_type(client.headless.resolve_order(session), OrderResolution)
    assert_type(client.headless.start_conversion(1, upc="1"), ConversionStart)
    finder = client.headless.store_data(
        company_id=1,
        upc="1",
        map_center_lat=Decimal("41.9"),
        map_center_lng=-87.6,
        map_distance_unit="mi",
        map_distance_diag=25,
    )
    assert_type(finder, StoreData)
    assert_type(
        client.headless.with_raw_response.store_data(
            company_id=1, upc="1", map_distance_unit="km", map_distance_diag=1, only_store_id=2
        ),
        RawResponse[StoreData],
    )


async def async_methods_return_coroutines(client: AsyncLocally) -> None:
    """The async client returns coroutines of the same models, and async pagers."""
    assert_type(_result_of(client.carts.retrieve("A1")), CartDetail)
    assert_type(await client.carts.retrieve("A1"), CartDetail)
    assert_type(await client.carts.list_page(0), AsyncCartPage)
    assert_type(client.carts.list(), AsyncCartPager)
    assert_type(_result_of(client.pushcart.confirm("A1", "1")), UpdateResult)
    assert_type(await client.carts.with_raw_response.retrieve("A1"), RawResponse[CartDetail])
    assert_type(_result_of(client.headless.start_conversion(1, style="S")), ConversionStart)
    session = HeadlessSession(cart_hash="A1", session_id="s")
    assert_type(await client.headless.resolve_order(session), OrderResolution)
    async for cart in client.carts.list():
        assert_type(cart, CartSummary)


def status_arguments_accept_only_documented_literals(client: Locally) -> None:
    """Outcome statuses are the three documented values; anything else is a type error."""
    client.cart_to_cart.record_outcome("A1", "confirmed")
    client.cart_to_cart.record_outcome("A1", "refunded")
    client.cart_to_cart.record_outcome("A1", "shipped")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.cart_to_cart.record_item_outcome("A1", "1", "lost")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def feed_rows_take_only_their_fields() -> None:
    """An unknown keyword is a type error, as it is an error at runtime."""
    AvailableToSellRow(upc="727602259178", qty=1)
    AvailableToSellRow(upc="727602259178", qty=1, sku="A-1")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def webhooks_need_their_secret() -> None:
    """Leaving out the secret, or passing None, is a type error as well as a refusal."""
    parse_webhook(b"{}", headers={}, secret="whsec")
    parse_webhook(b"{}", headers=[(b"locally-webhook-token", b"whsec")], secret=b"whsec")
    parse_webhook(b"{}", headers={})  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    parse_webhook(b"{}", headers={}, secret=None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    parse_webhook_unverified(b"{}", method="PUT")


def hashes_locally_always_sends_are_plain_str(
    client: Locally,
    cart: HeadlessCart,
    order: HeadlessOrder,
    session: HeadlessSession,
    handoff: CartHandoff,
    sts_notice: ShipToStoreNotice,
    status_notice: ItemStatusNotice,
    pushcart: PushCartNotice,
) -> None:
    """Ids Locally always sends need no ``or ""`` before they are passed on."""
    detail = client.carts.retrieve("A1")
    assert_type(detail.hash, str)
    assert_type(detail.properties.hash, str)
    assert_type(next(iter(client.carts.list())).hash, str)
    assert_type(cart.cart_hash, str)
    assert_type(order.cart_hash, str)
    assert_type(handoff.hash, str)
    assert_type(sts_notice.order_id, str)
    assert_type(status_notice.order_id, str)
    assert_type(pushcart.cart.hash, str)
    client.carts.retrieve(order.cart_hash)
    client.carts.retrieve(pushcart.cart.hash)
    # A session has no cart until the first add_item reply names one.
    assert_type(session.cart_hash, str | None)


def _takes_text(value: str | None) -> None:
    """Stands for any function of the user's that takes a status as text."""


def status_fields_show_their_enum_members(
    detail: CartDetail,
    summary: CartSummary,
    sts_notice: ShipToStoreNotice,
    status_notice: ItemStatusNotice,
) -> None:
    """Statuses are the enum or, for one Locally adds later, the text it sent."""
    assert_type(detail.items[0].status, ItemStatus | UnknownValue | None)
    assert_type(detail.items[0].sts_status, ShipToStoreStatus | UnknownValue | None)
    assert_type(detail.properties.type, CartType | UnknownValue | None)
    assert_type(summary.items[0].status, ItemStatus | UnknownValue | None)
    assert_type(summary.items[0].sts_status, ShipToStoreStatus | UnknownValue | None)
    assert_type(summary.type, CartType | UnknownValue | None)
    assert_type(status_notice.status, ItemStatus | UnknownValue)
    assert_type(sts_notice.sts_status, ShipToStoreStatus | UnknownValue | None)
    status = detail.items[0].status
    if isinstance(status, ItemStatus):
        assert_type(status, ItemStatus)
    _takes_text(status)  # still text, wherever a str is expected


def current_status_takes_the_status_types(client: Locally, detail: CartDetail) -> None:
    """``current_status=`` accepts what a cart reports, the enum, or text; nothing else."""
    item = detail.items[0]
    client.pushcart.confirm("A1", "1", current_status=item.status)
    client.pushcart.confirm("A1", "1", current_status=ItemStatus.ORDERED)
    client.pushcart.refund("A1", "1", Decimal("1.00"), current_status="confirmed")
    client.ship_to_store.confirm("A1", "1", current_status=item.sts_status)
    client.ship_to_store.mark_shipped("A1", "1", current_status=ShipToStoreStatus.PROCESSING)
    client.pushcart.confirm("A1", "1", current_status=3)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.ship_to_store.confirm("A1", "1", current_status=object())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
