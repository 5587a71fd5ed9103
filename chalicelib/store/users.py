"""Users and their uniqueness claims (e-mail, username)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.accounts import Role, User, username_key
from chalicelib.domain.errors import Conflict
from chalicelib.store import dynamo, keys


def _to_item(user: User) -> dict[str, Any]:
    return {
        **keys.user(user.user_id),
        "type": "user",
        "user_id": user.user_id,
        "email": user.email,
        "username": user.username,
        "password_hash": user.password_hash,
        "role": user.role.value,
        "created_at": user.created_at.isoformat(),
        "totp_secret": user.totp_secret,
        "totp_last_step": user.totp_last_step,
        "credentials_version": user.credentials_version,
    }


def from_item(item: dict[str, Any]) -> User:
    return User(
        user_id=item["user_id"],
        email=item["email"],
        username=item["username"],
        password_hash=item["password_hash"],
        role=Role(item["role"]),
        created_at=datetime.fromisoformat(item["created_at"]),
        totp_secret=item.get("totp_secret"),
        totp_last_step=int(item.get("totp_last_step", 0)),
        credentials_version=int(item.get("credentials_version", 0)),
    )


def insert(user: User) -> None:
    """Create the user and claim its e-mail and username in one transaction.

    Uniqueness is enforced by the claim items' conditions, never by a scan, so two
    concurrent registrations of one address cannot both succeed.
    """
    absent = "attribute_not_exists(pk)"
    try:
        dynamo.transact_write([
            {"Put": {"Item": dynamo.to_attributes(_to_item(user)), "ConditionExpression": absent}},
            {"Put": {
                "Item": dynamo.to_attributes({**keys.email_claim(user.email), "user_id": user.user_id}),
                "ConditionExpression": absent,
            }},
            {"Put": {
                "Item": dynamo.to_attributes(
                    {**keys.username_claim(username_key(user.username)), "user_id": user.user_id}
                ),
                "ConditionExpression": absent,
            }},
        ])
    except dynamo.TransactionCancelled as exc:
        if exc.reasons[1:2] == ["ConditionalCheckFailed"]:
            raise Conflict("An account with this e-mail address already exists.",
                           fields={"email": "taken"}) from exc
        if exc.reasons[2:3] == ["ConditionalCheckFailed"]:
            raise Conflict("This username is taken; choose another.", fields={"username": "taken"}) from exc
        raise


def get(user_id: str) -> User | None:
    item = dynamo.get(keys.user(user_id))
    return from_item(item) if item else None


def get_by_email(normalized_email: str) -> User | None:
    claim = dynamo.get(keys.email_claim(normalized_email))
    return get(claim["user_id"]) if claim else None


def set_password_hash(user_id: str, password_hash: str, expected_version: int) -> bool:
    """Set a new password hash and raise the credentials version, if it is still
    `expected_version`; False when another change or reset came first."""
    version_is = ("(attribute_not_exists(credentials_version) OR credentials_version = :v)" if expected_version == 0
                  else "credentials_version = :v")
    return dynamo.update(keys.user(user_id), "SET password_hash = :h, credentials_version = :next",
                         condition=f"attribute_exists(pk) AND {version_is}",
                         h=password_hash, v=expected_version, next=expected_version + 1) is not None


def set_staff_role(user_id: str, role: Role, totp_secret: str) -> None:
    dynamo.update(keys.user(user_id), "SET #role = :role, totp_secret = :secret, totp_last_step = :zero",
                  condition="attribute_exists(pk)", names={"#role": "role"},
                  role=role.value, secret=totp_secret, zero=0)


def claim_totp_step(user_id: str, step: int) -> bool:
    """Record `step` as used; False when it (or a later one) was used already."""
    return dynamo.update(keys.user(user_id), "SET totp_last_step = :step",
                         condition="totp_last_step < :step", step=step) is not None


def replace_totp_secret(user_id: str, old: str, new: str) -> bool:
    """Swap the stored TOTP secret, unless it changed meanwhile (a new enrolment wins)."""
    return dynamo.update(keys.user(user_id), "SET totp_secret = :new", condition="totp_secret = :old",
                         new=new, old=old) is not None
