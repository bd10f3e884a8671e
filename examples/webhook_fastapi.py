"""A Locally webhook receiver in FastAPI (needs the ``fastapi`` extra, ``locally[fastapi]``).

It refuses to start unless ``LOCALLY_WEBHOOK_SECRETS`` holds your webhook secret from
Station.  Run as a script (``LOCALLY_WEBHOOK_SECRETS=... python examples/webhook_fastapi.py``),
it posts Locally's documented payloads (built by FakeLocally) through FastAPI's own test client,
signed with that secret, and prints what the receiver answered.  Serve it for real with
``uvicorn examples.webhook_fastapi:app``.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from locally import WebhookAuthenticationError, WebhookError
from locally.testing import FakeLocally
from locally.webhooks import (
    CartHandoff,
    ItemStatusNotice,
    PushCartNotice,
    ShipToStoreNotice,
    WebhookEvent,
    handoff_response,
    parse_webhook,
)

# The secret from Station; during a rotation, the new and the old one, comma-separated.  No
# default: a receiver without its secret must not start (it would accept anyone's webhooks).
SECRETS = [
    secret.strip()
    for secret in os.environ.get("LOCALLY_WEBHOOK_SECRETS", "").split(",")
    if secret.strip()
]
if not SECRETS:
    sys.exit(
        "Refusing to start: set LOCALLY_WEBHOOK_SECRETS to the webhook secret from Station "
        "(comma-separated while you rotate it)."
    )

app = FastAPI()
# Under uvicorn this logger prints at INFO; run as a script, it stays quiet.
log = logging.getLogger("uvicorn.error")


def handle(event: WebhookEvent) -> dict[str, str]:
    """Your business logic; here it only says what arrived."""
    if isinstance(event, ShipToStoreNotice):
        return {"received": f"ship-to-store {event.order_id} {event.sts_status}"}
    if isinstance(event, ItemStatusNotice):
        return {"received": f"item {event.upc} of {event.order_id} is {event.status}"}
    if isinstance(event, PushCartNotice):
        verb = "auto-rejected" if event.auto_rejected else "created/updated"
        return {"received": f"pushcart {event.cart.hash} {verb}"}
    return {"received": event.kind}


@app.api_route("/locally/webhook", methods=["POST", "PUT"])
async def receive(request: Request) -> Response:
    """Authenticate, parse and answer one webhook."""
    body = await request.body()
    try:
        event = parse_webhook(body, method=request.method, headers=request.headers, secret=SECRETS)
    except WebhookAuthenticationError:
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    except WebhookError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    if isinstance(event, CartHandoff):
        # Cart-to-Cart: answer at once with the URL of the cart you built for the shopper.
        reply = handoff_response(f"https://shop.example.com/cart/{event.hash}")
        return Response(reply.as_json(), media_type="application/json")
    answer = handle(event)
    log.info("webhook %s %s", request.method, answer["received"])
    return JSONResponse(answer)


def demo() -> None:
    """Send each kind of webhook through the test client and print the replies."""
    fake = FakeLocally(generated_carts=0)
    sender = fake.webhooks
    payloads = [
        ("POST", sender.handoff_payload("4RT36")),
        ("POST", sender.ship_to_store_payload("PDQE89", "811950030719")),
        ("POST", sender.item_status_payload("PDQE89", "811950030719", "confirmed")),
        ("PUT", sender.pushcart_payload("PDQE89")),
        # Locally does not say which cart shape PushCart sends; the list shape parses too.
        ("POST", sender.pushcart_payload("4RT36", shape="summary")),
    ]
    sender.secret = SECRETS[0]  # the fake plays Locally, so it sends the secret you configured
    headers = sender.headers()  # the secret header, as Locally sends it
    # Starlette's TestClient is not fully typed; it is only the demo's HTTP driver.
    test_client: Any = TestClient(app)
    with test_client as client:
        for method, payload in payloads:
            response = client.request(method, "/locally/webhook", json=payload, headers=headers)
            print(response.status_code, response.json())
        bad = client.post(
            "/locally/webhook", json=payloads[0][1], headers={"locally-webhook-token": "x"}
        )
        print(bad.status_code, bad.json())


if __name__ == "__main__":
    demo()
