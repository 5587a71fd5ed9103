"""Users, sessions, sign-in records and their purge, throttles and counters."""

from __future__ import annotations

from chalicelib.store.keys.base import Key


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


def session_hash_of(partition: str) -> str:
    """The token hash back from a session item's partition key."""
    return partition.removeprefix("SESSION#")


def sessions_of_user(user_id: str) -> tuple[str, str]:
    """GSI1 partition and sort-key prefix listing a user's sessions (to revoke them all)."""
    return f"USER#{user_id}", "SESSION#"


def session_index(user_id: str, token_hash: str) -> Key:
    return {"gsi1pk": f"USER#{user_id}", "gsi1sk": f"SESSION#{token_hash}"}


def password_reset(token_hash: str) -> Key:
    return {"pk": f"RESET#{token_hash}", "sk": "RESET"}


def totp_challenge(token_hash: str) -> Key:
    return {"pk": f"TOTPCHALLENGE#{token_hash}", "sk": "CHALLENGE"}


def totp_guard(user_id: str) -> Key:
    """Wrong second-factor codes of one staff account, across challenges, and its lock."""
    return {"pk": f"TOTPGUARD#{user_id}", "sk": "GUARD"}


LOGIN_PREFIX = "LOGIN#"


def login_record(user_id: str, at_iso: str, nonce: str) -> Key:
    return {"pk": f"USER#{user_id}", "sk": f"{LOGIN_PREFIX}{at_iso}#{nonce}"}


def logins_of(user_id: str) -> tuple[str, str]:
    """Partition and sort-key prefix of a user's login records."""
    return user(user_id)["pk"], LOGIN_PREFIX


LOGIN_IP_PURGE_PARTITION = "LOGINIP#PURGE"


def login_purge_index(purge_after_iso_date: str, user_id: str, at_iso: str) -> Key:
    """GSI1: login records ordered by the date their IP address must be purged (P8)."""
    return {"gsi1pk": LOGIN_IP_PURGE_PARTITION, "gsi1sk": f"{purge_after_iso_date}#{user_id}#{at_iso}"}


def login_purge_due_by(iso_date: str) -> str:
    """The highest purge-index sort key due on `iso_date` (every record of that day included)."""
    return f"{iso_date}#\uffff"


def throttle(scope: str, subject_hash: str, window_start: int) -> Key:
    return {"pk": f"THROTTLE#{scope}#{subject_hash}", "sk": f"WINDOW#{window_start}"}


def counter(name: str) -> Key:
    return {"pk": f"COUNTER#{name}", "sk": "COUNTER"}


def customer_mail_sent(marker: str) -> Key:
    """One per service mail sent to a customer (domain.customer_mails.sent_marker): kind and
    order or top-up id only, no address."""
    return {"pk": f"MAILSENT#{marker}", "sk": "MAILSENT"}


STAFF_PARTITION = "STAFF"


def staff_index(created_iso: str, user_id: str) -> Key:
    """GSI3 (keys only) entry on a staff account's user item, written when a staff role is
    given: the console lists staff with one query of this partition (never a scan), then
    reads the user items by key. Customers have no entry."""
    return {"gsi3pk": STAFF_PARTITION, "gsi3sk": f"{created_iso}#{user_id}"}


CUSTOMERS_PARTITION = "CUSTOMERS"


def customer_index(created_iso: str, user_id: str) -> Key:
    """GSI3 (keys only) entry on a customer's user item, written when the account is made: the
    console lists customers newest first with one query of this partition (never a scan).
    Accounts made before it existed join with `panel customers index` (store/customers.py)."""
    return {"gsi3pk": CUSTOMERS_PARTITION, "gsi3sk": f"{created_iso}#{user_id}"}
