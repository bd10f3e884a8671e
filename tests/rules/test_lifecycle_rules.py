"""The PushCart and Ship-to-Store lifecycles against the tables transcribed in ``spec``.

Every pair of documented states is checked both ways: a legal move is allowed and, through the
client, sent exactly once with the documented body; every other move is refused by
``Lifecycle.check``/``can_move`` and by the client before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest

from locally import InvalidTransitionError, RequestValidationError
from locally.lifecycle import PUSHCART, SHIP_TO_STORE, Lifecycle
from locally.types import ItemStatus, ShipToStoreStatus, UpdateResult

from . import spec
from ._wire import HASH, ITEM_URL, UPC, refused, send

MACHINES: list[tuple[str, Lifecycle, Mapping[str, frozenset[str]]]] = [
    ("PushCart item", PUSHCART, spec.PUSHCART_MOVES),
    ("Ship-to-Store item", SHIP_TO_STORE, spec.STS_MOVES),
]
PAIRS = [
    pytest.param(machine, moves, current, target, legal, id=f"{name}: {current} -> {target}")
    for name, machine, moves in MACHINES
    for current, target, legal in spec.pairs(moves)
]
SPELLINGS = [
    pytest.param(machine, moves, form, state, id=f"{machine.name}: {form!r}")
    for machine, moves, spellings in [
        (PUSHCART, spec.PUSHCART_MOVES, spec.PUSHCART_SPELLINGS),
        (SHIP_TO_STORE, spec.STS_MOVES, {**spec.STS_SPELLINGS, **spec.STS_SHORT_FORMS}),
    ]
    for spelling, state in spellings.items()
    for form in spec.variants(spelling)
]


def _first_step(moves: Mapping[str, frozenset[str]], current: str, target: str) -> str | None:
    """By the transcribed table: the state to reach first on a shortest way to ``target``.

    None when ``target`` is one move away or cannot be reached at all.  Of several states
    equally close, the alphabetically first.
    """
    distance = {target: 0}
    changed = True
    while changed:  # distance to target, from every state that can reach it
        changed = False
        for state, onward in moves.items():
            known = [distance[n] + 1 for n in onward if n in distance]
            if known and min(known) < distance.get(state, len(moves) + 1):
                distance[state] = min(known)
                changed = True
    if distance.get(current, 0) < 2:
        return None
    return min(n for n in moves[current] if distance.get(n) == distance[current] - 1)


def _expected_message(
    name: str, current: str, target: str, moves: Mapping[str, frozenset[str]]
) -> str:
    choices = ", ".join(sorted(moves[current])) or "nothing (final state)"
    message = (
        f"{name}: an item that is {current!r} cannot move to {target!r}; "
        f"from {current!r} it can move to: {choices}"
    )
    first = _first_step(moves, current, target)
    return message if first is None else f"{message}; move it to {first!r} first"


def test_the_machines_have_exactly_the_documented_states() -> None:
    assert set(PUSHCART.transitions) == set(spec.PUSHCART_MOVES)
    assert set(SHIP_TO_STORE.transitions) == set(spec.STS_MOVES)
    assert (PUSHCART.name, PUSHCART.initial) == ("PushCart item", "ordered")
    assert (SHIP_TO_STORE.name, SHIP_TO_STORE.initial) == ("Ship-to-Store item", "pending brand")


@pytest.mark.parametrize(("machine", "moves", "current", "target", "legal"), PAIRS)
def test_every_pair_of_documented_states(
    machine: Lifecycle,
    moves: Mapping[str, frozenset[str]],
    current: str,
    target: str,
    legal: bool,
) -> None:
    assert machine.knows(current)
    assert machine.allowed_from(current) == moves[current]
    assert machine.can_move(current, target) is legal
    if legal:
        machine.check(current, target)  # raises if refused
        return
    with pytest.raises(InvalidTransitionError) as info:
        machine.check(current, target)
    error = info.value
    assert isinstance(error, RequestValidationError)
    assert (error.current, error.target) == (current, target)
    assert (error.field, error.value) == ("status", target)
    assert str(error) == _expected_message(machine.name, current, target, moves)


@pytest.mark.parametrize(("machine", "moves", "spelling", "state"), SPELLINGS)
def test_every_documented_spelling_is_recognised(
    machine: Lifecycle, moves: Mapping[str, frozenset[str]], spelling: str, state: str
) -> None:
    assert machine.normalize(spelling) == state
    assert machine.knows(spelling)
    # As the current status: judged by the state's own moves, never waved through as unknown.
    assert machine.allowed_from(spelling) == moves[state]
    for target in moves:
        assert machine.can_move(spelling, target) is (target in moves[state]), target
    # As the target: the move into the state it names.
    for current in moves:
        assert machine.can_move(current, spelling) is (state in moves[current]), current


def test_refused_spelling_reports_the_states_it_names() -> None:
    with pytest.raises(InvalidTransitionError) as info:
        PUSHCART.check("Refunded", "REFUND")
    assert (info.value.current, info.value.target) == ("refund", "refund")
    assert str(info.value).endswith("it can move to: nothing (final state)")
    with pytest.raises(InvalidTransitionError) as info:
        SHIP_TO_STORE.check("confirm-store", "Picked_Up")
    assert (info.value.current, info.value.target) == ("pending brand", "picked up")


@pytest.mark.parametrize("status", list(ItemStatus))
def test_every_item_status_the_sdk_reads_is_a_pushcart_state(status: ItemStatus) -> None:
    assert PUSHCART.knows(status)
    assert PUSHCART.normalize(status) in spec.PUSHCART_MOVES


@pytest.mark.parametrize("status", list(ShipToStoreStatus))
def test_every_sts_status_the_sdk_reads_is_a_ship_to_store_state(
    status: ShipToStoreStatus,
) -> None:
    assert SHIP_TO_STORE.knows(status)
    assert SHIP_TO_STORE.normalize(status) in spec.STS_MOVES


@pytest.mark.parametrize("machine", [PUSHCART, SHIP_TO_STORE], ids=lambda m: m.name)
def test_an_undocumented_current_status_is_left_to_the_server(machine: Lifecycle) -> None:
    assert not machine.knows("Awaiting Courier")
    assert machine.normalize("Awaiting_Courier") == "awaiting courier"
    assert machine.allowed_from("Awaiting Courier") == frozenset()
    assert machine.can_move("Awaiting Courier", "shipped") is True
    machine.check("Awaiting Courier", "anything")  # raises if refused


@pytest.mark.parametrize(
    ("machine", "current"), [(PUSHCART, "Confirmed"), (SHIP_TO_STORE, "Processing")]
)
def test_an_undocumented_target_is_refused(machine: Lifecycle, current: str) -> None:
    assert machine.can_move(current, "teleported") is False
    with pytest.raises(InvalidTransitionError) as info:
        machine.check(current, "Tele-Ported")
    assert info.value.target == "tele ported"


# --- The same rules through the clients ---------------------------------------------------
# For each client method: the state it moves to, the call, and the documented body.
Method = tuple[str, Callable[[Any, object], Any], dict[str, Any]]

PUSHCART_METHODS: dict[str, Method] = {
    "mark_received": (
        "received",
        lambda c, now: c.pushcart.mark_received(HASH, UPC, current_status=now),
        {"status": "received"},
    ),
    "confirm": (
        "confirmed",
        lambda c, now: c.pushcart.confirm(HASH, UPC, current_status=now),
        {"status": "confirmed"},
    ),
    "reject": (
        "rejected",
        lambda c, now: c.pushcart.reject(HASH, UPC, "No stock", current_status=now),
        {"status": "rejected", "reason": "No stock"},
    ),
    "mark_fulfilled": (
        "fulfilled",
        lambda c, now: c.pushcart.mark_fulfilled(HASH, UPC, current_status=now),
        {"status": "fulfilled"},
    ),
    "refund": (
        "refund",
        lambda c, now: c.pushcart.refund(HASH, UPC, Decimal("5.25"), current_status=now),
        {"status": "refund", "refund_amount": Decimal("5.25")},
    ),
}
STS_METHODS: dict[str, Method] = {
    "confirm": (
        "confirmed",
        lambda c, now: c.ship_to_store.confirm(HASH, UPC, current_status=now),
        {"sts_status": "confirm-brand"},
    ),
    "reject": (
        "rejected",
        lambda c, now: c.ship_to_store.reject(HASH, UPC, "Discontinued", current_status=now),
        {"sts_status": "reject-brand", "reason": "Discontinued"},
    ),
    "start_processing": (
        "processing",
        lambda c, now: c.ship_to_store.start_processing(HASH, UPC, current_status=now),
        {"sts_status": "processing"},
    ),
    "mark_shipped": (
        "shipped",
        lambda c, now: c.ship_to_store.mark_shipped(HASH, UPC, current_status=now),
        {"sts_status": "shipped"},
    ),
}
# How the carts API spells each state (03 items[].status and sts_status), as callers pass it.
PUSHCART_AS_READ = {
    "ordered": "Ordered",
    "received": "Received",
    "confirmed": "Confirmed",
    "rejected": "Canceled",
    "charge failed": "Charge_Failed",
    "fulfilled": "Fulfilled",
    "refund": "Refunded",
}
STS_AS_READ = {
    "pending brand": "Pending Brand",
    "confirmed": "Confirmed",
    "rejected": "Rejected",
    "processing": "Processing",
    "shipped": "Shipped",
    "ready for pickup": "Ready for Pickup",
    "picked up": "Picked Up",
    "refunded": "Refunded",
}
CLIENT_MOVES = [
    pytest.param(method, moves, state, as_read, id=f"{flow}.{name} from {as_read}")
    for flow, methods, moves, spellings in [
        ("pushcart", PUSHCART_METHODS, spec.PUSHCART_MOVES, PUSHCART_AS_READ),
        ("ship_to_store", STS_METHODS, spec.STS_MOVES, STS_AS_READ),
    ]
    for name, method in methods.items()
    for state, as_read in spellings.items()
]


def test_the_client_tables_cover_every_documented_state() -> None:
    assert set(PUSHCART_AS_READ) == set(spec.PUSHCART_MOVES)
    assert set(STS_AS_READ) == set(spec.STS_MOVES)


@pytest.mark.parametrize(("method", "moves", "state", "as_read"), CLIENT_MOVES)
def test_client_sends_legal_moves_and_refuses_the_rest_before_sending(
    kind: str, method: Method, moves: Mapping[str, frozenset[str]], state: str, as_read: str
) -> None:
    target, call, body = method
    if target in moves[state]:
        result, sent = send(kind, lambda c: call(c, as_read))
        assert isinstance(result, UpdateResult)
        assert result.status is True
        assert [(s.method, s.url, s.body) for s in sent] == [("POST", ITEM_URL, body)]
        return
    error = refused(kind, lambda c: call(c, as_read), InvalidTransitionError)
    assert (error.current, error.target) == (state, target)
    assert (error.field, error.value) == ("status", target)
    assert f"cannot move to {target!r}" in str(error)


def test_client_judges_the_sdk_enums_as_read_from_a_cart(kind: str) -> None:
    _, sent = send(
        kind,
        lambda c: c.pushcart.mark_fulfilled(HASH, UPC, current_status=ItemStatus.CHARGE_FAILED),
    )
    assert [s.body for s in sent] == [{"status": "fulfilled"}]
    error = refused(
        kind,
        lambda c: c.pushcart.refund(HASH, UPC, Decimal(1), current_status=ItemStatus.REFUNDED),
        InvalidTransitionError,
    )
    assert (error.current, error.target) == ("refund", "refund")
    _, sent = send(
        kind,
        lambda c: c.ship_to_store.confirm(
            HASH, UPC, current_status=ShipToStoreStatus.CONFIRM_STORE
        ),
    )
    assert [s.body for s in sent] == [{"sts_status": "confirm-brand"}]
    error = refused(
        kind,
        lambda c: c.ship_to_store.confirm(HASH, UPC, current_status=ShipToStoreStatus.SHIPPED),
        InvalidTransitionError,
    )
    assert (error.current, error.target) == ("shipped", "confirmed")
