"""Paying balance back to a customer outside Stripe (a bank transfer after a complaint, the
balance of an account being closed): the one way staff take money out of a balance as a payout.

A payout is capped at the withdrawable part of the balance: service credit and bonus funds can be
spent on orders but are never paid out (S13; docs/payments.md). The cap is decided on the same
account version the write is conditioned on, so no concurrent movement can slip past it.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.ledger import EntryKind, LedgerEntry
from chalicelib.domain.payments import check_reference, parse_top_up_amount
from chalicelib.observability import logger
from chalicelib.services import audit_log, ledger
from chalicelib.services.payments.staff import MANUAL_TOP_UP_LIMIT


def pay_out(staff_id: str, user_id: str, raw_amount: object, raw_reference: object) -> LedgerEntry:
    """Debit `amount` paid back to the customer (with the transfer's reference), audited in the
    same transaction; refused beyond the withdrawable part."""
    amount = parse_top_up_amount(raw_amount, Decimal("0.01"), MANUAL_TOP_UP_LIMIT)
    reference = check_reference(raw_reference)
    entry_id = f"payout#{uuid.uuid4().hex}"

    def audited(entry: LedgerEntry) -> list[dict[str, Any]]:
        return [audit_log.action(audit_log.build(
            Action.BALANCE_PAID_OUT, SubjectKind.USER, user_id, actor=staff_id, record_id=entry_id,
            before={"balance": entry.balance_after - entry.amount},
            after={"balance": entry.balance_after, "amount": entry.amount, "reference": reference,
                   "entry_id": entry_id}))]

    entry = ledger.move(user_id, -amount, EntryKind.PAYOUT, entry_id, reference=f"payout: {reference}",
                        staff_id=staff_id, reason=reference, extra=audited)
    logger.info("balance paid out", extra={"user_id": user_id, "staff_id": staff_id, "entry_id": entry_id})
    return entry
