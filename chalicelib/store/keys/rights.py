"""Data-subject rights: closed accounts (for retention to find) and e-mail change links."""

from __future__ import annotations

from chalicelib.store.keys.base import Key

CLOSED_ACCOUNTS = "ACCOUNTS#CLOSED"


def closed_account_index(closed_iso: str, user_id: str) -> Key:
    """GSI1 entry on a closed account's user item, ordered by when it was closed: the
    retention job finds accounts whose erasure must be finished (orders still open then)."""
    return {"gsi1pk": CLOSED_ACCOUNTS, "gsi1sk": f"{closed_iso}#{user_id}"}


def email_change(token_hash: str) -> Key:
    """A pending e-mail change: the link mailed to the new address, stored by its hash."""
    return {"pk": f"EMAILCHANGE#{token_hash}", "sk": "EMAILCHANGE"}
