"""What the clients refuse before sending: path characters, UPCs, URLs, datetimes, amounts.

Every refusal is checked through a public client call against respx (no request may go out)
and on the error's ``field``, ``value`` and message; every acceptance on the exact wire.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from locally import RequestValidationError
from locally.webhooks import handoff_response

from ._wire import CART_URL, HASH, ITEM_URL, UPC, refused, send

UTC = dt.timezone.utc
WHEN = dt.datetime(2022, 1, 1, tzinfo=UTC)

# --- Path segments: cart hashes and UPCs ----------------------------------------------------
# Each of these would change which URL the request goes to, or cannot be in a URL at all.
FORBIDDEN_IN_PATH = ["/", "?", "#", "%", "\\", " ", "\x7f"] + [chr(c) for c in range(32)]


@pytest.mark.parametrize("char", FORBIDDEN_IN_PATH, ids=lambda c: f"U+{ord(c):04X}")
def test_a_cart_hash_with_a_path_character_is_refused(char: str) -> None:
    bad = f"O3{char}V36"
    for call in (
        lambda c: c.pushcart.confirm(bad, UPC),
        lambda c: c.ship_to_store.start_processing(bad, UPC),
        lambda c: c.cart_to_cart.record_outcome(bad, "confirmed", WHEN),
        lambda c: c.carts.retrieve(bad),
    ):
        error = refused("sync", call, RequestValidationError)
        assert (error.field, error.value) == ("cart_hash", bad)
        assert "not allowed in a path segment" in str(error)
        assert repr([char]) in str(error)


@pytest.mark.parametrize("char", FORBIDDEN_IN_PATH, ids=lambda c: f"U+{ord(c):04X}")
def test_a_upc_with_a_path_character_is_refused(char: str) -> None:
    bad = f"1903{char}40561726"
    for call in (
        lambda c: c.pushcart.confirm(HASH, bad),
        lambda c: c.ship_to_store.confirm(HASH, bad),
        lambda c: c.cart_to_cart.record_item_outcome(HASH, bad, "confirmed", WHEN),
    ):
        error = refused("sync", call, RequestValidationError)
        assert (error.field, error.value) == ("upc", bad)
        assert "1 to 14 digits" in str(error)


def test_path_characters_are_refused_by_the_async_client_too() -> None:
    error = refused("async", lambda c: c.pushcart.confirm("O3/V36", UPC), RequestValidationError)
    assert error.field == "cart_hash"
    error = refused("async", lambda c: c.pushcart.confirm(HASH, "12#3"), RequestValidationError)
    assert error.field == "upc"


@pytest.mark.parametrize(
    ("cart_hash", "message"),
    [("", "cart_hash must not be empty"), (12345, "cart_hash must be a string, got int 12345")],
)
def test_an_empty_or_non_text_cart_hash_is_refused(kind: str, cart_hash: Any, message: str) -> None:
    error = refused(kind, lambda c: c.pushcart.confirm(cart_hash, UPC), RequestValidationError)
    assert (error.field, error.value) == ("cart_hash", cart_hash)
    assert str(error) == message


@pytest.mark.parametrize(
    ("cart_hash", "raw_path"),
    [
        ("QE3QL6", b"/api/v2/cart/QE3QL6"),
        ("a-b_c~d", b"/api/v2/cart/a-b_c~d"),
        ("A+B@C", b"/api/v2/cart/A%2BB%40C"),
        ("Zoë", b"/api/v2/cart/Zo%C3%AB"),
    ],
)
def test_an_allowed_cart_hash_is_sent_percent_encoded(
    kind: str, cart_hash: str, raw_path: bytes
) -> None:
    _, sent = send(kind, lambda c: c.cart_to_cart.record_outcome(cart_hash, "abandoned", WHEN))
    assert [(s.method, s.raw_path) for s in sent] == [("POST", raw_path)]


# --- UPC lengths (the API takes 1 to 14 digits, as text) --------------------------------------
@pytest.mark.parametrize("length", [1, 2, 8, 12, 13, 14])
def test_a_upc_of_1_to_14_digits_is_sent_as_given(kind: str, length: int) -> None:
    code = "0123456789012345"[:length]
    _, sent = send(kind, lambda c: c.pushcart.confirm(HASH, code))
    assert [(s.method, s.url) for s in sent] == [("POST", f"{CART_URL}/{code}")]
    _, sent = send(kind, lambda c: c.cart_to_cart.record_item_outcome(HASH, code, "refunded", WHEN))
    assert [(s.url, s.body["upc"]) for s in sent] == [(f"{CART_URL}/{code}", code)]


@pytest.mark.parametrize(
    "code",
    [
        "",
        "012345678901234",  # 15 digits
        "0123456789012345",  # 16 digits
        "12345A",
        "-12345",
        "+12345",
        "1234.5",
        "\uff11\uff12\uff13",  # fullwidth digits
        "١٢٣٤",  # Arabic-Indic digits
        "12²",  # superscript two: str.isdigit() says True, it is no UPC digit
        12345,
        None,
    ],
)
def test_anything_else_is_not_a_upc(kind: str, code: Any) -> None:
    for call in (
        lambda c: c.pushcart.confirm(HASH, code),
        lambda c: c.cart_to_cart.record_item_outcome(HASH, code, "confirmed", WHEN),
    ):
        error = refused(kind, call, RequestValidationError)
        assert (error.field, error.value) == ("upc", code)
        assert str(error) == (
            f"upc must be a UPC/EAN of 1 to 14 digits given as a string, got {code!r}"
        )


# --- URLs ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["https://oms.test/o/1", "http://oms.test/o/1", "HTTPS://OMS.test:8443/o/1?x=1#y"]
)
def test_a_fulfillment_url_may_be_http_or_https(kind: str, url: str) -> None:
    _, sent = send(kind, lambda c: c.pushcart.mark_received(HASH, UPC, fulfillment_url=url))
    assert [(s.url, s.body) for s in sent] == [
        (ITEM_URL, {"status": "received", "fulfillment_url": url})
    ]


BAD_URLS = [
    "/orders/1",  # relative
    "oms.test/orders/1",  # no scheme
    "//oms.test/orders/1",  # scheme-relative
    "ftp://oms.test/orders/1",
    "mailto:orders@oms.test",
    "https://",  # no host
    "https:///orders/1",
    "https://oms.test/my orders/1",  # a space
    " https://oms.test/orders/1",
    "https://oms.test/orders/1 ",
    "https://oms.test/or\tders/1",  # urlsplit silently drops tabs and newlines
    "https://oms.test/orders/1\n",
    "https://oms.test/orders/\r\n1",
    "https://oms.test/\x00orders",
    "",
]


@pytest.mark.parametrize("url", [*BAD_URLS, 42, None, b"https://oms.test/o/1"])
def test_a_bad_fulfillment_url_is_refused(kind: str, url: Any) -> None:
    if url is None:  # None means "no fulfillment_url": nothing to refuse
        _, sent = send(kind, lambda c: c.pushcart.mark_received(HASH, UPC, fulfillment_url=url))
        assert [s.body for s in sent] == [{"status": "received"}]
        return
    error = refused(
        kind,
        lambda c: c.pushcart.mark_received(HASH, UPC, fulfillment_url=url),
        RequestValidationError,
    )
    assert (error.field, error.value) == ("fulfillment_url", url)
    assert str(error) == f"fulfillment_url must be an absolute http(s) URL, got {url!r}"


@pytest.mark.parametrize("url", [*BAD_URLS, "http://shop.test/cart/1", 42])
def test_a_handoff_url_must_be_absolute_https(url: Any) -> None:
    with pytest.raises(RequestValidationError) as info:
        handoff_response(url, WHEN)
    assert (info.value.field, info.value.value) == ("url", url)
    assert str(info.value) == f"url must be an absolute https URL, got {url!r}"


def test_a_handoff_response_is_the_documented_reply() -> None:
    reply = handoff_response("https://www.ourwebsite.com/cart/abcdef123456", WHEN)
    expected = {
        "date": "2022-01-01T00:00:00.000Z",
        "url": "https://www.ourwebsite.com/cart/abcdef123456",
    }
    assert (reply.url, reply.date) == (expected["url"], expected["date"])
    assert reply.as_dict() == expected
    assert reply.as_json() == (
        b'{"date":"2022-01-01T00:00:00.000Z","url":"https://www.ourwebsite.com/cart/abcdef123456"}'
    )


# --- Datetimes: always the UTC instant, labelled Z ------------------------------------------
KOLKATA = dt.timezone(dt.timedelta(hours=5, minutes=30))
INSTANTS = [
    (dt.datetime(2022, 1, 1, 5, 30, tzinfo=KOLKATA), "2022-01-01T00:00:00.000Z"),
    (dt.datetime(2022, 1, 1, 2, 0, 0, 999999, tzinfo=KOLKATA), "2021-12-31T20:30:00.999Z"),
    (
        dt.datetime(2022, 7, 1, 12, 0, 0, 123456, tzinfo=ZoneInfo("America/Chicago")),
        "2022-07-01T17:00:00.123Z",
    ),
    (dt.datetime(2022, 1, 1, 23, 59, 59, 999, tzinfo=UTC), "2022-01-01T23:59:59.000Z"),
    (dt.datetime(2022, 1, 1, 12, 0, 0, 500000, tzinfo=UTC), "2022-01-01T12:00:00.500Z"),
]


@pytest.mark.usefixtures("chicago")
@pytest.mark.parametrize(("when", "wire"), INSTANTS, ids=lambda v: str(v))
def test_an_aware_datetime_is_sent_as_its_utc_instant(
    kind: str, when: dt.datetime, wire: str
) -> None:
    _, sent = send(kind, lambda c: c.cart_to_cart.record_outcome(HASH, "confirmed", when))
    assert [s.body for s in sent] == [{"date": wire, "status": "confirmed"}]
    assert handoff_response("https://shop.test/c/1", when).date == wire


class _NoOffset(dt.tzinfo):
    """A timezone that does not know its offset: as good as naive."""

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, moment: dt.datetime | None) -> str | None:
        return None

    def dst(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return None


@pytest.mark.usefixtures("chicago")
@pytest.mark.parametrize(
    "when", [dt.datetime(2022, 1, 1, 12, 0), dt.datetime(2022, 1, 1, tzinfo=_NoOffset())]
)
def test_a_naive_datetime_is_refused_not_guessed(kind: str, when: dt.datetime) -> None:
    error = refused(
        kind,
        lambda c: c.cart_to_cart.record_outcome(HASH, "confirmed", when),
        RequestValidationError,
    )
    assert (error.field, error.value) == ("date", when)
    assert str(error) == (
        f"date is a naive datetime ({when.isoformat()}); pass a timezone-aware one, "
        "e.g. datetime.now(timezone.utc), so the time sent is not a guess"
    )
    with pytest.raises(RequestValidationError) as info:
        handoff_response("https://shop.test/c/1", when)
    assert (info.value.field, info.value.value) == ("date", when)


@pytest.mark.parametrize(
    "when", [dt.date(2022, 1, 1), "2022-01-01T00:00:00Z", 1640995200, 1640995200.0]
)
def test_a_date_that_is_not_a_datetime_is_refused(kind: str, when: Any) -> None:
    error = refused(
        kind,
        lambda c: c.cart_to_cart.record_outcome(HASH, "confirmed", when),
        RequestValidationError,
    )
    assert (error.field, error.value) == ("date", when)
    assert str(error) == f"date must be a datetime, got {type(when).__name__} {when!r}"


@pytest.mark.usefixtures("chicago")
def test_the_default_date_is_now_in_utc_even_where_local_time_is_not(kind: str) -> None:
    before = dt.datetime.now(UTC).replace(microsecond=0)
    _, sent = send(kind, lambda c: c.cart_to_cart.record_outcome(HASH, "abandoned"))
    reply = handoff_response("https://shop.test/c/1")
    after = dt.datetime.now(UTC)
    for text in (sent[0].body["date"], reply.date):
        assert text.endswith("Z")
        assert len(text) == len("2022-01-01T00:00:00.000Z")
        moment = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        assert before <= moment <= after
    assert time.localtime().tm_gmtoff != 0  # the test really ran away from UTC


# --- Amounts ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "wire"),
    [
        (Decimal("12.30"), b"12.30"),
        (Decimal("0.01"), b"0.01"),
        (7, b"7"),
        ("19.99", b"19.99"),
        (" 5.50 ", b"5.50"),
    ],
)
def test_an_exact_positive_amount_is_sent_digit_for_digit(
    kind: str, amount: Any, wire: bytes
) -> None:
    _, sent = send(kind, lambda c: c.pushcart.refund(HASH, UPC, amount))
    assert [(s.url, s.body) for s in sent] == [
        (ITEM_URL, {"status": "refund", "refund_amount": Decimal(wire.decode())})
    ]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1.5, "float"),
        (0.1, "float"),
        (True, "bool"),
        (False, "bool"),
        (None, "greater than 0"),
        ([], "greater than 0"),
        ([Decimal(1)], "greater than 0"),
        ({"amount": 1}, "greater than 0"),
        (b"1.00", "greater than 0"),
        (float("nan"), "float"),
        (float("inf"), "float"),
        ("NaN", "greater than 0"),
        (Decimal("NaN"), "greater than 0"),
        (Decimal("sNaN"), "greater than 0"),
        ("Infinity", "greater than 0"),
        (Decimal("-Infinity"), "greater than 0"),
        (-1, "greater than 0"),
        ("-0.01", "greater than 0"),
        (Decimal("-5.00"), "greater than 0"),
        (0, "greater than 0"),
        (Decimal("0.00"), "greater than 0"),
        ("0", "greater than 0"),
        ("", "greater than 0"),
        ("ten", "greater than 0"),
        ("1,000.00", "greater than 0"),
    ],
    ids=repr,
)
def test_a_bad_amount_is_the_sdks_error_naming_the_field(
    kind: str, amount: Any, words: str
) -> None:
    error = refused(kind, lambda c: c.pushcart.refund(HASH, UPC, amount), RequestValidationError)
    assert error.field == "refund_amount"
    assert error.value is amount
    assert str(error).startswith("refund_amount must be ")
    assert words in str(error)
    assert repr(amount) in str(error)


# --- Free text -------------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["", "   ", "\t\n", None, 42])
def test_a_rejection_needs_a_reason_that_says_something(kind: str, reason: Any) -> None:
    for call in (
        lambda c: c.pushcart.reject(HASH, UPC, reason),
        lambda c: c.ship_to_store.reject(HASH, UPC, reason),
    ):
        error = refused(kind, call, RequestValidationError)
        assert (error.field, error.value) == ("reason", reason)
        assert str(error) == f"reason must be non-empty text, got {reason!r}"


def test_a_reason_is_sent_without_its_padding(kind: str) -> None:
    _, sent = send(kind, lambda c: c.pushcart.reject(HASH, UPC, "  Out of stock \n"))
    assert [s.body for s in sent] == [{"status": "rejected", "reason": "Out of stock"}]
