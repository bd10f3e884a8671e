"""A Locally webhook receiver in Flask (needs the ``flask`` extra, ``locally[flask]``).

It refuses to start unless ``LOCALLY_WEBHOOK_SECRETS`` holds your webhook secret from
Station.  Run as a script (``LOCALLY_WEBHOOK_SECRETS=... python examples/webhook_flask.py``),
it posts Locally's documented payloads (built by FakeLocally) through Flask's own test client,
signed with that secret, and prints what the receiver answered.  Serve it for real with
``flask --app examples.webhook_flask run``.
"""

from __future__ import annotations

import os
import sys

from flask import Flask, Response, jsonify, request

from locally import WebhookAuthenticationError, WebhookError
from locally.testing import FakeLocally
from locally.webhooks import CartHandoff, PushCartNotice, handoff_response, parse_webhook

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

app = Flask(__name__)


@app.route("/locally/webhook", methods=["POST", "PUT"])
def receive() -> tuple[Response, int]:
    """Authenticate, parse and answer one webhook."""
    try:
        event = parse_webhook(
            request.get_data(), method=request.method, headers=request.headers, secret=SECRETS
        )
    except WebhookAuthenticationError:
        return jsonify(error="unauthorized"), 401
    except WebhookError as exc:
        return jsonify(error=str(exc)), 400
    if isinstance(event, CartHandoff):
        reply = handoff_response(f"https://shop.example.com/cart/{event.hash}")
        return jsonify(reply.as_dict()), 200
    if isinstance(event, PushCartNotice):
        return jsonify(
            received=event.kind, cart=event.cart.hash, auto_rejected=event.auto_rejected
        ), 200
    return jsonify(received=event.kind, order=event.order_id), 200


def demo() -> None:
    """Send each kind of webhook through the test client and print the replies."""
    fake = FakeLocally(generated_carts=0)
    sender = fake.webhooks
    sender.secret = SECRETS[0]  # the fake plays Locally, so it sends the secret you configured
    headers = sender.headers()  # the secret header, as Locally sends it
    client = app.test_client()
    for method, payload in [
        ("POST", sender.handoff_payload("4RT36")),
        ("POST", sender.ship_to_store_payload("PDQE89", "811950030719")),
        ("PUT", sender.pushcart_payload("PDQE89")),
    ]:
        response = client.open("/locally/webhook", method=method, json=payload, headers=headers)
        print(response.status_code, response.get_json())
    bad = client.post("/locally/webhook", data=b"{oops", headers=headers)
    print(bad.status_code, bad.get_json())


if __name__ == "__main__":
    demo()
