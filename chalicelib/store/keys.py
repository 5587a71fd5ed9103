"""Every key pattern of the table, in one place. docs/architecture.md lists them too.

An entity's module in store/ builds its items only through these functions.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

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


def ledger_entry(user_id: str, entry_id: str) -> Key:
    return {"pk": f"USER#{user_id}", "sk": f"LEDGER#{entry_id}"}


def ledger_index(user_id: str, at_iso: str, entry_id: str) -> Key:
    """GSI1: a user's ledger in time order."""
    return {"gsi1pk": f"LEDGER#{user_id}", "gsi1sk": f"{at_iso}#{entry_id}"}


def ledger_of(user_id: str) -> str:
    return f"LEDGER#{user_id}"


def provider(provider_id: int) -> Key:
    return {"pk": f"PROVIDER#{provider_id}", "sk": "PROVIDER"}


def provider_index(provider_id: int) -> Key:
    return {"gsi1pk": PROVIDERS_PARTITION, "gsi1sk": f"{provider_id:08d}"}


PROVIDERS_PARTITION = "PROVIDERS"


def service(service_id: int) -> Key:
    return {"pk": f"SERVICE#{service_id}", "sk": "SERVICE"}


def service_index(service_id: int) -> Key:
    """GSI1: the whole catalog in one partition (hundreds to a few thousand items)."""
    return {"gsi1pk": SERVICES_PARTITION, "gsi1sk": f"{service_id:08d}"}


SERVICES_PARTITION = "SERVICES"


def catalog_settings() -> Key:
    return {"pk": "CONFIG#catalog", "sk": "CONFIG"}


CUSTOM_RATE_PREFIX = "RATE#"
ALL_SERVICES = "ALL"


def custom_rate(user_id: str, service_id: int | None) -> Key:
    """A user's own rate for one service, or (service_id None) their discount on everything."""
    target = ALL_SERVICES if service_id is None else service_id
    return {"pk": f"USER#{user_id}", "sk": f"{CUSTOM_RATE_PREFIX}{target}"}


def custom_rates_of(user_id: str) -> tuple[str, str]:
    """Partition and sort-key prefix of a user's custom rates."""
    return user(user_id)["pk"], CUSTOM_RATE_PREFIX


def custom_rate_target(sort_key: str) -> int | None:
    """The service id a custom-rate item is for; None for the user-wide discount."""
    target = sort_key.removeprefix(CUSTOM_RATE_PREFIX)
    return None if target == ALL_SERVICES else int(target)


def order(order_id: int) -> Key:
    return {"pk": f"ORDER#{order_id}", "sk": "ORDER"}


def order_index(user_id: str, created_iso: str, order_id: int) -> Key:
    """GSI1: a user's orders, newest last in sort order (queried backwards)."""
    return {"gsi1pk": f"ORDERS#{user_id}", "gsi1sk": f"{created_iso}#{order_id:012d}"}


def orders_of(user_id: str) -> str:
    return f"ORDERS#{user_id}"


def created_between(date_from: str | None, date_to: str | None) -> tuple[str, str]:
    """Bounds of a `<created ISO time>#...` sort key between two ISO dates, both inclusive
    (either open)."""
    return date_from or "0000", (date_to or "9999") + "\uffff"


def idempotency(user_id: str, key_hash: str) -> Key:
    return {"pk": f"IDEMPOTENCY#{user_id}#{key_hash}", "sk": "IDEMPOTENCY"}


def active_link(user_id: str, service_id: int, link_hash: str) -> Key:
    """Held while an order for this link and service is open (optional per-service rule)."""
    return {"pk": f"ACTIVELINK#{user_id}#{service_id}#{link_hash}", "sk": "ACTIVE"}


def refill(refill_id: int) -> Key:
    return {"pk": f"REFILL#{refill_id}", "sk": "REFILL"}


def api_key(key_hash: str) -> Key:
    return {"pk": f"APIKEY#{key_hash}", "sk": "APIKEY"}


def api_key_hash_of(partition: str) -> str:
    """The key hash back from an API key item's partition key."""
    return partition.removeprefix("APIKEY#")


def api_keys_index(user_id: str, created_iso: str, key_id: str) -> Key:
    """GSI1: a user's API keys."""
    return {"gsi1pk": f"APIKEYS#{user_id}", "gsi1sk": f"{created_iso}#{key_id}"}


def api_keys_of(user_id: str) -> str:
    return f"APIKEYS#{user_id}"


def api_daily_count(key_hash: str, day: str) -> Key:
    """Requests made with a key on one UTC day (the reseller's own daily limit)."""
    return {"pk": f"APIRATE#{key_hash}", "sk": f"DAY#{day}"}


def top_up(top_up_id: int) -> Key:
    return {"pk": f"TOPUP#{top_up_id}", "sk": "TOPUP"}


def top_ups_index(user_id: str, created_iso: str, top_up_id: int) -> Key:
    """GSI1: a user's top-ups (history for the customer and for staff)."""
    return {"gsi1pk": f"TOPUPS#{user_id}", "gsi1sk": f"{created_iso}#{top_up_id:012d}"}


def top_ups_of(user_id: str) -> str:
    return f"TOPUPS#{user_id}"


def top_ups_month(month: str, created_iso: str, top_up_id: int) -> Key:
    """GSI2: every top-up of one calendar month (staff's list), newest last in sort order.
    A partition per month: top-ups are rare next to orders."""
    return {"gsi2pk": f"TOPUPS#{month}", "gsi2sk": f"{created_iso}#{top_up_id:012d}"}


def top_ups_in(month: str) -> str:
    return f"TOPUPS#{month}"


def payments_config() -> Key:
    return {"pk": "CONFIG#payments", "sk": "CONFIG"}


def top_up_claim(key_hash: str) -> Key:
    """Idempotency of a top-up request (one top-up per caller and Idempotency-Key)."""
    return {"pk": f"TOPUPKEY#{key_hash}", "sk": "CLAIM"}


def stripe_object(object_id: str) -> Key:
    """Which top-up a Stripe PaymentIntent or Charge belongs to (refunds and disputes name
    only the charge or the intent)."""
    return {"pk": f"STRIPE#{object_id}", "sk": "TOPUP"}


# --- support tickets ----------------------------------------------------------------------
# The ticket's item collection, the user's and the month's indexes, the staff queue's sort key
# (its partition is TICKET_QUEUE below) and the S3 object keys of attachments.

def ticket(number: int) -> Key:
    return {"pk": f"TICKET#{number}", "sk": "TICKET"}


def ticket_partition(number: int) -> str:
    """A ticket's item collection: the ticket, its messages and its internal notes."""
    return f"TICKET#{number}"


TICKET_MESSAGE_PREFIX = "MSG#"   # what the customer may read
TICKET_NOTE_PREFIX = "NOTE#"     # internal notes: staff only, never queried for customers


def ticket_message(number: int, seq: int, internal: bool) -> Key:
    """A message (or, `internal`, a staff note) of a ticket; `seq` orders them in one sequence."""
    prefix = TICKET_NOTE_PREFIX if internal else TICKET_MESSAGE_PREFIX
    return {"pk": ticket_partition(number), "sk": f"{prefix}{seq:06d}"}


def tickets_index(user_id: str, created_iso: str, number: int) -> Key:
    """GSI1: a user's tickets (their list, and the duplicate check over recent ones)."""
    return {"gsi1pk": f"TICKETS#{user_id}", "gsi1sk": f"{created_iso}#{number:012d}"}


def tickets_of(user_id: str) -> str:
    return f"TICKETS#{user_id}"


def ticket_month(month: str, created_iso: str, number: int) -> Key:
    """One small item per ticket in its creation month's partition (the monthly breach count, S11).
    The ticket itself cannot also sit in a GSI2 month partition: GSI2 holds the staff queue."""
    return {"pk": tickets_month(month), "sk": f"{created_iso}#{number:012d}"}


def tickets_month(month: str) -> str:
    return f"TICKETMONTH#{month}"


def ticket_month_of(created: datetime) -> str:
    """The calendar month ("2026-11", UTC) whose partition lists a ticket created at `created`."""
    return created.astimezone(UTC).strftime("%Y-%m")


UNSCHEDULED = "~"
"""Sorts after every date: tickets without a deadline (clock not started, or paused) come last."""


def _utc_stamp(moment: datetime) -> str:
    """A sort key's time: UTC, microseconds, fixed width, so keys sort as times do."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ticket_queue_position(deadline: datetime | None, number: int) -> str:
    """The staff queue's sort key: first-response deadline (soonest first), then number."""
    when = _utc_stamp(deadline) if deadline else UNSCHEDULED
    return f"{when}#{number:012d}"


ATTACHMENT_PREFIX = "attachments"
_ATTACHMENT_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def attachment_key(user_id: str, token: str) -> str:
    """The S3 object key of an upload: under the uploader's own prefix, named by a random token
    (32 lowercase hex digits)."""
    assert _ATTACHMENT_TOKEN.match(token)
    return f"{ATTACHMENT_PREFIX}/{user_id}/{token}"


def attachment_token(user_id: str, key: object) -> str | None:
    """The token of `key` if it is an upload key under `user_id`'s prefix, else None."""
    if not isinstance(key, str):
        return None
    prefix = f"{ATTACHMENT_PREFIX}/{user_id}/"
    token = key[len(prefix):] if key.startswith(prefix) else ""
    return token if _ATTACHMENT_TOKEN.match(token) else None


# --- GSI2: work to do ----------------------------------------------------------------------

PENDING_DISPATCH = "WORK#pending"   # charged orders waiting to be sent
SENDING = "WORK#sending"            # claimed orders whose provider call is in flight
REVIEW = "WORK#review"              # orders staff must reconcile
TICKET_QUEUE = "WORK#tickets"       # tickets not closed, by first-response deadline (staff queue)
CLOSED_TICKETS = "CLOSEDTICKETS"    # closed tickets, by when they last changed (the queue's closed filter)


def closed_ticket(updated_at: datetime, number: int) -> Key:
    """GSI2: a closed ticket, sorted by its last change (its closing, unless staff touched it
    since); read newest first."""
    return work(CLOSED_TICKETS, f"{_utc_stamp(updated_at)}#{number:012d}")


def open_orders_of(provider_id: int) -> str:
    """Orders sent to a provider and not final: what status sync polls."""
    return f"WORK#open#{provider_id}"


def refills_of(provider_id: int) -> str:
    """Refill requests to forward or to follow at a provider."""
    return f"WORK#refill#{provider_id}"


def work(partition: str, sort: str) -> Key:
    return {"gsi2pk": partition, "gsi2sk": sort}


WORK_ATTRIBUTES = ("gsi2pk", "gsi2sk")  # removed when an item leaves the work index


def in_line_since(at_iso: str, number: int) -> str:
    """Work sort key of an order waiting since `at_iso` (pending, sending, review): oldest
    first, so a sweep reads only what waited longer than its cutoff."""
    return f"{at_iso}#{number:012d}"


def waited_until(at_iso: str) -> str:
    """The highest `in_line_since` sort key of anything waiting since `at_iso` or before."""
    return at_iso


def in_line_by_number(number: int) -> str:
    """Work sort key in a partition ordered by id alone (open orders, refills)."""
    return f"{number:012d}"


# --- staff audit log (append-only) ---------------------------------------------------------

def audit_record(record_id: str) -> Key:
    return {"pk": f"AUDIT#{record_id}", "sk": "AUDIT"}


def audit_of_subject(subject: str, at_iso: str, record_id: str) -> Key:
    """GSI1: the trail of one subject (`user:<id>`, `order:<id>`...), in time order."""
    return {"gsi1pk": audit_subject(subject), "gsi1sk": f"{at_iso}#{record_id}"}


def audit_subject(subject: str) -> str:
    return f"AUDITOF#{subject}"


def audit_in_month(month: str, at_iso: str, record_id: str) -> Key:
    """GSI2: every record of one calendar month (YYYY-MM), in time order (read newest first).
    A partition per month: staff actions are few next to orders."""
    return {"gsi2pk": audit_month(month), "gsi2sk": f"{at_iso}#{record_id}"}


def audit_month(month: str) -> str:
    return f"AUDITMONTH#{month}"
