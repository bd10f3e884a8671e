"""Client settings: per-call overrides with ``with_options``, limits, and raw responses."""

from __future__ import annotations

import httpx

from locally import Locally
from locally.testing import FakeLocally


def main(client: Locally) -> None:
    """Show a per-call override and the raw HTTP response behind a call."""
    # A copy that waits at most 5 s and never retries; it shares the client's pool.  The
    # timeout bounds each whole attempt, body included.
    impatient = client.with_options(timeout=5.0, max_retries=0)
    print("impatient:", impatient)

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
    # Your own httpx client works the same way (proxies, TLS settings, a shared pool).
    with httpx.Client(transport=fake.transport()) as pool:
        main(Locally(api_token=fake.api_token, base_url=fake.base_url, http_client=pool))
