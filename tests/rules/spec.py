"""The money and lifecycle rules, written down once from Locally's documentation.

Everything here is transcribed by hand from the API documents (01 Cart-to-Cart, 02 PushCart,
03 Ship-to-Store, 05 reference notes), each rule citing the file and section it comes from.
None of it is read from ``locally.lifecycle`` or ``locally.fees``: the tests in this folder
check the SDK against these tables, so a wrong edge, a dropped spelling or a wrong rate in
the SDK's own tables fails a test instead of agreeing with itself (as it would against
:class:`~locally.testing.FakeLocally`, which shares the SDK's tables).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

# --- PushCart item lifecycle --------------------------------------------------------------
# 02-pushcart.txt, "4. Lifecycle of a PushCart Transaction":
#   1. PENDING STORE: the order is placed ("Ordered"); within the 2-hour window the retailer
#      may POST "received" (optionally with a fulfillment_url), or reject it.
#   2. RETAILER APPROVED OR REJECTED: POST "confirmed" to approve (the card is charged) or
#      "rejected" with a reason.  Both are possible from the pending order and from "received".
#   3. PROCESSING THROUGH FULFILLMENT: after approval, POST "fulfilled" as each item is picked up.
#   4. HANDLING RETURNS AND CHARGEBACKS: a "final status update of refund" with refund_amount;
#      possible only once Locally has charged the card, i.e. after "confirmed" (also after
#      pickup, for a return).  Final: nothing follows a refund, so an item cannot be refunded
#      twice.
# 03-ship-to-store.txt, "items[].status" (the carts API's spelling of the same item statuses):
#   "Canceled": the store rejected the request (the carts API's name for "rejected").
#   "Charge_Failed": the charge failed and payment was not captured; "the store should treat
#   these like reservation requests and collect payment when the shopper arrives", so the item
#   is still fulfilled in store, or declined like any reservation.  Nothing was captured, so
#   there is nothing to refund.
PUSHCART_MOVES: Mapping[str, frozenset[str]] = {
    "ordered": frozenset({"received", "confirmed", "rejected"}),
    "received": frozenset({"confirmed", "rejected"}),
    "confirmed": frozenset({"fulfilled", "refund"}),
    "charge failed": frozenset({"fulfilled", "rejected"}),
    "fulfilled": frozenset({"refund"}),
    "rejected": frozenset(),
    "refund": frozenset(),
}

#: Each documented spelling of a PushCart state, and the state it names.
PUSHCART_SPELLINGS: Mapping[str, str] = {
    "ordered": "ordered",  # 02 section 4
    "Ordered": "ordered",  # 03 items[].status; 05 "Order handling"
    "PENDING STORE": "ordered",  # 02 section 4.1 heading
    "received": "received",  # 02 section 4.1
    "confirmed": "confirmed",  # 02 section 4.2
    "Confirmed": "confirmed",  # 03 items[].status; 05
    "rejected": "rejected",  # 02 section 4.2
    "Canceled": "rejected",  # 03 items[].status
    "Cancelled": "rejected",  # the British spelling of the same word
    "Retailer Declined": "rejected",  # 05 "Order handling"
    "Auto-cancelled": "rejected",  # 05; 02 section 4.1 "automatically rejected"
    "Charge_Failed": "charge failed",  # 03 items[].status
    "Charge Failed": "charge failed",  # 05 "Order handling"
    "fulfilled": "fulfilled",  # 02 section 4.3
    "refund": "refund",  # 02 section 4.4 (the status a retailer sends)
    "Refunded": "refund",  # 05 "Order handling" (how order history reports it)
}

# --- Ship-to-Store item lifecycle ---------------------------------------------------------
# 03-ship-to-store.txt, "Lifecycle of a Ship to Store Transaction" (API and UI parts):
#   PENDING BRAND: the brand POSTs "confirm-brand" (confirmed) or "reject-brand" with a reason
#   (rejected).  The webhook of a new order reads sts_status "confirm-store".
#   CONFIRMED ("APPROVED" in the UI part): POST "processing".  "Additionally, you can skip the
#   'brand confirmed' step and move a new order directly to 'processing'."
#   PROCESSING: POST "shipped".  SHIPPED: the store moves it to "Ready for Pickup", then to the
#   final "Picked Up".
# 03-ship-to-store.txt, "Handling Returns and Chargebacks": "Once an order is confirmed by the
#   brand, the brand can refund the order up until the order is shipped. On orders refunded
#   prior to shipping, the order simply ends there": confirmed and processing may move to
#   refunded, which is final; from shipped on the product is the retailer's and a refund is the
#   retailer's own business, not a Ship-to-Store status.
STS_MOVES: Mapping[str, frozenset[str]] = {
    "pending brand": frozenset({"confirmed", "rejected", "processing"}),
    "confirmed": frozenset({"processing", "refunded"}),
    "processing": frozenset({"shipped", "refunded"}),
    "shipped": frozenset({"ready for pickup"}),
    "ready for pickup": frozenset({"picked up"}),
    "picked up": frozenset(),
    "rejected": frozenset(),
    "refunded": frozenset(),
}

#: Each documented spelling of a Ship-to-Store state, and the state it names.
STS_SPELLINGS: Mapping[str, str] = {
    "PENDING BRAND": "pending brand",  # 03 lifecycle heading
    "Pending Brand": "pending brand",  # as the carts API shows it
    "confirm-store": "pending brand",  # 03 webhook sample of a new order
    "confirm-brand": "confirmed",  # 03: what the brand sends to approve
    "CONFIRMED": "confirmed",  # 03 lifecycle heading
    "APPROVED": "confirmed",  # 03 "Management via UI"
    "reject-brand": "rejected",  # 03: what the brand sends to reject
    "rejected": "rejected",  # 03 sample payload ("only needed for rejected status")
    "processing": "processing",  # 03
    "Processing": "processing",  # 03 carts sample, sts_status
    "shipped": "shipped",  # 03
    "SHIPPED": "shipped",  # 03 lifecycle heading
    "Ready for Pickup": "ready for pickup",  # 03
    "READY FOR PICKUP": "ready for pickup",  # 03 lifecycle heading
    "Picked Up": "picked up",  # 03
    "picked up": "picked up",  # 03 disbursement_retail ("until sts_status = 'picked up'")
    "refunded": "refunded",  # 03 "Handling Returns and Chargebacks"
}

#: Short forms the SDK also accepts (lifecycle.py, not the documents), kept so that a status
#: read back in a shorter form is still judged instead of being waved through as unknown.
STS_SHORT_FORMS: Mapping[str, str] = {
    "pending": "pending brand",
    "ready": "ready for pickup",
    "refund": "refunded",
}

# --- Cart-to-Cart outcomes and the network fee --------------------------------------------
# 01-cart-to-cart.txt, "Reconciling Orders": "a 3.5% network fee is logged on all outbound
# orders. This fee is waived when the retailer indicates that the redirect did not result in a
# completed sale, such as an abandoned cart or a refund within 30 days."  Reference table of
# the status parameter: confirmed (default), abandoned (fee waived), refunded (fee waived;
# "Available for up to 30 days after the order").  "If no status is set, the status will
# default to confirmed."
NETWORK_FEE_RATE = Decimal("0.035")
C2C_OUTCOMES: Mapping[str, bool] = {  # outcome -> is the fee owed?
    "confirmed": True,
    "abandoned": False,
    "refunded": False,
}
C2C_DEFAULT_OUTCOME = "confirmed"
REFUND_WINDOW_DAYS = 30


def pairs(moves: Mapping[str, frozenset[str]]) -> Iterator[tuple[str, str, bool]]:
    """Every (current, target) pair of documented states, and whether the move is legal."""
    for current in moves:
        for target in moves:
            yield current, target, target in moves[current]


def variants(spelling: str) -> list[str]:
    """The spellings Locally's pages mix: any case, with ``-``, ``_`` or spaces, padded."""
    words = spelling.replace("-", " ").replace("_", " ").split()
    forms = {spelling, spelling.upper(), spelling.lower(), spelling.title(), f"  {spelling} "}
    for sep in (" ", "-", "_", "  "):
        joined = sep.join(words)
        forms.update({joined, joined.upper(), joined.title()})
    return sorted(forms)
