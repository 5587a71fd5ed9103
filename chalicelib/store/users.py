"""Users and their uniqueness claims (e-mail, username)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.accounts import Role, User, username_key
from chalicelib.domain.errors import Conflict
from chalicelib.store import dynamo, keys, schema


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
        # Customers join the console's newest-first list (staff get the staff index instead).
        **(keys.customer_index(user.created_at.isoformat(), user.user_id) if user.role is Role.CUSTOMER else {}),
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
        disabled="disabled_at" in item,
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


def set_staff_role(user: User, role: Role, totp_secret: str) -> None:
    """Give a staff role and a new (sealed) TOTP secret, and enter the account in the staff
    index (keys.staff_index) so the console lists it."""
    index = keys.staff_index(user.created_at.isoformat(), user.user_id)
    dynamo.update(keys.user(user.user_id), "SET #role = :role, totp_secret = :secret, totp_last_step = :zero, "
                  "gsi3pk = :ipk, gsi3sk = :isk",
                  condition="attribute_exists(pk)", names={"#role": "role"},
                  role=role.value, secret=totp_secret, zero=0, ipk=index["gsi3pk"], isk=index["gsi3sk"])


def index_staff(user: User) -> None:
    """Enter a staff account made before the staff index existed (called on its sign-in);
    nothing happens when the entry is there already or the account is no longer staff."""
    index = keys.staff_index(user.created_at.isoformat(), user.user_id)
    dynamo.update(keys.user(user.user_id), "SET gsi3pk = :ipk, gsi3sk = :isk",
                  condition="attribute_exists(pk) AND attribute_not_exists(gsi3pk) AND #role IN (:s, :l, :a)",
                  names={"#role": "role"}, ipk=index["gsi3pk"], isk=index["gsi3sk"],
                  s=Role.SUPPORT.value, l=Role.LEGAL.value, a=Role.ADMIN.value)


def staff() -> list[User]:
    """Every staff account, oldest first: one query of the staff index (keys only), then the
    user items by key, 100 a BatchGetItem."""
    entries = dynamo.query_index(schema.GSI3, keys.STAFF_PARTITION)
    user_keys = [keys.user(str(e["pk"]).removeprefix("USER#")) for e in entries]
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for start in range(0, len(user_keys), 100):
        found.update(dynamo.batch_get(user_keys[start:start + 100]))
    listed = [from_item(found[(k["pk"], k["sk"])]) for k in user_keys if (k["pk"], k["sk"]) in found]
    return [u for u in listed if u.is_staff]


def new_totp_secret(user_id: str, totp_secret: str) -> bool:
    """Replace a staff account's TOTP secret (a reset by an admin): the old one stops working
    at once. False when the account is not a staff account."""
    return dynamo.update(keys.user(user_id), "SET totp_secret = :secret, totp_last_step = :zero",
                         condition="attribute_exists(totp_secret)", secret=totp_secret, zero=0) is not None


def disable(user_id: str, at: datetime, actor_id: str, audit: dict[str, Any]) -> str | None:
    """Disable a staff account, with its audit record, in one transaction that also checks the
    acting admin's own account is still an enabled admin. The actor is never the target (a
    rule checked before), so every committed disable leaves at least one enabled admin: two
    admins disabling each other at once cannot both succeed, because each transaction
    conditions on the account the other one writes. Returns None, or why it was refused:
    "target" (already disabled, or gone) or "actor" (the acting admin lost the role)."""
    try:
        dynamo.transact_write([
            {"Update": {"Key": dynamo.to_attributes(keys.user(user_id)),
                        "UpdateExpression": "SET disabled_at = :at",
                        "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(disabled_at)",
                        "ExpressionAttributeValues": dynamo.values(at=at.isoformat())}},
            {"ConditionCheck": {"Key": dynamo.to_attributes(keys.user(actor_id)),
                                "ConditionExpression": "#role = :admin AND attribute_not_exists(disabled_at)",
                                "ExpressionAttributeNames": {"#role": "role"},
                                "ExpressionAttributeValues": dynamo.values(admin=Role.ADMIN.value)}},
            audit,
        ])
    except dynamo.TransactionCancelled as exc:
        if exc.reasons[0:1] == ["ConditionalCheckFailed"]:
            return "target"
        if exc.reasons[1:2] == ["ConditionalCheckFailed"]:
            return "actor"
        raise
    return None


def enable(user_id: str) -> bool:
    """Lift a disable; False when the account was not disabled."""
    return dynamo.update(keys.user(user_id), "REMOVE disabled_at",
                         condition="attribute_exists(disabled_at)") is not None


def claim_totp_step(user_id: str, step: int) -> bool:
    """Record `step` as used; False when it (or a later one) was used already."""
    return dynamo.update(keys.user(user_id), "SET totp_last_step = :step",
                         condition="totp_last_step < :step", step=step) is not None


def replace_totp_secret(user_id: str, old: str, new: str) -> bool:
    """Swap the stored TOTP secret, unless it changed meanwhile (a new enrolment wins)."""
    return dynamo.update(keys.user(user_id), "SET totp_secret = :new", condition="totp_secret = :old",
                         new=new, old=old) is not None
