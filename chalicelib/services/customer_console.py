"""The customers console (admins): list and search customers, and act on one customer's
access: sign out one session or all, revoke an API key, delete a custom rate, and the staff
lock (no ordering, no API use) with its lifting. Every change is audited with the acting
admin; revocations reach the caches at once (services/caches.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain.accounts import User, normalize_email
from chalicelib.domain.api_keys import ApiKey
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.services import api_keys, audit_log, caches, clock
from chalicelib.store import api_keys as key_store
from chalicelib.store import catalog as catalog_store
from chalicelib.store import customers as store
from chalicelib.store import users
from chalicelib.store.sessions import SessionRecord

NO_SUCH_USER = "No such user."
_USER_ID = re.compile(r"u[0-9a-f]{16}")
SESSION_ID_LENGTH = 16  # the start of the token's hash: enough to tell sessions apart, never the hash itself
MAX_QUERY = 254
MAX_REASON = 500


@dataclass(frozen=True)
class Listed:
    users: list[User]
    next_cursor: str | None


def list_customers(query: str | None, limit: int, cursor: str | None) -> Listed:
    """Newest customers first, paged; or, with `query`, the account whose user id, e-mail or
    username it is exactly (any spelling of an e-mail, any case of a username)."""
    text = (query or "").strip()
    if not text:
        found, next_cursor = store.page(limit, cursor)
        return Listed(found, next_cursor)
    if len(text) > MAX_QUERY:
        raise InvalidInput("A search is at most 254 characters.", fields={"q": "too_long"})
    user: User | None
    if _USER_ID.fullmatch(text):
        user = users.get(text)
    elif "@" in text:
        user = users.get_by_email(normalize_email(text))
    else:
        user = store.get_by_username(text)
    return Listed([user] if user else [], None)


def existing(user_id: str) -> User:
    """The account, or NotFound (404) for an unknown or malformed id."""
    user = users.get(user_id) if _USER_ID.fullmatch(user_id) else None
    if user is None:
        raise NotFound(NO_SUCH_USER)
    return user


def session_id(record: SessionRecord) -> str:
    return record.token_hash[:SESSION_ID_LENGTH]


def sessions(user_id: str) -> list[SessionRecord]:
    existing(user_id)
    now = clock.now()
    return [s for s in store.sessions_of(user_id) if s.expires_at > now]


def revoke_session(user_id: str, which: str, actor_id: str) -> None:
    """Sign out one session of the customer: its next request is refused."""
    existing(user_id)
    record = next((s for s in store.sessions_of(user_id) if session_id(s) == which), None)
    if record is None:
        raise NotFound("No such session.")
    caches.sessions.drop(record.token_hash)
    from chalicelib.store import sessions as session_store

    session_store.delete(record.token_hash)
    audit_log.record(Action.SESSION_REVOKED, SubjectKind.USER, user_id, after={"session": which}, actor=actor_id)


def revoke_all_sessions(user_id: str, actor_id: str) -> int:
    """Sign the customer out everywhere; returns how many sessions ended."""
    from chalicelib.services import accounts

    existing(user_id)
    count = accounts.revoke_sessions(user_id)
    audit_log.record(Action.SESSIONS_REVOKED, SubjectKind.USER, user_id, after={"revoked": count}, actor=actor_id)
    return count


def keys_of(user_id: str) -> list[ApiKey]:
    existing(user_id)
    return sorted(key_store.of_user(user_id), key=lambda k: k.created_at, reverse=True)


def revoke_api_key(user_id: str, key_id: str, actor_id: str) -> ApiKey:
    """Revoke one of the customer's API keys: its next call is refused."""
    existing(user_id)
    key = api_keys.revoke(user_id, key_id)
    audit_log.record(Action.API_KEY_REVOKED, SubjectKind.USER, user_id, after={"key": key.key_id, "label": key.label},
                     actor=actor_id)
    return key


def delete_custom_rate(user_id: str, service_id: int | None, actor_id: str) -> None:
    """Remove a customer's own price of a service (or, `service_id` None, their discount on all)."""
    existing(user_id)
    before = catalog_store.custom_rates(user_id).get(service_id)
    if before is None:
        raise NotFound("This customer has no custom rate for this service.")
    catalog_store.delete_custom_rate(user_id, service_id)
    caches.catalog.clear()
    audit_log.record(Action.CUSTOM_RATE_DELETED, SubjectKind.USER, user_id, actor=actor_id,
                     before={"service": service_id, "fixed_rate": before.fixed_rate,
                             "discount_percent": before.discount_percent}, after={"service": service_id})


def _text(value: str, name: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(f"Write {what}.", fields={name: "required"})
    if len(text) > MAX_REASON:
        raise InvalidInput(f"The {name} is at most {MAX_REASON} characters.", fields={name: "too_long"})
    return text


def lock(user_id: str, reason: str, actor_id: str) -> None:
    """The staff lock: the customer can no longer order (web or API) nor use the API at all,
    until an admin lifts it. Written with its audit record in one transaction."""
    text = _text(reason, "reason", "why the account is locked")
    existing(user_id)
    at = clock.now().isoformat()
    record = audit_log.build(Action.ACCOUNT_STAFF_LOCKED, SubjectKind.USER, user_id, before={"staff_lock": None},
                             after={"staff_lock": text}, actor=actor_id)
    if not store.set_staff_lock(user_id, {"reason": text, "at": at, "by": actor_id}, audit_log.action(record)):
        raise Conflict("This account is already locked by staff.")
    caches.accounts.drop(user_id)
    caches.staff_locks.drop(user_id)
    caches.sessions.drop_where(lambda c: c.user.user_id == user_id)


def unlock(user_id: str, note: str, actor_id: str) -> None:
    """Lift the staff lock, with a note saying why (audited in the same transaction)."""
    text = _text(note, "note", "why the lock is lifted")
    existing(user_id)
    before = store.staff_lock_of(user_id)
    record = audit_log.build(Action.ACCOUNT_STAFF_UNLOCKED, SubjectKind.USER, user_id,
                             before={"staff_lock": (before or {}).get("reason")},
                             after={"staff_lock": None, "note": text}, actor=actor_id)
    if not store.lift_staff_lock(user_id, audit_log.action(record)):
        raise Conflict("This account is not locked by staff.")
    caches.accounts.drop(user_id)
    caches.staff_locks.drop(user_id)
    caches.sessions.drop_where(lambda c: c.user.user_id == user_id)


def staff_lock(user_id: str) -> dict[str, str] | None:
    lock_found = store.staff_lock_of(user_id)
    return {k: str(v) for k, v in lock_found.items()} if lock_found else None


def refuse_locked_api_use(user_id: str) -> None:
    """The API v2 gate: a staff-locked account's keys answer nothing. One read of the user item
    per warm container and session_cache_seconds, not per call (the hottest path)."""
    known = caches.staff_locks.get(user_id)
    if known is None:
        known = (bool(store.staff_lock_of(user_id)),)
        caches.staff_locks.put(user_id, known)
    if known[0]:
        raise Forbidden("This account is locked by staff: the API is not available. Please open a support ticket.")


def index_existing_customers() -> int:
    """A one-off operator task (`panel customers index`): customers registered before the
    customer index existed join it, so the console lists them."""
    return store.index_existing()
