"""Client settings: copies with ``with_options``, limits, raw responses, your own httpx client."""

from __future__ import annotations

import httpx

from locally import Locally
from locally.testing import FakeLocally


def main(client: Locally) -> None:
    """Show per-call copies of the client and the raw HTTP response behind a call."""
    # A copy that waits at most 5 s and never retries; it shares the client's pool.  The
    # timeout bounds each whole attempt, body included.
    impatient = client.with_options(timeout=5.0, max_retries=0)
    print(f"impatient: read timeout {impatient.timeout.read} s, {impatient.max_retries} retries")
    # None means "no timeout" here as in the constructor; options left out are kept.
    patient = impatient.with_options(timeout=None)
    print(f"patient: read timeout {patient.timeout.read}, {patient.max_retries} retries")
    # Another store's token on the same pool (here a token the fake refuses).
    other_store = client.with_options(api_token="test_another_store")
    print(f"other store: {other_store!r}")

    # Reply bodies are read up to max_response_bytes (4 MiB by default, after decompression).
    frugal = client.with_options(max_response_bytes=256 * 1024)
    print(f"reads replies up to {frugal.max_response_bytes:,} bytes")

    raw = client.carts.with_raw_response.retrieve("PDQE89")
    cart = raw.parse()
    size = len(raw.http_response.content)
    print(f"HTTP {raw.status_code}, {raw.retries_taken} retries, {size} bytes")
    print(f"cart {cart.hash} total {cart.items[0].total}")


if __name__ == "__main__":
    fake = FakeLocally()
    # Your own httpx client works the same way (proxies, TLS settings, a shared pool); the SDK
    # never closes a client you pass in, so this block does.
    with httpx.Client(transport=fake.transport()) as pool:
        main(Locally(api_token=fake.api_token, base_url=fake.base_url, http_client=pool))
