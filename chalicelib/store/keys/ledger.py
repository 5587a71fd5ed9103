"""The ledger's entries."""

from __future__ import annotations

from chalicelib.store.keys.base import Key


def ledger_entry(user_id: str, entry_id: str) -> Key:
    return {"pk": f"USER#{user_id}", "sk": f"LEDGER#{entry_id}"}


def ledger_index(user_id: str, at_iso: str, entry_id: str) -> Key:
    """GSI1: a user's ledger in time order."""
    return {"gsi1pk": f"LEDGER#{user_id}", "gsi1sk": f"{at_iso}#{entry_id}"}


def ledger_of(user_id: str) -> str:
    return f"LEDGER#{user_id}"
