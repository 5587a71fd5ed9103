"""Removing financial records after their retention period (services/retention.py, class
`financial_records`): orders, refills and top-ups one by one, and an account's ledger entries
oldest first behind a carried-forward checkpoint.

The ledger's checkpoint: the user item keeps `carried_seq` and `carried_balance`, the sequence
number and balance after the last entry removed. An entry is removed only if it is the next in
sequence (`seq = carried_seq + 1`), in one transaction with the checkpoint's move, so at every
moment `balance = carried_balance + sum(entries)` and `ledger_seq = carried_seq + count(entries)`
(the ledger audit checks exactly that). The balance and `ledger_seq` are never touched.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.orders import FINAL_STATUSES
from chalicelib.domain.payments import TopUpStatus
from chalicelib.domain.refills import FINAL_REFILL_STATUSES
from chalicelib.store import dynamo, keys, schema
from chalicelib.store.purge import Removal, guarded

FINAL_TOP_UPS = frozenset({TopUpStatus.SUCCEEDED, TopUpStatus.FAILED})
RECORD_TYPES = ("user", "order", "refill", "top_up")
_FINALS = {"order": {s.value for s in FINAL_STATUSES}, "refill": {s.value for s in FINAL_REFILL_STATUSES},
           "top_up": {s.value for s in FINAL_TOP_UPS}}


def is_final(item: dict[str, Any]) -> bool:
    """An order, refill or top-up that nothing will change any more (only those go)."""
    return str(item.get("status")) in _FINALS.get(str(item.get("type")), set())


def delete_final(item: dict[str, Any]) -> Removal:
    """Delete an order, refill or top-up, still final and unchanged since it was read; a top-up
    takes its Stripe lookup items with it."""
    names = {"#status": "status"}
    condition = "#status = :status"
    vals: dict[str, Any] = {"status": item["status"]}
    if "updated_at" in item:
        condition += " AND updated_at = :updated"
        vals["updated"] = item["updated_at"]
    if "version" in item and item["version"] is not None:
        condition += " AND version = :version"
        vals["version"] = item["version"]
    delete = {"Delete": {"Key": dynamo.to_attributes({"pk": item["pk"], "sk": item["sk"]}),
                         "ConditionExpression": condition, "ExpressionAttributeNames": names,
                         "ExpressionAttributeValues": dynamo.values(**vals)}}
    links = [{"Delete": {"Key": dynamo.to_attributes(keys.stripe_object(str(object_id)))}}
             for object_id in (item.get("payment_intent"), item.get("charge")) if object_id] \
        if item.get("type") == "top_up" else []
    return guarded(item.get("user_id"), delete, *links)


def entries_until(user_id: str, last_day: date) -> list[dict[str, Any]]:
    """The account's ledger entries dated on or before `last_day`, in sequence order."""
    found = dynamo.query_index(schema.GSI1, keys.ledger_of(user_id), sort_at_most=f"{last_day.isoformat()}\uffff")
    return sorted(found, key=lambda item: int(item["seq"]))


def carried(user_id: str) -> tuple[int, Decimal] | None:
    """The account's checkpoint: the sequence number and balance it carries ((0, 0): nothing
    removed yet); None if there is no such account."""
    item = dynamo.get(keys.user(user_id))
    if not item:
        return None
    return int(item.get("carried_seq", 0)), Decimal(item.get("carried_balance", 0))


def order_is_final(order_id: int) -> bool:
    """True for a final order and for one that is no longer held (removed earlier)."""
    item = dynamo.get(keys.order(order_id))
    return item is None or is_final(item)


def carry_forward(entry: dict[str, Any]) -> Removal:
    """Remove the next entry of the ledger and move the checkpoint past it, in one transaction.
    The checkpoint must be the entry's predecessor in sequence and in balance (the caller checked
    the chain on a read; the condition makes it hold at the write). UNCHANGED when the
    checkpoint moved meanwhile (another run removed it)."""
    seq = int(entry["seq"])
    before = Decimal(entry["balance_after"]) - Decimal(entry["amount"])
    previous = ("carried_seq = :prev AND carried_balance = :before" if seq > 1
                else "attribute_not_exists(carried_seq)")
    vals: dict[str, Any] = {"seq": seq, "after": entry["balance_after"]}
    if seq > 1:
        vals["prev"] = seq - 1
        vals["before"] = before
    move = {"Update": {
        "Key": dynamo.to_attributes(keys.user(entry["user_id"])),
        "UpdateExpression": "SET carried_seq = :seq, carried_balance = :after",
        "ConditionExpression": f"attribute_exists(pk) AND {previous}",
        "ExpressionAttributeValues": dynamo.values(**vals)}}
    delete = {"Delete": {"Key": dynamo.to_attributes({"pk": entry["pk"], "sk": entry["sk"]}),
                         "ConditionExpression": "attribute_exists(pk)"}}
    return guarded(entry["user_id"], move, delete)
