"""Handling errors: not found, bad input refused before sending, and rate limits."""

from __future__ import annotations

from locally import (
    APIConnectionError,
    Locally,
    NotFoundError,
    RateLimitError,
    RequestValidationError,
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
