"""One ``AsyncLocally`` for a FastAPI app's whole life, opened and closed in its lifespan.

The app serves a chain whose stores each have their own API token.  Every request borrows a
copy of the one client with its store's token (``with_options``), so all stores share one
connection pool, and the pool is closed once, when the app shuts down.  Run as a script, it
drives the app with FastAPI's test client against one FakeLocally per store.  Serve it for real
with ``uvicorn examples.fastapi_lifespan:app`` and ``LOCALLY_STORE_TOKENS=store-1=KEY,...``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator
from contextlib import ExitStack, asynccontextmanager
from typing import Any, NamedTuple

from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient

from locally import AsyncLocally
from locally.testing import FakeItem, FakeLocally


class Store(NamedTuple):
    """A store's API token; ``base_url`` only where it is not Locally's (the demo's fakes)."""

    token: str
    base_url: str | None = None


def stores_from_env() -> dict[str, Store]:
    """``LOCALLY_STORE_TOKENS=store-1=KEY1,store-2=KEY2`` as a mapping."""
    pairs = (item.split("=", 1) for item in os.environ.get("LOCALLY_STORE_TOKENS", "").split(","))
    return {name: Store(token) for name, token in (p for p in pairs if len(p) == 2)}


STORES: dict[str, Store] = stores_from_env()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncGenerator[None, None]:
    """Open the client when the app starts; close its pool when the app stops."""
    if not STORES:
        raise RuntimeError("no stores: set LOCALLY_STORE_TOKENS=store-1=KEY1,store-2=KEY2")
    first = next(iter(STORES.values()))
    async with AsyncLocally(api_token=first.token, base_url=first.base_url) as client:
        app.state.locally = client
        yield
    print("lifespan ended: Locally client closed")


app = FastAPI(lifespan=lifespan)


def client_for(request: Request, store_name: str) -> AsyncLocally:
    """The app's client with ``store_name``'s token, on the shared pool."""
    store = STORES.get(store_name)
    if store is None:
        raise HTTPException(404, f"unknown store {store_name}")
    client: AsyncLocally = request.app.state.locally
    return client.with_options(api_token=store.token, base_url=store.base_url or client.base_url)


@app.get("/stores/{store_name}/open-orders")
async def open_orders(request: Request, store_name: str) -> dict[str, Any]:
    """The store's orders with items still waiting for it."""
    client = client_for(request, store_name)
    waiting = [
        cart.hash
        async for cart in client.carts.list()
        if any(item.status == "ordered" for item in cart.items)
    ]
    return {"store": store_name, "waiting": waiting}


def demo() -> None:
    """Two stores, each its own fake with its own token; the app answers for both."""
    fakes: dict[str, FakeLocally] = {}
    for number in (1, 2):
        fake = FakeLocally(
            generated_carts=0, include_samples=False, api_token=f"test_store_{number}"
        )
        for n in range(number):
            fake.place_order("ORDER", hash=f"S{number}ORD{n}", items=[FakeItem(upc="012345678905")])
        fakes[f"store-{number}"] = fake
    with ExitStack() as stack:
        for name, fake in fakes.items():
            STORES[name] = Store(fake.api_token, stack.enter_context(fake.serve()))
        # Starlette's TestClient is not fully typed; it is only the demo's HTTP driver.
        test_client: Any = TestClient(app)
        with test_client as http:  # runs the lifespan: startup now, shutdown at the end
            for name in fakes:
                print(http.get(f"/stores/{name}/open-orders").json())
            print(http.get("/stores/nowhere/open-orders").status_code)


if __name__ == "__main__":
    demo()
