"""A user's balance and the sum of their ledger entries, read from DynamoDB Local (O4)."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.store import ledger as ledger_store


def balance(user_id: str) -> Decimal:
    account = ledger_store.account(user_id)
    assert account is not None, user_id
    return account.balance


def ledger_sum(user_id: str) -> Decimal:
    return sum((e.amount for e in ledger_store.entries(user_id)), Decimal("0"))


def kinds(user_id: str) -> list[tuple[str, Decimal]]:
    """(kind, amount) of every entry, oldest first."""
    return [(e.kind.value, e.amount) for e in ledger_store.entries(user_id, newest_first=False)]
