"""Paying balance back to a customer outside Stripe (a bank transfer after a complaint, the
balance of an account being closed): the one way staff take money out of a balance as a payout.

A payout is capped at the withdrawable part of the balance: service credit and bonus funds can be
spent on orders but are never paid out (S13; docs/payments.md). The cap is decided on the same
account version the write is conditioned on, so no concurrent movement can slip past it.

Each payout carries the form's Idempotency-Key: its ledger entry id is derived from it, so a
double click or a retried request records the transfer once and answers with the same entry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.ledger import AlreadyApplied, EntryKind, LedgerEntry
from chalicelib.domain.payments import check_reference, parse_top_up_amount
from chalicelib.observability import logger
from chalicelib.services import audit_log, ledger
from chalicelib.services.payments.records import key_hash
from chalicelib.services.payments.staff import MANUAL_TOP_UP_LIMIT
from chalicelib.store import ledger as ledger_store

MAX_KEY = 200


def pay_out(staff_id: str, user_id: str, raw_amount: object, raw_reference: object,
            idempotency_key: str | None) -> LedgerEntry:
    """Debit `amount` paid back to the customer (with the transfer's reference), audited in the
    same transaction; refused beyond the withdrawable part. The same key again answers with the
    payout it recorded (409 if it came with a different amount)."""
    amount = parse_top_up_amount(raw_amount, Decimal("0.01"), MANUAL_TOP_UP_LIMIT)
    reference = check_reference(raw_reference)
    if not idempotency_key or len(idempotency_key) > MAX_KEY:
        raise InvalidInput("Send an Idempotency-Key header with each payout.", fields={"Idempotency-Key": "required"})
    entry_id = f"payout#{key_hash(f'payout:{user_id}', idempotency_key)}"

    def audited(entry: LedgerEntry) -> list[dict[str, Any]]:
        return [audit_log.action(audit_log.build(
            Action.BALANCE_PAID_OUT, SubjectKind.USER, user_id, actor=staff_id, record_id=entry_id,
            before={"balance": entry.balance_after - entry.amount},
            after={"balance": entry.balance_after, "amount": entry.amount, "reference": reference,
                   "entry_id": entry_id}))]

    earlier = ledger_store.entry(user_id, entry_id)
    if earlier is not None:      # a retry of a payout already recorded (checked before the cap)
        return _same_payout(earlier, amount)
    account = ledger_store.account(user_id)
    if account is not None and account.locked:
        # Locked: a payment was taken back and the balance went below zero. Nothing goes out
        # until staff have resolved that and unlocked the account.
        raise Conflict("This account is locked after a refund or dispute: resolve and unlock it before a payout.")
    try:
        entry = ledger.move(user_id, -amount, EntryKind.PAYOUT, entry_id, reference=f"payout: {reference}",
                            staff_id=staff_id, reason=reference, extra=audited)
    except AlreadyApplied:       # the same key racing itself
        return _same_payout(ledger_store.entry(user_id, entry_id), amount)
    logger.info("balance paid out", extra={"user_id": user_id, "staff_id": staff_id, "entry_id": entry_id})
    return entry


def _same_payout(earlier: LedgerEntry | None, amount: Decimal) -> LedgerEntry:
    if earlier is None or earlier.amount != -amount:
        raise Conflict("This Idempotency-Key was already used for a different payout; reload the page.")
    return earlier
