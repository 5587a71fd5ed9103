"""Data-subject rights of a signed-in customer: see everything held about them (export) and
delete the account (docs/privacy.md). Both act on the caller's own id only: no route takes
another user's id."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain import accounts as rules
from chalicelib.domain.accounts import User
from chalicelib.domain.api_keys import ApiKey
from chalicelib.domain.errors import Conflict, Forbidden, NotAuthenticated
from chalicelib.domain.ledger import LedgerEntry, withdrawable
from chalicelib.domain.orders import FINAL_STATUSES, Order
from chalicelib.domain.payments import TopUp
from chalicelib.domain.privacy_self_service import SelfService
from chalicelib.domain.tickets.model import Message, Ticket
from chalicelib.services import clock, erasure, limits, privacy_requests
from chalicelib.settings import get_settings
from chalicelib.store import api_keys, corrections, ledger, logins, tickets
from chalicelib.store import consent as consent_store
from chalicelib.store import erasure as erasure_store

WRONG_PASSWORD = "The password is incorrect. Your account was not changed."  # noqa: S105 - a message, not a secret


# --- export (right of access) -------------------------------------------------------------

@dataclass(frozen=True)
class Export:
    user: User
    balance: Decimal
    marketing_opt_out: bool
    generated_at: datetime
    orders: list[Order]
    ledger: list[LedgerEntry]
    top_ups: list[TopUp]
    tickets: list[tuple[Ticket, list[Message]]]
    logins: list[dict[str, Any]]
    api_keys: list[ApiKey]
    consent_records: list[dict[str, Any]] = field(default_factory=list)


def export(user: User) -> Export:
    """Everything held about the user, read fresh (never from a cache). Tickets come with the
    messages the customer can see; internal staff notes are released on a request through
    the privacy register, after review for third parties' data."""
    limits.take("data exports", limits.per_subject("data-export", user.user_id, get_settings().exports_per_account))
    account = ledger.account(user.user_id)
    own_tickets = tickets.of_user(user.user_id, limit=100_000)
    found = Export(
        user=user, balance=account.balance if account else Decimal(0),
        marketing_opt_out=corrections.marketing_opt_out(user.user_id), generated_at=clock.now(),
        orders=erasure_store.orders_of(user.user_id),
        ledger=ledger.entries(user.user_id, newest_first=False),
        top_ups=erasure_store.top_ups_of(user.user_id),
        tickets=[(t, tickets.thread(t.number, with_notes=False)) for t in own_tickets],
        logins=logins.of_user(user.user_id),
        api_keys=api_keys.of_user(user.user_id),
        consent_records=consent_records_of(user.user_id),
    )
    privacy_requests.self_service(user.user_id, SelfService.EXPORT, f"{user.user_id}#{found.generated_at.isoformat()}")
    return found


def consent_records_of(user_id: str) -> list[dict[str, Any]]:
    """The user's cookie-consent records, each choice made while signed in, oldest first: what
    they chose, when, for which registry revision, and the keyed hash of the address it came
    from (the address itself is never held)."""
    return [{"consent_id": r.consent_id, "at": r.at.isoformat(), "action": r.action, "accepted": list(r.accepted),
             "rejected": list(r.rejected), "revision": r.revision, "ip_hash": r.ip_hash,
             "user_agent_family": r.user_agent_family}
            for r in consent_store.of_user(user_id)]


# --- deletion (right to erasure) ------------------------------------------------------------

@dataclass(frozen=True)
class DeletionPreview:
    balance: Decimal
    open_orders: int


def deletion_preview(user: User) -> DeletionPreview:
    """What deleting the account would mean now: the balance that would be left behind and
    the orders still running (their links are blanked once they finish)."""
    account = ledger.account(user.user_id)
    items = erasure_store.order_items(user.user_id)
    finals = {s.value for s in FINAL_STATUSES}
    return DeletionPreview(balance=account.balance if account else Decimal(0),
                           open_orders=sum(1 for i in items if i["status"] not in finals))


def delete_account(user: User, password: str, accept_balance_loss: bool, ip: str) -> erasure.Erased:
    """Check the password (throttled per account and per client IP), make sure a remaining
    balance was shown and given up, then erase. A refusal changes nothing."""
    settings = get_settings()
    limits.take("account deletion attempts",
                limits.per_subject("account-delete", user.user_id, settings.deletion_attempts_per_account),
                limits.per_ip("account-delete", ip, settings.deletion_attempts_per_ip))
    if not rules.verify_password(password, user.password_hash):
        raise Forbidden(WRONG_PASSWORD)
    account = ledger.account(user.user_id)
    if account is None:
        raise NotAuthenticated("Your session has expired. Please sign in again.")
    if account.balance > 0 and not accept_balance_loss:
        refundable = withdrawable(account.balance, account.restricted)
        raise Conflict(f"Your balance is {account.balance:.2f} USD, of which {refundable:.2f} USD can be refunded "
                       "(service credit and bonus cannot). Ask support for that refund first, or confirm that you "
                       "give up this balance when you delete the account.",
                       fields={"accept_balance_loss": "required"})
    try:
        erased = erasure.erase(user.user_id, reason="the customer's own deletion request")
    except erasure.ErasureHeld:
        # Registered as refused in neutral words; the hold itself is in the audit log only.
        privacy_requests.self_service(user.user_id, SelfService.DELETION_REFUSED,
                                      f"{user.user_id}#{clock.now().date().isoformat()}")
        raise
    privacy_requests.self_service(user.user_id, SelfService.DELETION, user.user_id)
    return erased
