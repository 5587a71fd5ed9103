"""What Stripe's events do to a top-up: matching a payment, refunds, disputes and the bonus."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain import payment_events as events
from chalicelib.domain.ledger import EntryKind
from chalicelib.domain.payments import DisputeStatus, Method, TopUp, TopUpStatus

PAID = TopUp(top_up_id=7, user_id="u1", amount=Decimal("100.00"), bonus=Decimal("5.00"), method=Method.CARD,
             status=TopUpStatus.SUCCEEDED, created_at=datetime(2026, 1, 1, tzinfo=UTC), payment_intent="pi_1",
             stripe_charge_id="ch_1")
PENDING = replace(PAID, status=TopUpStatus.PROCESSING, payment_intent=None, stripe_charge_id=None)


def _apply(top_up: TopUp, change: events.TopUpChange | None) -> tuple[TopUp, Decimal]:
    """The record after a change and the money it moved (as the versioned write would)."""
    if change is None:
        return top_up, Decimal(0)
    return change.after, change.movement.amount if change.movement else Decimal(0)


# --- matching a payment to our top-up --------------------------------------------------------

@pytest.mark.parametrize(("stripe_status", "status"), [
    ("requires_action", TopUpStatus.REQUIRES_ACTION), ("requires_payment_method", TopUpStatus.FAILED),
    ("canceled", TopUpStatus.FAILED), ("processing", TopUpStatus.PROCESSING), ("succeeded", TopUpStatus.PROCESSING),
])
def test_stripes_first_answer_never_says_succeeded(stripe_status: str, status: TopUpStatus) -> None:
    assert events.intent_status(stripe_status) == status


def _mismatch(top_up: TopUp = PENDING, **changes: object) -> str | None:
    values: dict[str, object] = {"intent_id": "pi_1", "user_id": "u1", "amount_cents": 10000, "currency": "usd"}
    return events.intent_mismatch(top_up, **{**values, **changes})  # type: ignore[arg-type]


def test_a_payment_matching_our_record_credits() -> None:
    assert _mismatch() is None
    assert _mismatch(currency="USD") is None
    assert _mismatch(replace(PENDING, payment_intent="pi_1")) is None  # the intent we linked at the start


@pytest.mark.parametrize("changes", [
    {"user_id": "u2"}, {"user_id": None}, {"amount_cents": 10001}, {"amount_cents": None}, {"currency": "eur"},
])
def test_a_payment_that_disagrees_with_our_record_is_a_mismatch(changes: dict[str, object]) -> None:
    assert _mismatch(**changes) == "mismatch between the payment and our top-up record"


def test_a_manual_top_up_or_one_paid_by_another_intent_is_never_credited_by_a_card_payment() -> None:
    assert _mismatch(replace(PENDING, method=Method.BANK_TRANSFER)) == \
        "mismatch between the payment and our top-up record"
    assert _mismatch(replace(PENDING, payment_intent="pi_other")) == \
        "mismatch (another payment intent already paid this top-up)"


def test_a_credit_happens_once_with_an_entry_id_from_the_intent() -> None:
    change = events.credit(replace(PENDING, stripe_charge_id="ch_early"), intent_id="pi_1", charge_id=None)
    assert change is not None and change.outcome == "credited"
    assert change.movement == events.Movement(Decimal("100.00"), EntryKind.TOP_UP, "topup#pi_1")
    assert (change.after.status, change.after.payment_intent, change.after.stripe_charge_id) == \
        (TopUpStatus.SUCCEEDED, "pi_1", "ch_early")
    assert events.credit(change.after, intent_id="pi_1", charge_id="ch_1") is None


def test_stripes_answer_is_noted_unless_the_record_is_final() -> None:
    noted = events.outcome_noted(PENDING, TopUpStatus.FAILED, intent_id="pi_1", error="Card declined")
    assert noted is not None and noted.movement is None
    assert (noted.after.status, noted.after.failure, noted.after.payment_intent) == \
        (TopUpStatus.FAILED, "Card declined", "pi_1")
    waiting = events.outcome_noted(PENDING, TopUpStatus.REQUIRES_ACTION, intent_id="pi_1", error="ignored")
    assert waiting is not None and waiting.after.failure is None  # an error counts only for a failure
    assert events.outcome_noted(PAID, TopUpStatus.FAILED, failure="late") is None  # the webhook's credit wins
    assert events.outcome_noted(noted.after, TopUpStatus.PROCESSING) is None


# --- refunds ---------------------------------------------------------------------------------

def test_a_refund_debits_what_the_cumulative_amount_grew_by_and_never_more_than_was_paid() -> None:
    first = events.refund(PAID, charge_id="ch_1", amount_refunded_cents=3000)
    assert first is not None and first.movement == events.Movement(
        Decimal("-30.00"), EntryKind.PAYMENT_REFUND, "card-refund#ch_1#3000", may_go_negative=True)
    assert events.refund(first.after, charge_id="ch_1", amount_refunded_cents=3000) is None  # repeated
    assert events.refund(first.after, charge_id="ch_1", amount_refunded_cents=1000) is None  # older
    rest = events.refund(first.after, charge_id="ch_1", amount_refunded_cents=99999)
    assert rest is not None and rest.movement is not None
    assert (rest.movement.amount, rest.after.refunded) == (Decimal("-70.00"), Decimal("100.00"))


# --- disputes --------------------------------------------------------------------------------

def _dispute(top_up: TopUp, *, closing: bool, status: str, cents: int = 5000) -> events.TopUpChange | None:
    return events.dispute(top_up, dispute_id="dp_1", closing=closing, status=status, amount_cents=cents)


def test_inquiries_and_other_closings_move_no_money() -> None:
    assert events.dispute_ignored(closing=False, status="warning_needs_response") == "an inquiry moves no money"
    assert events.dispute_ignored(closing=True, status="warning_closed") == "dispute closed as warning_closed"
    assert events.dispute_ignored(closing=True, status="") == "dispute closed as unknown"
    assert events.dispute_ignored(closing=False, status="needs_response") is None
    assert events.dispute_ignored(closing=True, status="lost") is None
    assert _dispute(PAID, closing=True, status="charge_refunded") is None


def test_an_opened_dispute_debits_once_and_a_won_one_credits_back_once() -> None:
    opened = _dispute(PAID, closing=False, status="needs_response")
    assert opened is not None and opened.outcome == "debited"
    assert opened.movement == events.Movement(Decimal("-50.00"), EntryKind.DISPUTE, "dispute#dp_1",
                                              may_go_negative=True)
    assert opened.after.disputes == {"dp_1": (Decimal("50.00"), DisputeStatus.OPEN)}
    assert _dispute(opened.after, closing=False, status="under_review") is None
    won = _dispute(opened.after, closing=True, status="won")
    assert won is not None and won.outcome == "credited back"
    assert won.movement == events.Movement(Decimal("50.00"), EntryKind.DISPUTE_WON, "dispute-won#dp_1",
                                           may_go_negative=True)
    assert won.after.disputes == {"dp_1": (Decimal("50.00"), DisputeStatus.WON)}
    for status in ("won", "lost"):
        assert _dispute(won.after, closing=True, status=status) is None
    assert _dispute(won.after, closing=False, status="needs_response") is None  # a late first delivery


def test_a_lost_dispute_stays_debited_and_one_first_heard_of_at_closing_debits_then() -> None:
    opened = _dispute(PAID, closing=False, status="needs_response")
    assert opened is not None
    lost = _dispute(opened.after, closing=True, status="lost")
    assert lost is not None and lost.movement is None and lost.outcome == "recorded lost"
    assert lost.after.disputes["dp_1"] == (Decimal("50.00"), DisputeStatus.LOST)
    lost_first = _dispute(PAID, closing=True, status="lost")
    assert lost_first is not None and lost_first.outcome == "debited"
    assert lost_first.movement is not None and lost_first.movement.entry_id == "dispute#dp_1"
    assert _dispute(lost_first.after, closing=False, status="needs_response") is None


def test_a_dispute_won_before_we_heard_of_it_moves_nothing_and_is_capped_at_the_amount_paid() -> None:
    won_first = _dispute(PAID, closing=True, status="won")
    assert won_first is not None and won_first.movement is None and won_first.outcome == "recorded won"
    big = _dispute(PAID, closing=False, status="needs_response", cents=1_000_000)
    assert big is not None and big.movement is not None and big.movement.amount == Decimal("-100.00")


# --- the bonus follows the money -------------------------------------------------------------

def test_the_bonus_reversal_follows_the_money_taken_back_in_both_directions() -> None:
    refunded = replace(PAID, refunded=Decimal("30.00"))
    step = events.bonus_reversal(refunded)
    assert step is not None and step.movement == events.Movement(
        Decimal("-1.50"), EntryKind.BONUS_REVERSAL, "bonus-reversal#7#1", may_go_negative=True)
    assert events.bonus_reversal(step.after) is None
    given_back = events.bonus_reversal(replace(step.after, refunded=Decimal("0.00")))
    assert given_back is not None and given_back.movement is not None
    assert (given_back.movement.amount, given_back.movement.entry_id) == (Decimal("1.50"), "bonus-reversal#7#2")


EVENTS = [
    ("refund", 3000), ("refund", 4500), ("created", "dp_a"), ("won", "dp_a"), ("created", "dp_b"), ("lost", "dp_b"),
]


def _step(top_up: TopUp, event: tuple[str, object]) -> events.TopUpChange | None:
    kind, value = event
    if kind == "refund":
        assert isinstance(value, int)
        return events.refund(top_up, charge_id="ch_1", amount_refunded_cents=value)
    return events.dispute(top_up, dispute_id=str(value), closing=kind != "created",
                          status="needs_response" if kind == "created" else kind, amount_cents=2000)


@given(st.lists(st.sampled_from(EVENTS), max_size=12).flatmap(lambda again: st.permutations(EVENTS + again)))
def test_any_order_and_any_repetition_of_deliveries_moves_the_same_money(deliveries: list[tuple[str, object]]) -> None:
    top_up, moved = PAID, Decimal(0)
    for delivery in deliveries:
        top_up, amount = _apply(top_up, _step(top_up, delivery))
        moved += amount
        top_up, amount = _apply(top_up, events.bonus_reversal(top_up))
        moved += amount
    # refunded 45, dispute a won (net 0), dispute b lost (20): 65 taken back, and 65% of the bonus
    assert (top_up.refunded, top_up.bonus_reversed) == (Decimal("45.00"), Decimal("3.25"))
    assert moved == Decimal("-68.25")
