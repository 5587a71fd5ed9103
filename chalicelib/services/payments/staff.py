"""Staff's payment tools: manual top-ups, unlocking an account, and the bonus tiers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.ledger import EntryKind, LedgerEntry
from chalicelib.domain.payments import (
    BonusTier,
    TopUp,
    TopUpStatus,
    check_reference,
    parse_bonus_tiers,
    parse_manual_method,
    parse_top_up_amount,
)
from chalicelib.observability import logger
from chalicelib.services import audit_log, clock, customer_mails, ledger
from chalicelib.services.payments.records import key_hash
from chalicelib.store import counters
from chalicelib.store import ledger as ledger_store
from chalicelib.store import payments as store

MANUAL_TOP_UP_LIMIT = Decimal("1000000")


def set_bonus_tiers(raw: object, staff_id: str) -> list[BonusTier]:
    tiers = parse_bonus_tiers(raw)
    store.save_bonus_tiers(tiers, staff_id, clock.now().isoformat())
    logger.info("bonus tiers changed", extra={"staff_id": staff_id, "tiers": len(tiers)})
    return tiers


def manual_top_up(staff_id: str, user_id: str, raw_amount: object, raw_method: object, raw_reference: object,
                  idempotency_key: str | None) -> TopUp:
    """Money received outside Stripe (bank transfer, crypto), credited with its reference."""
    amount = parse_top_up_amount(raw_amount, Decimal("0.01"), MANUAL_TOP_UP_LIMIT)
    method = parse_manual_method(raw_method)
    reference = check_reference(raw_reference)
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidInput("Send an Idempotency-Key header with each manual top-up.",
                           fields={"Idempotency-Key": "required"})
    if ledger_store.account(user_id) is None:
        raise NotFound("No such user.")
    claim_key = key_hash(f"manual:{staff_id}", idempotency_key)
    earlier = store.claimed(claim_key)
    if earlier is not None:
        found = store.get(earlier)
        assert found is not None
        return found
    top_up = TopUp(top_up_id=counters.next_id("topup"), user_id=user_id, amount=amount, bonus=Decimal("0.00"),
                   method=method, status=TopUpStatus.SUCCEEDED, created_at=clock.now(), reference=reference,
                   staff_id=staff_id)
    try:
        ledger.move(user_id, amount, EntryKind.MANUAL_TOP_UP, f"manual-topup#{top_up.top_up_id}",
                    reference=f"top-up #{top_up.top_up_id}", staff_id=staff_id, reason=f"{method.value}: {reference}",
                    extra=lambda e: [store.insert_action(top_up), store.claim_action(claim_key, top_up.top_up_id),
                                     _manual_top_up_record(top_up, e)])
    except ledger_store.ExtraActionFailed:
        winner = store.claimed(claim_key)
        found = store.get(winner) if winner is not None else None
        if found is None:
            raise
        return found
    logger.info("manual top-up", extra={"top_up_id": top_up.top_up_id, "staff_id": staff_id, "method": method.value})
    customer_mails.top_up_received(top_up.top_up_id)
    return top_up


def _manual_top_up_record(top_up: TopUp, entry: LedgerEntry) -> dict[str, Any]:
    """The audit record of a manual top-up, written in the top-up's own transaction."""
    return audit_log.action(audit_log.build(
        Action.MANUAL_TOP_UP, SubjectKind.USER, top_up.user_id, actor=top_up.staff_id,
        record_id=f"manual-topup#{top_up.top_up_id}", before={"balance": entry.balance_after - entry.amount},
        after={"balance": entry.balance_after, "amount": top_up.amount, "method": top_up.method,
               "reference": top_up.reference, "topup_id": top_up.top_up_id}))  # stored audit field: name kept


def unlock(staff_id: str, user_id: str, raw_note: object) -> None:
    note = raw_note.strip() if isinstance(raw_note, str) else ""
    if not note:
        raise InvalidInput("Say how the negative balance was resolved.", fields={"note": "required"})
    account = ledger_store.account(user_id)
    record = audit_log.build(Action.ACCOUNT_UNLOCKED, SubjectKind.USER, user_id, actor=staff_id,
                             before={"locked": account.locked if account else None},
                             after={"locked": None, "note": note[:500]})
    if not ledger_store.unlock(user_id, staff_id, note[:500], clock.now().isoformat(),
                               also=[audit_log.action(record)]):
        raise InvalidInput("This account is not locked.", fields={"user_id": "not_locked"})
    logger.info("account unlocked", extra={"user_id": user_id, "staff_id": staff_id})
