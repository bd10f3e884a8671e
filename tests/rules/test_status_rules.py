"""Every documented spelling of an item status reads as a member, and answers the same question.

``spec.py`` lists each spelling Locally's documents use for a PushCart or Ship-to-Store state.
Read through the enums, each must be a member (never left as unknown text), in any of the
case and separator forms Locally mixes, and the PushCart ones must answer ``is_rejected``,
``is_refunded`` and ``is_fulfilled`` as the state they name does.
"""

from __future__ import annotations

import pytest

from locally.types import CartDetail, CartSummary, ItemStatus, ShipToStoreStatus

from .spec import PUSHCART_SPELLINGS, STS_SPELLINGS, variants

# Which question is true in each PushCart state (02 section 4: "rejected", the final
# "fulfilled", the final "refund").
QUESTIONS = {"rejected": "is_rejected", "refund": "is_refunded", "fulfilled": "is_fulfilled"}


@pytest.mark.parametrize(("spelling", "state"), sorted(PUSHCART_SPELLINGS.items()))
def test_pushcart_spellings_are_members_that_answer_like_their_state(
    spelling: str, state: str
) -> None:
    expected = dict.fromkeys(QUESTIONS.values(), False)
    if state in QUESTIONS:
        expected[QUESTIONS[state]] = True
    for form in variants(spelling):
        member = ItemStatus(form)
        assert {q: getattr(member, q) for q in expected} == expected, form
        detail = CartDetail.model_validate(
            {"properties": {"hash": "A"}, "items": [{"status": form}]}
        ).items[0]
        listed = CartSummary.model_validate({"hash": "A", "items": [{"status": form}]}).items[0]
        assert detail.status is member is listed.status, form
        assert {q: getattr(detail, q) for q in expected} == expected, form


@pytest.mark.parametrize(("spelling", "state"), sorted(STS_SPELLINGS.items()))
def test_ship_to_store_spellings_are_members(spelling: str, state: str) -> None:
    for form in variants(spelling):
        member = ShipToStoreStatus(form)
        detail = CartDetail.model_validate(
            {"properties": {"hash": "A"}, "items": [{"sts_status": form}]}
        ).items[0]
        assert detail.sts_status is member, form
