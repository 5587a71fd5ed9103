"""The privacy request register (formats in `keys/privacy.py`).

An entry is one item, `PRIVACYREQ#<number>`, carrying its whole append-only history and a
`version`. Every change after creation replaces it on condition that the stored version is
still the one read, in one transaction with its audit record: two staff members changing one
request at once cannot both win, and no change exists without its record.

A request opened from a source (a ticket, a customer's own action) also claims
`PRIVACYSRC#<source>` in its creating transaction, so a retried intake finds the claim and
opens nothing more. Undecided requests sit in the work index (GSI2) ordered by deadline day,
which lets staff read open, due-soon and overdue requests as key ranges, never a scan; every
request is also indexed by receipt (GSI1) for the full list.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from chalicelib.domain.errors import Conflict
from chalicelib.domain.privacy_requests import (
    Change,
    Channel,
    IdentityCheck,
    PrivacyRequest,
    RequestType,
    Status,
)
from chalicelib.store import dynamo, keys, schema

ABSENT = "attribute_not_exists(pk)"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _item(request: PrivacyRequest) -> dict[str, Any]:
    index = {} if request.final else keys.privacy_open_position(request.deadline, request.number)
    return {
        **keys.privacy_request(request.number),
        **keys.privacy_received_index(keys.utc_stamp(request.received_at), request.number),
        **index,
        "type": "privacy_request", "number": request.number, "request_type": request.request_type.value,
        "channel": request.channel.value, "received_at": request.received_at.isoformat(),
        "status": request.status.value, "summary": request.summary, "created_by": request.created_by,
        "created_at": request.created_at.isoformat(), "updated_at": request.updated_at.isoformat(),
        "account_id": request.account_id, "requester_email": request.requester_email,
        "ticket_number": request.ticket_number, "identity": request.identity.value,
        "identity_note": request.identity_note, "extension_months": request.extension_months,
        "extension_reason": request.extension_reason, "outcome": request.outcome,
        "assigned_to": request.assigned_to, "decided_by": request.decided_by,
        "decided_at": _iso(request.decided_at), "deadline": request.deadline.isoformat(),
        "history": [{"field": c.field, "from": c.old, "to": c.new, "by": c.by, "at": c.at.isoformat(),
                     "reason": c.reason} for c in request.history],
        "version": request.version,
    }


def _request(item: dict[str, Any]) -> PrivacyRequest:
    ticket = item.get("ticket_number")
    return PrivacyRequest(
        number=int(item["number"]), request_type=RequestType(item["request_type"]), channel=Channel(item["channel"]),
        received_at=datetime.fromisoformat(item["received_at"]), status=Status(item["status"]),
        summary=item["summary"], created_by=item["created_by"], created_at=datetime.fromisoformat(item["created_at"]),
        updated_at=datetime.fromisoformat(item["updated_at"]), account_id=item.get("account_id"),
        requester_email=item.get("requester_email"), ticket_number=int(ticket) if ticket is not None else None,
        identity=IdentityCheck(item.get("identity", IdentityCheck.NOT_CHECKED.value)),
        identity_note=item.get("identity_note"), extension_months=int(item.get("extension_months", 0)),
        extension_reason=item.get("extension_reason"), outcome=item.get("outcome"),
        assigned_to=item.get("assigned_to"), decided_by=item.get("decided_by"),
        decided_at=_when(item.get("decided_at")),
        history=tuple(Change(c["field"], c.get("from"), c.get("to"), c["by"], datetime.fromisoformat(c["at"]),
                             c.get("reason")) for c in item.get("history", [])),
        version=int(item.get("version", 0)),
    )


# --- writes -------------------------------------------------------------------------------------

def insert_actions(request: PrivacyRequest, source: str | None) -> list[dict[str, Any]]:
    """The new entry and, with a `source`, its claim: for a transaction of the caller's (a ticket's)."""
    actions: list[dict[str, Any]] = [
        {"Put": {"Item": dynamo.to_attributes(_item(request)), "ConditionExpression": ABSENT}}]
    if source is not None:
        claim = {**keys.privacy_source(source), "type": "privacy_source", "number": request.number}
        actions.append({"Put": {"Item": dynamo.to_attributes(claim), "ConditionExpression": ABSENT}})
    return actions


def insert(request: PrivacyRequest, source: str | None, audit: dict[str, Any]) -> int:
    """Store a new entry with its audit record; with a `source` already claimed, store nothing
    and return the number of the entry that claimed it. Returns the entry's number."""
    try:
        dynamo.transact_write([*insert_actions(request, source), audit])
    except dynamo.TransactionCancelled as exc:
        # Whatever the reason given (a failed condition, or DynamoDB's TransactionConflict when
        # another intake of the same source ran at the same moment), the claim tells who won.
        claimed = by_source(source) if source is not None else None
        if claimed is None:
            raise Conflict("The request could not be registered; please try again.") from exc
        return claimed
    return request.number


def replace(before: PrivacyRequest, after: PrivacyRequest, audit: dict[str, Any]) -> bool:
    """Write `after` if the stored entry is still `before` (its version), with its audit
    record; False if someone changed it first (nothing is written)."""
    assert after.version == before.version + 1 and after.number == before.number
    put = dynamo.put_at_version(_item(after), before.version)
    try:
        dynamo.transact_write([put, audit])
    except dynamo.TransactionCancelled:
        return False
    return True


# --- reads --------------------------------------------------------------------------------------

def get(number: int) -> PrivacyRequest | None:
    item = dynamo.get(keys.privacy_request(number))
    return _request(item) if item else None


def by_source(source: str) -> int | None:
    """The number of the entry opened from `source`, if any."""
    item = dynamo.get(keys.privacy_source(source))
    return int(item["number"]) if item else None


def open_page(limit: int, cursor: str | None, *, due_from: date | None = None,
              due_until: date | None = None) -> tuple[list[PrivacyRequest], str | None]:
    """Undecided requests, soonest deadline first, optionally only those due within
    [`due_from`, `due_until`] (days, inclusive)."""
    between = None
    if due_from is not None or due_until is not None:
        between = (keys.privacy_deadline_bound(due_from or date.min, last=False),
                   keys.privacy_deadline_bound(due_until or date.max, last=True))
    page = dynamo.query_page(schema.GSI2, keys.PRIVACY_OPEN, limit=limit, cursor=cursor, newest_first=False,
                             sort_between=between)
    return [_request(i) for i in page.items], page.cursor


def all_page(limit: int, cursor: str | None) -> tuple[list[PrivacyRequest], str | None]:
    """Every request, the most recently received first."""
    page = dynamo.query_page(schema.GSI1, keys.PRIVACY_ALL, limit=limit, cursor=cursor, newest_first=True)
    return [_request(i) for i in page.items], page.cursor
