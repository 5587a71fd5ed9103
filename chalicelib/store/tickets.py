"""Support tickets, their messages and internal notes, the staff queue, the month index, and the
S3 object keys of attachments (formats in `keys/tickets.py`; the bytes go through `adapters/attachments.py`).

A ticket's item collection (`TICKET#<number>`) holds the ticket (`TICKET`), its messages
(`MSG#<seq>`) and its internal notes (`NOTE#<seq>`): customers' reads query `MSG#` only, so a
note cannot reach them by mistake. The ticket carries a `version`; every change after creation
replaces it on condition the stored version is still the one read, in the same transaction as
the messages the change adds (a reply to a ticket closed meanwhile fails, nothing is written).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from chalicelib.domain.sla_clock import Pause, Priority
from chalicelib.domain.tickets.model import Attachment, Author, Category, Change, Message, Status, Ticket
from chalicelib.domain.tickets.sla import queue_deadline
from chalicelib.store import dynamo, keys, schema

MONTH_BATCH = 100  # BatchGetItem's limit


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _attachment_item(attachment: Attachment) -> dict[str, Any]:
    return {"id": attachment.attachment_id, "key": attachment.key, "filename": attachment.filename,
            "content_type": attachment.content_type, "size": attachment.size}


def _attachment(item: dict[str, Any]) -> Attachment:
    return Attachment(item["id"], item["key"], item["filename"], item["content_type"], int(item["size"]))


def _queue_index(ticket: Ticket) -> dict[str, str]:
    """Tickets not closed sit in the staff queue (GSI2), ordered by first-response deadline;
    closed ones in the closed list, by their last change."""
    if ticket.status == Status.CLOSED:
        return keys.closed_ticket(ticket.updated_at, ticket.number)
    return keys.work(keys.TICKET_QUEUE, keys.ticket_queue_position(queue_deadline(ticket), ticket.number))


def _item(ticket: Ticket) -> dict[str, Any]:
    created = ticket.created_at.isoformat()
    return {
        **keys.ticket(ticket.number),
        **keys.tickets_index(ticket.user_id, created, ticket.number),
        **_queue_index(ticket),
        "type": "ticket", "number": ticket.number, "user_id": ticket.user_id, "subject": ticket.subject,
        "category": ticket.category.value, "priority": ticket.priority.value, "status": ticket.status.value,
        "created_at": created, "updated_at": ticket.updated_at.isoformat(), "order_ids": list(ticket.order_ids),
        "top_up_id": ticket.top_up_id, "attachments": [_attachment_item(a) for a in ticket.attachments],
        "text_hash": ticket.text_hash, "clock_started_at": _iso(ticket.clock_started_at),
        "clock_blockers": list(ticket.clock_blockers), "duplicate_of": ticket.duplicate_of,
        "pauses": [{"paused_at": p.paused_at.isoformat(), "resumed_at": _iso(p.resumed_at)} for p in ticket.pauses],
        "first_response_at": _iso(ticket.first_response_at), "first_response_by": ticket.first_response_by,
        "assigned_to": ticket.assigned_to, "merged_into": ticket.merged_into,
        "history": [{"field": c.field, "from": c.old, "to": c.new, "by": c.by, "at": c.at.isoformat(),
                     "reason": c.reason} for c in ticket.history],
        "message_count": ticket.message_count, "version": ticket.version,
    }


def _ticket(item: dict[str, Any]) -> Ticket:
    def optional_int(name: str) -> int | None:
        return int(item[name]) if item.get(name) is not None else None

    created = datetime.fromisoformat(item["created_at"])
    return Ticket(
        number=int(item["number"]), user_id=item["user_id"], subject=item["subject"],
        category=Category(item["category"]), priority=Priority(item["priority"]), status=Status(item["status"]),
        created_at=created, updated_at=datetime.fromisoformat(item["updated_at"]),
        order_ids=tuple(int(i) for i in item.get("order_ids", [])), top_up_id=optional_int("top_up_id"),
        attachments=tuple(_attachment(a) for a in item.get("attachments", [])), text_hash=item.get("text_hash", ""),
        clock_started_at=_when(item.get("clock_started_at")),
        clock_blockers=tuple(item.get("clock_blockers", [])), duplicate_of=optional_int("duplicate_of"),
        pauses=tuple(Pause(datetime.fromisoformat(p["paused_at"]), _when(p.get("resumed_at")))
                     for p in item.get("pauses", [])),
        first_response_at=_when(item.get("first_response_at")), first_response_by=item.get("first_response_by"),
        assigned_to=item.get("assigned_to"), merged_into=optional_int("merged_into"),
        history=tuple(Change(c["field"], c.get("from"), c.get("to"), c["by"], datetime.fromisoformat(c["at"]),
                             c.get("reason")) for c in item.get("history", [])),
        message_count=int(item.get("message_count", 0)), version=int(item.get("version", 0)),
    )


def _message_item(number: int, message: Message) -> dict[str, Any]:
    return {
        **keys.ticket_message(number, message.seq, message.internal),
        "type": "ticket_message", "number": number, "seq": message.seq, "author": message.author.value,
        "author_id": message.author_id, "body": message.body, "at": message.at.isoformat(),
        "internal": message.internal, "attachments": [_attachment_item(a) for a in message.attachments],
    }


def _message(item: dict[str, Any]) -> Message:
    return Message(int(item["seq"]), Author(item["author"]), item["author_id"], item["body"],
                   datetime.fromisoformat(item["at"]), bool(item.get("internal", False)),
                   tuple(_attachment(a) for a in item.get("attachments", [])))


# --- writes -------------------------------------------------------------------------------

class AlsoRefused(Exception):
    """One of the actions joined to a new ticket's transaction failed its condition; nothing was written."""


def insert(ticket: Ticket, messages: list[Message], also: list[dict[str, Any]] | None = None) -> None:
    """The new ticket, its first messages and its month-index item, in one transaction, with
    `also` (writes that must happen with the ticket or not at all: its privacy request,
    an SLA claim born with it) joined to it."""
    created = ticket.created_at.isoformat()
    month_item = {**keys.ticket_month(keys.ticket_month_of(ticket.created_at), created, ticket.number),
                  "type": "ticket_month", "number": ticket.number, "user_id": ticket.user_id}
    absent = "attribute_not_exists(pk)"
    joined = also or []
    try:
        dynamo.transact_write([
            {"Put": {"Item": dynamo.to_attributes(_item(ticket)), "ConditionExpression": absent}},
            *(message_action(ticket.number, m) for m in messages),
            {"Put": {"Item": dynamo.to_attributes(month_item), "ConditionExpression": absent}},
            *joined,
        ])
    except dynamo.TransactionCancelled as exc:
        if joined and "ConditionalCheckFailed" in exc.reasons[len(exc.reasons) - len(joined):]:
            raise AlsoRefused() from exc
        raise


def replace_action(before: Ticket, after: Ticket) -> dict[str, Any]:
    """Writes `after` on condition that the stored ticket is still `before` (its version)."""
    assert after.version == before.version + 1 and after.number == before.number
    return dynamo.put_at_version(_item(after), before.version)


def message_action(number: int, message: Message) -> dict[str, Any]:
    return {"Put": {"Item": dynamo.to_attributes(_message_item(number, message)),
                    "ConditionExpression": "attribute_not_exists(pk)"}}


def write(actions: list[dict[str, Any]]) -> bool:
    """Run a change built from the actions above; False if a ticket changed first (read again)."""
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled:
        return False
    return True


# --- reads --------------------------------------------------------------------------------

def get(number: int) -> Ticket | None:
    item = dynamo.get(keys.ticket(number))
    return _ticket(item) if item else None


def thread(number: int, *, with_notes: bool) -> list[Message]:
    """The ticket's messages in order; internal notes only when `with_notes` (staff)."""
    partition = keys.ticket_partition(number)
    items = dynamo.query_index(None, partition, keys.TICKET_MESSAGE_PREFIX)
    if with_notes:
        items += dynamo.query_index(None, partition, keys.TICKET_NOTE_PREFIX)
    return sorted((_message(i) for i in items), key=lambda m: m.seq)


def of_user(user_id: str, limit: int = 200) -> list[Ticket]:
    """A user's tickets, newest first."""
    return [_ticket(i) for i in dynamo.query_index(schema.GSI1, keys.tickets_of(user_id), limit=limit,
                                                   forward=False)]


def of_user_since(user_id: str, since: datetime) -> list[Ticket]:
    """A user's tickets created at or after `since` (the duplicate check)."""
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "IndexName": schema.GSI1,
        "KeyConditionExpression": "gsi1pk = :pk AND gsi1sk >= :since",
        "ExpressionAttributeValues": dynamo.values(pk=keys.tickets_of(user_id), since=since.isoformat()),
    }
    found: list[Ticket] = []
    while True:
        response = dynamo.client().query(**kwargs)
        found.extend(_ticket(dynamo.from_attributes(raw)) for raw in response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            return found
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def queue(limit: int = 2000) -> list[Ticket]:
    """Tickets not closed, soonest first-response deadline first; unscheduled ones last.
    One index partition: a panel's open tickets number in the hundreds (shard it if not)."""
    return [_ticket(i) for i in dynamo.query_index(schema.GSI2, keys.TICKET_QUEUE, limit=limit)]


def closed_page(limit: int, cursor: str | None) -> tuple[list[Ticket], str | None]:
    """One page of closed tickets, the most recently changed first, and where the next starts
    (a cursor from another list is a 400)."""
    page = dynamo.query_page(schema.GSI2, keys.CLOSED_TICKETS, limit=limit, cursor=cursor)
    return [_ticket(i) for i in page.items], page.cursor


def index_closed() -> int:
    """Put closed tickets saved before the closed list existed into it (a paginated Scan, run
    once by an operator); idempotent. A ticket reopened meanwhile is left alone: its own save
    already indexed it. Returns how many tickets were indexed."""
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "ProjectionExpression": "pk, sk, #number, updated_at",
        "FilterExpression": "#type = :ticket AND #status = :closed AND attribute_not_exists(gsi2pk)",
        "ExpressionAttributeNames": {"#type": "type", "#status": "status", "#number": "number"},
        "ExpressionAttributeValues": dynamo.values(ticket="ticket", closed=Status.CLOSED.value),
    }
    indexed = 0
    while True:
        response = dynamo.client().scan(**kwargs)
        for raw in response.get("Items", []):
            item = dynamo.from_attributes(raw)
            entry = keys.closed_ticket(datetime.fromisoformat(item["updated_at"]), int(item["number"]))
            done = dynamo.update(keys.ticket(int(item["number"])), "SET gsi2pk = :p, gsi2sk = :s",
                                 condition="#status = :closed AND attribute_not_exists(gsi2pk)",
                                 names={"#status": "status"}, p=entry["gsi2pk"], s=entry["gsi2sk"],
                                 closed=Status.CLOSED.value)
            indexed += done is not None
        if "LastEvaluatedKey" not in response:
            return indexed
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def created_in(month: str) -> list[Ticket]:
    """Every ticket created in a calendar month ("2026-11"), oldest first."""
    numbers = [int(i["number"]) for i in dynamo.query_index(None, keys.tickets_month(month))]
    found: dict[int, Ticket] = {}
    for start in range(0, len(numbers), MONTH_BATCH):
        items = dynamo.batch_get([keys.ticket(n) for n in numbers[start:start + MONTH_BATCH]])
        for item in items.values():
            ticket = _ticket(item)
            found[ticket.number] = ticket
    return [found[n] for n in numbers if n in found]


# --- attachment object keys (S3) ----------------------------------------------------------

def new_attachment_key(user_id: str) -> tuple[str, str]:
    """A fresh upload key under the user's own prefix, and its random token (what routes name)."""
    token = secrets.token_hex(16)
    return token, keys.attachment_key(user_id, token)


def attachment_token(user_id: str, key: object) -> str | None:
    """The token of an upload key if it lies under `user_id`'s own prefix, else None."""
    return keys.attachment_token(user_id, key)


def upload_owner(number: int) -> str:
    """The owner of staff uploads for ticket `number`: its files, under their own prefix."""
    return keys.ticket_upload_owner(number)
