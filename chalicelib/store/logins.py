"""Login records: when and from which IP a user signed in, with the IP's purge-by date (P8)."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from chalicelib.store import dynamo, keys


def record(user_id: str, at: datetime, ip: str, purge_after: date) -> None:
    at_iso = at.isoformat()
    dynamo.put({
        **keys.login_record(user_id, at_iso, secrets.token_hex(4)),
        **keys.login_purge_index(purge_after.isoformat(), user_id, at_iso),
        "type": "login",
        "user_id": user_id,
        "at": at_iso,
        "ip": ip,
        "ip_purge_after": purge_after.isoformat(),
    })


def of_user(user_id: str) -> list[dict[str, object]]:
    return [
        {"at": item["at"], "ip": item.get("ip"), "ip_purge_after": item["ip_purge_after"]}
        for item in dynamo.query_index(None, *keys.logins_of(user_id))
    ]
