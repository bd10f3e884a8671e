"""Your first call: the newest cart on your account.

Reads your key from ``LOCALLY_API_TOKEN`` (and ``LOCALLY_BASE_URL`` if set).  The ``with``
block closes the client's connection pool when it ends, as every long-lived program should.
"""

from __future__ import annotations

from locally import Locally


def main() -> None:
    """Print the newest cart, or say there is none."""
    with Locally() as client:
        page = client.carts.list_page(0)
        if not page.carts:
            print("No carts yet.")
            return
        cart = page.carts[0]
        print(f"newest cart: {cart.hash} ({cart.type}, {cart.n_items} items) at {cart.ordered_at}")


if __name__ == "__main__":
    main()
