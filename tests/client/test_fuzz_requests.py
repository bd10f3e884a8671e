"""Fuzz every public client method with random arguments, against FakeLocally in process.

Every method of every resource (found by introspection, so a new one is fuzzed too), the
client's constructor and ``with_options`` get arguments drawn from plausible values and from
anything at all.  Each call returns, or raises one of the SDK's own errors.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import inspect
import itertools
import os
import shutil
import tempfile
from decimal import Decimal
from typing import Any

import anyio
import httpx
from hypothesis import given
from hypothesis import strategies as st

from locally import (
    AsyncLocally,
    HeadlessCustomer,
    HeadlessSession,
    Locally,
    LocallyError,
)
from locally.resources import cart_to_cart, carts, headless, pushcart, ship_to_store, webhooks
from locally.testing import FakeItem, FakeLocally
from locally.webhooks import parse_webhook_unverified
from tests.helpers import JWT, SESSION_ID, TOKEN, fuzz

RESOURCES = {
    "carts": carts.Carts,
    "pushcart": pushcart.PushCart,
    "cart_to_cart": cart_to_cart.CartToCart,
    "ship_to_store": ship_to_store.ShipToStore,
    "headless": headless.Headless,
    "webhooks": webhooks.Webhooks,
}


def _methods(cls: type) -> list[str]:
    return sorted(
        name
        for name, member in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(member)
    )


METHODS = [(resource, name) for resource, cls in RESOURCES.items() for name in _methods(cls)]

zones = st.sampled_from(
    [
        dt.timezone.utc,
        dt.timezone(dt.timedelta(hours=14)),
        dt.timezone(-dt.timedelta(hours=23, minutes=59)),
    ]
)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=16),
    st.binary(max_size=8),
    st.decimals(),
    st.datetimes(),
    st.datetimes(timezones=zones),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
    st.builds(object),
)
texts = st.text(max_size=12) | st.text(st.characters(max_codepoint=127), max_size=12)
whole = st.integers(-3, 12) | st.integers(2**62, 2**64) | st.booleans()
sessions = st.builds(
    HeadlessSession,
    session_id=st.none() | st.just(SESSION_ID) | texts,
    cart_hash_jwt=st.none() | st.just(JWT) | texts,
    cart_hash=st.none() | st.sampled_from(["HL1", "PDQE89"]) | texts,
    hold=st.none() | st.booleans(),
)
customers = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            name: texts | st.just("a@example.com") | anything
            for name in (
                *("first_name", "last_name", "email", "phone", "address", "city", "state"),
                *("zip", "country", "opt_in_retailer", "opt_in_brand"),
            )
        },
    ),
    st.just(
        HeadlessCustomer(
            first_name="Ana", last_name="Ito", email="a@example.com", phone="1", address="1 Main"
        )
    ),
)

# Where watch() keeps its checkpoints during the fuzzing (a few files, reused).
CHECKPOINTS = tempfile.mkdtemp(prefix="locally-fuzz-")
atexit.register(shutil.rmtree, CHECKPOINTS, True)

PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "cart_hash": st.sampled_from(["PDQE89", "O3V36", "4RT36", "MISSING", ".", ".."]) | texts,
    "upc": st.sampled_from(["190340561721", "811950030719", "012345678905", "\u00b2"]) | texts,
    "fulfillment_url": st.sampled_from(["https://shop.test/o/1", "http://[::1", ""]) | texts,
    "current_status": st.sampled_from(["ordered", "confirmed", "Pending Brand", "weird"]),
    "reason": texts,
    "message": texts,
    "tracking_number": texts,
    "carrier": texts,
    "refund_amount": st.decimals() | st.sampled_from(["1.50", "1e30", "-1", "NaN"]) | whole,
    "status": st.sampled_from(["confirmed", "abandoned", "refunded", "Confirmed", "lost"]),
    "date": st.datetimes() | st.datetimes(timezones=zones),
    "ordered_at": st.datetimes() | st.datetimes(timezones=zones),
    "page": whole,
    "start_page": whole,
    "max_pages": whole,
    "dedupe_window": whole,
    "concurrency": whole,
    "store_id": st.just(99999) | whole,
    "item_id": whole,
    "quantity": whole,
    "host_domain": st.sampled_from(["www.example.com", "www.example.com\n", "a.b:0"]) | texts,
    "hold": st.booleans(),
    "session": sessions,
    "customer": customers,
    "setup_intent_id": texts,
    "company_id": st.just(999) | whole,
    "product_id": st.none() | whole,
    "style": st.none() | st.just("999") | texts,
    "company_slug": st.none() | texts,
    "map_center_lat": st.none() | st.decimals() | st.floats() | st.just("41.87") | texts,
    "map_center_lng": st.none() | st.decimals() | st.floats() | st.just("-87.62") | texts,
    "map_distance_unit": st.sampled_from(["mi", "km", "parsecs"]) | texts,
    "map_distance_diag": st.just(25) | whole,
    "only_store_id": st.none() | whole,
    "dealers_company_id": st.none() | whole,
    # Inside the temporary folder only: a checkpoint is a file watch() creates.
    "checkpoint": st.one_of(
        st.integers(0, 3).map(lambda n: os.path.join(CHECKPOINTS, f"watch{n}.sqlite3")),
        st.text(max_size=8)
        .filter(lambda t: "/" not in t and t not in (".", ".."))
        .map(lambda t: os.path.join(CHECKPOINTS, t)),
        st.just(":memory:"),
        anything.filter(lambda v: not isinstance(v, (str, bytes))),
    ),
    "interval": st.floats(0, 0.001) | st.floats() | whole,
    "once": st.just(True),
    "start": st.none() | st.just("now") | st.datetimes() | st.datetimes(timezones=zones),
    "lookback": st.timedeltas(),
    "sweep": st.floats(0, 0.001) | st.floats() | whole,
}


def _fake() -> FakeLocally:
    fake = FakeLocally(generated_carts=2, seed=3)
    fake.place_order("SHIP", items=[FakeItem(upc="811950030719")], hash="PDQE89X")
    fake.add_store(99999, "Fuzz Store")
    fake.add_product(99999, "012345678905", name="Widget", price=Decimal(5), qty_available=3)
    return fake


FAKE = _fake()
EVENTS = [
    parse_webhook_unverified(FAKE.webhooks.handoff_payload("PDQE89")),
    parse_webhook_unverified(FAKE.webhooks.ship_to_store_payload("PDQE89X", "811950030719")),
    parse_webhook_unverified(FAKE.webhooks.pushcart_payload("PDQE89")),
]


@st.composite
def calls(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    """A resource method and keyword arguments for each of its parameters."""
    resource, name = draw(st.sampled_from(METHODS))
    method = getattr(RESOURCES[resource], name)
    arguments: dict[str, Any] = {}
    for parameter in list(inspect.signature(method).parameters.values())[1:]:
        if parameter.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue
        plausible = PLAUSIBLE.get(parameter.name, anything)
        if parameter.name == "event":
            plausible = st.sampled_from(EVENTS)
        if parameter.name != "checkpoint":
            plausible = plausible | anything
        arguments[parameter.name] = draw(plausible)
    if name == "watch":
        arguments["once"] = True  # otherwise it polls for ever, as it should
    return resource, name, arguments


def _result(value: object) -> object:
    """Walk a pager or a watch a little, so its lazy requests are made too."""
    if type(value).__name__ in ("CartPager", "CartWatch"):
        return list(itertools.islice(value, 3))  # type: ignore[call-overload]
    return value


def test_every_public_method_is_fuzzed() -> None:
    found = {(r, n) for r, n in METHODS}
    assert {("headless", "place_bopis_order"), ("carts", "list"), ("webhooks", "verify")} <= found
    assert len(found) >= 20
    for resource, cls in RESOURCES.items():
        for name in _methods(cls):
            assert (resource, name) in found
            for parameter in list(inspect.signature(getattr(cls, name)).parameters)[1:]:
                assert parameter in PLAUSIBLE or parameter in ("event",), (name, parameter)


@fuzz(400)
@given(call=calls())
def test_sync_methods_raise_only_the_sdks_errors(call: tuple[str, str, dict[str, Any]]) -> None:
    resource, name, arguments = call
    with FAKE.client(max_retries=0) as client, contextlib.suppress(LocallyError):
        _result(getattr(getattr(client, resource), name)(**arguments))


@fuzz(150)
@given(call=calls())
def test_async_methods_raise_only_the_sdks_errors(call: tuple[str, str, dict[str, Any]]) -> None:
    resource, name, arguments = call

    async def main() -> None:
        async with FAKE.async_client(max_retries=0) as client:
            with contextlib.suppress(LocallyError):
                result = getattr(getattr(client, resource), name)(**arguments)
                if hasattr(result, "__aiter__"):
                    async for _ in result:
                        break
                else:
                    await result

    anyio.run(main)


OPTIONS: dict[str, st.SearchStrategy[Any]] = {
    "api_token": st.just(TOKEN) | texts,
    "base_url": st.sampled_from(["https://a.test", "http://10.1.1.1", "ftp://x", "http://[::1"])
    | texts,
    "timeout": st.floats() | whole | st.just(httpx.Timeout(3)),
    "max_retries": whole,
    "max_retry_after": st.floats() | whole,
    "default_headers": st.dictionaries(texts, texts, max_size=2),
    "max_response_bytes": whole,
    "allow_insecure_http": st.booleans(),
    "http_client": st.just(None),
}


@st.composite
def options(draw: st.DrawFn) -> dict[str, Any]:
    return {
        name: draw(strategy | anything) for name, strategy in OPTIONS.items() if draw(st.booleans())
    }


@fuzz(300)
@given(chosen=options(), changed=options())
def test_building_a_client_raises_only_configuration_errors(
    chosen: dict[str, Any], changed: dict[str, Any]
) -> None:
    changed.pop("api_token", None)
    changed.pop("http_client", None)
    for build in (Locally, AsyncLocally):
        try:
            client = build(**chosen)
        except LocallyError:
            continue
        with contextlib.suppress(LocallyError):
            client.with_options(**changed)
