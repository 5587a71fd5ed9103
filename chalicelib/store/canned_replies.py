"""Canned replies staff insert into answers: one small partition (`keys.CANNED_PARTITION`), edited
by admins. The initial set (`domain/tickets/canned.INITIAL`) is written once, with a flag in the
same transaction, so a reply an admin deleted does not come back."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.tickets.canned import MAX_CANNED_REPLIES, CannedReply
from chalicelib.store import dynamo, keys


def _item(reply: CannedReply) -> dict[str, Any]:
    return {**keys.canned_reply(reply.reply_id), "type": "canned_reply", "reply_id": reply.reply_id,
            "title": reply.title, "text": reply.text}


def _reply(item: dict[str, Any]) -> CannedReply:
    return CannedReply(item["reply_id"], item["title"], item["text"])


def seeded() -> bool:
    return dynamo.get(keys.canned_seeded()) is not None


def seed(initial: tuple[CannedReply, ...]) -> bool:
    """Write the initial set with the flag, unless the flag is there (another request seeded
    first, or admins already edited the list): False then, and nothing is written."""
    absent = "attribute_not_exists(pk)"
    try:
        dynamo.transact_write([
            {"Put": {"Item": dynamo.to_attributes({**keys.canned_seeded(), "type": "canned_seeded"}),
                     "ConditionExpression": absent}},
            *({"Put": {"Item": dynamo.to_attributes(_item(r))}} for r in initial),
        ])
    except dynamo.TransactionCancelled:
        return False
    return True


def all_replies() -> list[CannedReply]:
    """Every canned reply, by id (bounded: admins keep at most MAX_CANNED_REPLIES)."""
    items = dynamo.query_index(None, keys.CANNED_PARTITION, keys.CANNED_REPLY_PREFIX, limit=MAX_CANNED_REPLIES + 1)
    return [_reply(i) for i in items]


def get(reply_id: str) -> CannedReply | None:
    item = dynamo.get(keys.canned_reply(reply_id))
    return _reply(item) if item else None


def _write(action: dict[str, Any], audit: dict[str, Any]) -> bool:
    try:
        dynamo.transact_write([action, audit])
    except dynamo.TransactionCancelled:
        return False
    return True


def insert(reply: CannedReply, audit: dict[str, Any]) -> bool:
    """Add a new reply with its audit record, in one transaction; False when one with its id exists."""
    return _write({"Put": {"Item": dynamo.to_attributes(_item(reply)),
                           "ConditionExpression": "attribute_not_exists(pk)"}}, audit)


def replace(reply: CannedReply, audit: dict[str, Any]) -> bool:
    """Overwrite an existing reply with its audit record; False when it is gone (deleted meanwhile)."""
    return _write({"Put": {"Item": dynamo.to_attributes(_item(reply)),
                           "ConditionExpression": "attribute_exists(pk)"}}, audit)


def delete(reply_id: str, audit: dict[str, Any]) -> bool:
    """Remove a reply with its audit record; False when there was none."""
    key = dynamo.to_attributes(keys.canned_reply(reply_id))
    return _write({"Delete": {"Key": key, "ConditionExpression": "attribute_exists(pk)"}}, audit)
