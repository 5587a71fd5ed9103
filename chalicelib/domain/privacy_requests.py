"""The privacy request register's rules: UK GDPR data-subject requests tracked to their
statutory deadline (privacy policy s7; promise P6). Pure: the caller passes `now`/`today` in.

Why each rule is the way it is:

* **The deadline is one calendar month from receipt** (UK GDPR art. 12(3), as the ICO reads
  it): the corresponding calendar date in the next month; when that date does not exist, the
  last day of that month (31 January -> 28 or 29 February). The day of receipt is its UTC date:
  never later than the UK date, so the deadline is never later than the law's.
  The ICO also lets a deadline that falls on a weekend or bank holiday run to the next working
  day; we do not rely on that, nor on the clock restarting once identity is confirmed: both
  would only ever move the deadline later, and a register that errs early is the safe one.
* **Extension** (art. 12(3)): once, by one or two further months counted from receipt (three
  months at most), only with a recorded reason, and only while the original deadline has not
  passed (a request already late cannot be made punctual by extending it).
* **Due soon** means the deadline is today or within `DUE_SOON_DAYS`; **overdue** means the
  deadline day has ended and the request is neither completed nor refused.
* **Statuses** move along `ALLOWED`; completed and refused are final and need an outcome text
  (what was done, or why it was refused, as the requester was told). A request is completed
  only after the requester's identity was verified, with how it was verified recorded.
* **History** is append-only: every change adds one `Change`, none is ever rewritten.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from chalicelib.domain.accounts import mask_email, normalize_email
from chalicelib.domain.errors import Conflict, InvalidInput

DUE_SOON_DAYS = 7
MAX_EXTENSION_MONTHS = 2
MAX_TEXT = 2000
MAX_SUMMARY = 2000
PREFIX = "PR-"


class RequestType(StrEnum):
    ACCESS = "access"                      # access / export (art. 15)
    RECTIFICATION = "rectification"        # art. 16
    ERASURE = "erasure"                    # art. 17
    RESTRICTION = "restriction"            # art. 18
    OBJECTION = "objection"                # art. 21
    PORTABILITY = "portability"            # art. 20
    WITHDRAW_CONSENT = "withdraw_consent"  # art. 7(3)
    OTHER = "other"


TYPE_LABELS = MappingProxyType({
    RequestType.ACCESS: "Access / copy of my data", RequestType.RECTIFICATION: "Correct my data",
    RequestType.ERASURE: "Erase my data", RequestType.RESTRICTION: "Restrict processing",
    RequestType.OBJECTION: "Object to processing", RequestType.PORTABILITY: "Data portability",
    RequestType.WITHDRAW_CONSENT: "Withdraw consent", RequestType.OTHER: "Other privacy request",
})


class Channel(StrEnum):
    TICKET = "ticket"
    EMAIL = "email"
    POST = "post"
    PHONE = "phone"
    SELF_SERVICE = "self_service"


STAFF_CHANNELS = frozenset({Channel.TICKET, Channel.EMAIL, Channel.POST, Channel.PHONE})
"""Channels staff may log a request from (self-service entries are made by the panel itself)."""


class Status(StrEnum):
    RECEIVED = "received"
    AWAITING_IDENTITY = "awaiting_identity"
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"
    COMPLETED = "completed"
    REFUSED = "refused"


FINAL = frozenset({Status.COMPLETED, Status.REFUSED})
_WORKING = frozenset({Status.COMPLETED, Status.REFUSED, Status.AWAITING_IDENTITY, Status.IN_PROGRESS})
ALLOWED: MappingProxyType[Status, frozenset[Status]] = MappingProxyType({
    Status.RECEIVED: _WORKING,
    Status.AWAITING_IDENTITY: _WORKING - {Status.AWAITING_IDENTITY},
    Status.IN_PROGRESS: _WORKING - {Status.IN_PROGRESS},
    Status.EXTENDED: _WORKING - {Status.IN_PROGRESS},  # still being worked on: it stays "extended"
    Status.COMPLETED: frozenset(),
    Status.REFUSED: frozenset(),
})
"""Where each status may go by a status change. `extended` is reached only by `extend`."""


class IdentityCheck(StrEnum):
    NOT_CHECKED = "not_checked"
    VERIFIED = "verified"
    FAILED = "failed"


class Standing(StrEnum):
    """Where an open request stands against its deadline; `closed` once final."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    CLOSED = "closed"


@dataclass(frozen=True)
class Change:
    """One recorded change: which field, from what, to what, by whom, when and why."""

    field: str
    old: str | None
    new: str | None
    by: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class PrivacyRequest:
    number: int
    request_type: RequestType
    channel: Channel
    received_at: datetime
    status: Status
    summary: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    account_id: str | None = None
    requester_email: str | None = None
    ticket_number: int | None = None
    identity: IdentityCheck = IdentityCheck.NOT_CHECKED
    identity_note: str | None = None
    extension_months: int = 0
    extension_reason: str | None = None
    outcome: str | None = None
    assigned_to: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    history: tuple[Change, ...] = ()
    version: int = 0

    @property
    def display(self) -> str:
        return display_id(self.number)

    @property
    def received_on(self) -> date:
        return received_day(self.received_at)

    @property
    def original_deadline(self) -> date:
        return statutory_deadline(self.received_on)

    @property
    def deadline(self) -> date:
        """The day by which the request must be answered (end of that day), extension included."""
        return add_months(self.received_on, 1 + self.extension_months)

    @property
    def final(self) -> bool:
        return self.status in FINAL


# --- ids --------------------------------------------------------------------------------------

_DISPLAY = re.compile(r"^(?:PR-)?0*(\d{1,12})$", re.IGNORECASE)


def display_id(number: int) -> str:
    return f"{PREFIX}{number:06d}"


def parse_id(text: object) -> int:
    """`PR-000123`, `pr-123` or `123` -> 123; anything else is refused in words."""
    match = _DISPLAY.match(text.strip()) if isinstance(text, str) else None
    if match is None or int(match.group(1)) == 0:
        raise InvalidInput("A privacy request id looks like PR-000123.", fields={"request_id": "invalid"})
    return int(match.group(1))


# --- the deadline ----------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The corresponding calendar date `months` later; the month's last day if it has no such date."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def statutory_deadline(received: date) -> date:
    """One calendar month from receipt, by the ICO's rule (see the module's notes)."""
    return add_months(received, 1)


def received_day(received_at: datetime) -> date:
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError(f"received_at must be timezone-aware (got naive {received_at.isoformat()})")
    return received_at.astimezone(UTC).date()


def days_left(request: PrivacyRequest, today: date) -> int:
    """Whole days from `today` to the deadline: 0 on the deadline day, negative once past it."""
    return (request.deadline - today).days


def standing(request: PrivacyRequest, today: date) -> Standing:
    if request.final:
        return Standing.CLOSED
    left = days_left(request, today)
    if left < 0:
        return Standing.OVERDUE
    return Standing.DUE_SOON if left <= DUE_SOON_DAYS else Standing.ON_TRACK


def due_soon_until(today: date) -> date:
    """The last deadline day that counts as due soon on `today`."""
    return today + timedelta(days=DUE_SOON_DAYS)


def mask_contact(contact: str | None) -> str | None:
    """A requester's contact as logs and the audit log may show it: `a***@example.com`, `07***`."""
    if not contact:
        return None
    return mask_email(contact) if "@" in contact else f"{contact[:2]}***"


# --- checks of what people type ----------------------------------------------------------------

def parse_type(value: object) -> RequestType:
    try:
        return RequestType(value.strip().lower()) if isinstance(value, str) else RequestType("")
    except ValueError:
        raise InvalidInput(f"Unknown request type; choose one of: {', '.join(t.value for t in RequestType)}.",
                           fields={"request_type": "unknown"}) from None


def parse_staff_channel(value: object) -> Channel:
    try:
        channel = Channel(value.strip().lower()) if isinstance(value, str) else Channel("")
    except ValueError:
        channel = None
    if channel not in STAFF_CHANNELS:
        raise InvalidInput(f"The channel must be one of: {', '.join(sorted(c.value for c in STAFF_CHANNELS))} "
                           "(self-service requests are registered automatically).", fields={"channel": "unknown"})
    assert channel is not None
    return channel


def requester_email(value: object) -> str | None:
    """The requester's e-mail address to answer, or None. Only an e-mail address: no postal
    address or phone number is stored (P1); a letter or call is answered from itself."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InvalidInput("'requester_email' must be text.", fields={"requester_email": "invalid"})
    try:
        return normalize_email(value)
    except InvalidInput:
        raise InvalidInput("The requester's contact must be an e-mail address (no postal address or phone number "
                           "is stored).", fields={"requester_email": "invalid"}) from None


def text(value: object, name: str, limit: int = MAX_TEXT, *, required: bool = True) -> str | None:
    """Trimmed text of at most `limit` characters; blank is None, or refused when `required`."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"'{name}' must be text.", fields={name: "invalid"})
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise InvalidInput(f"'{name}' is required.", fields={name: "required"})
        return None
    if len(cleaned) > limit:
        raise InvalidInput(f"'{name}' is longer than {limit} characters.", fields={name: "too_long"})
    return cleaned


# --- changes -----------------------------------------------------------------------------------

def new_request(number: int, request_type: RequestType, channel: Channel, received_at: datetime, now: datetime,
                by: str, summary: str, *, account_id: str | None = None, requester_email: str | None = None,
                ticket_number: int | None = None) -> PrivacyRequest:
    """A request as received: status `received`, identity not checked, deadline from receipt."""
    if received_day(received_at) > received_day(now):
        raise InvalidInput("The request cannot have been received in the future.", fields={"received_at": "future"})
    return PrivacyRequest(
        number=number, request_type=request_type, channel=channel, received_at=received_at.astimezone(UTC),
        status=Status.RECEIVED, summary=summary, created_by=by, created_at=now, updated_at=now,
        account_id=account_id, requester_email=requester_email, ticket_number=ticket_number,
        history=(Change("status", None, Status.RECEIVED.value, by, now, f"received by {channel.value}"),),
    )


def _changed(request: PrivacyRequest, change: Change, **fields: object) -> PrivacyRequest:
    return replace(request, **fields, updated_at=change.at, history=(*request.history, change))  # type: ignore[arg-type]


def _not_final(request: PrivacyRequest) -> None:
    if request.final:
        raise Conflict(f"{request.display} is {request.status.value}: a decided request cannot be changed.")


def change_status(request: PrivacyRequest, status: Status, outcome: str | None, by: str,
                  now: datetime) -> PrivacyRequest:
    """Move the request along `ALLOWED`. Completing and refusing are final and need an outcome;
    completing needs a verified identity."""
    _not_final(request)
    if status == Status.EXTENDED:
        raise InvalidInput("Extend a request with its own action, giving the months and the reason.",
                           fields={"status": "use_extend"})
    if status not in ALLOWED[request.status]:
        raise Conflict(f"A {request.status.value.replace('_', ' ')} request cannot become "
                       f"{status.value.replace('_', ' ')}.", fields={"status": "not_allowed"})
    if status in FINAL and not outcome:
        raise InvalidInput("Say what was done (or why the request is refused) in the outcome.",
                           fields={"outcome": "required"})
    if status == Status.COMPLETED and request.identity != IdentityCheck.VERIFIED:
        raise Conflict("Verify the requester's identity (and record how) before completing the request.",
                       fields={"identity": "not_verified"})
    change = Change("status", request.status.value, status.value, by, now, outcome)
    if status in FINAL:
        return _changed(request, change, status=status, outcome=outcome, decided_by=by, decided_at=now)
    return _changed(request, change, status=status)


def record_identity(request: PrivacyRequest, check: IdentityCheck, note: str | None, by: str,
                    now: datetime) -> PrivacyRequest:
    """The identity check's result; `verified` and `failed` need a note (how it was checked, or why it failed)."""
    _not_final(request)
    if check != IdentityCheck.NOT_CHECKED and not note:
        what = "how the identity was verified" if check == IdentityCheck.VERIFIED else "why the check failed"
        raise InvalidInput(f"Record {what}.", fields={"note": "required"})
    if check == request.identity and note == request.identity_note:
        raise Conflict("The identity check already says this.", fields={"identity": "unchanged"})
    change = Change("identity", request.identity.value, check.value, by, now, note)
    return _changed(request, change, identity=check, identity_note=note)


def extend(request: PrivacyRequest, months: int, reason: str | None, by: str, now: datetime) -> PrivacyRequest:
    """Extend once, by 1 or 2 months counted from receipt, with a reason, before the original deadline passes."""
    _not_final(request)
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise InvalidInput(f"A request can be extended by 1 or {MAX_EXTENSION_MONTHS} months.",
                           fields={"months": "invalid"})
    if not reason:
        raise InvalidInput("Record why the request needs more time.", fields={"reason": "required"})
    if request.extension_months:
        raise Conflict(f"{request.display} was already extended; a request can be extended only once.",
                       fields={"months": "already_extended"})
    if received_day(now) > request.original_deadline:
        raise Conflict(f"The original deadline ({request.original_deadline.isoformat()}) has passed: a request "
                       "can only be extended before it.", fields={"months": "too_late"})
    extended = add_months(request.received_on, 1 + months)
    change = Change("deadline", request.deadline.isoformat(), extended.isoformat(), by, now, reason)
    with_deadline = _changed(request, change, extension_months=months, extension_reason=reason)
    status_change = Change("status", request.status.value, Status.EXTENDED.value, by, now, reason)
    return _changed(with_deadline, status_change, status=Status.EXTENDED)


def assign(request: PrivacyRequest, staff_id: str | None, by: str, now: datetime) -> PrivacyRequest:
    _not_final(request)
    if staff_id == request.assigned_to:
        raise Conflict("The request is already assigned so.", fields={"assigned_to": "unchanged"})
    return _changed(request, Change("assigned_to", request.assigned_to, staff_id, by, now), assigned_to=staff_id)
