"""The documented item lifecycles, as state machines kept in one place.

Both the clients (which refuse an illegal move before sending when the caller passes the
item's current status) and :class:`~locally.testing.FakeLocally` (which answers an illegal
move as Locally does) use these machines, so the two can never disagree.

Statuses are compared case-insensitively and with ``-``/``_`` read as spaces, because Locally
writes the same status as "Confirmed", "CONFIRMED", "confirm-brand" or "Pending Brand"
depending on where it appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ._errors import InvalidTransitionError

__all__ = ["PUSHCART", "SHIP_TO_STORE", "Lifecycle"]


def _fold(status: object) -> str:
    return " ".join(str(status).casefold().replace("-", " ").replace("_", " ").split())


@dataclass(frozen=True)
class Lifecycle:
    """A state machine over an item's status.

    Args:
        name: What the machine describes, used in error messages.
        transitions: For each state, the states it may move to.
        aliases: Other spellings of a state (already folded) and the state they mean.
        initial: The state a new item starts in.
    """

    name: str
    transitions: Mapping[str, frozenset[str]]
    aliases: Mapping[str, str] = field(default_factory=dict[str, str])
    initial: str = ""

    def normalize(self, status: object) -> str:
        """The canonical state for ``status``, or its folded text when the machine has none."""
        folded = _fold(status)
        return self.aliases.get(folded, folded)

    def knows(self, status: object) -> bool:
        """Whether ``status`` is one of this machine's states."""
        return self.normalize(status) in self.transitions

    def allowed_from(self, current: object) -> frozenset[str]:
        """The states reachable in one move from ``current`` (empty for an unknown state)."""
        return self.transitions.get(self.normalize(current), frozenset())

    def can_move(self, current: object, target: object) -> bool:
        """Whether moving from ``current`` to ``target`` is allowed.

        A ``current`` state this machine does not know is not judged (True): Locally adds
        statuses over time and only the server can decide then.
        """
        if not self.knows(current):
            return True
        return self.normalize(target) in self.allowed_from(current)

    def path(self, current: object, target: object) -> tuple[str, ...] | None:
        """The fewest moves from ``current`` to ``target``: each state in turn, ``target`` last.

        Empty when the item is already there; None when ``target`` cannot be reached (or
        either state is unknown to this machine).

        >>> PUSHCART.path("Ordered", "fulfilled")
        ('confirmed', 'fulfilled')
        """
        start, goal = self.normalize(current), self.normalize(target)
        if start not in self.transitions or goal not in self.transitions:
            return None
        # Breadth first, visiting neighbours in sorted order, so the answer never varies.
        previous: dict[str, str] = {}
        frontier = [start]
        seen = {start}
        while frontier and goal not in seen:
            following: list[str] = []
            for state in frontier:
                for nxt in sorted(self.transitions[state] - seen):
                    seen.add(nxt)
                    previous[nxt] = state
                    following.append(nxt)
            frontier = following
        if goal not in seen:
            return None
        steps: list[str] = []
        while goal != start:
            steps.append(goal)
            goal = previous[goal]
        return tuple(reversed(steps))

    def check(self, current: object, target: object) -> None:
        """Raise :class:`~locally.InvalidTransitionError` if the move is not allowed.

        The message says where the item can go from its state and, when the target is
        further along, which state it must reach first.
        """
        if self.can_move(current, target):
            return
        state = self.normalize(current)
        goal = self.normalize(target)
        allowed = ", ".join(sorted(self.allowed_from(current))) or "nothing (final state)"
        message = (
            f"{self.name}: an item that is {state!r} cannot move to {goal!r}; "
            f"from {state!r} it can move to: {allowed}"
        )
        steps = self.path(current, target)
        if steps:
            message += f"; move it to {steps[0]!r} first"
        raise InvalidTransitionError(message, current=state, target=goal)


# pragma: no mutate start
# _machine runs only at import, before mutmut picks a mutant, so its mutants can never be
# exercised in process; the tables it builds are pinned against the documents by tests/rules.
def _machine(
    name: str, edges: dict[str, set[str]], aliases: dict[str, str], initial: str
) -> Lifecycle:
    states = set(edges) | {target for targets in edges.values() for target in targets}
    transitions = {state: frozenset(edges.get(state, set())) for state in states}
    return Lifecycle(name, transitions, aliases, initial)


# pragma: no mutate end


#: PushCart item: ordered -> (received) -> confirmed | rejected; fulfilled and refund after
#: confirmed.  "Canceled" is how the carts API reports a rejected item; a charge that failed
#: is still fulfilled in store (the shopper pays at pickup).  The PushCart guide calls the
#: ordered state "PENDING STORE"; order history reports a rejected item as "Retailer Declined"
#: or, when the 2-hour window expired, "Auto-cancelled".
PUSHCART = _machine(
    "PushCart item",
    {
        "ordered": {"received", "confirmed", "rejected"},
        "received": {"confirmed", "rejected"},
        "confirmed": {"fulfilled", "refund"},
        "charge failed": {"fulfilled", "rejected"},
        "fulfilled": {"refund"},
    },
    {
        "pending store": "ordered",
        "canceled": "rejected",
        "cancelled": "rejected",
        "retailer declined": "rejected",
        # Locally's order-history label for its automatic rejection after the 2-hour window.
        "auto cancelled": "rejected",
        "auto canceled": "rejected",
        "refunded": "refund",
    },
    initial="ordered",
)

#: Ship-to-Store item: pending brand -> confirmed -> processing -> shipped -> ready for
#: pickup -> picked up; rejected from pending; processing straight from pending; refunded
#: only until shipped.  The guide's UI section calls the confirmed state "APPROVED".
SHIP_TO_STORE = _machine(
    "Ship-to-Store item",
    {
        "pending brand": {"confirmed", "rejected", "processing"},
        "confirmed": {"processing", "refunded"},
        "processing": {"shipped", "refunded"},
        "shipped": {"ready for pickup"},
        "ready for pickup": {"picked up"},
    },
    {
        "confirm store": "pending brand",
        "pending": "pending brand",
        "confirm brand": "confirmed",
        "approved": "confirmed",
        "reject brand": "rejected",
        "refund": "refunded",
        "ready": "ready for pickup",
    },
    initial="pending brand",
)
