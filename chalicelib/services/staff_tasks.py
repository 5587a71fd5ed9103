"""Staff tasks (docs/support.md, "Staff tasks"): what the system asks staff to do by hand,
listed until someone resolves it with a note. Opening is idempotent (deterministic ids);
resolving is once, with its audit record in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.ledger import withdrawable
from chalicelib.domain.staff_tasks import StaffTask, TaskKind, TaskStatus, checked_note
from chalicelib.observability import logger
from chalicelib.services import audit_log, clock
from chalicelib.store import ledger
from chalicelib.store import staff_tasks as store

NO_SUCH_TASK = "No such task."
MAX_TASK_ID = 200


@dataclass(frozen=True)
class Listed:
    task: StaffTask
    balance_now: Decimal | None        # the account's balance now (it may move after the task opened)
    withdrawable_now: Decimal | None   # what of it may be refunded: never service credit or bonus


def open_refund_task(task_id: str, user_id: str, amount: Decimal, text: str, actor: str) -> bool:
    """Open a refund task once (False: it exists already, open or resolved)."""
    task = StaffTask(task_id=task_id, kind=TaskKind.REFUND_BALANCE, user_id=user_id, amount=amount, text=text,
                     created_at=clock.now(), created_by=actor)
    created = store.create_once(task)
    if created:
        logger.info("staff task opened", extra={"task_id": task_id, "kind": task.kind.value})
    return created


def tasks(status: str, limit: int, cursor: str | None) -> tuple[list[Listed], str | None]:
    if status == TaskStatus.OPEN.value:
        found, next_cursor = store.open_page(limit, cursor)
    elif status == TaskStatus.RESOLVED.value:
        found, next_cursor = store.resolved_page(limit, cursor)
    else:
        raise InvalidInput("'status' must be open or resolved.", fields={"status": "invalid"})
    accounts: dict[str, ledger.Account | None] = {}
    for task in found:
        if task.user_id not in accounts:
            accounts[task.user_id] = ledger.account(task.user_id)

    def listed(task: StaffTask) -> Listed:
        account = accounts[task.user_id]
        if account is None:
            return Listed(task, None, None)
        return Listed(task, account.balance, withdrawable(account.balance, account.restricted))
    return [listed(t) for t in found], next_cursor


def resolve(task_id: str, note: object, staff_id: str) -> StaffTask:
    """Resolve an open task with a note (what was done, or why not), recorded in the audit log
    in the same write. A task resolved already answers 409 and changes nothing."""
    text = checked_note(note)
    task = store.get(task_id) if 0 < len(task_id) <= MAX_TASK_ID else None
    if task is None:
        raise NotFound(NO_SUCH_TASK)
    record = audit_log.build(Action.TASK_RESOLVED, SubjectKind.TASK, task_id, actor=staff_id,
                             before={"status": task.status}, after={"status": TaskStatus.RESOLVED, "note": text,
                                                                    "user_id": task.user_id})
    if not store.resolve(task_id, staff_id, text, record.at, audit_log.action(record)):
        raise Conflict("This task was resolved already.")
    resolved = store.get(task_id)
    assert resolved is not None
    return resolved
