"""What a refused argument's error says, and where the accepted ranges end.

The checks run before a request is built (``locally._validation``): the error names the
argument (``field``), holds the value passed (``value``; None for a secret) and its message
says what to fix.  Whole numbers go up to a signed 64-bit integer, a port from 1 to 65535,
and a URL passed as a host name gets a hint naming the host in it.  Each refusal goes through
a public client call (no request may go out), each acceptance onto the exact wire.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from locally import HeadlessSession, RequestValidationError
from tests.helpers import load_sample

from ._wire import HASH, refused, send

MAX = 2**63 - 1
HOST = "www.example.com"
CART = load_sample("headless_cart.json")
BARE_HOST_RULE = (
    "host_domain must be a bare host name such as 'www.example.com' (no scheme, path or "
    "spaces), got "
)


def _session(**values: Any) -> HeadlessSession:
    fields = {"session_id": "sess-1", "cart_hash_jwt": "jwt-abc", "cart_hash": "OV9"}
    return HeadlessSession(**{**fields, **values}, hold=False)


def _add(store_id: Any = 1, host_domain: Any = HOST) -> Any:
    return lambda c: c.headless.add_item(store_id=store_id, upc="1", host_domain=host_domain)


# --- Path segments ----------------------------------------------------------------------------


@pytest.mark.parametrize("cart_hash", [".", ".."])
def test_a_dot_segment_is_refused_naming_the_value(kind: str, cart_hash: str) -> None:
    error = refused(kind, lambda c: c.carts.retrieve(cart_hash), RequestValidationError)
    assert (error.field, error.value) == ("cart_hash", cart_hash)
    assert str(error) == (
        f"cart_hash must not be {cart_hash!r}: as a path segment it names another endpoint"
    )


@pytest.mark.parametrize("surrogate", [chr(c) for c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF)])
def test_every_lone_surrogate_is_refused_in_a_path(kind: str, surrogate: str) -> None:
    value = f"AB{surrogate}"
    error = refused(kind, lambda c: c.carts.retrieve(value), RequestValidationError)
    assert (error.field, error.value) == ("cart_hash", value)


# --- Whole numbers ----------------------------------------------------------------------------


def test_a_negative_page_message_states_the_minimum_and_nothing_else(kind: str) -> None:
    error = refused(kind, lambda c: c.carts.list_page(-1), RequestValidationError)
    assert str(error) == "page must be a whole number >= 0, got -1"
    assert (error.field, error.value) == ("page", -1)


def test_a_negative_quantity_message_says_0_removes_the_item(kind: str) -> None:
    call = lambda c: c.headless.set_quantity(_session(), 1, -1, host_domain=HOST)  # noqa: E731
    error = refused(kind, call, RequestValidationError)
    assert str(error) == "quantity must be a whole number >= 0 (0 removes the item), got -1"


@pytest.mark.parametrize("store_id", [0, -5])
def test_an_id_below_1_message_says_greater_than_0(kind: str, store_id: int) -> None:
    error = refused(kind, _add(store_id=store_id), RequestValidationError)
    assert str(error) == f"store_id must be a whole number > 0, got {store_id}"
    assert (error.field, error.value) == ("store_id", store_id)


def test_the_largest_64_bit_integer_is_accepted(kind: str) -> None:
    _, sent = send(kind, _add(store_id=MAX), reply=CART)
    assert [s.url.split("store_id=")[1].split("&")[0] for s in sent] == [str(MAX)]


def test_one_past_the_64_bit_range_is_refused_naming_the_limit(kind: str) -> None:
    error = refused(kind, _add(store_id=MAX + 1), RequestValidationError)
    assert str(error) == (f"store_id must be at most {MAX} (a 64-bit integer), got {MAX + 1}")
    assert (error.field, error.value) == ("store_id", MAX + 1)


# --- Host names -------------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["1", "2", "65535"])
def test_every_port_from_1_is_accepted(kind: str, port: str) -> None:
    _, sent = send(kind, _add(host_domain=f"Shop.Example.com:{port}"), reply=CART)
    assert [s.url.split("host_domain=")[1].split("&")[0] for s in sent] == [
        f"shop.example.com%3A{port}"
    ]


@pytest.mark.parametrize("port", ["0", "65536"])
def test_a_port_out_of_range_is_refused(kind: str, port: str) -> None:
    value = f"shop.example.com:{port}"
    error = refused(kind, _add(host_domain=value), RequestValidationError)
    assert (error.field, error.value) == ("host_domain", value)


@pytest.mark.parametrize("value", ["www.example.com/cart", "shop example.com", "a_b.com"])
def test_a_host_that_is_not_bare_is_refused_without_a_hint(kind: str, value: str) -> None:
    error = refused(kind, _add(host_domain=value), RequestValidationError)
    assert str(error) == f"{BARE_HOST_RULE}{value!r}"
    assert (error.field, error.value) == ("host_domain", value)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://shop.example.com", "shop.example.com"),
        ("https://shop.example.com/cart/checkout", "shop.example.com"),
        (
            "http://shop.example.com:8080/a/b?next=https://other.example.org/x",
            "shop.example.com:8080",
        ),
    ],
)
def test_a_url_is_refused_with_a_hint_naming_its_host(kind: str, url: str, host: str) -> None:
    error = refused(kind, _add(host_domain=url), RequestValidationError)
    assert str(error) == f"{BARE_HOST_RULE}{url!r}; pass the bare host, e.g. {host!r}"
    assert (error.field, error.value) == ("host_domain", url)


# --- Header secrets ---------------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["has space", "line\nbreak", "", "x" * 4097, "caf\u00e9"])
def test_a_bad_session_id_is_refused_without_showing_it(kind: str, secret: str) -> None:
    call = lambda c: c.headless.retrieve(_session(session_id=secret))  # noqa: E731
    error = refused(kind, call, RequestValidationError)
    assert str(error) == (
        "session.session_id must be visible ASCII text of 1 to 4096 characters (no spaces, "
        "line breaks or control characters); got a str that is not"
    )
    assert (error.field, error.value) == ("session.session_id", None)


# --- Datetimes --------------------------------------------------------------------------------

# The earliest datetime there is, one hour east of UTC: its UTC instant is before year 1.
TOO_EARLY = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
# The latest, one hour west of UTC: its UTC instant is after year 9999.
TOO_LATE = dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-1)))


@pytest.mark.parametrize("when", [TOO_EARLY, TOO_LATE], ids=["too-early", "too-late"])
def test_a_datetime_with_no_utc_form_is_refused_naming_it(kind: str, when: dt.datetime) -> None:
    call = lambda c: c.cart_to_cart.record_outcome(HASH, "confirmed", when)  # noqa: E731
    error = refused(kind, call, RequestValidationError)
    assert str(error) == f"date {when.isoformat()} cannot be expressed in UTC (out of range)"
    assert (error.field, error.value) == ("date", when)
