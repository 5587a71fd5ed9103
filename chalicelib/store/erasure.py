"""The writes of an account's erasure (services/erasure.py): the closing mark, the identity
and its uniqueness claims, login records, and the pseudonymisation of orders.

Each write is idempotent, so an erasure interrupted half way is finished by running it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.accounts import username_key
from chalicelib.domain.orders import FINAL_STATUSES, Order
from chalicelib.domain.payments import TopUp
from chalicelib.store import dynamo, keys, payments, schema
from chalicelib.store import order_mapper as mapper

ERASED = "[erased]"


def close(user_id: str, at: datetime, reason: str) -> bool:
    """Mark the account closed and index it for retention; False if it was closed already.

    Spending transactions require `closed_at` absent (store/ledger.apply `open_only`), so
    after this write no order can be charged to the account."""
    index = keys.closed_account_index(at.isoformat(), user_id)
    return dynamo.update(keys.user(user_id),
                         "SET closed_at = :at, closed_reason = :why, gsi1pk = :p, gsi1sk = :s",
                         condition="attribute_exists(pk) AND attribute_not_exists(closed_at)",
                         at=at.isoformat(), why=reason, p=index["gsi1pk"], s=index["gsi1sk"]) is not None


def upload_prefix(user_id: str) -> str:
    """The S3 prefix holding every file the user uploaded."""
    return f"{keys.ATTACHMENT_PREFIX}/{user_id}/"


def write_once(action: dict[str, Any]) -> bool:
    """Run one conditional Put (an audit record with a deterministic id); False if it was
    written before."""
    try:
        dynamo.transact_write([action])
    except dynamo.TransactionCancelled:
        return False
    return True


def top_ups_of(user_id: str) -> list[TopUp]:
    """Every top-up of the user, newest first, page by page."""
    found: list[TopUp] = []
    cursor = None
    while True:
        page, cursor = payments.of_user(user_id, limit=dynamo.PAGE_SIZE, cursor=cursor)
        found.extend(page)
        if cursor is None:
            return found


def closed_accounts(limit: int = 500) -> list[str]:
    """User ids of closed accounts, oldest closure first (the retention job's worklist)."""
    return [str(i["user_id"]) for i in dynamo.query_index(schema.GSI1, keys.CLOSED_ACCOUNTS, limit=limit)]


def _delete_if_owned(key: dict[str, str], user_id: str) -> None:
    """Delete a uniqueness claim only while it is still this user's (a newcomer's claim on the
    freed address is never touched by a retried erasure)."""
    try:
        dynamo.client().delete_item(TableName=dynamo.table_name(), Key=dynamo.to_attributes(key),
                                    ConditionExpression="user_id = :uid",
                                    ExpressionAttributeValues=dynamo.values(uid=user_id))
    except ClientError as exc:
        if not dynamo.is_conditional_failure(exc):
            raise


def erase_identity(user_id: str, at: datetime) -> None:
    """Free the e-mail and username claims, then blank them on the user item with the
    password hash and second factor. The claims go first: if this stops half way, the
    user item still names them and a retry frees them."""
    item = dynamo.get(keys.user(user_id))
    if item is None:
        return
    if item.get("email"):
        _delete_if_owned(keys.email_claim(item["email"]), user_id)
    if item.get("username"):
        _delete_if_owned(keys.username_claim(username_key(item["username"])), user_id)
    dynamo.update(keys.user(user_id),
                  "SET email = :blank, username = :pseudonym, password_hash = :blank, erased_at = :now "
                  "REMOVE totp_secret, marketing_opt_out",
                  condition="attribute_exists(pk)", blank="", pseudonym=f"closed-{user_id}",
                  now=at.isoformat())


def delete_login_records(user_id: str) -> int:
    """Remove every sign-in record (time and IP) of the user."""
    found = dynamo.query_index(None, *keys.logins_of(user_id))
    for item in found:
        dynamo.delete({"pk": item["pk"], "sk": item["sk"]})
    return len(found)


def delete_api_key(key_hash: str) -> None:
    dynamo.delete(keys.api_key(key_hash))


def order_items(user_id: str) -> list[dict[str, Any]]:
    return list(dynamo.query_all(schema.GSI1, keys.orders_of(user_id)))


def orders_of(user_id: str) -> list[Order]:
    return [mapper.from_item(item) for item in order_items(user_id)]


def pseudonymise_order(order_id: int) -> bool:
    """Blank a finished order's target link and extra fields (they name the person's
    profiles); the money, service, quantity and dates stay. False while the order is open:
    a provider may still need the link, and the erasure is finished once it is final."""
    finals = {f"final{i}": s.value for i, s in enumerate(sorted(FINAL_STATUSES))}
    listed = ", ".join(f":{name}" for name in finals)
    return dynamo.update(keys.order(order_id), "SET link = :erased, #fields = :none",
                         condition=f"#status IN ({listed})", names={"#fields": "fields", "#status": "status"},
                         erased=ERASED, none="{}", **finals) is not None


def erase_ticket_text(number: int, messages: list[tuple[int, bool]]) -> None:
    """Blank a ticket's subject, its messages' and notes' text and their attachment lists
    (`messages`: each message's seq and whether it is an internal note). The ticket's
    version is raised, so a change prepared from an older read fails instead of writing the
    text back. Its number, category, status and times stay (the SLA statistics)."""
    for seq, internal in messages:
        dynamo.update(keys.ticket_message(number, seq, internal), "SET body = :erased, attachments = :none",
                      condition="attribute_exists(pk)", erased=ERASED, none=[])
    dynamo.update(keys.ticket(number),
                  "SET subject = :erased, attachments = :none, text_hash = :blank, version = version + :one",
                  condition="attribute_exists(pk)", erased=ERASED, none=[], blank="", one=1)
