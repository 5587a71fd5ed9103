"""Staff tasks: put once under a deterministic id, listed open (oldest first) or resolved
(newest first), resolved once by a conditional write that joins the audit record's transaction."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.staff_tasks import StaffTask, TaskKind, TaskStatus
from chalicelib.store import dynamo, keys, schema

CONFLICT_ATTEMPTS = 3


def _item(task: StaffTask) -> dict[str, Any]:
    created = task.created_at.isoformat()
    return {**keys.staff_task(task.task_id), **keys.open_task_index(created, task.task_id), "type": "staff_task",
            "task_id": task.task_id, "kind": task.kind.value, "user_id": task.user_id, "amount": task.amount,
            "text": task.text, "created_at": created, "created_by": task.created_by,
            "status": TaskStatus.OPEN.value}


def _task(item: dict[str, Any]) -> StaffTask:
    resolved = item.get("resolved_at")
    return StaffTask(task_id=item["task_id"], kind=TaskKind(item["kind"]), user_id=item["user_id"],
                     amount=Decimal(item["amount"]), text=item["text"],
                     created_at=datetime.fromisoformat(item["created_at"]), created_by=item["created_by"],
                     status=TaskStatus(item["status"]),
                     resolved_at=datetime.fromisoformat(resolved) if resolved else None,
                     resolved_by=item.get("resolved_by"), note=item.get("note"))


def create_once(task: StaffTask) -> bool:
    """Open the task unless one with its id exists (open or resolved); False if it did."""
    try:
        dynamo.transact_write([{"Put": {"Item": dynamo.to_attributes(_item(task)),
                                        "ConditionExpression": "attribute_not_exists(pk)"}}])
    except dynamo.TransactionCancelled as cancelled:
        if cancelled.reasons == ["ConditionalCheckFailed"]:
            return False
        raise
    return True


def get(task_id: str) -> StaffTask | None:
    item = dynamo.get(keys.staff_task(task_id))
    return _task(item) if item else None


def open_page(limit: int, cursor: str | None) -> tuple[list[StaffTask], str | None]:
    """Open tasks, oldest first (the one waiting longest on top)."""
    page = dynamo.query_page(schema.GSI2, keys.OPEN_TASKS, limit=limit, cursor=cursor, newest_first=False)
    return [_task(i) for i in page.items], page.cursor


def resolved_page(limit: int, cursor: str | None) -> tuple[list[StaffTask], str | None]:
    """Resolved tasks, the latest resolution first."""
    page = dynamo.query_page(schema.GSI1, keys.RESOLVED_TASKS, limit=limit, cursor=cursor)
    return [_task(i) for i in page.items], page.cursor


def resolve(task_id: str, staff_id: str, note: str, at: datetime, also: dict[str, Any]) -> bool:
    """Resolve an open task with the note, in one transaction with `also` (the audit record's
    Put). False when the task is not open any more (resolved meanwhile, by someone else too)."""
    at_iso = at.isoformat()
    index = keys.resolved_task_index(at_iso, task_id)
    update = {"Update": {
        "Key": dynamo.to_attributes(keys.staff_task(task_id)),
        "UpdateExpression": "SET #status = :resolved, resolved_at = :at, resolved_by = :by, note = :note, "
                            "gsi1pk = :p, gsi1sk = :s REMOVE gsi2pk, gsi2sk",
        "ConditionExpression": "#status = :open",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": dynamo.values(resolved=TaskStatus.RESOLVED.value, at=at_iso, by=staff_id,
                                                   note=note, p=index["gsi1pk"], s=index["gsi1sk"],
                                                   open=TaskStatus.OPEN.value)}}
    for attempt in range(CONFLICT_ATTEMPTS):
        try:
            dynamo.transact_write([update, also])
        except dynamo.TransactionCancelled as cancelled:
            if cancelled.reasons[:1] == ["ConditionalCheckFailed"]:
                return False
            if "TransactionConflict" not in cancelled.reasons or attempt == CONFLICT_ATTEMPTS - 1:
                raise
            continue   # another write touched the task at the same moment: its condition decides now
        return True
    return False
