"""Erasure of an account's personal data: the customer's own deletion request, and (reused)
the closing of a minor's account and the retention job's finishing of closed accounts.

Order of work (docs/privacy.md, "Erasure"):
1. the preservation-hold check: held data is never erased; the refusal is audited;
2. the closing mark on the user item: from that write on no order can be charged and no
   session is accepted (store/ledger.apply `open_only`, accounts.resolve_session);
3. sessions and API keys revoked;
4. personal data erased: e-mail and username freed and blanked, sign-in records deleted,
   ticket text and attachments (S3 objects too) deleted, finished orders' links blanked;
5. financial records (the ledger, orders' amounts, top-ups) kept under the pseudonymous
   account id for the accounting period.
Every step is idempotent: running `erase` again finishes an interrupted erasure, and blanks
the links of orders that were still open the first time (the retention job does this).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from botocore.exceptions import ClientError

from chalicelib.adapters import attachments as bucket
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.observability import logger, metrics
from chalicelib.services import accounts, audit_log, caches, clock, holds
from chalicelib.settings import get_settings
from chalicelib.store import api_keys, consent, erasure, ledger, tickets

HELD_MESSAGE = ("Your account cannot be deleted at the moment. Please contact support, "
                "who will explain what happens next.")


class ErasureHeld(Conflict):
    """The erasure was refused because data is held; its message never says why."""


@dataclass(frozen=True)
class Erased:
    """What one erasure run did."""

    user_id: str
    newly_closed: bool
    balance: Decimal
    sessions_revoked: int
    api_keys_removed: int
    login_records_deleted: int
    tickets_erased: int
    attachments_deleted: int
    orders_pseudonymised: int
    orders_still_open: int


def erase(user_id: str, reason: str) -> Erased:
    """Close the account and erase its personal data (see the module's steps). Raises
    Conflict if a preservation hold covers it (recorded in the audit log, reason included:
    the customer is not told why, so a law-enforcement request is never tipped off)."""
    held = holds.hold_on(user_id)
    if held is not None:
        audit_log.record(Action.ERASURE_REFUSED, SubjectKind.USER, user_id,
                         after={"request": reason, "refused_because": f"preservation hold: {held}"})
        logger.info("erasure refused: data under hold", extra={"user_id": user_id})
        raise ErasureHeld(HELD_MESSAGE)
    account = ledger.account(user_id)
    if account is None:
        raise NotFound("No such account.")
    now = clock.now()
    newly_closed = erasure.close(user_id, now, reason)
    caches.accounts.drop(user_id)
    sessions = accounts.revoke_sessions(user_id)
    removed_keys = _remove_api_keys(user_id)
    erasure.erase_identity(user_id, now)
    logins = erasure.delete_login_records(user_id)
    erased_tickets, files = _erase_tickets(user_id)
    consent_links = erase_consent_records(user_id)
    done, still_open = _pseudonymise_orders(user_id)
    if newly_closed:
        _record_closed(user_id, reason, account.balance)
    result = Erased(user_id, newly_closed, account.balance, sessions, removed_keys, logins, erased_tickets, files,
                    done, still_open)
    logger.info("account erased", extra={"user_id": user_id, "orders_still_open": still_open,
                                         "tickets": erased_tickets, "consent_records": consent_links})
    metrics.add_metric(name="AccountsErased", unit="Count", value=1 if newly_closed else 0)
    return result


def _record_closed(user_id: str, reason: str, balance: Decimal) -> None:
    record = audit_log.build(Action.ACCOUNT_CLOSED, SubjectKind.USER, user_id, record_id=f"closed#{user_id}",
                             before={"balance": balance}, after={"closed": True, "reason": reason})
    erasure.write_once(audit_log.action(record))  # False: recorded by an earlier run


def _remove_api_keys(user_id: str) -> int:
    """Every key of the user stops working and its record (label, allowed IPs) goes."""
    found = api_keys.of_user(user_id)
    for key in found:
        caches.api_keys.drop(key.key_hash)
        erasure.delete_api_key(key.key_hash)
    return len(found)


def _erase_tickets(user_id: str) -> tuple[int, int]:
    """Blank the text of every ticket of the user and delete its attachments: the files named
    by the ticket (staff's replies too) and everything under the user's upload prefix."""
    settings = get_settings()
    own = tickets.of_user(user_id, limit=100_000)
    files = 0
    for ticket in own:
        thread = tickets.thread(ticket.number, with_notes=True)
        named = {a.key for a in ticket.attachments} | {a.key for m in thread for a in m.attachments}
        for key in sorted(named):
            try:
                bucket.delete(settings.attachments_bucket, key)
                files += 1
            except ClientError:
                logger.warning("attachment could not be deleted; the next run retries",
                               extra={"ticket": ticket.number})
                raise
        erasure.erase_ticket_text(ticket.number, [(m.seq, m.internal) for m in thread])
    files += bucket.delete_under(settings.attachments_bucket, erasure.upload_prefix(user_id))
    return len(own), files


def _pseudonymise_orders(user_id: str) -> tuple[int, int]:
    done = still_open = 0
    for item in erasure.order_items(user_id):
        if item.get("link") == erasure.ERASED:
            continue
        if erasure.pseudonymise_order(int(item["order_id"])):
            done += 1
        else:
            still_open += 1
    return done, still_open


def erase_consent_records(user_id: str) -> int:
    """Unlink the user's consent records from the account: the record of a choice stays as
    proof (consent id, time, categories, revision, keyed IP hash, browser family), without
    the user id that named the person. Idempotent; returns how many this run unlinked."""
    return consent.unlink_user(user_id)
