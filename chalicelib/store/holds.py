"""Preservation holds on a user's data. While any hold stands, nothing of that user's data is
purged by retention nor erased on request. The legal process places, extends and releases them;
retention and erasure only ask.

Two kinds of item:
- one per legal request (`HOLD#request#<id>` / `HOLD`): its categories, period, last day, the
  frozen copy's object key and digest, extensions, status and version;
- the user's marker (`HOLD#user#<id>` / `HOLD`): present while any hold covers the user. It holds
  the set of request ids holding (`requests`) and a hold placed by hand (`manual_reason`). Every
  purge and erasure transaction conditions on the marker's absence (store/purge.py), so the marker
  is written in the same transaction as the request's hold, and deleted only once both are empty
  (conditionally: a hold placed meanwhile keeps it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.legal_holds import Extension, Hold, Status
from chalicelib.store import dynamo, keys, schema


@dataclass(frozen=True)
class HoldMarker:
    user_id: str
    reason: str      # the requests (or the hand-placed reason) it preserves data for
    placed_by: str
    placed_at: datetime


# --- the user's marker --------------------------------------------------------------------------

def get(user_id: str) -> HoldMarker | None:
    item = dynamo.get(keys.hold(user_id))
    if item is None:
        return None
    requests = sorted(item.get("requests") or ())
    parts = [str(item["manual_reason"])] if item.get("manual_reason") else []
    if requests:
        parts.append(("legal request " if len(requests) == 1 else "legal requests ") + ", ".join(requests))
    return HoldMarker(user_id, "; ".join(parts) or "preservation hold", str(item.get("placed_by", "")),
                      datetime.fromisoformat(item["placed_at"]))


def place(user_id: str, reason: str, placed_by: str, at: datetime) -> None:
    """Place (or restate) a hold by hand, outside any legal request; idempotent."""
    dynamo.update(keys.hold(user_id), "SET #type = :type, user_id = :u, manual_reason = :r, placed_by = :by, "
                  "placed_at = :at", names={"#type": "type"}, type="hold", u=user_id, r=reason, by=placed_by,
                  at=at.isoformat())


def release(user_id: str) -> None:
    """Release the hand-placed hold; holds of legal requests stay (and with them the marker)."""
    dynamo.update(keys.hold(user_id), "REMOVE manual_reason", condition="attribute_exists(pk)")
    _drop_marker_if_empty(user_id)


def _drop_marker_if_empty(user_id: str) -> None:
    try:
        dynamo.delete(keys.hold(user_id),
                      condition="attribute_not_exists(requests) AND attribute_not_exists(manual_reason)")
    except ClientError as exc:
        if not dynamo.is_conditional_failure(exc):
            raise


def _marker_adds(hold: Hold) -> dict[str, Any]:
    return {"Update": {
        "Key": dynamo.to_attributes(keys.hold(hold.user_id)),
        "UpdateExpression": "ADD requests :rid SET #type = :type, user_id = :u, placed_by = :by, placed_at = :at",
        "ExpressionAttributeNames": {"#type": "type"},
        "ExpressionAttributeValues": dynamo.values(rid={hold.request_id}, type="hold", u=hold.user_id,
                                                   by=hold.placed_by, at=hold.placed_at.isoformat()),
    }}


# --- holds of legal requests ---------------------------------------------------------------------

def _item(hold: Hold) -> dict[str, Any]:
    return {
        **keys.legal_hold(hold.request_id),
        **keys.hold_expiry_index(hold.expires_on.isoformat(), hold.request_id),
        **keys.holds_of_user(hold.user_id), "gsi2sk": hold.request_id,
        "type": "legal_hold", "request_id": hold.request_id, "user_id": hold.user_id,
        "categories": list(hold.categories), "period_start": hold.period[0].isoformat(),
        "period_end": hold.period[1].isoformat(), "placed_by": hold.placed_by,
        "placed_at": hold.placed_at.isoformat(), "business_days": hold.business_days,
        "expires_on": hold.expires_on.isoformat(), "copy_key": hold.copy_key, "copy_sha256": hold.copy_sha256,
        "counts": dict(hold.counts), "status": hold.status.value,
        "extensions": [_extension_item(e) for e in hold.extensions], "version": hold.version,
    }


def _extension_item(extension: Extension) -> dict[str, Any]:
    return {"request_id": extension.request_id, "staff_id": extension.staff_id, "at": extension.at.isoformat(),
            "business_days": extension.business_days, "expires_on": extension.expires_on.isoformat()}


def _hold(item: dict[str, Any]) -> Hold:
    return Hold(
        request_id=item["request_id"], user_id=item["user_id"], categories=tuple(item["categories"]),
        period=(date.fromisoformat(item["period_start"]), date.fromisoformat(item["period_end"])),
        placed_by=item["placed_by"], placed_at=datetime.fromisoformat(item["placed_at"]),
        business_days=int(item["business_days"]), expires_on=date.fromisoformat(item["expires_on"]),
        copy_key=item["copy_key"], copy_sha256=item["copy_sha256"],
        counts={k: int(v) for k, v in (item.get("counts") or {}).items()}, status=Status(item["status"]),
        extensions=tuple(Extension(e["request_id"], e["staff_id"], datetime.fromisoformat(e["at"]),
                                   int(e["business_days"]), date.fromisoformat(e["expires_on"]))
                         for e in item.get("extensions") or ()),
        version=int(item["version"]),
    )


def insert(hold: Hold, audit: dict[str, Any]) -> bool:
    """Place the request's hold, add it to the user's marker and write its audit record, all or
    nothing. False (and nothing written) when the request already has a hold."""
    try:
        dynamo.transact_write([
            {"Put": {"Item": dynamo.to_attributes(_item(hold)), "ConditionExpression": "attribute_not_exists(pk)"}},
            _marker_adds(hold), audit])
    except dynamo.TransactionCancelled as cancelled:
        if cancelled.reasons[:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    return True


def get_legal(request_id: str) -> Hold | None:
    item = dynamo.get(keys.legal_hold(request_id))
    return _hold(item) if item else None


def of_user(user_id: str) -> list[Hold]:
    """Every hold of the user's (few: one per preservation request about the account)."""
    return [_hold(item) for item in dynamo.query_all(schema.GSI2, keys.holds_of_user(user_id)["gsi2pk"],
                                                     newest_first=False)]


def extend(before: Hold, after: Hold, audit: dict[str, Any]) -> bool:
    """Save an extension if the hold is still the version read and active, with its audit record.
    False when it changed meanwhile (extended by someone else, or claimed by the release job)."""
    extension = after.extensions[-1]
    try:
        dynamo.transact_write([
            {"Update": {
                "Key": dynamo.to_attributes(keys.legal_hold(before.request_id)),
                "UpdateExpression": "SET expires_on = :e, gsi1sk = :sk, extensions = list_append(extensions, :x), "
                                    "version = :next",
                "ConditionExpression": "version = :v AND #status = :active",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": dynamo.values(
                    e=after.expires_on.isoformat(),
                    sk=keys.hold_expiry_index(after.expires_on.isoformat(), before.request_id)["gsi1sk"],
                    x=[_extension_item(extension)], next=after.version, v=before.version,
                    active=Status.ACTIVE.value),
            }}, audit])
    except dynamo.TransactionCancelled as cancelled:
        if cancelled.reasons[:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    return True


def expired(today: date, limit: int) -> list[Hold]:
    """Holds whose last day is before `today` (oldest first), at most `limit`."""
    yesterday = date.fromordinal(today.toordinal() - 1).isoformat()
    return [_hold(item) for item in dynamo.query_index(schema.GSI1, keys.HOLD_EXPIRY_PARTITION,
                                                       sort_at_most=keys.hold_expired_by(yesterday), limit=limit)]


def claim_release(hold: Hold) -> Hold | None:
    """Mark the hold as being released, if it is still the version read (not extended since).
    Returns the claimed hold, or None when it changed. A hold already claimed (a run that
    stopped half-way) is returned as it is."""
    if hold.status is Status.RELEASING:
        return hold
    done = dynamo.update(keys.legal_hold(hold.request_id), "SET #status = :releasing, version = :next",
                         condition="version = :v AND #status = :active", names={"#status": "status"},
                         releasing=Status.RELEASING.value, next=hold.version + 1, v=hold.version,
                         active=Status.ACTIVE.value)
    if done is None:
        return None
    return Hold(**{**hold.__dict__, "status": Status.RELEASING, "version": hold.version + 1})


def remove(hold: Hold, audit: dict[str, Any]) -> bool:
    """Delete a claimed hold, take it off the user's marker and write the audit record together;
    then drop the marker if nothing else holds the user. False when it was removed already."""
    try:
        dynamo.transact_write([
            {"Delete": {"Key": dynamo.to_attributes(keys.legal_hold(hold.request_id)),
                        "ConditionExpression": "#status = :releasing AND version = :v",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": dynamo.values(releasing=Status.RELEASING.value,
                                                                   v=hold.version)}},
            {"Update": {"Key": dynamo.to_attributes(keys.hold(hold.user_id)),
                        "UpdateExpression": "DELETE requests :rid",
                        "ExpressionAttributeValues": dynamo.values(rid={hold.request_id})}},
            audit])
    except dynamo.TransactionCancelled as cancelled:
        if cancelled.reasons[:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    _drop_marker_if_empty(hold.user_id)
    return True
