"""Per-account guard of the staff second factor: attempts counted before a code is checked,
and the lock that follows too many wrong codes."""

from __future__ import annotations

from chalicelib.store import dynamo, keys, schema


def reserve(user_id: str, now_epoch: int, limit: int, forget_epoch: int) -> int | None:
    """Count one attempt before its code is checked; the attempt's number, or None when the
    factor is locked or `limit` attempts are counted already. Atomic: of any number of
    parallel attempts, at most `limit` get a number."""
    counted = dynamo.update(
        keys.totp_guard(user_id), "ADD attempts :one SET #ttl = :ttl",
        condition="(attribute_not_exists(attempts) OR attempts < :limit) "
                  "AND (attribute_not_exists(locked_until) OR locked_until <= :now)",
        names={"#ttl": schema.TTL_ATTRIBUTE}, returning="UPDATED_NEW",
        one=1, ttl=forget_epoch, limit=limit, now=now_epoch,
    )
    return int(counted["attempts"]) if counted is not None else None


def lock(user_id: str, until_epoch: int, limit: int) -> bool:
    """Lock the factor until `until_epoch` once `limit` attempts are counted; the count
    starts again at zero. True for the one caller that started the lock."""
    return dynamo.update(
        keys.totp_guard(user_id), "SET locked_until = :until, attempts = :zero, #ttl = :until",
        condition="attempts >= :limit", names={"#ttl": schema.TTL_ATTRIBUTE},
        until=until_epoch, zero=0, limit=limit,
    ) is not None


def clear(user_id: str) -> None:
    """A right code: forget the wrong ones."""
    dynamo.update(keys.totp_guard(user_id), "SET attempts = :zero", condition="attribute_exists(pk)", zero=0)


def locked_until(user_id: str) -> int:
    item = dynamo.get(keys.totp_guard(user_id))
    return int(item.get("locked_until", 0)) if item else 0
