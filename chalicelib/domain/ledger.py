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
    SERVICE_CREDIT = "service_credit"


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
