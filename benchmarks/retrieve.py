"""Per-call overhead: ``carts.retrieve`` (typed ``CartDetail``) vs raw httpx + ``json.loads``.

Both sides send the same GET with the token header and read the same reply; the raw side also
checks the status (``raise_for_status``), as any correct raw call would.
"""

from __future__ import annotations

import json

import httpx

from locally import Locally
from locally.testing import FakeLocally

from ._measure import Result, interleaved

CART = "PDQE89"
PATH = f"/api/v2/cart/{CART}"


def _race(scenario: str, token: str, raw: httpx.Client, sdk: Locally, *, calls: int) -> Result:
    """Time ``sdk.carts.retrieve`` against the same GET made with ``raw``, interleaved."""
    headers = {"Locally-API-Token": token}

    def baseline() -> object:
        response = raw.get(PATH, headers=headers)
        response.raise_for_status()
        return json.loads(response.content)

    paired = interleaved(lambda: sdk.carts.retrieve(CART), baseline, calls=calls, rounds=15)
    return paired.row(scenario, unit="us", scale=1e6, goal=1.15)


def in_process() -> Result:
    """Over ``httpx.MockTransport``: no sockets, so the SDK's own work is all that differs."""
    fake = FakeLocally(generated_carts=0)
    with fake.client() as seed:
        body = seed.carts.with_raw_response.retrieve(CART).http_response.content
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200, content=body, headers={"Content-Type": "application/json"}
        )
    )
    with (
        httpx.Client(transport=transport, base_url=fake.base_url) as raw,
        Locally(
            api_token=fake.api_token,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=transport),
        ) as sdk,
    ):
        return _race("retrieve, in process (MockTransport)", fake.api_token, raw, sdk, calls=300)


def loopback() -> Result:
    """Over real HTTP/1.1 keep-alive connections to ``FakeLocally.serve()`` on 127.0.0.1."""
    fake = FakeLocally(generated_carts=0)
    with (
        fake.serve() as url,
        httpx.Client(base_url=url) as raw,
        Locally(api_token=fake.api_token, base_url=url) as sdk,
    ):
        return _race("retrieve, loopback HTTP server", fake.api_token, raw, sdk, calls=60)
