"""Browser sessions, keyed by the hash of the cookie's secret (the secret is never stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain.accounts import Role, User
from chalicelib.store import dynamo, keys, ledger, schema, users


@dataclass(frozen=True)
class SessionRecord:
    token_hash: str
    user_id: str
    role: Role
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    deadline: datetime


def _to_item(record: SessionRecord) -> dict[str, Any]:
    return {
        **keys.session(record.token_hash),
        **keys.session_index(record.user_id, record.token_hash),
        "type": "session",
        "user_id": record.user_id,
        "role": record.role.value,
        # Stored in clear on purpose: it is useless without the session cookie, whose
        # secret is stored only as a hash; keeping it lets a reloaded page fetch it again.
        "csrf_token": record.csrf_token,
        "created_at": record.created_at.isoformat(),
        "expires_at": record.expires_at.isoformat(),
        "deadline": record.deadline.isoformat(),
        schema.TTL_ATTRIBUTE: int(record.expires_at.timestamp()),
    }


def from_item(token_hash: str, item: dict[str, Any]) -> SessionRecord:
    return SessionRecord(
        token_hash=token_hash,
        user_id=item["user_id"],
        role=Role(item["role"]),
        csrf_token=item["csrf_token"],
        created_at=datetime.fromisoformat(item["created_at"]),
        expires_at=datetime.fromisoformat(item["expires_at"]),
        deadline=datetime.fromisoformat(item["deadline"]),
    )


def insert(record: SessionRecord) -> None:
    dynamo.put(_to_item(record), condition="attribute_not_exists(pk)")


def get(token_hash: str) -> SessionRecord | None:
    item = dynamo.get(keys.session(token_hash))
    return from_item(token_hash, item) if item else None


def with_user(token_hash: str, user_id: str) -> tuple[SessionRecord, User, ledger.Account] | None:
    """A session, the user it names and their account, read in one BatchGetItem; None
    unless both items exist (the caller checks expiry and that the session is the user's)."""
    session_key, user_key = keys.session(token_hash), keys.user(user_id)
    items = dynamo.batch_get([session_key, user_key])
    session_item = items.get((session_key["pk"], session_key["sk"]))
    user_item = items.get((user_key["pk"], user_key["sk"]))
    if session_item is None or user_item is None:
        return None
    return from_item(token_hash, session_item), users.from_item(user_item), ledger.account_from_user_item(user_item)


def extend(token_hash: str, expires_at: datetime) -> None:
    """Slide the expiry; only if the session still exists (a logout wins over a refresh)."""
    dynamo.update(keys.session(token_hash), "SET expires_at = :exp, #ttl = :ttl", condition="attribute_exists(pk)",
                  names={"#ttl": schema.TTL_ATTRIBUTE}, exp=expires_at.isoformat(), ttl=int(expires_at.timestamp()))


def delete(token_hash: str) -> None:
    dynamo.delete(keys.session(token_hash))


def delete_all_of_user(user_id: str, *, keep: str | None = None) -> int:
    """Revoke every session of a user (but `keep`); returns how many were removed."""
    partition, prefix = keys.sessions_of_user(user_id)
    removed = 0
    for item in dynamo.query_index(schema.GSI1, partition, prefix):
        token_hash = keys.session_hash_of(item["pk"])
        if token_hash != keep:
            delete(token_hash)
            removed += 1
    return removed
