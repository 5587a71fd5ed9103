"""Accounts of people under 18 (P7): staff flag one, which closes it and erases its personal
data through the one erasure service, records `account.flagged_minor` in the audit log and,
when money remains on it, opens a staff task to refund it (docs/privacy.md, "Minors").

Flagging is idempotent: the erasure is, the audit record's id is deterministic
(`minor#<user>`), and so is the task's. Running it twice records one flag and one task;
running it again after a crash finishes what the first run left undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.accounts import Role
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.ledger import withdrawable
from chalicelib.domain.staff_tasks import checked_note, minor_refund_task_id, refund_text
from chalicelib.observability import logger
from chalicelib.services import audit_log, erasure, holds, staff_tasks
from chalicelib.store import audit_log as audit_store
from chalicelib.store import erasure as erasure_store
from chalicelib.store import ledger, users
from chalicelib.store import staff_tasks as task_store

NO_SUCH_ACCOUNT = "No such account."
MAX_USER_ID = 100


@dataclass(frozen=True)
class MinorFlagged:
    user_id: str
    newly_flagged: bool
    balance: Decimal
    task_id: str | None     # the refund task, when a withdrawable balance remains
    orders_still_open: int  # their links are blanked by the retention job once they end


def flag_minor(user_id: str, reason: object, staff_id: str) -> MinorFlagged:
    """Close the account of someone under 18 and erase its personal data. Refused (409, the
    hold's reason shown to staff and recorded in the audit log) under a preservation hold."""
    why = checked_note(reason, "reason")
    user = users.get(user_id) if 0 < len(user_id) <= MAX_USER_ID else None
    if user is None or ledger.account(user_id) is None:
        raise NotFound(NO_SUCH_ACCOUNT)
    if user.role != Role.CUSTOMER:
        raise Conflict("This is a staff account: take its staff role away first.")
    try:
        erased = erasure.erase(user_id, reason=f"flagged as under 18: {why}")
    except Conflict:
        held = holds.hold_on(user_id)
        if held is None:
            raise
        raise Conflict(f"Not erased: the account is under a preservation hold ({held}). The refusal is recorded "
                       "in the audit log; ask the legal team before doing anything else with this account.") from None
    account = ledger.account(user_id)
    balance = account.balance if account else erased.balance
    # Only the withdrawable part goes back to the customer: service credit and bonus are never
    # paid out (S13), so the task names what may be refunded, not the whole balance.
    refundable = withdrawable(account.balance, account.restricted) if account else balance
    task_id = minor_refund_task_id(user_id) if refundable > 0 else None
    record = audit_log.build(Action.ACCOUNT_FLAGGED_MINOR, SubjectKind.USER, user_id, actor=staff_id,
                             record_id=f"minor#{user_id}", before={"balance": balance},
                             after={"flagged_minor": True, "reason": why, "refund_task": task_id})
    newly = erasure_store.write_once(audit_log.action(record))
    if task_id is not None:
        staff_tasks.open_refund_task(task_id, user_id, refundable, refund_text(user_id, refundable), staff_id)
    logger.info("account flagged as a minor", extra={"user_id": user_id, "newly": newly,
                                                     "refund_task": task_id is not None})
    return MinorFlagged(user_id, newly, balance, task_id, erased.orders_still_open)


def refund_what_arrived_later(user_id: str) -> str | None:
    """For a minor's closed account whose orders have all ended (the retention job's finishing
    pass): when its withdrawable balance is not what the flag's task named (an order running at
    the flag was refunded since), open a task for the withdrawable balance as it is now. The
    task's id names the ledger position, so each state of the balance opens one task at most;
    the newest task supersedes an older one still open. Returns the task id, if one opened."""
    if audit_store.get(f"minor#{user_id}") is None:
        return None
    account = ledger.account(user_id)
    if account is None:
        return None
    refundable = withdrawable(account.balance, account.restricted)
    first = task_store.get(minor_refund_task_id(user_id))
    if refundable <= 0 or (first is not None and first.amount == refundable):
        return None
    task_id = f"{minor_refund_task_id(user_id)}-{account.seq}"
    if staff_tasks.open_refund_task(task_id, user_id, refundable, refund_text(user_id, refundable), "retention"):
        logger.info("minor's later balance: refund task opened", extra={"user_id": user_id, "task_id": task_id})
    return task_id
