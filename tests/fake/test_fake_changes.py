"""Every change the fake makes moves the cart's ``updated_at``; auto-rejection; random faults."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from locally import APIResultError, Locally
from locally.testing import FakeItem, FakeLocally
from tests.watch.helpers import Clock


def _listed_updated_at(client: Locally, cart_hash: str) -> _dt.datetime | None:
    for cart in client.carts.list():
        if cart.hash == cart_hash:
            return cart.updated_at
    raise AssertionError(cart_hash)


CHANGES: dict[str, Callable[[FakeLocally, Locally, str], object]] = {
    "pushcart receive": lambda f, c, h: c.pushcart.mark_received(h, "012345678905"),
    "pushcart confirm": lambda f, c, h: c.pushcart.confirm(h, "012345678905"),
    "pushcart reject": lambda f, c, h: c.pushcart.reject(h, "012345678905", reason="Gone"),
    "cart-to-cart outcome": lambda f, c, h: c.cart_to_cart.record_outcome(h, "confirmed"),
    "item outcome": lambda f, c, h: c.cart_to_cart.record_item_outcome(
        h, "012345678905", "abandoned"
    ),
    "auto-reject": lambda f, c, h: f.auto_reject(h),
}
STS_CHANGES: dict[str, Callable[[FakeLocally, Locally, str], object]] = {
    "sts confirm": lambda f, c, h: c.ship_to_store.confirm(h, "811950030719"),
    "sts processing": lambda f, c, h: c.ship_to_store.start_processing(h, "811950030719"),
    "sts reject": lambda f, c, h: c.ship_to_store.reject(h, "811950030719", reason="No"),
}


@pytest.mark.parametrize("name", sorted(CHANGES) + sorted(STS_CHANGES))
def test_every_change_moves_updated_at(name: str) -> None:
    clock = Clock()
    fake = FakeLocally(generated_carts=0, include_samples=False, clock=clock)
    kind = "SHIP" if name in STS_CHANGES else "ORDER"
    upc = "811950030719" if kind == "SHIP" else "012345678905"
    cart = fake.place_order(kind, items=[FakeItem(upc=upc)])
    with fake.client() as client:
        assert _listed_updated_at(client, cart.hash) == clock.now  # placed: ordered_at
        later = clock.tick(90)
        {**CHANGES, **STS_CHANGES}[name](fake, client, cart.hash)
        assert _listed_updated_at(client, cart.hash) == later


def test_store_moves_on_ship_to_store_items_move_updated_at() -> None:
    clock = Clock()
    fake = FakeLocally(generated_carts=0, include_samples=False, clock=clock)
    cart = fake.place_order("SHIP", items=[FakeItem(upc="811950030719")])
    with fake.client() as client:
        for step in ("confirm", "start_processing", "mark_shipped"):
            getattr(client.ship_to_store, step)(cart.hash, "811950030719")
        for status in ("ready for pickup", "picked up"):
            later = clock.tick()
            fake.advance_ship_to_store(cart.hash, "811950030719", status)
            assert _listed_updated_at(client, cart.hash) == later


def test_auto_reject_cancels_only_items_still_waiting_for_the_retailer() -> None:
    fake = FakeLocally(generated_carts=0, include_samples=False)
    cart = fake.place_order("ORDER", items=[FakeItem(upc="012345678905"), FakeItem(upc="036")])
    with fake.client() as client:
        client.pushcart.confirm(cart.hash, "036")
        assert fake.auto_reject(cart.hash) == ["012345678905"]
        raw = client.carts.with_raw_response.retrieve(cart.hash).http_response.json()
        assert [i["status"] for i in raw["items"]] == ["Auto-cancelled", "Confirmed"]
        # The models read Locally's label as an ordinary cancellation.
        assert [str(i.status) for i in client.carts.retrieve(cart.hash).items] == [
            "canceled",
            "confirmed",
        ]
        # Rejected by Locally is final: the retailer can no longer confirm it.
        with pytest.raises(APIResultError, match="Cannot change status"):
            client.pushcart.confirm(cart.hash, "012345678905")
    assert fake.auto_reject(cart.hash) == []


def test_faults_at_random_fail_about_the_rate_with_each_kind() -> None:
    fake = FakeLocally(generated_carts=5, include_samples=False)
    fault = fake.faults.at_random(0.5, seed=11, route="GET /api/v2/carts*")
    outcomes: Counter[str] = Counter()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        headers = {"Locally-API-Token": fake.api_token}
        for _ in range(400):
            try:
                response = http.get("/api/v2/carts/0", headers=headers)
            except httpx.RemoteProtocolError:
                outcomes["dropped"] += 1
                continue
            if response.status_code != 200:
                outcomes[str(response.status_code)] += 1
            elif not response.content.endswith(b"}"):
                outcomes["truncated"] += 1
            else:
                outcomes["ok"] += 1
        assert http.post("/api/v2/cart/X", headers=headers).status_code == 404  # not matched
    assert 160 <= 400 - outcomes["ok"] <= 240
    assert fault.hits == 400 - outcomes["ok"]
    assert {"503", "429", "dropped", "truncated"} <= set(outcomes)
    with pytest.raises(ValueError, match="between 0 and 1"):
        fake.faults.at_random(1.5)
