"""What Stripe's payment events do to a top-up: pure decisions, no I/O, no clock.

The payments services find the top-up a Stripe object belongs to, ask these rules what to
change and which ledger movement explains the change, and write both in one conditional
transaction (`services/payments/records.change`). A rule answers None when there is nothing
left to do: the change was applied before (a repeated, late or concurrent delivery).

Ledger entry ids are derived from the Stripe object they come from, so each can be applied
once only (see docs/payments.md for the table of ids).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from chalicelib.domain.ledger import EntryKind
from chalicelib.domain.payments import (
    DisputeStatus,
    Method,
    TopUp,
    TopUpStatus,
    bonus_to_reverse,
    from_cents,
    to_cents,
)

DEFAULT_FAILURE = "The payment did not go through."
# Stripe's PaymentIntent statuses that end a payment without money.
FAILED_INTENT_STATUSES = frozenset({"requires_payment_method", "canceled"})


@dataclass(frozen=True)
class Movement:
    """A ledger movement that explains a change of a top-up record."""

    amount: Decimal              # signed: positive credits the customer, negative debits
    kind: EntryKind
    entry_id: str
    may_go_negative: bool = False  # money Stripe takes back: below zero locks the account


@dataclass(frozen=True)
class TopUpChange:
    """The record as it should become (its version is set when it is written), what to report,
    and the ledger movement it explains, if money moves."""

    after: TopUp
    outcome: str
    movement: Movement | None = None


# --- a payment intent ------------------------------------------------------------------------

def intent_status(stripe_status: str) -> TopUpStatus:
    """Our record's status for what Stripe answered when the intent was created and confirmed."""
    if stripe_status == "requires_action":
        return TopUpStatus.REQUIRES_ACTION
    if stripe_status in FAILED_INTENT_STATUSES:
        return TopUpStatus.FAILED
    # "succeeded" too: the record says succeeded only once the webhook has credited it.
    return TopUpStatus.PROCESSING


def intent_mismatch(top_up: TopUp, *, intent_id: str, user_id: str | None, amount_cents: int | None,
                    currency: str) -> str | None:
    """Why a succeeded intent must not credit this top-up, or None if it matches: the payment
    must agree with our record (same account, a card top-up, same amount in cents, USD) and no
    other intent may have paid it already."""
    if (user_id != top_up.user_id or top_up.method != Method.CARD
            or amount_cents != to_cents(top_up.amount) or currency.lower() != "usd"):
        return "mismatch between the payment and our top-up record"
    if top_up.payment_intent not in (None, intent_id):
        return "mismatch (another payment intent already paid this top-up)"
    return None


def outcome_noted(top_up: TopUp, status: TopUpStatus, *, intent_id: str | None = None,
                  charge_id: str | None = None, error: str | None = None,
                  failure: str | None = None) -> TopUpChange | None:
    """Note what Stripe answered the browser's request (or that the payment failed), unless the
    record is final already: the webhook's credit wins over a late answer. No money moves."""
    if top_up.status in (TopUpStatus.SUCCEEDED, TopUpStatus.FAILED):
        return None
    after = replace(top_up, status=status, payment_intent=intent_id or top_up.payment_intent,
                    stripe_charge_id=charge_id or top_up.stripe_charge_id,
                    failure=failure or (error if status == TopUpStatus.FAILED else None))
    return TopUpChange(after, status.value)


def credit(top_up: TopUp, *, intent_id: str, charge_id: str | None) -> TopUpChange | None:
    """A succeeded intent credits the paid amount once (the bonus is its own entry)."""
    if top_up.status == TopUpStatus.SUCCEEDED:
        return None
    after = replace(top_up, status=TopUpStatus.SUCCEEDED, payment_intent=intent_id,
                    stripe_charge_id=charge_id or top_up.stripe_charge_id, failure=None)
    return TopUpChange(after, "credited", Movement(top_up.amount, EntryKind.TOP_UP, f"topup#{intent_id}"))


# --- money taken back ------------------------------------------------------------------------

def refund(top_up: TopUp, *, charge_id: str, amount_refunded_cents: int) -> TopUpChange | None:
    """Stripe's `amount_refunded` is cumulative: debit what it grew by since the last refund
    applied. An older or repeated delivery (not more than applied) changes nothing."""
    refunded = min(from_cents(amount_refunded_cents), top_up.amount)
    if refunded <= top_up.refunded:
        return None
    return TopUpChange(replace(top_up, refunded=refunded), "debited", Movement(
        -(refunded - top_up.refunded), EntryKind.PAYMENT_REFUND, f"card-refund#{charge_id}#{to_cents(refunded)}",
        may_go_negative=True))


def dispute_ignored(*, closing: bool, status: str) -> str | None:
    """Why a dispute event moves nothing, whatever our record says: an inquiry (`warning_*`) is
    not a chargeback, and a dispute closes only as won or lost for money purposes."""
    if not closing and status.startswith("warning"):
        return "an inquiry moves no money"
    if closing and status not in ("won", "lost"):
        return f"dispute closed as {status or 'unknown'}"
    return None


def dispute(top_up: TopUp, *, dispute_id: str, closing: bool, status: str,
            amount_cents: int) -> TopUpChange | None:
    """A dispute debits when opened (or when first heard of as lost), credits back when won
    after being debited, and is recorded without money otherwise. Each step happens once."""
    if dispute_ignored(closing=closing, status=status):
        return None
    amount = min(from_cents(amount_cents), top_up.amount)
    known = top_up.disputes.get(dispute_id)
    held = known[0] if known else amount
    debit = Movement(-amount, EntryKind.DISPUTE, f"dispute#{dispute_id}", may_go_negative=True)
    movement: Movement | None
    if not closing:
        if known:
            return None
        new_status, movement = DisputeStatus.OPEN, debit
    elif known is not None and known[1] != DisputeStatus.OPEN:
        return None  # closed before
    elif status == "won":
        # never debited: nothing to give back; debited when opened: given back now
        movement = None if known is None else Movement(
            held, EntryKind.DISPUTE_WON, f"dispute-won#{dispute_id}", may_go_negative=True)
        new_status = DisputeStatus.WON
    else:
        # lost: first heard of now: debited now; debited when opened: stays debited
        new_status, movement = DisputeStatus.LOST, (debit if known is None else None)
    after = replace(top_up, disputes={**top_up.disputes, dispute_id: (held, new_status)})
    if movement is None:
        return TopUpChange(after, f"recorded {new_status.value}")
    return TopUpChange(after, "credited back" if movement.amount > 0 else "debited", movement)


def bonus_reversal(top_up: TopUp) -> TopUpChange | None:
    """Bring the bonus taken back in line with the money taken back (either direction). The
    entry id counts the record's reversals, so each step is its own entry."""
    target = bonus_to_reverse(top_up)
    if target == top_up.bonus_reversed:
        return None
    after = replace(top_up, bonus_reversed=target, bonus_version=top_up.bonus_version + 1)
    return TopUpChange(after, "bonus reversed", Movement(
        top_up.bonus_reversed - target, EntryKind.BONUS_REVERSAL,
        f"bonus-reversal#{top_up.top_up_id}#{after.bonus_version}", may_go_negative=True))
