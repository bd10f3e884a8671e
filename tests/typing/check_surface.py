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
from locally.types import CartDetail, CartUpdateReport, HeadlessCart, HeadlessOrder, UpdateResult
from locally.types.carts import CartSummary
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


async def async_methods_return_coroutines(client: AsyncLocally) -> None:
    """The async client returns coroutines of the same models, and async pagers."""
    assert_type(_result_of(client.carts.retrieve("A1")), CartDetail)
    assert_type(await client.carts.retrieve("A1"), CartDetail)
    assert_type(await client.carts.list_page(0), AsyncCartPage)
    assert_type(client.carts.list(), AsyncCartPager)
    assert_type(_result_of(client.pushcart.confirm("A1", "1")), UpdateResult)
    assert_type(await client.carts.with_raw_response.retrieve("A1"), RawResponse[CartDetail])
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
