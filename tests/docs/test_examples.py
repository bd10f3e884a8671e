"""Every example script runs end to end against the fake (no network, no token)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import pytest

from locally.testing import FakeLocally
from locally.testing.__main__ import add_command_line_carts
from tests.helpers import EXAMPLES

EXPECTED = {
    "first_call.py": ["newest cart: C2C001 (ORDER, 2 items) at "],
    "quickstart.py": [
        "FakeLocally serving on http://127.0.0.1:",
        "64 carts in all",
        "total 2262.74 USD",
        "after confirm: ['confirmed']",
        "after fulfil: ['fulfilled']",
        "after refund: ['refunded']",
        "HTTP requests served over loopback",
    ],
    "async_quickstart.py": ["carts by type:", "O3V36: 1 item(s), first UPC 190340561721"],
    "configuration.py": [
        "impatient: read timeout 5.0 s, 0 retries",
        "patient: read timeout None, 0 retries",
        "reads replies up to 262,144 bytes",
        "HTTP 200, 0 retries",
        "cart PDQE89 total 2262.74",
    ],
    "errors_and_retries.py": [
        "not found: HTTP 404",
        "field=cart_hash value='bad/hash'",
        "reply over the 1000-byte limit, not read",
        "page read",
        "a closed client refuses calls",
    ],
    "testing_with_fake.py": ["both example tests passed"],
    "pytest_fixtures.py": ["3 passed"],
    "pushcart.py": [
        "confirmed ['012345678905', '036000291452'], failed []",
        "refused locally: confirmed -> received",
        "012345678905: refunded",
    ],
    "ship_to_store.py": [
        "shipped      sts_status=shipped  brand payable=700.00",
        "picked up    sts_status=picked up  retailer payable=300.00",
    ],
    "cart_to_cart.py": ["fee owed 3.50, waived 5.25", "refused before sending: status"],
    "webhook_fastapi.py": [
        "200 {'received': 'ship-to-store PDQE89 confirm-store'}",
        "200 {'received': 'pushcart PDQE89 auto-rejected'}",
        "200 {'received': 'pushcart 4RT36 created/updated'}",
        "401 {'error': 'unauthorized'}",
    ],
    "webhook_flask.py": ["'url': 'https://shop.example.com/cart/4RT36'", "400 {'error':"],
    "feed_validate.py": [
        "605284574539,2,70,25.50,US",
        "2 valid rows, 4 problems",
        "line 4, column upc: '736745040315' has a wrong check digit",
        "a $1000.00 sale: brand 700.00, retailer 300.00",
    ],
    "headless_bopis.py": [
        "cart HL1001: subtotal 244.95 tax 25.11",
        "session rotated: True",
        "Your order has been placed: /order/HL1001/1001",
        "now in the carts API as ORDER with 2 items",
    ],
    "headless_ropis.py": [
        "refused before sending: cannot place a BOPIS order for this cart",
        "Your hold request has been sent.",
        "cart error after 2 units: Only 2 available.",
    ],
    "store_finder.py": [
        "ACME Outfitters: shopper near Chicago, IL (41.8756719, -87.6243469)",
        "  99999 ACME Oufitters Chicago: 3.7 mi, PTP_BOPIS",
        "  99998 ACME Outfitters Evanston: 12.1 mi, PTP_ROPIS",
        "Your hold request has been sent.",
        "order HL1001: HOLD at ACME Oufitters Chicago",
    ],
    "order_outcome.py": [
        "outcome unknown for cart HL1001\n  resolved: placed (the Carts API has order HL1001)\n"
        "  cart HL1001 is a HOLD order",
        "outcome unknown for cart HL1003\n  resolved: not_placed",
        "  placed: Your hold request has been sent.\n  cart HL1003 is a HOLD order",
        "orders in the carts API: ['HL1001', 'HL1003']",
    ],
    "inventory_feed.py": [
        "upc,quantity,price,store_id\n012345678905,3,44.95,S-001\n036000291452,0,74.25,S-001\n"
        "012345678905,12,,S-002",
        "1 valid rows (single_store), problems:",
        "line 2, column upc: '036000291453' has a wrong check digit",
        "line 3, column quantity: '-2' is not a whole number >= 0",
        "stale=False",
        "if not rewritten, in 25 hours: stale=True",
    ],
    "product_feed.py": [
        "upc,product name,image,description,buy link\n012345678905,Headlamp 400,",
        '"400 lumens, rechargeable",https://shop.example.com/p/hl400',
        "ok: 012345678905 Headlamp 400 -> https://shop.example.com/p/hl400 {'Brand': 'ACME'}",
        "problem: line 3, column image: 'http://shop.example.com/img/stove.jpg' is not an",
        "problem: line 3, column buy link: '/p/stove' is not an absolute https URL",
    ],
    "fastapi_lifespan.py": [
        "{'store': 'store-1', 'waiting': ['S1ORD0']}",
        "{'store': 'store-2', 'waiting': ['S2ORD1', 'S2ORD0']}",
        "404",
        "lifespan ended: Locally client closed",
    ],
    "worker.py": [
        "round 1: confirmed {'store-1': 1, 'store-2': 0}",
        "round 2: confirmed {'store-1': 0, 'store-2': 1}",
        "worker stopped; client closed",
    ],
    "multi_store_service.py": [
        "store-1: confirmed 2, rejected 0",
        "store-5: confirmed 8, rejected 2",
    ],
    "scale.py": [
        "10 concurrent retrieves, all {'2262.74'}",
        "walked 503 carts, 503 distinct",
        "the fake answered 429 0 times",
    ],
    "watch_carts.py": [
        "new_cart       order WATCH1 with 1 item(s)",
        "ship_to_store  ship-to-store WATCH2 confirm-store",
        "async item_status item 012345678905 of WATCH1 is confirmed",
        "async ship_to_store ship-to-store WATCH2 confirmed",
    ],
    "pos_bridge.py": [
        "first run: 0 orders; watching from now",
        "rejected 036000291452 of POS001: out of stock",
        "power cut after the POS saved POS001; its event will be delivered again",
        "already handled new_cart of POS001; skipped",
        "POS imported order POS002: 1 item(s)",
        "Locally cancelled POS003: release 190340561721",
        "stock left {'012345678905': 3, '036000291452': 0}",
    ],
    "fault_injection.py": [
        "503 twice, then HTTP 200 after 2 retries",
        "connection dropped mid-body, then O3V36",
        "500 every time: gave up with HTTP 500",
    ],
}


# Environment each example needs beyond a clean one (LOCALLY_* variables are removed).
ENVIRONMENT = {
    "webhook_fastapi.py": {"LOCALLY_WEBHOOK_SECRETS": "whsec_example_1, whsec_example_0"},
    "webhook_flask.py": {"LOCALLY_WEBHOOK_SECRETS": "whsec_example_1"},
}


def _run(name: str, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALLY_")}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, **extra},
        check=False,
    )


def test_examples_need_no_fallback_for_ids_locally_always_sends() -> None:
    # A cart's or an order's cart_hash is a str; an `or ""` in an example teaches users to
    # paper over a type that no longer needs it.
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(EXAMPLES.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if 'or "")' in line
    ]
    assert offenders == []


def test_every_example_is_covered() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


# Examples that talk to "your account": they run against `locally fake serve`'s fake.
NEEDS_AN_ACCOUNT = {"first_call.py"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALLY_")}
    env.update(ENVIRONMENT.get(name, {}))
    with contextlib.ExitStack() as stack:
        if name in NEEDS_AN_ACCOUNT:
            fake = FakeLocally()
            add_command_line_carts(fake)
            env["LOCALLY_BASE_URL"] = stack.enter_context(fake.serve())
            env["LOCALLY_API_TOKEN"] = fake.api_token
        result = subprocess.run(
            [sys.executable, str(EXAMPLES / name)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    for needle in EXPECTED[name]:
        assert needle in result.stdout


@pytest.mark.parametrize("name", sorted(ENVIRONMENT))
@pytest.mark.parametrize("secrets", ["", " , "])
def test_webhook_receivers_refuse_to_start_without_a_secret(name: str, secrets: str) -> None:
    result = _run(name, {"LOCALLY_WEBHOOK_SECRETS": secrets} if secrets else {})
    assert result.returncode == 1
    assert "Refusing to start: set LOCALLY_WEBHOOK_SECRETS" in result.stderr
    assert result.stdout == ""
