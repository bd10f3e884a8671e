"""Cart-to-Cart outcomes and the 30-day refund window, as sent on the wire.

01-cart-to-cart.txt, "Reconciling Orders": statuses confirmed (default), abandoned and
refunded, the last "available for up to 30 days after the order".
"""

from __future__ import annotations

import datetime as dt

import pytest

from locally import RequestValidationError

from . import spec
from ._wire import CART_URL, HASH, ITEM_URL, UPC, refused, send

UTC = dt.timezone.utc
ORDERED = dt.datetime(2022, 3, 1, 15, 30, tzinfo=UTC)
ORDERED_SENT = "2022-03-01T15:30:00.000Z"
SPELLINGS = [str.lower, str.upper, str.title, lambda s: f"  {s}\t"]


@pytest.mark.parametrize("outcome", list(spec.C2C_OUTCOMES))
@pytest.mark.parametrize("spelling", SPELLINGS, ids=["lower", "upper", "title", "padded"])
def test_each_documented_outcome_is_sent_in_its_documented_form(
    kind: str, outcome: str, spelling: object
) -> None:
    given = spelling(outcome)  # type: ignore[operator]
    _, sent = send(kind, lambda c: c.cart_to_cart.record_outcome(HASH, given, ORDERED))
    assert [(s.method, s.url, s.body) for s in sent] == [
        ("POST", CART_URL, {"date": ORDERED_SENT, "status": outcome})
    ]
    _, sent = send(kind, lambda c: c.cart_to_cart.record_item_outcome(HASH, UPC, given, ORDERED))
    assert [(s.method, s.url, s.body) for s in sent] == [
        ("POST", ITEM_URL, {"hash": HASH, "upc": UPC, "date": ORDERED_SENT, "status": outcome})
    ]


def test_the_outcome_defaults_to_confirmed(kind: str) -> None:
    _, sent = send(kind, lambda c: c.cart_to_cart.record_outcome(HASH, date=ORDERED))
    assert [s.body for s in sent] == [{"date": ORDERED_SENT, "status": spec.C2C_DEFAULT_OUTCOME}]
    _, sent = send(kind, lambda c: c.cart_to_cart.record_item_outcome(HASH, UPC, date=ORDERED))
    assert [s.body["status"] for s in sent] == [spec.C2C_DEFAULT_OUTCOME]


@pytest.mark.parametrize(
    "status", ["refund", "cancelled", "shipped", "pending", "", "confirm", "abandon ed", None]
)
def test_an_undocumented_outcome_is_refused_before_sending(kind: str, status: object) -> None:
    error = refused(
        kind, lambda c: c.cart_to_cart.record_outcome(HASH, status, ORDERED), RequestValidationError
    )
    assert (error.field, error.value) == ("status", status)
    assert str(error) == f"status must be one of confirmed, abandoned, refunded; got {status!r}"
    refused(
        kind,
        lambda c: c.cart_to_cart.record_item_outcome(HASH, UPC, status, ORDERED),
        RequestValidationError,
    )


# --- The refund window ----------------------------------------------------------------------
# "Available for up to 30 days after the order", read as a duration of 30 x 24 hours from the
# moment the order was placed: a refund dated exactly 30 days later is accepted, one dated a
# second later is refused.  The SDK only refuses what it is sure of; the whole of day 31 and
# later is refused by either reading.
WINDOW = dt.timedelta(days=spec.REFUND_WINDOW_DAYS)


@pytest.mark.parametrize(
    "after",
    [dt.timedelta(0), dt.timedelta(days=29, hours=23, minutes=59), WINDOW],
    ids=["same moment", "day 29 23:59", "exactly 30 days"],
)
def test_a_refund_within_30_days_is_sent(kind: str, after: dt.timedelta) -> None:
    date = ORDERED + after
    _, sent = send(
        kind, lambda c: c.cart_to_cart.record_outcome(HASH, "refunded", date, ordered_at=ORDERED)
    )
    assert [s.body["status"] for s in sent] == ["refunded"]
    _, sent = send(
        kind,
        lambda c: c.cart_to_cart.record_item_outcome(
            HASH, UPC, "refunded", date, ordered_at=ORDERED
        ),
    )
    assert [s.body["status"] for s in sent] == ["refunded"]


@pytest.mark.parametrize(
    ("after", "days"),
    [
        (WINDOW + dt.timedelta(seconds=1), 30),
        (dt.timedelta(days=31), 31),
        (dt.timedelta(days=400), 400),
    ],
    ids=["30 days and a second", "day 31", "day 400"],
)
def test_a_refund_after_30_days_is_refused_before_sending(
    kind: str, after: dt.timedelta, days: int
) -> None:
    date = ORDERED + after
    for call in (
        lambda c: c.cart_to_cart.record_outcome(HASH, "Refunded", date, ordered_at=ORDERED),
        lambda c: c.cart_to_cart.record_item_outcome(
            HASH, UPC, "refunded", date, ordered_at=ORDERED
        ),
    ):
        error = refused(kind, call, RequestValidationError)
        assert (error.field, error.value) == ("status", "refunded")
        message = str(error)
        assert "up to 30 days after the order" in message
        assert ORDERED.isoformat() in message
        assert f"({days} days later)" in message
        assert "fee cannot be waived" in message


@pytest.mark.parametrize("outcome", ["confirmed", "abandoned"])
def test_the_window_only_limits_refunds(kind: str, outcome: str) -> None:
    date = ORDERED + dt.timedelta(days=45)
    _, sent = send(
        kind, lambda c: c.cart_to_cart.record_outcome(HASH, outcome, date, ordered_at=ORDERED)
    )
    assert [s.body["status"] for s in sent] == [outcome]


def test_without_the_order_time_a_refund_is_left_to_the_server(kind: str) -> None:
    _, sent = send(kind, lambda c: c.cart_to_cart.record_outcome(HASH, "refunded", ORDERED))
    assert [s.body["status"] for s in sent] == ["refunded"]


@pytest.mark.usefixtures("chicago")
def test_a_naive_order_time_is_read_as_utc_not_local_time(kind: str) -> None:
    # Locally sends naive order times (UTC).  Read as Chicago time this order would be six
    # hours later, and the refund a second past the window would wrongly be inside it.
    naive = dt.datetime(2022, 3, 1, 15, 30)
    late = ORDERED + WINDOW + dt.timedelta(seconds=1)
    error = refused(
        kind,
        lambda c: c.cart_to_cart.record_outcome(HASH, "refunded", late, ordered_at=naive),
        RequestValidationError,
    )
    assert "2022-03-01T15:30:00+00:00" in str(error)
    _, sent = send(
        kind,
        lambda c: c.cart_to_cart.record_outcome(
            HASH, "refunded", ORDERED + WINDOW, ordered_at=naive
        ),
    )
    assert [s.body["status"] for s in sent] == ["refunded"]
