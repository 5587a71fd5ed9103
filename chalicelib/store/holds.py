"""Preservation holds on a user's data. While a hold stands, nothing of that user's data is
purged by retention nor erased on request. The law-enforcement process places and releases
them; retention and erasure only ask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.store import dynamo, keys


@dataclass(frozen=True)
class Hold:
    user_id: str
    reason: str      # the request it preserves data for, in staff's words
    placed_by: str
    placed_at: datetime


def get(user_id: str) -> Hold | None:
    item = dynamo.get(keys.hold(user_id))
    if item is None:
        return None
    return Hold(user_id, item["reason"], item["placed_by"], datetime.fromisoformat(item["placed_at"]))


def place(user_id: str, reason: str, placed_by: str, at: datetime) -> None:
    """Place (or restate) a hold; idempotent."""
    dynamo.put({**keys.hold(user_id), "type": "hold", "user_id": user_id, "reason": reason,
                "placed_by": placed_by, "placed_at": at.isoformat()})


def release(user_id: str) -> None:
    dynamo.delete(keys.hold(user_id))
