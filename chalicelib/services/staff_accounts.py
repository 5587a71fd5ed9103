"""Admins manage staff accounts in the console: list, create, disable, enable, and reset the
second factor. Every change is recorded in the audit log with the acting admin; a disable
and a factor reset revoke the account's sessions at once (services/accounts.revoke_sessions;
another warm container may trust a session it validated for `session_cache_seconds` more).
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain import staff_accounts as rules
from chalicelib.domain.accounts import User
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, Forbidden
from chalicelib.services import accounts, audit_log, clock, second_factor
from chalicelib.store import totp_guard, users


@dataclass(frozen=True)
class NewStaff:
    """A created account and what is shown once: the password, the TOTP secret and its URI."""

    user: User
    password: str
    totp_secret: str
    totp_uri: str


@dataclass(frozen=True)
class NewFactor:
    user: User
    totp_secret: str
    totp_uri: str


def list_staff() -> list[User]:
    return users.staff()


def create(email: str, role: str, username: str | None) -> NewStaff:
    """A new staff account with a generated password and TOTP secret (an e-mail already in
    use is a 409: the console never promotes or re-enrols someone)."""
    user, password, secret = accounts.create_staff(email, rules.parse_role(role), username or None, only_new=True)
    return NewStaff(user, password, secret, accounts.totp_uri(user))


def _staff(user_id: str) -> User:
    return rules.staff_only(users.get(rules.user_id(user_id)))


def disable(user_id: str, actor_id: str) -> User:
    target = _staff(user_id)
    rules.check_disable(actor_id, target, rules.enabled_admins(users.staff()))
    record = audit_log.build(Action.STAFF_DISABLED, SubjectKind.USER, user_id, before={"disabled": False},
                             after={"disabled": True}, actor=actor_id)
    refused = users.disable(user_id, clock.now(), actor_id, audit_log.action(record))
    if refused == "target":
        raise Conflict(rules.ALREADY_DISABLED)
    if refused == "actor":
        raise Forbidden("Only an enabled admin can disable staff accounts.")
    accounts.revoke_sessions(user_id)
    return _staff(user_id)


def enable(user_id: str, actor_id: str) -> User:
    rules.check_enable(_staff(user_id))
    if not users.enable(user_id):
        raise Conflict(rules.ALREADY_ENABLED)
    audit_log.record(Action.STAFF_ENABLED, SubjectKind.USER, user_id, before={"disabled": True},
                     after={"disabled": False}, actor=actor_id)
    return _staff(user_id)


def reset_second_factor(user_id: str, actor_id: str) -> NewFactor:
    """A new TOTP secret (shown once); the old one stops working and every session ends."""
    import pyotp

    _staff(user_id)
    secret = pyotp.random_base32()
    if not users.new_totp_secret(user_id, second_factor.seal(user_id, secret)):
        raise Conflict("This account has no second factor to reset.")
    totp_guard.clear(user_id)
    accounts.revoke_sessions(user_id)
    audit_log.record(Action.STAFF_SECOND_FACTOR_RESET, SubjectKind.USER, user_id, actor=actor_id)
    user = _staff(user_id)
    return NewFactor(user, secret, accounts.totp_uri(user))
