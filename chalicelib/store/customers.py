"""The customers console's reads and its staff lock: the newest-first customer list (GSI3
`CUSTOMERS`, keys only, then the user items by key), lookups by username, a user's sessions,
and the staff lock on the user item (`staff_lock`), which spending checks in its own write
(store/ledger.apply)."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.accounts import Role, User, username_key
from chalicelib.store import dynamo, keys, schema, users
from chalicelib.store.sessions import SessionRecord
from chalicelib.store.sessions import from_item as session_from_item


def page(limit: int, cursor: str | None) -> tuple[list[User], str | None]:
    """A page of customers, newest first: one query of the index, then one BatchGetItem."""
    found = dynamo.query_page(schema.GSI3, keys.CUSTOMERS_PARTITION, limit=limit, cursor=cursor)
    user_keys = [{"pk": str(e["pk"]), "sk": str(e["sk"])} for e in found.items]
    items = dynamo.batch_get(user_keys) if user_keys else {}
    listed = [users.from_item(items[(k["pk"], k["sk"])]) for k in user_keys if (k["pk"], k["sk"]) in items]
    return listed, found.cursor


def get_by_username(username: str) -> User | None:
    claim = dynamo.get(keys.username_claim(username_key(username)))
    return users.get(claim["user_id"]) if claim else None


def index_existing() -> int:
    """Put customers made before the customer index existed into it (a paginated Scan, run once
    by an operator); idempotent, each write only adds the index keys while they are absent.
    Returns how many accounts were indexed."""
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "ProjectionExpression": "pk, sk, user_id, created_at",
        "FilterExpression": "#type = :user AND #role = :customer AND attribute_not_exists(gsi3pk)",
        "ExpressionAttributeNames": {"#type": "type", "#role": "role"},
        "ExpressionAttributeValues": dynamo.values(user="user", customer=Role.CUSTOMER.value),
    }
    indexed = 0
    while True:
        response = dynamo.client().scan(**kwargs)
        for raw in response.get("Items", []):
            item = dynamo.from_attributes(raw)
            entry = keys.customer_index(item["created_at"], item["user_id"])
            done = dynamo.update(keys.user(item["user_id"]), "SET gsi3pk = :p, gsi3sk = :s",
                                 condition="attribute_exists(pk) AND attribute_not_exists(gsi3pk) AND #role = :c",
                                 names={"#role": "role"}, p=entry["gsi3pk"], s=entry["gsi3sk"],
                                 c=Role.CUSTOMER.value)
            indexed += done is not None
        if "LastEvaluatedKey" not in response:
            return indexed
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def sessions_of(user_id: str) -> list[SessionRecord]:
    """The user's sessions (GSI1 projects them whole), newest first."""
    partition, prefix = keys.sessions_of_user(user_id)
    found = [session_from_item(keys.session_hash_of(item["pk"]), item)
             for item in dynamo.query_index(schema.GSI1, partition, prefix)]
    return sorted(found, key=lambda s: s.created_at, reverse=True)


def staff_lock_of(user_id: str) -> dict[str, Any] | None:
    """The staff lock on the account (reason, at, by), or None."""
    item = dynamo.get(keys.user(user_id))
    lock = item.get("staff_lock") if item else None
    return dict(lock) if lock else None


def set_staff_lock(user_id: str, lock: dict[str, Any], audit: dict[str, Any]) -> bool:
    """Lock the account, with its audit record, in one transaction; False when it was locked already."""
    try:
        dynamo.transact_write([
            {"Update": {"Key": dynamo.to_attributes(keys.user(user_id)),
                        "UpdateExpression": "SET staff_lock = :lock",
                        "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(staff_lock)",
                        "ExpressionAttributeValues": dynamo.values(lock=lock)}},
            audit,
        ])
    except dynamo.TransactionCancelled as exc:
        if exc.reasons[0:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    return True


def lift_staff_lock(user_id: str, audit: dict[str, Any]) -> bool:
    """Lift the staff lock, with its audit record, in one transaction; False when it was not locked."""
    try:
        dynamo.transact_write([
            {"Update": {"Key": dynamo.to_attributes(keys.user(user_id)), "UpdateExpression": "REMOVE staff_lock",
                        "ConditionExpression": "attribute_exists(staff_lock)"}},
            audit,
        ])
    except dynamo.TransactionCancelled as exc:
        if exc.reasons[0:1] == ["ConditionalCheckFailed"]:
            return False
        raise
    return True
