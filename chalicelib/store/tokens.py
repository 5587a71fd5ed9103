"""Short-lived single-use tokens: password-reset links and staff TOTP challenges."""

from __future__ import annotations

from datetime import datetime

from botocore.exceptions import ClientError

from chalicelib.store import dynamo, keys, schema


def _put(key: dict[str, str], user_id: str, expires_at: datetime, **extra: object) -> None:
    dynamo.put(
        {**key, "user_id": user_id, "expires_at": expires_at.isoformat(), schema.TTL_ATTRIBUTE:
         int(expires_at.timestamp()), **extra},
        condition="attribute_not_exists(pk)",
    )


def _take(key: dict[str, str], now: datetime) -> str | None:
    """Delete the token and return its user id; None if absent or expired. Single use:
    the conditional delete lets only one of two concurrent callers succeed."""
    try:
        response = dynamo.client().delete_item(
            TableName=dynamo.table_name(),
            Key=dynamo.to_attributes(key),
            ConditionExpression="attribute_exists(pk)",
            ReturnValues="ALL_OLD",
        )
    except ClientError as exc:
        if dynamo.is_conditional_failure(exc):
            return None
        raise
    item = dynamo.from_attributes(response.get("Attributes", {}))
    if datetime.fromisoformat(item["expires_at"]) <= now:
        return None
    return str(item["user_id"])


def put_password_reset(token_hash: str, user_id: str, expires_at: datetime, credentials_version: int) -> None:
    """A reset link for the account as it is now: a later password change or reset (a new
    credentials version) kills it."""
    _put(keys.password_reset(token_hash), user_id, expires_at, credentials_version=credentials_version)


def peek_password_reset(token_hash: str, now: datetime) -> tuple[str, int] | None:
    """The user id and credentials version of a live reset link, without using it."""
    item = dynamo.get(keys.password_reset(token_hash))
    if not item or datetime.fromisoformat(item["expires_at"]) <= now:
        return None
    return str(item["user_id"]), int(item.get("credentials_version", 0))


def take_password_reset(token_hash: str, now: datetime) -> str | None:
    return _take(keys.password_reset(token_hash), now)


def put_totp_challenge(token_hash: str, user_id: str, expires_at: datetime) -> None:
    _put(keys.totp_challenge(token_hash), user_id, expires_at)


def peek_totp_challenge(token_hash: str, now: datetime) -> str | None:
    item = dynamo.get(keys.totp_challenge(token_hash))
    if not item or datetime.fromisoformat(item["expires_at"]) <= now:
        return None
    return str(item["user_id"])


def take_totp_challenge(token_hash: str, now: datetime) -> str | None:
    return _take(keys.totp_challenge(token_hash), now)
