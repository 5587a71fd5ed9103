"""Corrections a user makes to their own account: username, e-mail (through a link mailed to
the new address) and the marketing-mail objection. A claim moves in one transaction with
the user item, so two users can never end up holding one address or name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.accounts import username_key
from chalicelib.domain.errors import Conflict
from chalicelib.store import dynamo, keys, schema

ACCOUNT_CHANGED = "Your account changed meanwhile. Reload the page and try again."


def _claim_moves(old: dict[str, str], new: dict[str, str], user_id: str) -> list[dict[str, Any]]:
    return [
        {"Put": {"Item": dynamo.to_attributes({**new, "user_id": user_id}),
                 "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Delete": {"Key": dynamo.to_attributes(old), "ConditionExpression": "user_id = :uid",
                    "ExpressionAttributeValues": dynamo.values(uid=user_id)}},
    ]


def _user_update(user_id: str, attribute: str, old: str, new: str) -> dict[str, Any]:
    return {"Update": {
        "Key": dynamo.to_attributes(keys.user(user_id)),
        "UpdateExpression": "SET #a = :new",
        "ConditionExpression": "#a = :old AND attribute_not_exists(closed_at)",
        "ExpressionAttributeNames": {"#a": attribute},
        "ExpressionAttributeValues": dynamo.values(new=new, old=old),
    }}


def change_username(user_id: str, old: str, new: str) -> None:
    """Claim `new`, free `old` and rename, atomically. A case-only change keeps the claim."""
    actions = [_user_update(user_id, "username", old, new)]
    if username_key(old) != username_key(new):
        actions = _claim_moves(keys.username_claim(username_key(old)), keys.username_claim(username_key(new)),
                               user_id) + actions
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled as exc:
        if len(actions) > 1 and exc.reasons[:1] == ["ConditionalCheckFailed"]:
            raise Conflict("This username is taken; choose another.", fields={"username": "taken"}) from exc
        raise Conflict(ACCOUNT_CHANGED) from exc


def put_email_change(token_hash: str, user_id: str, old_email: str, new_email: str, expires_at: datetime) -> None:
    dynamo.put({**keys.email_change(token_hash), "type": "email_change", "user_id": user_id,
                "old_email": old_email, "new_email": new_email, "expires_at": expires_at.isoformat(),
                schema.TTL_ATTRIBUTE: int(expires_at.timestamp())}, condition="attribute_not_exists(pk)")


def peek_email_change(token_hash: str, now: datetime) -> dict[str, str] | None:
    item = dynamo.get(keys.email_change(token_hash))
    if not item or datetime.fromisoformat(item["expires_at"]) <= now:
        return None
    return {"user_id": item["user_id"], "old_email": item["old_email"], "new_email": item["new_email"]}


def confirm_email_change(token_hash: str, change: dict[str, str]) -> None:
    """Use the link (once), claim the new address, free the old one and switch the user item
    to it, in one transaction. Raises Conflict naming what stood in the way."""
    user_id = change["user_id"]
    actions = [
        {"Delete": {"Key": dynamo.to_attributes(keys.email_change(token_hash)),
                    "ConditionExpression": "attribute_exists(pk)"}},
        *_claim_moves(keys.email_claim(change["old_email"]), keys.email_claim(change["new_email"]), user_id),
        _user_update(user_id, "email", change["old_email"], change["new_email"]),
    ]
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled as exc:
        if exc.reasons[1:2] == ["ConditionalCheckFailed"]:
            raise Conflict("An account with this e-mail address already exists.", fields={"email": "taken"}) from exc
        raise Conflict("This confirmation link is no longer valid. Ask for a new one from your account page.",
                       fields={"token": "invalid"}) from exc


def set_marketing_opt_out(user_id: str, opted_out: bool) -> bool:
    """Set the objection; returns whether it was set before (one atomic update, so of two
    concurrent objections exactly one sees it unset)."""
    old = dynamo.update(keys.user(user_id), "SET marketing_opt_out = :v",
                        condition="attribute_exists(pk) AND attribute_not_exists(closed_at)",
                        returning="UPDATED_OLD", v=opted_out)
    return bool(old and old.get("marketing_opt_out", False))


def marketing_opt_out(user_id: str) -> bool:
    item = dynamo.get(keys.user(user_id))
    return bool(item and item.get("marketing_opt_out", False))
