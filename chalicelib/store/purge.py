"""Retention: reading what may be due, a page at a time from a saved position, and removing it.

Two ways of reading candidates:

* an **ordered sweep** reads an index partition in sort-key order up to the highest key that is
  due (login IPs by purge-by date, closed tickets by last change). Everything before the saved
  position (the watermark) is done, so a run reads only what became due since.
* an **expiry scan** pages through the whole table for items whose TTL has passed. TTL has no
  index to read in order, so a pass scans everything, a bounded number of pages per run, and
  the next run continues where the last stopped.

A position is an opaque string: a start key, as `dynamo.encode_cursor` spells one.
"""

from __future__ import annotations

import base64
import enum
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from chalicelib.store import dynamo, keys, schema
from chalicelib.store.keys.base import utc_stamp


@dataclass(frozen=True)
class Batch:
    items: list[tuple[dynamo.Item, str]]   # each candidate with the position just after it
    end: str | None                        # where the next page starts; None: nothing more to read


def _decode(position: str | None) -> dict[str, Any] | None:
    if position is None:
        return None
    decoded = json.loads(base64.urlsafe_b64decode(position.encode("ascii")))
    assert isinstance(decoded, dict)
    return decoded


def _index_names(index: str | None) -> set[str]:
    names = {schema.PARTITION_KEY, schema.SORT_KEY}
    if index == schema.GSI1:
        names |= {schema.GSI1_PARTITION_KEY, schema.GSI1_SORT_KEY}
    elif index == schema.GSI2:
        names |= {schema.GSI2_PARTITION_KEY, schema.GSI2_SORT_KEY}
    return names


def _ordered(index: str, partition: str, highest: str, start: str | None, limit: int) -> Batch:
    pk_name, sk_name = ((schema.GSI1_PARTITION_KEY, schema.GSI1_SORT_KEY) if index == schema.GSI1
                        else (schema.GSI2_PARTITION_KEY, schema.GSI2_SORT_KEY))
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "IndexName": index, "Limit": limit,
        "KeyConditionExpression": "#pk = :pk AND #sk <= :high",
        "ExpressionAttributeNames": {"#pk": pk_name, "#sk": sk_name},
        "ExpressionAttributeValues": dynamo.values(pk=partition, high=highest),
    }
    if (start_key := _decode(start)) is not None:
        kwargs["ExclusiveStartKey"] = start_key
    response = dynamo.client().query(**kwargs)
    names = _index_names(index)
    items = [(dynamo.from_attributes(raw), dynamo.encode_cursor({n: raw[n] for n in names if n in raw}))
             for raw in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    return Batch(items, dynamo.encode_cursor(last) if last else None)


# --- removing, never under a hold -------------------------------------------------------------

class Removal(enum.StrEnum):
    REMOVED = "removed"
    UNCHANGED = "unchanged"   # its own condition failed: changed or gone since it was read
    HELD = "held"             # a preservation hold was placed since the sweep asked


def guarded(owner: str | None, action: dict[str, Any], *more: dict[str, Any]) -> Removal:
    """Run one removal (its actions together) in a transaction with a check that no preservation
    hold stands on `owner`: a hold placed after the sweep asked, even a moment before the write,
    still wins."""
    actions = [action, *more]
    if owner is not None:
        actions.insert(0, {"ConditionCheck": {"Key": dynamo.to_attributes(keys.hold(owner)),
                                              "ConditionExpression": "attribute_not_exists(pk)"}})
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled as cancelled:
        if owner is not None and cancelled.reasons[:1] == ["ConditionalCheckFailed"]:
            return Removal.HELD
        if "ConditionalCheckFailed" in cancelled.reasons:
            return Removal.UNCHANGED
        raise
    return Removal.REMOVED


# --- login IPs (P8) -----------------------------------------------------------------------

def login_ips_due(today: date, start: str | None, limit: int) -> Batch:
    """Login records whose IP must be gone by `today`, by purge-by date, after `start`."""
    return _ordered(schema.GSI1, keys.LOGIN_IP_PURGE_PARTITION, keys.login_purge_due_by(today.isoformat()),
                    start, limit)


def strip_login_ip(key: dict[str, str], owner: str | None) -> Removal:
    """Remove the IP and the index entry; the sign-in time stays as account history. UNCHANGED
    when the record is gone or already stripped."""
    return guarded(owner, {"Update": {
        "Key": dynamo.to_attributes(key), "UpdateExpression": "REMOVE ip, gsi1pk, gsi1sk SET ip_purged = :yes",
        "ConditionExpression": "attribute_exists(pk) AND attribute_exists(ip)",
        "ExpressionAttributeValues": dynamo.values(yes=True)}})


# --- closed tickets' text -----------------------------------------------------------------

def closed_tickets_until(cutoff: datetime, start: str | None, limit: int) -> Batch:
    """Closed tickets whose last change is at or before `cutoff`, oldest first, after `start`."""
    return _ordered(schema.GSI2, keys.CLOSED_TICKETS, f"{utc_stamp(cutoff)}#\uffff", start, limit)


# --- records past their TTL ---------------------------------------------------------------

def expired_records(now_epoch: int, start: str | None, limit: int) -> Batch:
    """One page of a scan of the table: the items whose TTL has passed (`limit` items read)."""
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "Limit": limit, "FilterExpression": "#ttl < :now",
        "ExpressionAttributeNames": {"#ttl": schema.TTL_ATTRIBUTE},
        "ExpressionAttributeValues": dynamo.values(now=now_epoch),
    }
    if (start_key := _decode(start)) is not None:
        kwargs["ExclusiveStartKey"] = start_key
    response = dynamo.client().scan(**kwargs)
    names = _index_names(None)
    items = [(dynamo.from_attributes(raw), dynamo.encode_cursor({n: raw[n] for n in names}))
             for raw in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    return Batch(items, dynamo.encode_cursor(last) if last else None)


def typed_records(types: tuple[str, ...], time_attribute: str, before: str, start: str | None,
                  limit: int) -> Batch:
    """One page of a scan of the table: the items of these types whose `time_attribute` (an ISO
    time) sorts before `before` (`limit` items read). For classes kept for years, where a pass
    that spans several runs costs nothing."""
    listed = {f":t{i}": name for i, name in enumerate(types)}
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "Limit": limit,
        "FilterExpression": f"#type IN ({', '.join(listed)}) AND #at < :before",
        "ExpressionAttributeNames": {"#type": "type", "#at": time_attribute},
        "ExpressionAttributeValues": dynamo.values(before=before, **{k[1:]: v for k, v in listed.items()}),
    }
    if (start_key := _decode(start)) is not None:
        kwargs["ExclusiveStartKey"] = start_key
    response = dynamo.client().scan(**kwargs)
    names = _index_names(None)
    items = [(dynamo.from_attributes(raw), dynamo.encode_cursor({n: raw[n] for n in names}))
             for raw in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    return Batch(items, dynamo.encode_cursor(last) if last else None)


def delete_record(key: dict[str, str], owner: str | None) -> Removal:
    """Delete an item that is still there (consent records, audit records past their period)."""
    return guarded(owner, {"Delete": {"Key": dynamo.to_attributes({"pk": key["pk"], "sk": key["sk"]}),
                                      "ConditionExpression": "attribute_exists(pk)"}})


# --- closed accounts ----------------------------------------------------------------------

def closed_accounts_until(cutoff: datetime, start: str | None, limit: int) -> Batch:
    """Closed accounts still listed for their erasure to be finished, closed at or before
    `cutoff`, oldest closure first, after `start`."""
    return _ordered(schema.GSI1, keys.CLOSED_ACCOUNTS, f"{cutoff.isoformat()}#\uffff", start, limit)


def finish_closed_account(user_id: str, at: datetime) -> Removal:
    """Take a closed account off the list once its erasure left nothing behind."""
    return guarded(user_id, {"Update": {
        "Key": dynamo.to_attributes(keys.user(user_id)),
        "UpdateExpression": "REMOVE gsi1pk, gsi1sk SET erasure_finished_at = :at",
        "ConditionExpression": "gsi1pk = :closed",
        "ExpressionAttributeValues": dynamo.values(at=at.isoformat(), closed=keys.CLOSED_ACCOUNTS)}})


# --- uploads never attached ---------------------------------------------------------------

def pending_uploads_until(cutoff: datetime, start: str | None, limit: int) -> Batch:
    """Upload claims issued at or before `cutoff` that no message has taken, oldest first."""
    return _ordered(schema.GSI2, keys.PENDING_UPLOADS, f"{utc_stamp(cutoff)}#\uffff", start, limit)


def drop_pending_upload(object_key: str, owner: str | None) -> Removal:
    """Delete the claim while it is still there (a message that took the file deleted it first,
    and the file stays); the purge then deletes the file itself."""
    return guarded(owner, {"Delete": {"Key": dynamo.to_attributes(keys.pending_upload(object_key)),
                                      "ConditionExpression": "attribute_exists(pk)"}})


def delete_expired(key: dict[str, str], now_epoch: int, owner: str | None) -> Removal:
    """Delete the item only if its TTL is still past: a session refreshed meanwhile (its TTL moved
    on) survives. UNCHANGED when it was refreshed or is already gone."""
    return guarded(owner, {"Delete": {
        "Key": dynamo.to_attributes(key), "ConditionExpression": "#ttl < :now",
        "ExpressionAttributeNames": {"#ttl": schema.TTL_ATTRIBUTE},
        "ExpressionAttributeValues": dynamo.values(now=now_epoch)}})


# --- where each sweep resumes ---------------------------------------------------------------

@dataclass(frozen=True)
class Position:
    resume: str | None      # where the next run continues reading (None: from the beginning)
    next_pass: str | None   # where the next pass starts, once this one has read everything due
    blocked: bool = False   # this pass kept something: `next_pass` stays just before it


def load_position(data_class: str) -> Position:
    item = dynamo.get(keys.retention_cursor(data_class))
    if item is None:
        return Position(None, None)
    return Position(item.get("resume"), item.get("next_pass"), bool(item.get("blocked", False)))


def save_position(data_class: str, position: Position, at: datetime) -> None:
    dynamo.put({**keys.retention_cursor(data_class), "type": "retention_cursor", "resume": position.resume,
                "next_pass": position.next_pass, "blocked": position.blocked, "saved_at": at.isoformat()})


def idempotency_owner(item: dynamo.Item) -> str | None:
    """The user an idempotency record belongs to (its partition key names them)."""
    return keys.idempotency_owner(str(item.get("pk", "")))
