"""Erasing the text of a closed ticket: its subject, messages, staff notes and attachments.

What stays is the service's own record of the ticket: number, owner, category, priority, status,
dates, the SLA clock's fields, the orders and top-up it names. The steps are ordered so that a run
stopped anywhere can simply be run again:

1. the ticket is marked erased (subject blanked, free-text history scrubbed) on condition it is
   still the version read and still closed: a ticket reopened meanwhile is left alone;
2. the attachment files are deleted from S3 (deleting a missing object is not an error);
3. every message and note loses its body and attachment list (an SLA claim its pasted log);
4. the ticket's own attachment list is emptied.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.retention import ERASED_TEXT, scrub_history
from chalicelib.domain.tickets.model import Status
from chalicelib.store import dynamo, keys, purge


def _attachment_keys(item: dict[str, Any]) -> set[str]:
    return {str(a["key"]) for a in item.get("attachments") or [] if a.get("key")}


def mark_erased(ticket_item: dict[str, Any], at_iso: str) -> tuple[purge.Removal, set[str]]:
    """Step 1 for a closed ticket as read from the closed list, unless a hold stands on its owner:
    the outcome and the S3 keys of every attachment of the ticket and its messages (for the
    caller to delete once REMOVED). UNCHANGED when the ticket changed since it was read
    (reopened, replied to): the next run decides again."""
    number = int(ticket_item["number"])
    version = int(ticket_item.get("version", 0))
    files = _attachment_keys(ticket_item).union(*(_attachment_keys(m) for m in _messages(number)))
    outcome = purge.guarded(str(ticket_item["user_id"]), {"Update": {
        "Key": dynamo.to_attributes(keys.ticket(number)),
        "UpdateExpression": "SET subject = :erased, text_hash = :blank, history = :history, text_erased_at = :at, "
                            "version = :next",
        "ConditionExpression": "version = :version AND #status = :closed",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": dynamo.values(
            erased=ERASED_TEXT, blank="", history=scrub_history(list(ticket_item.get("history") or [])),
            at=at_iso, next=version + 1, version=version, closed=Status.CLOSED.value)}})
    return outcome, files


def blank_messages(number: int) -> None:
    """Steps 3 and 4, once the files are gone: no message or note keeps a body or attachment."""
    for message in _messages(number):
        dynamo.update({"pk": message["pk"], "sk": message["sk"]}, "SET body = :erased, attachments = :none",
                      condition="attribute_exists(pk)", erased=ERASED_TEXT, none=[])
    # An SLA claim on the ticket keeps its times and ticket numbers (the decision's record) but
    # loses the monitor log the customer pasted.
    dynamo.update(keys.sla_claim(number), "SET evidence.monitor_log = :erased", condition="attribute_exists(pk)",
                  erased=ERASED_TEXT)
    dynamo.update(keys.ticket(number), "SET attachments = :none", condition="attribute_exists(text_erased_at)",
                  none=[])


def _messages(number: int) -> list[dict[str, Any]]:
    partition = keys.ticket_partition(number)
    return (dynamo.query_index(None, partition, keys.TICKET_MESSAGE_PREFIX)
            + dynamo.query_index(None, partition, keys.TICKET_NOTE_PREFIX))
