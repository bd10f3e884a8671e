"""FakeLocally behaves like the documented API."""

from __future__ import annotations

import httpx

from locally.testing import FakeLocally


def _get(fake: FakeLocally, path: str, token: str | None = None) -> httpx.Response:
    headers = {"Locally-API-Token": token if token is not None else fake.api_token}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        return http.get(path, headers=headers)


def test_rejects_wrong_token_with_401() -> None:
    fake = FakeLocally(generated_carts=0)
    response = _get(fake, "/api/v2/carts", token="nope")
    assert response.status_code == 401
    assert response.json()["status"] is False


def test_pages_of_fifty_newest_first_both_page_zero_forms() -> None:
    fake = FakeLocally(generated_carts=120, include_samples=False)
    plain = _get(fake, "/api/v2/carts").json()
    zero = _get(fake, "/api/v2/carts/0").json()
    assert plain["carts"] == zero["carts"]
    assert len(plain["carts"]) == 50
    assert plain["properties"]["total_pages"] == 3
    times = [c["ordered_at"] for c in plain["carts"]]
    assert times == sorted(times, reverse=True)
    last = _get(fake, "/api/v2/carts/2").json()
    assert len(last["carts"]) == 20


def test_same_seed_same_data() -> None:
    assert list(FakeLocally(seed=4).carts) == list(FakeLocally(seed=4).carts)
    assert list(FakeLocally(seed=4).carts) != list(FakeLocally(seed=5).carts)


def test_detail_uses_documented_money_format() -> None:
    fake = FakeLocally()
    body = _get(fake, "/api/v2/cart/PDQE89").json()
    assert body["items"][0]["total"] == "2,262.74"
    assert body["items"][0]["msrp"] == "2,099.99"


def test_unknown_route_and_method() -> None:
    fake = FakeLocally(generated_carts=0)
    assert _get(fake, "/api/v9/nothing").status_code == 404
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        response = http.delete("/api/v2/carts", headers={"Locally-API-Token": fake.api_token})
    assert response.status_code == 405


def test_requests_are_recorded() -> None:
    fake = FakeLocally(generated_carts=0)
    _get(fake, "/api/v2/cart/PDQE89")
    assert [r.url.path for r in fake.requests] == ["/api/v2/cart/PDQE89"]
