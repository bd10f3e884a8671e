"""Tests written with the pytest fixtures that installing ``locally`` registers.

``locally_fake`` is a fresh FakeLocally per test; ``locally_client`` and
``async_locally_client`` are clients wired to it that retry without waiting.  Copy these into
your own suite; run this file with ``pytest examples/pytest_fixtures.py`` (run as a script, it
runs pytest on itself).  The async test uses anyio's pytest plugin, which comes with httpx.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from locally import AsyncLocally, Locally
from locally.testing import FakeItem, FakeLocally


def confirm_new_items(client: Locally, cart_hash: str) -> int:
    """Your code under test: confirm every item of a cart that is still "ordered"."""
    confirmed = 0
    for item in client.carts.retrieve(cart_hash).items:
        if item.status == "ordered":
            client.pushcart.confirm(cart_hash, item.upc, current_status=item.status)
            confirmed += 1
    return confirmed


def test_confirms_only_new_items(locally_fake: FakeLocally, locally_client: Locally) -> None:
    """Arrange an order in the fake, run your code, read the fake's state back."""
    cart = locally_fake.place_order(
        "ORDER", items=[FakeItem(upc="012345678905"), FakeItem(upc="036000291452")]
    )
    cart.items[1].status = "Canceled"
    assert confirm_new_items(locally_client, cart.hash) == 1
    assert [item.status for item in locally_fake.carts[cart.hash].items] == [
        "Confirmed",
        "Canceled",
    ]


def test_503_then_success_takes_milliseconds(
    locally_fake: FakeLocally, locally_client: Locally
) -> None:
    """The fixtures' clients retry as a real one does, without the real backoff."""
    locally_fake.faults.fail(next=2, status=503, route="GET /api/v2/cart/*")
    started = time.monotonic()
    assert locally_client.carts.retrieve("PDQE89").hash == "PDQE89"
    assert time.monotonic() - started < 0.5
    assert len(locally_fake.requests) == 3


@pytest.mark.anyio
async def test_headless_cart_with_the_async_client(
    locally_fake: FakeLocally, async_locally_client: AsyncLocally
) -> None:
    """A store and its stock arranged with add_store and add_product, then a headless cart."""
    locally_fake.add_store(4242, "Spoke & Chain", tax_rate=Decimal("8.00"))
    locally_fake.add_product(
        4242, "012345678905", name="Bell", price=Decimal("12.50"), qty_available=1
    )
    cart = await async_locally_client.headless.add_item(
        store_id=4242, upc="012345678905", host_domain="shop.example.com"
    )
    assert (cart.items[0].product_name, cart.items[0].tax_total) == ("Bell", Decimal("1.00"))
    assert cart.cart_hash == cart.session.cart_hash


if __name__ == "__main__":
    import subprocess
    import sys

    # A fresh interpreter: pytest must import the plugin before anything imports locally.
    command = [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider"]
    raise SystemExit(subprocess.run(command, check=False).returncode)
