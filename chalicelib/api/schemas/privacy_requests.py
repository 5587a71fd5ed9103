"""The privacy request register's bodies, queries and answers (staff only; docs/privacy.md)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Cursor, Out, Page, Timestamp, when
from chalicelib.domain import privacy_requests as rules
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.privacy_requests import PrivacyRequest
from chalicelib.services.privacy_requests import View

VERSION = Field(description="The request's version as last read: a request changed since answers 409.")


# --- queries and bodies ---------------------------------------------------------------------------

class RegisterQuery(Page):
    """`?view=open|due_soon|overdue|all` (default open), with `limit` and `cursor`."""

    view: View = Field(default=View.OPEN, description="open, due_soon (within 7 days), overdue, or all.")

    @field_validator("view", mode="before")
    @classmethod
    def _view(cls, value: object) -> View:
        try:
            return View(str(value).strip().lower())
        except ValueError:
            raise InvalidInput(f"Unknown view; choose one of: {', '.join(v.value for v in View)}.",
                               fields={"view": "unknown"}) from None


class NewRequestBody(Body):
    request_type: str = Field(description="access, rectification, erasure, restriction, objection, portability, "
                                          "withdraw_consent or other.")
    channel: str = Field(description="email, post, phone, or ticket (a request made in a ticket of another "
                                     "category; give its number).")
    received_on: date = Field(description="The day the request reached us (YYYY-MM-DD): its deadline runs from it.")
    summary: str = Field(description="What the requester asks for.")
    requester_email: str | None = Field(default=None, description="The e-mail address to answer, if not through "
                                                                  "their account; never a postal address or phone.")
    account_id: str | None = None
    ticket_number: int | None = None

    @field_validator("received_on", mode="before")
    @classmethod
    def _received_on(cls, value: object) -> date:
        try:
            return date.fromisoformat(value) if isinstance(value, str) else date.fromisoformat("")
        except ValueError:
            raise InvalidInput("'received_on' must be a date such as 2026-11-30.",
                               fields={"received_on": "invalid"}) from None


class StatusBody(Body):
    version: int = VERSION
    status: str = Field(description="received, awaiting_identity, in_progress, completed or refused.")
    outcome: str | None = Field(default=None, description="Needed to complete or refuse: what was done, or why not.")


class IdentityBody(Body):
    version: int = VERSION
    identity: str = Field(description="not_checked, verified or failed.")
    note: str | None = Field(default=None, description="How the identity was verified, or why the check failed.")


class ExtensionBody(Body):
    version: int = VERSION
    months: int = Field(description="1 or 2 further months, counted from receipt.")
    reason: str | None = Field(default=None, description="Why the request needs more time (required).")


class AssignBody(Body):
    version: int = VERSION
    assigned_to: str | None = Field(description="A support or admin staff member's id; null to unassign.")


# --- answers --------------------------------------------------------------------------------------

class Choice(Out):
    id: str
    label: str


class RegisterChangeOut(Out):
    field: str
    from_: str | None = Field(alias="from")
    to: str | None
    by: str
    at: Timestamp
    reason: str | None


class PrivacyRequestOut(Out):
    id: str = Field(examples=["PR-000123"])
    number: int
    request_type: str
    type_label: str
    channel: str
    status: str
    standing: str = Field(description="on_track, due_soon, overdue, or closed once decided.")
    received_at: Timestamp
    deadline: str = Field(description="The day by which to answer (YYYY-MM-DD), extension included.")
    original_deadline: str
    days_left: int = Field(description="Days from today to the deadline; negative once overdue.")
    summary: str
    account_id: str | None
    requester_email: str | None
    ticket_number: int | None
    identity: str
    identity_note: str | None
    extension_months: int
    extension_reason: str | None
    outcome: str | None
    assigned_to: str | None
    created_by: str
    created_at: Timestamp
    decided_by: str | None
    decided_at: Timestamp | None
    version: int

    @classmethod
    def of(cls, request: PrivacyRequest, today: date) -> PrivacyRequestOut:
        return cls(
            id=request.display, number=request.number, request_type=request.request_type.value,
            type_label=rules.TYPE_LABELS[request.request_type], channel=request.channel.value,
            status=request.status.value, standing=rules.standing(request, today).value,
            received_at=request.received_at.isoformat(), deadline=request.deadline.isoformat(),
            original_deadline=request.original_deadline.isoformat(), days_left=rules.days_left(request, today),
            summary=request.summary, account_id=request.account_id, requester_email=request.requester_email,
            ticket_number=request.ticket_number, identity=request.identity.value,
            identity_note=request.identity_note, extension_months=request.extension_months,
            extension_reason=request.extension_reason, outcome=request.outcome, assigned_to=request.assigned_to,
            created_by=request.created_by, created_at=request.created_at.isoformat(),
            decided_by=request.decided_by, decided_at=when(request.decided_at), version=request.version)


class PrivacyRequestDetail(PrivacyRequestOut):
    history: list[RegisterChangeOut]

    @classmethod
    def of(cls, request: PrivacyRequest, today: date) -> PrivacyRequestDetail:
        return cls(**PrivacyRequestOut.of(request, today).model_dump(), history=[
            RegisterChangeOut(field=c.field, from_=c.old, to=c.new, by=c.by, at=c.at.isoformat(), reason=c.reason)
            for c in request.history])


class PrivacyRequestAnswer(Out):
    request: PrivacyRequestDetail


class PrivacyRequestList(Out):
    requests: list[PrivacyRequestOut]
    next_cursor: Cursor
    today: str = Field(description="The day `days_left` counts from (UTC).")
    request_types: list[Choice]
    statuses: list[str]
