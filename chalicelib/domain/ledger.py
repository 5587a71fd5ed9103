"""Ledger rules: the kinds of balance movement and the shape of an entry."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import parse_amount


class EntryKind(enum.StrEnum):
    ORDER_CHARGE = "order_charge"
    REFUND = "refund"
    TOP_UP = "top_up"
    BONUS = "bonus"
    MANUAL_ADJUSTMENT = "manual_adjustment"
    MANUAL_TOP_UP = "manual_top_up"        # money received outside Stripe (bank, crypto)
    PAYMENT_REFUND = "payment_refund"      # a card payment refunded through Stripe (debit)
    DISPUTE = "dispute"                    # a card payment disputed: Stripe holds it (debit)
    DISPUTE_WON = "dispute_won"            # the dispute closed in our favour (credit back)
    BONUS_REVERSAL = "bonus_reversal"      # the bonus of money taken back (or given back again)
    SERVICE_CREDIT = "service_credit"      # SLA compensation: spendable, never paid out
    PAYOUT = "payout"                      # balance paid back to the customer outside Stripe (debit)


@dataclass(frozen=True)
class LedgerEntry:
    """One balance movement. `entry_id` is deterministic (e.g. `refund#123`), so the same
    movement can never be written twice; `seq` numbers an account's entries 1, 2, 3..."""

    entry_id: str
    user_id: str
    kind: EntryKind
    amount: Decimal          # signed: negative debits, positive credits
    balance_after: Decimal
    seq: int
    at: datetime
    reference: str
    staff_id: str | None = None
    reason: str | None = None
    restricted_after: Decimal = Decimal(0)   # the non-withdrawable part of the balance after it
    restricted_change: Decimal = Decimal(0)  # how this movement changed that part (signed)


class AlreadyApplied(Exception):
    """A movement with this entry id exists: it was applied before (idempotent no-op)."""


class Direction(enum.StrEnum):
    """Which way a manual adjustment moves a balance."""

    CREDIT = "credit"
    DEBIT = "debit"


def adjustment_entry_id(nonce: str) -> str:
    """The ledger entry id of a manual adjustment. Every adjustment staff make is a movement of
    its own, so the caller passes a fresh nonce per adjustment (not per retry of one)."""
    return f"adjust#{nonce}"


def signed_adjustment(amount: Decimal, direction: Direction) -> Decimal:
    """The ledger amount of an adjustment of `amount` (positive) in `direction`."""
    if amount <= 0:
        raise ValueError("an adjustment's amount is positive; the direction gives its sign")
    return amount if direction is Direction.CREDIT else -amount


def parse_signed_adjustment(text: str) -> tuple[Decimal, Direction]:
    """An adjustment written with its sign, as the operator CLI takes it: "12.5" credits 12.5,
    "-12.5" debits it. The amount follows the usual money rules (positive, 5 places)."""
    value = text.strip()
    try:
        signed = Decimal(value)
    except InvalidOperation:
        raise InvalidInput(f"amount {text!r} is not a number", fields={"amount": "invalid"}) from None
    amount = parse_amount(value.lstrip("-"))
    return amount, Direction.CREDIT if signed > 0 else Direction.DEBIT


# --- what can be paid out -----------------------------------------------------------------------
#
# Service credit (SLA) and bonus funds can be spent but never paid out (S13). The account keeps
# their unspent remainder, `restricted`, next to its balance, changed in the same write. They are
# spent FIRST: an order takes from the restricted part before the cash part, so what stays
# withdrawable is the customer's own cash and is never more than the cash they paid in. An order
# refund gives back to the restricted part what that order took from it (the charge's entry
# records it), so spending credit and having the order refunded cannot turn credit into cash.
# Money taken out any other way (a card refund, a dispute, a staff debit) is cash: it leaves the
# restricted part as it is, even when the balance falls below it. Cutting the restricted part
# down to the balance there would turn credit into cash once the money came back (a dispute
# won, a staff correction, the next top-up), so the restricted part may exceed the balance and
# `withdrawable` is what guards payouts. For display, `restricted_shown` is what of the balance
# is restricted now. Credit landing on a negative balance stays restricted in full: it never
# quietly pays off money taken back through the card.

RESTRICTED_KINDS = frozenset({EntryKind.SERVICE_CREDIT, EntryKind.BONUS})
"""Credits that can be spent but never withdrawn."""
WITHDRAWAL_KINDS = frozenset({EntryKind.PAYOUT})
"""Debits that pay balance out to the customer: capped at the withdrawable part."""


def restricted_after(kind: EntryKind, amount: Decimal, restricted: Decimal, restored: Decimal = Decimal(0)) -> Decimal:
    """The non-withdrawable part after a movement of `amount` (signed) of `kind`. `restored`: for
    an order refund, what the refunded order took from the restricted part (at most the refund)."""
    if kind in RESTRICTED_KINDS or kind is EntryKind.BONUS_REVERSAL or kind is EntryKind.ORDER_CHARGE:
        value = restricted + amount        # credit adds; reversal and spending take from it first
    elif kind is EntryKind.REFUND:
        value = restricted + min(max(restored, Decimal(0)), max(amount, Decimal(0)))
    else:
        value = restricted                 # cash in, or cash out: the restricted part stays
    return max(Decimal(0), value)


def restricted_shown(balance: Decimal, restricted: Decimal) -> Decimal:
    """What of the balance is restricted now: the restricted part, at most what the balance holds."""
    return min(restricted, max(balance, Decimal(0)))


def withdrawable(balance: Decimal, restricted: Decimal) -> Decimal:
    """What of a balance may be paid out: never the restricted part, never below zero."""
    return max(Decimal(0), balance - restricted)
