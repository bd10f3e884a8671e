"""Handling errors: not found, bad input refused before sending, limits, rate limits."""

from __future__ import annotations

from locally import (
    APIConnectionError,
    ClientClosedError,
    Locally,
    NotFoundError,
    RateLimitError,
    RequestValidationError,
    ResponseTooLargeError,
)
from locally.testing import FakeLocally


def main(client: Locally) -> None:
    """Trigger and handle the common failures."""
    try:
        client.carts.retrieve("NOSUCH")
    except NotFoundError as exc:
        print(f"not found: HTTP {exc.status_code}, message {exc.msg!r}")

    try:
        client.carts.retrieve("bad/hash")
    except RequestValidationError as exc:
        print(f"refused before sending: field={exc.field} value={exc.value!r}")

    try:
        # A reply larger than max_response_bytes is refused: reading stops at the limit.
        client.with_options(max_response_bytes=1000).carts.retrieve("PDQE89")
    except ResponseTooLargeError as exc:
        print(f"reply over the {exc.limit}-byte limit, not read")

    try:
        client.with_options(max_retries=5).carts.list_page(0)
    except RateLimitError as exc:
        print(f"rate limited; retry after {exc.retry_after} s")
    except APIConnectionError as exc:
        print(f"network trouble (request sent: {exc.request_sent})")
    else:
        print("page read")


if __name__ == "__main__":
    with FakeLocally().client() as fake_client:
        main(fake_client)
    try:
        fake_client.carts.retrieve("PDQE89")
    except ClientClosedError:
        print("a closed client refuses calls")
