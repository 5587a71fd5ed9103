"""The staff audit log: records are put once, on condition that their id is new, and never
updated or deleted by this module or any other (there is deliberately no function for it).

A record is one item `AUDIT#<id>`, listed by month on GSI2 (newest first for the staff page)
and by subject on GSI1 (the trail of one account or order).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.audit_log import Action, AuditRecord, Subject, SubjectKind
from chalicelib.store import dynamo, keys, schema

NEW_ONLY = "attribute_not_exists(pk)"


class AlreadyRecorded(Exception):
    """A record with this id exists: the id was deterministic and the change was recorded before."""


def _item(record: AuditRecord) -> dict[str, Any]:
    at = record.at.isoformat()
    subject = str(record.subject)
    return {
        **keys.audit_record(record.record_id),
        **keys.audit_of_subject(subject, at, record.record_id),
        **keys.audit_in_month(record.month, at, record.record_id),
        "type": "audit",
        "record_id": record.record_id,
        "actor": record.actor,
        "at": at,
        "action": record.action.value,
        "subject": subject,
        # JSON text: snapshots keep their exact shape (no float or empty-set rules of DynamoDB).
        "before": json.dumps(record.before, sort_keys=True) if record.before is not None else None,
        "after": json.dumps(record.after, sort_keys=True) if record.after is not None else None,
    }


def _record(item: dict[str, Any]) -> AuditRecord:
    kind, _, ident = item["subject"].partition(":")
    return AuditRecord(
        record_id=item["record_id"], actor=item["actor"], at=datetime.fromisoformat(item["at"]),
        action=Action(item["action"]), subject=Subject(SubjectKind(kind), ident),
        before=json.loads(item["before"]) if item.get("before") else None,
        after=json.loads(item["after"]) if item.get("after") else None,
    )


def put_action(record: AuditRecord) -> dict[str, Any]:
    """The conditional Put of a record, to join a use case's own transaction."""
    return {"Put": {"Item": dynamo.to_attributes(_item(record)), "ConditionExpression": NEW_ONLY}}


def insert(record: AuditRecord) -> None:
    try:
        dynamo.put(_item(record), condition=NEW_ONLY)
    except ClientError as exc:
        if dynamo.is_conditional_failure(exc):
            raise AlreadyRecorded(record.record_id) from exc
        raise


def get(record_id: str) -> AuditRecord | None:
    item = dynamo.get(keys.audit_record(record_id))
    return _record(item) if item else None


def in_month(month: str, limit: int, cursor: str | None) -> tuple[list[AuditRecord], str | None]:
    """A page of one month's records, newest first."""
    page = dynamo.query_page(schema.GSI2, keys.audit_month(month), limit=limit, cursor=cursor)
    return [_record(item) for item in page.items], page.cursor


def of_subject(subject: str, limit: int, cursor: str | None) -> tuple[list[AuditRecord], str | None]:
    """A page of one subject's trail, newest first."""
    page = dynamo.query_page(schema.GSI1, keys.audit_subject(subject), limit=limit, cursor=cursor)
    return [_record(item) for item in page.items], page.cursor
