"""Fault injection: prove your integration survives Locally's bad days.

Scripts a 503 burst, a rate limit with Retry-After and a dropped connection on FakeLocally's
loopback server, and shows the client riding them out, with the request counts.
"""

from __future__ import annotations

from locally import InternalServerError, Locally
from locally.testing import FakeLocally


def main() -> None:
    """Inject faults, then read carts through them."""
    fake = FakeLocally(generated_carts=10)
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        fake.faults.fail(next=2, status=503)
        raw = client.carts.with_raw_response.retrieve("PDQE89")
        print(f"503 twice, then HTTP {raw.status_code} after {raw.retries_taken} retries")

        fake.faults.fail(next=1, status=429, retry_after=0.2, route="GET /api/v2/carts*")
        page = client.carts.list_page(0)
        print(f"429 with Retry-After 0.2 s, then {len(page.carts)} carts")

        fake.faults.drop(next=1, mid_body=True)
        print(f"connection dropped mid-body, then {client.carts.retrieve('O3V36').hash}")

        fake.faults.fail(next=None, status=500)
        try:
            client.with_options(max_retries=1).carts.retrieve("PDQE89")
        except InternalServerError as exc:
            print(f"500 every time: gave up with HTTP {exc.status_code}")
        fake.faults.clear()
    print(f"{len(fake.requests)} requests reached the fake")


if __name__ == "__main__":
    main()
