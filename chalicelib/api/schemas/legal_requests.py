"""The legal request register's bodies and answers (role `legal` only; docs/legal.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field, field_validator

from chalicelib.api.contract import Body, Query
from chalicelib.api.schemas.common import Cursor, Out, Page, Timestamp, when
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.legal_assessment import REASONS
from chalicelib.domain.legal_notice import GROUND_LABELS
from chalicelib.domain.legal_register import LegalEntry, VoluntaryDisclosure
from chalicelib.domain.legal_request import LegalRequest

VERSION = Field(description="The request's version as last read: a request changed since answers 409.")


def parse_day(value: object, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else date.fromisoformat("")
    except ValueError:
        raise InvalidInput(f"'{name}' must be a date such as 2026-11-30.", fields={name: "invalid"}) from None


# --- bodies ---------------------------------------------------------------------------------------

class IntakeBody(Body):
    """Read as a raw object: the checklist's own rules word what is wrong with it."""

    checklist: LegalRequest = Field(description="The Section 3 checklist, field for field as "
                                                "`panel legal assess` reads it.")
    received_on: date | None = Field(default=None, description="The day the request reached the legal address "
                                                               "(YYYY-MM-DD); today when left out.")
    pdf_key: str | None = Field(default=None, description="The key of the request's PDF uploaded through "
                                                          "POST /legal/uploads; required when the checklist says "
                                                          "the request is a PDF.")

    @field_validator("received_on", mode="before")
    @classmethod
    def _received_on(cls, value: object) -> date | None:
        return parse_day(value, "received_on")


class ReassessBody(Body):
    version: int = VERSION
    checklist: LegalRequest = Field(description="The corrected checklist.")
    pdf_key: str | None = Field(default=None, description="A newly uploaded PDF; left out: the one attached.")


class LegalUploadBody(Body):
    filename: str = Field(description="The PDF's file name (it must end in .pdf).")
    size: int = Field(description="The file's size in bytes.")


class LegalDecisionBody(Body):
    version: int = VERSION
    decision: str = Field(description="accept (only what the rules accept), refuse or incomplete.")
    note: str | None = Field(default=None, description="Why: required to refuse or mark incomplete.")
    withhold: str | None = Field(default=None, description="Accepting only: withhold the user's notice on this "
                                                           "ground (gag_order, legal_prohibition, risk_to_life, "
                                                           "evidence_destruction).")
    withhold_note: str | None = Field(default=None, description="What the ground rests on (the order, the risk).")


class LegalVersionBody(Body):
    version: int = VERSION


class LegalNoteBody(Body):
    version: int = VERSION
    note: str | None = Field(default=None, description="Recorded with the step (required).")


class VoluntaryBody(Body):
    category: str = Field(description="csam, terrorism or other_serious_harm.")
    authority: str = Field(description="The authority the data was sent to.")
    country: str | None = Field(default=None, description="Its country, ISO 3166 alpha-2 (GB, US...).")
    sent_on: date = Field(description="The day it was sent (YYYY-MM-DD).")
    summary: str = Field(description="What was sent and why.")
    account_id: str | None = None

    @field_validator("sent_on", mode="before")
    @classmethod
    def _sent_on(cls, value: object) -> date | None:
        found = parse_day(value, "sent_on")
        if found is None:
            raise InvalidInput("'sent_on' is required.", fields={"sent_on": "required"})
        return found


class TransparencyQuery(Query):
    year: int = Field(description="The calendar year, e.g. 2026.")

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value: object) -> int:
        text = str(value).strip() if value is not None else ""
        if not text.isdigit() or len(text) != 4:
            raise InvalidInput("'year' is a four-digit year such as 2026.", fields={"year": "invalid"})
        return int(text)


class RegisterPage(Page):
    """`?limit=&cursor=`: every request, the most recently received first."""


# --- answers --------------------------------------------------------------------------------------

class ReasonOut(Out):
    code: str
    explanation: str


class VerdictOut(Out):
    decision: str = Field(description="What the rules decide: accept, incomplete or refuse.")
    reasons: list[ReasonOut]
    disclose: list[str]
    hold_business_days: int


class HistoryOut(Out):
    event: str
    by: str
    at: Timestamp
    status: str
    note: str | None


class LegalRequestOut(Out):
    id: str = Field(examples=["LR-000123"])
    number: int
    kind: str
    channel: str
    status: str
    authority: str | None
    country: str | None
    pathway: str | None
    received_at: Timestamp
    received_by: str
    account_id: str | None = Field(description="The account the e-mail identifier resolves to; null: none.")
    verdict: VerdictOut
    notice: str
    follow_up_due: str | None
    version: int

    @classmethod
    def of(cls, e: LegalEntry) -> LegalRequestOut:
        authority = e.checklist.authority
        return cls(
            id=e.display, number=e.number, kind=e.kind.value, channel=e.checklist.channel.value, status=e.status.value,
            authority=authority.name if authority else None, country=authority.country if authority else None,
            pathway=e.checklist.pathway.value if e.checklist.pathway else None,
            received_at=e.received_at.isoformat(), received_by=e.received_by, account_id=e.account_id,
            verdict=VerdictOut(decision=e.verdict.decision.value,
                               reasons=[ReasonOut(code=r.value, explanation=REASONS[r].explanation)
                                        for r in e.verdict.reasons],
                               disclose=[c.value for c in e.verdict.disclose],
                               hold_business_days=e.verdict.hold_business_days),
            notice=e.notice.value, follow_up_due=e.follow_up_due.isoformat() if e.follow_up_due else None,
            version=e.version)


class LegalRequestDetail(LegalRequestOut):
    checklist: dict[str, Any] = Field(description="The checklist as recorded (the intake form's fields).")
    pdf_attached: bool
    disclose: list[str] = Field(description="What the acceptance releases (empty unless accepted).")
    hold_business_days: int
    decided_by: str | None
    decided_at: Timestamp | None
    decision_note: str | None
    fulfilled_at: Timestamp | None
    notice_ground: str | None
    notice_note: str | None
    notice_sent_at: Timestamp | None
    history: list[HistoryOut]

    @classmethod
    def of(cls, e: LegalEntry) -> LegalRequestDetail:
        return cls(
            **LegalRequestOut.of(e).model_dump(), checklist=e.checklist.model_dump(mode="json", by_alias=True),
            pdf_attached=e.pdf_key is not None, disclose=[c.value for c in e.disclose],
            hold_business_days=e.hold_business_days, decided_by=e.decided_by, decided_at=when(e.decided_at),
            decision_note=e.decision_note, fulfilled_at=when(e.fulfilled_at),
            notice_ground=e.notice_ground.value if e.notice_ground else None, notice_note=e.notice_note,
            notice_sent_at=when(e.notice_sent_at),
            history=[HistoryOut(event=c.event, by=c.by, at=c.at.isoformat(), status=c.status.value, note=c.note)
                     for c in e.history])


class LegalRequestAnswer(Out):
    request: LegalRequestDetail
    pending_action: str | None = Field(default=None, description="Why the accepted request's hold or package is "
                                                                 "not made yet, if so.")


class GroundChoice(Out):
    id: str
    label: str


class LegalRequestList(Out):
    requests: list[LegalRequestOut]
    next_cursor: Cursor
    withhold_grounds: list[GroundChoice]


class LegalUploadForm(Out):
    key: str
    max_bytes: int
    expires_in: int
    upload: dict[str, Any] = Field(description="POST the file to `url` with these `fields`, then the file.")


class VoluntaryOut(Out):
    id: str
    category: str
    authority: str
    country: str | None
    sent_on: str
    summary: str
    account_id: str | None
    recorded_by: str
    recorded_at: Timestamp

    @classmethod
    def of(cls, v: VoluntaryDisclosure, display: str) -> VoluntaryOut:
        return cls(id=display, category=v.category, authority=v.authority, country=v.country,
                   sent_on=v.sent_on.isoformat(), summary=v.summary, account_id=v.account_id,
                   recorded_by=v.recorded_by, recorded_at=v.recorded_at.isoformat())


class VoluntaryList(Out):
    disclosures: list[VoluntaryOut]
    next_cursor: Cursor


class TransparencyReport(Out):
    year: int
    requests: int
    by_country: dict[str, int]
    by_kind: dict[str, int]
    by_pathway: dict[str, int]
    by_decision: dict[str, int]
    voluntary_disclosures: dict[str, int]


def ground_choices() -> list[GroundChoice]:
    return [GroundChoice(id=g.value, label=label) for g, label in GROUND_LABELS.items()]
