"""Ledger rules: the kinds of balance movement and the shape of an entry."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


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
