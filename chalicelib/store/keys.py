"""Every key pattern of the table, in one place. docs/architecture.md lists them too.

An entity's module in store/ builds its items only through these functions.
"""

from __future__ import annotations

Key = dict[str, str]


def user(user_id: str) -> Key:
    return {"pk": f"USER#{user_id}", "sk": "PROFILE"}


def email_claim(normalized_email: str) -> Key:
    """Uniqueness item: one per e-mail address, holding the owner's user id."""
    return {"pk": f"EMAIL#{normalized_email}", "sk": "CLAIM"}


def username_claim(username_key: str) -> Key:
    """Uniqueness item: one per case-folded username."""
    return {"pk": f"USERNAME#{username_key}", "sk": "CLAIM"}


def session(token_hash: str) -> Key:
    return {"pk": f"SESSION#{token_hash}", "sk": "SESSION"}


def sessions_of_user(user_id: str) -> tuple[str, str]:
    """GSI1 partition and sort-key prefix listing a user's sessions (to revoke them all)."""
    return f"USER#{user_id}", "SESSION#"


def session_index(user_id: str, token_hash: str) -> Key:
    return {"gsi1pk": f"USER#{user_id}", "gsi1sk": f"SESSION#{token_hash}"}


def password_reset(token_hash: str) -> Key:
    return {"pk": f"RESET#{token_hash}", "sk": "RESET"}


def totp_challenge(token_hash: str) -> Key:
    return {"pk": f"TOTPCHALLENGE#{token_hash}", "sk": "CHALLENGE"}


def login_record(user_id: str, at_iso: str, nonce: str) -> Key:
    return {"pk": f"USER#{user_id}", "sk": f"LOGIN#{at_iso}#{nonce}"}


LOGIN_IP_PURGE_PARTITION = "LOGINIP#PURGE"


def login_purge_index(purge_after_iso_date: str, user_id: str, at_iso: str) -> Key:
    """GSI1: login records ordered by the date their IP address must be purged (P8)."""
    return {"gsi1pk": LOGIN_IP_PURGE_PARTITION, "gsi1sk": f"{purge_after_iso_date}#{user_id}#{at_iso}"}


def throttle(scope: str, subject_hash: str, window_start: int) -> Key:
    return {"pk": f"THROTTLE#{scope}#{subject_hash}", "sk": f"WINDOW#{window_start}"}


def counter(name: str) -> Key:
    return {"pk": f"COUNTER#{name}", "sk": "COUNTER"}
