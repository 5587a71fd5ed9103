"""The balance (on the user item, versioned by `ledger_seq`) and the ledger entries.

A movement is one TransactWriteItems: the user item moves from (seq, balance) to
(seq + 1, balance + amount) on condition that it still is at (seq, balance), and the
entry is put on condition that its deterministic id does not exist yet. Any extra
actions of the use case (an order, an idempotency record...) join the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.ledger import AlreadyApplied, EntryKind, LedgerEntry
from chalicelib.domain.money import ZERO
from chalicelib.store import dynamo, keys, schema


@dataclass(frozen=True)
class Account:
    user_id: str
    balance: Decimal
    seq: int
    # Set when a payment taken back (refund, dispute) left the balance below zero: ordering
    # stops until staff resolve it. Set in the movement's own write, so it bumps `seq`.
    locked: str | None = None
    # Set once the account is closed (erasure): no spending can commit after it.
    closed: bool = False
    # The unspent service credit and bonus: part of the balance, never paid out (domain.ledger).
    restricted: Decimal = ZERO
    # The retention purge's checkpoint (store/financial_purge.py): the sequence number and the
    # balance after the last ledger entry removed; the entries left start at `carried_seq + 1`.
    carried_seq: int = 0
    carried_balance: Decimal = ZERO
    # Set by staff (store/customers.set_staff_lock), with a reason: no ordering, no API use.
    staff_lock: str | None = None


def account(user_id: str) -> Account | None:
    item = dynamo.get(keys.user(user_id))
    return account_from_user_item(item) if item else None


def account_from_user_item(item: dict[str, Any]) -> Account:
    """The balance lives on the user item: any consistent read of it is an account snapshot."""
    return Account(item["user_id"], Decimal(item.get("balance", ZERO)), int(item.get("ledger_seq", 0)),
                   item.get("locked"), "closed_at" in item, Decimal(item.get("restricted", ZERO)),
                   int(item.get("carried_seq", 0)), Decimal(item.get("carried_balance", ZERO)),
                   (item.get("staff_lock") or {}).get("reason"))


class VersionConflict(Exception):
    """The account moved between our read and our write; read again and retry."""


class ExtraActionFailed(Exception):
    """One of the use case's own actions failed its condition; `index` says which."""

    def __init__(self, index: int) -> None:
        super().__init__(f"extra action {index} failed its condition")
        self.index = index


def _entry_item(entry: LedgerEntry) -> dict[str, Any]:
    return {
        **keys.ledger_entry(entry.user_id, entry.entry_id),
        **keys.ledger_index(entry.user_id, entry.at.isoformat(), entry.entry_id),
        "type": "ledger",
        "entry_id": entry.entry_id,
        "user_id": entry.user_id,
        "kind": entry.kind.value,
        "amount": entry.amount,
        "balance_after": entry.balance_after,
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "reference": entry.reference,
        "staff_id": entry.staff_id,
        "reason": entry.reason,
        "restricted_after": entry.restricted_after,
        "restricted_change": entry.restricted_change,
    }


def _entry(item: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(
        entry_id=item["entry_id"], user_id=item["user_id"], kind=EntryKind(item["kind"]),
        amount=Decimal(item["amount"]), balance_after=Decimal(item["balance_after"]), seq=int(item["seq"]),
        at=datetime.fromisoformat(item["at"]), reference=item["reference"], staff_id=item.get("staff_id"),
        reason=item.get("reason"), restricted_after=Decimal(item.get("restricted_after", ZERO)),
        restricted_change=Decimal(item.get("restricted_change", ZERO)),
    )


def apply(before: Account, entry: LedgerEntry, extra: list[dict[str, Any]] | None = None, *,
          lock: str | None = None, open_only: bool = False) -> None:
    """Write the movement and the extra actions atomically.

    A movement may leave the account below zero only if it locks it (`lock`, a reason: money
    a customer already spent, taken back by their bank or by a refund) or if it is a credit
    (the balance, pinned by the version condition, only rises). `open_only` (spending) also
    requires the account not to be closed, in the same condition: an order racing an account
    deletion either commits before the closing mark or not at all; so does a staff lock.
    """
    assert entry.seq == before.seq + 1 and entry.balance_after == before.balance + entry.amount
    credit = entry.amount > 0
    assert entry.balance_after >= 0 or lock or credit
    version = "ledger_seq = :seq" if before.seq else "attribute_not_exists(ledger_seq)"
    values: dict[str, Any] = {"after": entry.balance_after, "next": entry.seq, "restricted": entry.restricted_after}
    if before.seq:
        values["seq"] = before.seq
    update = "SET balance = :after, ledger_seq = :next, restricted = :restricted"
    # The exact version we computed from; and never below zero unless this write locks or credits.
    condition = f"attribute_exists(pk) AND {version}"
    if lock:
        update += ", locked = :lock"
        values["lock"] = lock
    elif not credit:
        condition += " AND :after >= :zero"
        values["zero"] = ZERO
    if open_only:
        condition += " AND attribute_not_exists(closed_at) AND attribute_not_exists(staff_lock)"
    user_update: dict[str, Any] = {
        "Key": dynamo.to_attributes(keys.user(entry.user_id)),
        "UpdateExpression": update,
        "ConditionExpression": condition,
        "ExpressionAttributeValues": dynamo.values(**values),
    }
    actions = [
        {"Update": user_update},
        {"Put": {"Item": dynamo.to_attributes(_entry_item(entry)), "ConditionExpression": "attribute_not_exists(pk)"}},
        *(extra or []),
    ]
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled as exc:
        failed = [i for i, reason in enumerate(exc.reasons) if reason == "ConditionalCheckFailed"]
        if 1 in failed:
            raise AlreadyApplied(entry.entry_id) from exc
        if 0 in failed:
            raise VersionConflict() from exc
        if failed:
            raise ExtraActionFailed(failed[0] - 2) from exc
        if "TransactionConflict" in exc.reasons:
            raise VersionConflict() from exc
        raise


def entries(user_id: str, *, newest_first: bool = True, limit: int | None = None) -> list[LedgerEntry]:
    items = dynamo.query_index(schema.GSI1, keys.ledger_of(user_id), limit=limit, forward=not newest_first)
    return [_entry(item) for item in items]


def entries_page(user_id: str, limit: int = 50, cursor: str | None = None) -> tuple[list[LedgerEntry], str | None]:
    """A page of the user's ledger, newest first."""
    page = dynamo.query_page(schema.GSI1, keys.ledger_of(user_id), limit=limit, cursor=cursor)
    return [_entry(item) for item in page.items], page.cursor


def entries_between(user_id: str, date_from: str, date_to: str) -> list[LedgerEntry]:
    """The user's entries written from `date_from` to `date_to` (ISO dates or months, both
    inclusive), oldest first: one key range of the user's ledger partition, read in full."""
    between = keys.created_between(date_from, date_to)
    found: list[LedgerEntry] = []
    cursor = None
    while True:
        page = dynamo.query_page(schema.GSI1, keys.ledger_of(user_id), limit=dynamo.PAGE_SIZE, cursor=cursor,
                                 newest_first=False, sort_between=between)
        found.extend(_entry(item) for item in page.items)
        if page.cursor is None:
            return found
        cursor = page.cursor


def unlock(user_id: str, staff_id: str, note: str, at_iso: str, *, also: list[dict[str, Any]] | None = None) -> bool:
    """Lift a payment lock, with `also` (its audit record) in the same transaction; False if
    the account was not locked (and then nothing is written)."""
    lift = {"Update": {
        "Key": dynamo.to_attributes(keys.user(user_id)),
        "UpdateExpression": "REMOVE locked SET lock_resolved = :resolved",
        "ConditionExpression": "attribute_exists(locked)",
        "ExpressionAttributeValues": dynamo.values(resolved={"staff_id": staff_id, "note": note, "at": at_iso}),
    }}
    try:
        dynamo.transact_write([lift, *(also or [])])
    except dynamo.TransactionCancelled as exc:
        if exc.reasons and exc.reasons[0] == "ConditionalCheckFailed":
            return False
        raise
    return True


def has_entry(user_id: str, entry_id: str) -> bool:
    return dynamo.get(keys.ledger_entry(user_id, entry_id)) is not None


def entry(user_id: str, entry_id: str) -> LedgerEntry | None:
    item = dynamo.get(keys.ledger_entry(user_id, entry_id))
    return _entry(item) if item else None


def all_accounts() -> list[Account]:
    """Every account's balance and sequence (a paginated Scan: a scheduled job's cost)."""
    kwargs: dict[str, Any] = {
        "TableName": dynamo.table_name(), "FilterExpression": "#type = :user",
        "ProjectionExpression": "user_id, balance, ledger_seq, carried_seq, carried_balance",
        "ExpressionAttributeNames": {"#type": "type"}, "ExpressionAttributeValues": dynamo.values(user="user"),
    }
    found: list[Account] = []
    while True:
        response = dynamo.client().scan(**kwargs)
        for raw in response.get("Items", []):
            item = dynamo.from_attributes(raw)
            found.append(account_from_user_item(item))
        if "LastEvaluatedKey" not in response:
            return found
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
