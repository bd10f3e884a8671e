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
    headers = {"Locally-API-Token": fake.api_token}
    with (
        httpx.Client(transport=transport, base_url=fake.base_url) as raw,
        Locally(
            api_token=fake.api_token,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=transport),
        ) as sdk,
    ):

        def baseline() -> object:
            response = raw.get(PATH, headers=headers)
            response.raise_for_status()
            return json.loads(response.content)

        sdk_time, base_time = interleaved(
            lambda: sdk.carts.retrieve(CART), baseline, calls=300, rounds=15
        )
    return Result(
        "retrieve, in process (MockTransport)", sdk_time * 1e6, base_time * 1e6, "us", "<=", 1.15
    )


def loopback() -> Result:
    """Over real HTTP/1.1 keep-alive connections to ``FakeLocally.serve()`` on 127.0.0.1."""
    fake = FakeLocally(generated_carts=0)
    headers = {"Locally-API-Token": fake.api_token}
    with (
        fake.serve() as url,
        httpx.Client(base_url=url) as raw,
        Locally(api_token=fake.api_token, base_url=url) as sdk,
    ):

        def baseline() -> object:
            response = raw.get(PATH, headers=headers)
            response.raise_for_status()
            return json.loads(response.content)

        sdk_time, base_time = interleaved(
            lambda: sdk.carts.retrieve(CART), baseline, calls=60, rounds=15
        )
    return Result(
        "retrieve, loopback HTTP server", sdk_time * 1e6, base_time * 1e6, "us", "<=", 1.15
    )
