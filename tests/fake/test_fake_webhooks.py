"""FakeLocally sends the documented webhook payloads to a real receiver on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from locally.testing import FakeLocally

Received = list[tuple[str, dict[str, str], Any]]


@pytest.fixture
def receiver() -> Iterator[tuple[str, Received]]:
    received: Received = []

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.command, dict(self.headers.items()), json.loads(body)))
            reply = b'{"date": "2022-01-01T00:00:00.000Z", "url": "https://shop.test/cart/1"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        do_POST = do_PUT = _record

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def test_handoff_payload_and_secret(receiver: tuple[str, Received]) -> None:
    url, received = receiver
    fake = FakeLocally(generated_carts=0)
    response = fake.webhooks.send_handoff(url, "4RT36")
    assert response.json()["url"] == "https://shop.test/cart/1"
    method, headers, body = received[0]
    assert method == "POST"
    assert headers["locally-webhook-token"] == "test_webhook_secret"
    assert body == {
        "created_at": "2020-03-27T15:34:21.000Z",
        "hash": "4RT36",
        "locally_store_id": 123,
        "external_store_id": 4857,
        "items": [{"upc": "190340561721", "quantity": 1}, {"upc": "190340561726", "quantity": 1}],
    }


def test_ship_to_store_and_pushcart_and_auto_reject(receiver: tuple[str, Received]) -> None:
    url, received = receiver
    fake = FakeLocally(generated_carts=0)
    fake.webhooks.secret = None
    fake.webhooks.send_ship_to_store(url, "PDQE89", "811950030719")
    fake.webhooks.send_pushcart(url, "PDQE89")
    fake.webhooks.send_auto_reject(url, "PDQE89")
    assert [m for m, _, _ in received] == ["POST", "POST", "PUT"]
    assert all("locally-webhook-token" not in h for _, h, _ in received)
    assert received[0][2] == {
        "upc": "811950030719",
        "order_id": "PDQE89",
        "sts_status": "confirm-store",
        "order_url": "https://www.locally.com/api/v2/cart/PDQE89",
    }
    assert received[1][2]["properties"]["hash"] == "PDQE89"
    assert received[1][2]["items"][0]["total"] == "2,262.74"
    assert received[2][2] == received[1][2] | {"properties": received[2][2]["properties"]}


def test_item_status_payload() -> None:
    fake = FakeLocally(generated_carts=0)
    assert fake.webhooks.item_status_payload("QE3QL6", "601842495575", "confirmed") == {
        "upc": "601842495575",
        "order_id": "QE3QL6",
        "status": "confirmed",
        "order_url": "https://www.locally.com/api/v2/cart/QE3QL6",
    }


def test_headers_are_what_locally_sends_with_a_webhook() -> None:
    fake = FakeLocally(generated_carts=0)
    assert fake.webhooks.headers() == {
        "Content-Type": "application/json",
        "locally-webhook-token": "test_webhook_secret",
    }
    fake.webhooks.secret = None
    assert fake.webhooks.headers() == {"Content-Type": "application/json"}
