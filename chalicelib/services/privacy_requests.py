"""The privacy request register (docs/privacy.md, "Privacy request register"; promise P6):
every data-subject request, however it arrived, tracked to its statutory deadline.

Three ways in:
* a ticket in the "Privacy request" category opens its entry in the ticket's own transaction
  (`ticket_intake`): no ticket without its entry, one entry per ticket;
* staff log a request that came by e-mail, post or phone, or in a ticket of another
  category (`log_request`);
* a customer's own action (export, deletion, correction, objection) is registered as decided
  by one call from the rights services (`self_service`).

Every change is a versioned write with its audit record in one transaction: of two staff
members changing a request at once, one wins and the other gets a 409 and reloads.
Requesters' contacts are never logged, and the audit log holds them masked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.domain import privacy_requests as rules
from chalicelib.domain.accounts import Role
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.privacy_requests import Channel, IdentityCheck, PrivacyRequest, RequestType, Status
from chalicelib.domain.privacy_self_service import SelfService, self_service_request
from chalicelib.observability import PRIVACY_REGISTER_WRITE_FAILED, logger, metrics
from chalicelib.services import audit_log, clock
from chalicelib.store import counters, users
from chalicelib.store import privacy_requests as store
from chalicelib.store import tickets as tickets_store

COUNTER = "privacy_request"
CHANGED_MEANWHILE = "This request was changed by someone else meanwhile. Reload it and try again."
NO_SUCH_REQUEST = "No such privacy request."
REGISTER_STAFF = frozenset({Role.SUPPORT, Role.ADMIN})
"""Who works the register: support staff and admins (as the support desk)."""


def today() -> date:
    return clock.now().astimezone(UTC).date()


# --- audit ---------------------------------------------------------------------------------------

def _opened_audit(request: PrivacyRequest) -> dict[str, Any]:
    record = audit_log.build(
        Action.PRIVACY_REQUEST_OPENED, SubjectKind.PRIVACY_REQUEST, request.display,
        record_id=f"privacy-opened#{request.number}",
        after={"request_type": request.request_type, "channel": request.channel, "status": request.status,
               "received_on": request.received_on.isoformat(), "deadline": request.deadline.isoformat(),
               "account_id": request.account_id, "contact": rules.mask_contact(request.requester_email),
               "ticket": request.ticket_number})
    return audit_log.action(record)


def _changed_audit(before: PrivacyRequest, after: PrivacyRequest, actor: str) -> dict[str, Any]:
    added = after.history[len(before.history):]
    record = audit_log.build(
        Action.PRIVACY_REQUEST_CHANGED, SubjectKind.PRIVACY_REQUEST, after.display, actor=actor,
        record_id=f"privacy-changed#{after.number}#{after.version}",
        before={c.field: c.old for c in added},
        after={**{c.field: c.new for c in added}, "reason": next((c.reason for c in added if c.reason), None),
               "version": after.version})
    return audit_log.action(record)


# --- intake --------------------------------------------------------------------------------------

def ticket_source(ticket_number: int) -> str:
    return f"ticket#{ticket_number}"


def ticket_intake(ticket_number: int, user_id: str, request_type: RequestType, now: datetime) -> list[dict[str, Any]]:
    """The writes that open the entry of a new "Privacy request" ticket, for the ticket's own
    transaction: the entry, its claim on the ticket (one entry per ticket) and its audit record."""
    request = rules.new_request(counters.next_id(COUNTER), request_type, Channel.TICKET, now, now, user_id,
                                f"Ticket #{ticket_number}: {rules.TYPE_LABELS[request_type]}",
                                account_id=user_id, ticket_number=ticket_number)
    logger.info("privacy request opened from a ticket", extra={"request": request.display, "ticket": ticket_number})
    return [*store.insert_actions(request, ticket_source(ticket_number)), _opened_audit(request)]


def entry_of_ticket(ticket_number: int) -> str | None:
    """The register id of a ticket's request (`PR-000123`), if it has one."""
    number = store.by_source(ticket_source(ticket_number))
    return rules.display_id(number) if number is not None else None


def log_request(staff_id: str, request_type: object, channel: object, received_on: date, summary: object,
                account_id: str | None = None, requester_email: object = None,
                ticket_number: int | None = None) -> PrivacyRequest:
    """Staff register a request that arrived by e-mail, post or phone, or in a ticket of
    another category. All input is checked before anything is written."""
    kind, via = rules.parse_type(request_type), rules.parse_staff_channel(channel)
    what = rules.text(summary, "summary", rules.MAX_SUMMARY)
    assert what is not None
    contact = rules.requester_email(requester_email)
    now = clock.now()
    if received_on > now.astimezone(UTC).date():
        raise InvalidInput("The request cannot have been received in the future.", fields={"received_on": "future"})
    source = None
    if via == Channel.TICKET:
        if ticket_number is None:
            raise InvalidInput("Give the number of the ticket the request came in.",
                               fields={"ticket_number": "required"})
        ticket = tickets_store.get(ticket_number)
        if ticket is None:
            raise InvalidInput(f"There is no ticket #{ticket_number}.", fields={"ticket_number": "unknown"})
        if account_id is not None and account_id != ticket.user_id:
            raise InvalidInput("The ticket belongs to another account.", fields={"account_id": "mismatch"})
        account_id, source = ticket.user_id, ticket_source(ticket_number)
        existing = entry_of_ticket(ticket_number)
        if existing is not None:
            raise Conflict(f"Ticket #{ticket_number} is already in the register as {existing}.",
                           fields={"ticket_number": "registered"})
    elif ticket_number is not None:
        raise InvalidInput("A ticket number goes only with the channel 'ticket'.", fields={"ticket_number": "unused"})
    if account_id is not None and users.get(account_id) is None:
        raise InvalidInput("There is no account with this id.", fields={"account_id": "unknown"})
    received_at = now if received_on == now.astimezone(UTC).date() else datetime.combine(received_on, time(), UTC)
    request = rules.new_request(counters.next_id(COUNTER), kind, via, received_at, now, staff_id, what,
                                account_id=account_id, requester_email=contact, ticket_number=ticket_number)
    number = store.insert(request, source, _opened_audit(request))
    if number != request.number:  # the ticket's entry was opened meanwhile
        raise Conflict(f"Ticket #{ticket_number} is already in the register as {rules.display_id(number)}.",
                       fields={"ticket_number": "registered"})
    logger.info("privacy request logged by staff", extra={"request": request.display, "channel": via.value})
    metrics.add_metric(name="PrivacyRequestsOpened", unit="Count", value=1)
    return request


def self_service(user_id: str, action: SelfService, key: str) -> None:
    """Hook for the rights services: register a customer's own action as a decided request.
    `key` names the action (an export's time, a link's hash): the same action is registered
    once, however often this runs. A failure is logged and counted, never raised: the
    customer's action itself has succeeded, and telling them otherwise would be false."""
    source = f"{action.value}#{key}"
    try:
        if store.by_source(source) is not None:
            return
        request = self_service_request(counters.next_id(COUNTER), action, user_id, clock.now())
        store.insert(request, source, _opened_audit(request))
    except (ClientError, BotoCoreError, Conflict):
        logger.exception("self-service request not registered", extra={"action": action.value, "user_id": user_id})
        metrics.add_metric(name=PRIVACY_REGISTER_WRITE_FAILED, unit="Count", value=1)


# --- staff: reading ------------------------------------------------------------------------------

class View(StrEnum):
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ALL = "all"


@dataclass(frozen=True)
class Listing:
    requests: list[PrivacyRequest]
    next_cursor: str | None
    today: date


def listing(view: View, limit: int, cursor: str | None) -> Listing:
    """Open (and its due-soon and overdue parts) soonest deadline first, read as key ranges of
    the open index; all, newest first."""
    day = today()
    if view == View.ALL:
        found, after = store.all_page(limit, cursor)
    elif view == View.DUE_SOON:
        found, after = store.open_page(limit, cursor, due_from=day, due_until=rules.due_soon_until(day))
    elif view == View.OVERDUE:
        found, after = store.open_page(limit, cursor, due_until=day - timedelta(days=1))
    else:
        found, after = store.open_page(limit, cursor)
    return Listing(found, after, day)


def detail(request_id: object) -> PrivacyRequest:
    found = store.get(rules.parse_id(request_id))
    if found is None:
        raise NotFound(NO_SUCH_REQUEST)
    return found


# --- staff: changing -----------------------------------------------------------------------------

def _change(request_id: object, version: int, staff_id: str,
            apply: Callable[[PrivacyRequest, datetime], PrivacyRequest]) -> PrivacyRequest:
    """Apply a rule to the request as the staff member saw it (`version`) and store it on that
    condition; a request changed since answers 409 and nothing is written."""
    current = detail(request_id)
    if version != current.version:
        raise Conflict(CHANGED_MEANWHILE, fields={"version": "stale"})
    after = replace(apply(current, clock.now()), version=current.version + 1)
    if not store.replace(current, after, _changed_audit(current, after, staff_id)):
        raise Conflict(CHANGED_MEANWHILE, fields={"version": "stale"})
    logger.info("privacy request changed", extra={"request": after.display, "version": after.version,
                                                  "fields": [c.field for c in after.history[len(current.history):]]})
    return after


def set_status(request_id: object, version: int, staff_id: str, status: str, outcome: object) -> PrivacyRequest:
    try:
        new_status = Status(status)
    except ValueError:
        raise InvalidInput(f"Unknown status; choose one of: {', '.join(s.value for s in Status)}.",
                           fields={"status": "unknown"}) from None
    text = rules.text(outcome, "outcome", required=False)
    return _change(request_id, version, staff_id,
                   lambda r, now: rules.change_status(r, new_status, text, staff_id, now))


def set_identity(request_id: object, version: int, staff_id: str, check: str, note: object) -> PrivacyRequest:
    try:
        result = IdentityCheck(check)
    except ValueError:
        raise InvalidInput(f"Unknown identity check; choose one of: {', '.join(c.value for c in IdentityCheck)}.",
                           fields={"identity": "unknown"}) from None
    text = rules.text(note, "note", required=False)
    return _change(request_id, version, staff_id, lambda r, now: rules.record_identity(r, result, text, staff_id, now))


def extend(request_id: object, version: int, staff_id: str, months: int, reason: object) -> PrivacyRequest:
    text = rules.text(reason, "reason", required=False)
    return _change(request_id, version, staff_id, lambda r, now: rules.extend(r, months, text, staff_id, now))


def assign(request_id: object, version: int, staff_id: str, assignee: str | None) -> PrivacyRequest:
    if assignee is not None:
        found = users.get(assignee)
        if found is None or found.role not in REGISTER_STAFF:
            raise InvalidInput("Assign the request to a support or admin staff member.",
                               fields={"assigned_to": "not_staff"})
    return _change(request_id, version, staff_id, lambda r, now: rules.assign(r, assignee, staff_id, now))
