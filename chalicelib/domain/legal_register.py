"""The legal team's request register (promises L1-L3, L5, L6, L8, L11, L12), as pure rules: an
entry, the statuses it moves through, and what staff may decide. No clock, no I/O: the caller
passes `now`/`today` in.

Why each rule is the way it is:

* **The verdict decides what can be accepted** (L2). Every entry carries the verdict of
  `legal_assessment.assess` on its checklist, with the reasons. Staff can accept only a request
  the rules accept; they may refuse or mark incomplete anything, with a recorded note (the
  authority is told why). A request the rules refuse or find incomplete cannot be accepted.
* **Accounts are found by e-mail only** (L3): `account_email` gives the address to look up only
  when the identifier is of type `email` and is one well-formed address; a name, an IP, a
  username or an order link never resolves to an account, whatever its value.
* **Emergencies** (L8) are accepted at once with the limited categories the rules allow, and
  get a follow-up deadline (business days after acceptance) by which the formal legal process
  must arrive; the entry stays `emergency_follow_up_due` until staff close it.
* **The checklist can be corrected** (a re-assessment) only while nothing is decided for good:
  `received` or `incomplete` (the authority sent corrected papers).
* **History is append-only**: every change adds one `Change`, none is ever rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from chalicelib.domain.business_days import add_business_days
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.legal_assessment import REASONS, DataCategory, Decision, Verdict, assess
from chalicelib.domain.legal_notice import Notice, NoticeGround, on_accept
from chalicelib.domain.legal_request import IdentifierType, Kind, LegalRequest

PREFIX = "LR-"
MAX_NOTE = 2000


class Status(StrEnum):
    RECEIVED = "received"
    INCOMPLETE = "incomplete"
    REFUSED = "refused"
    ACCEPTED = "accepted"                                    # accepted; the hold or package not made yet
    DISCLOSED = "disclosed"
    PRESERVED = "preserved"
    EMERGENCY_FOLLOW_UP_DUE = "emergency_follow_up_due"      # accepted emergency, formal process awaited
    CLOSED = "closed"


OPEN_FOR_CORRECTION = frozenset({Status.RECEIVED, Status.INCOMPLETE})
"""Statuses in which the checklist may be corrected and a decision taken."""
ACCEPTED_STATUSES = frozenset({Status.ACCEPTED, Status.DISCLOSED, Status.PRESERVED,
                               Status.EMERGENCY_FOLLOW_UP_DUE})
CLOSABLE = frozenset({*ACCEPTED_STATUSES, Status.REFUSED, Status.INCOMPLETE})


class StaffDecision(StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Change:
    """One step of the history: what happened, by whom, when, and its note."""

    event: str
    by: str
    at: datetime
    status: Status
    note: str | None = None


@dataclass(frozen=True)
class LegalEntry:
    number: int
    checklist: LegalRequest
    verdict: Verdict
    received_at: datetime
    received_by: str
    status: Status
    account_id: str | None = None
    pdf_key: str | None = None
    disclose: tuple[DataCategory, ...] = ()
    hold_business_days: int = 0
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    follow_up_due: date | None = None
    fulfilled_at: datetime | None = None
    notice: Notice = Notice.NOT_DUE
    notice_ground: NoticeGround | None = None
    notice_note: str | None = None
    notice_sent_at: datetime | None = None
    history: tuple[Change, ...] = ()
    version: int = 0

    @property
    def display(self) -> str:
        return display_id(self.number)

    @property
    def kind(self) -> Kind:
        return self.checklist.kind

    def reason_texts(self) -> list[tuple[str, str]]:
        return [(r.value, REASONS[r].explanation) for r in self.verdict.reasons]


def display_id(number: int) -> str:
    return f"{PREFIX}{number:06d}"


_ID = re.compile(r"^(?:LR-)?0*(\d{1,12})$", re.IGNORECASE)


def parse_id(text: object) -> int:
    """`LR-000123` or `123`; anything else is not a register id."""
    found = _ID.match(str(text).strip()) if isinstance(text, str | int) else None
    if found is None or int(found.group(1)) == 0:
        raise InvalidInput("A legal request id looks like LR-000123.", fields={"request_id": "invalid"})
    return int(found.group(1))


def note_text(value: object, name: str = "note", *, required: bool = True) -> str | None:
    """A staff note: text up to MAX_NOTE characters, surrounding spaces ignored."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"Write the {name}: it is recorded with the decision.", fields={name: "required"})
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"The {name} must be text.", fields={name: "invalid"})
    if len(value.strip()) > MAX_NOTE:
        raise InvalidInput(f"The {name} is at most {MAX_NOTE} characters.", fields={name: "too_long"})
    return value.strip()


def account_email(checklist: LegalRequest) -> str | None:
    """The address to look the account up by (L3), lower-cased; None unless the identifier is
    an e-mail: no other kind of identifier ever resolves to an account."""
    identifier = checklist.identifier
    if identifier is None or identifier.type is not IdentifierType.EMAIL or identifier.value is None:
        return None
    value = identifier.value.strip()
    local, at, domain = value.partition("@")
    odd = any(c.isspace() or c in "@,;" for c in local + domain)
    if not at or not local or "." not in domain.strip(".") or odd:
        return None
    return value.lower()


def new_entry(number: int, checklist: LegalRequest, received_at: datetime, received_by: str,
              account_id: str | None, pdf_key: str | None, now: datetime) -> LegalEntry:
    verdict = assess(checklist)
    return LegalEntry(number=number, checklist=checklist, verdict=verdict, received_at=received_at,
                      received_by=received_by, status=Status.RECEIVED, account_id=account_id, pdf_key=pdf_key,
                      history=(Change("received", received_by, now, Status.RECEIVED,
                                      f"verdict: {verdict.decision.value}"),))


def reassess(entry: LegalEntry, checklist: LegalRequest, account_id: str | None, pdf_key: str | None,
             by: str, now: datetime) -> LegalEntry:
    """The corrected checklist and its new verdict; only before a final decision."""
    if entry.status not in OPEN_FOR_CORRECTION:
        raise Conflict(f"{entry.display} is {entry.status.value}: its checklist can no longer be changed.",
                       fields={"status": entry.status.value})
    verdict = assess(checklist)
    return replace(entry, checklist=checklist, verdict=verdict, account_id=account_id, pdf_key=pdf_key,
                   history=(*entry.history, Change("reassessed", by, now, entry.status,
                                                   f"verdict: {verdict.decision.value}")))


def decide(entry: LegalEntry, decision: StaffDecision, note: str | None, by: str, now: datetime, today: date,
           follow_up_business_days: int, withhold: NoticeGround | None = None,
           withhold_note: str | None = None) -> LegalEntry:
    """Staff's decision. Accepting needs the rules' `accept`; refusing or marking incomplete
    needs a note. The notice to the user is settled at acceptance (L10, `legal_notice`)."""
    if entry.status not in OPEN_FOR_CORRECTION:
        raise Conflict(f"{entry.display} is already {entry.status.value}.", fields={"status": entry.status.value})
    if decision is StaffDecision.ACCEPT:
        if entry.verdict.decision is not Decision.ACCEPT:
            why = "; ".join(f"{code}: {text}" for code, text in entry.reason_texts())
            raise Conflict(f"The rules find this request {entry.verdict.decision.value}, so it cannot be accepted. "
                           f"{why}", fields={"decision": entry.verdict.decision.value})
        notice, ground, ground_note = on_accept(entry.account_id, withhold, withhold_note)
        emergency = entry.kind is Kind.EMERGENCY
        status = Status.EMERGENCY_FOLLOW_UP_DUE if emergency else Status.ACCEPTED
        due = add_business_days(today, follow_up_business_days) if emergency else None
        return replace(entry, status=status, decided_by=by, decided_at=now, decision_note=note,
                       disclose=entry.verdict.disclose, hold_business_days=entry.verdict.hold_business_days,
                       follow_up_due=due, notice=notice, notice_ground=ground, notice_note=ground_note,
                       notice_sent_at=now if notice is Notice.SENT else None,
                       history=(*entry.history, Change("accepted", by, now, status, note),
                                Change(f"notice_{notice.value}", by, now, status, ground_note)))
    if withhold is not None:
        raise InvalidInput("A notice is withheld only for an accepted request.", fields={"withhold": "unused"})
    text = note_text(note)
    status = Status.REFUSED if decision is StaffDecision.REFUSE else Status.INCOMPLETE
    return replace(entry, status=status, decided_by=by, decided_at=now, decision_note=text,
                   history=(*entry.history, Change(status.value, by, now, status, text)))


def fulfilled(entry: LegalEntry, by: str, now: datetime) -> LegalEntry:
    """The hold was placed or the package built: an emergency stays awaiting its follow-up."""
    if entry.status not in (Status.ACCEPTED, Status.EMERGENCY_FOLLOW_UP_DUE) or entry.fulfilled_at is not None:
        raise Conflict(f"{entry.display} has nothing left to carry out.", fields={"status": entry.status.value})
    status: Status
    if entry.kind is Kind.EMERGENCY:
        status = entry.status
    else:
        status = Status.PRESERVED if entry.kind is Kind.PRESERVATION else Status.DISCLOSED
    return replace(entry, status=status, fulfilled_at=now,
                   history=(*entry.history, Change(status.value if status != entry.status else "disclosed",
                                                   by, now, status)))


def close(entry: LegalEntry, note: object, by: str, now: datetime) -> LegalEntry:
    """Close an entry with a note (for an emergency: the follow-up process that arrived)."""
    if entry.status not in CLOSABLE:
        raise Conflict(f"{entry.display} is {entry.status.value} and cannot be closed now.",
                       fields={"status": entry.status.value})
    text = note_text(note)
    return replace(entry, status=Status.CLOSED, follow_up_due=None,
                   history=(*entry.history, Change("closed", by, now, Status.CLOSED, text)))


def follow_up_overdue(entry: LegalEntry, today: date) -> bool:
    """An emergency whose formal legal process has not arrived by its deadline day."""
    return (entry.status is Status.EMERGENCY_FOLLOW_UP_DUE and entry.follow_up_due is not None
            and entry.follow_up_due < today)


@dataclass(frozen=True)
class VoluntaryDisclosure:
    """What was sent to an authority on the operator's own initiative (L9; guidelines Section 10)."""

    number: int
    category: str
    authority: str
    country: str | None
    sent_on: date
    summary: str
    account_id: str | None
    recorded_by: str
    recorded_at: datetime
