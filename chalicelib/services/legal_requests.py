"""The legal team's request register (docs/legal.md, "The register"; promises L1-L3, L5, L6, L8,
L10-L12): intake from the legal channel, re-assessment, the decision, the notice to the user.

Only the API's legal routes (role `legal`) reach this module: support staff cannot create an
entry, and a support ticket is never turned into one (L11).

Every change is a versioned write with its audit record(s) in one transaction: of two legal
staff changing one request at once, one wins and the other gets a 409 and reloads (L12).
Nothing about a request (the officer's or the user's e-mail, the account) is logged: only ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import ValidationError

from chalicelib.adapters import attachments as bucket
from chalicelib.adapters import queue
from chalicelib.domain import legal_register as rules
from chalicelib.domain.accounts import normalize_email
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from chalicelib.domain.legal_notice import Notice, parse_ground, send_later
from chalicelib.domain.legal_register import LegalEntry, StaffDecision, Status
from chalicelib.domain.legal_request import DataRequest, Kind, LegalRequest
from chalicelib.domain.tickets.checks import check_filename
from chalicelib.domain.validation import describe, fields
from chalicelib.observability import logger, metrics
from chalicelib.services import audit_log, clock, legal_disclosure, legal_holds
from chalicelib.services.legal_assessment import REQUEST
from chalicelib.settings import get_settings
from chalicelib.store import counters, users
from chalicelib.store import legal_requests as store

COUNTER = "legal_request"
CHANGED_MEANWHILE = "This request was changed by someone else meanwhile. Reload it and try again."
NO_SUCH_REQUEST = "No such legal request."
NOTICE_MAIL = "legal_notice"
PDF_TYPE = "application/pdf"
PDF_MAGIC = b"%PDF-"


def today() -> date:
    return clock.now().astimezone(UTC).date()


# --- audit (L12) ---------------------------------------------------------------------------------

def _summary(entry: LegalEntry) -> dict[str, Any]:
    """What an audit record says of an entry: codes and ids only, never a person's address."""
    return {"status": entry.status, "kind": entry.kind, "verdict": entry.verdict.decision,
            "reasons": [r.value for r in entry.verdict.reasons], "disclose": [c.value for c in entry.disclose],
            "account_resolved": entry.account_id is not None, "notice": entry.notice,
            "notice_ground": entry.notice_ground, "version": entry.version}


def _audit(action: Action, entry: LegalEntry, actor: str, suffix: str, before: LegalEntry | None = None,
           note: str | None = None) -> dict[str, Any]:
    after = {**_summary(entry), **({"note": note} if note else {})}
    record = audit_log.build(action, SubjectKind.LEGAL_REQUEST, entry.display, actor=actor,
                             record_id=f"legal-{suffix}#{entry.number}#{entry.version}",
                             before=_summary(before) if before else None, after=after)
    return audit_log.action(record)


# --- the PDF -------------------------------------------------------------------------------------

def pdf_upload_form(filename: object, size: object) -> dict[str, Any]:
    """A presigned form to upload the authority's signed PDF under `legal/` (PDF only, capped)."""
    settings = get_settings()
    name = check_filename(filename)
    if not name.lower().endswith(".pdf"):
        raise InvalidInput("Only the request's PDF can be attached: the file name must end in .pdf.",
                           fields={"filename": "not_pdf"})
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise InvalidInput("Give the file's size in bytes.", fields={"size": "invalid"})
    if size > settings.legal_pdf_max_bytes:
        raise InvalidInput(f"The PDF is too large: at most {settings.legal_pdf_max_bytes // (1024 * 1024)} MB.",
                           fields={"size": "too_large"})
    key = store.new_pdf_key()
    form = bucket.presigned_post(settings.attachments_bucket, key, PDF_TYPE, name, settings.legal_pdf_max_bytes,
                                 settings.attachment_url_seconds)
    return {"key": key, "max_bytes": settings.legal_pdf_max_bytes, "expires_in": settings.attachment_url_seconds,
            "upload": form}


def _checked_pdf(key: object) -> str | None:
    """The uploaded PDF named by `key`, checked: ours, present, typed and sized as a PDF and
    starting with `%PDF-`. A refused file is deleted."""
    if key is None:
        return None
    if not store.is_pdf_key(key):
        raise InvalidInput("The PDF key is not one this register issued.", fields={"pdf_key": "invalid"})
    assert isinstance(key, str)
    settings = get_settings()
    found = bucket.head(settings.attachments_bucket, key)
    if found is None:
        raise InvalidInput("The PDF was not found: the upload did not finish or its form expired. Upload it again.",
                           fields={"pdf_key": "not_uploaded"})
    problem = None
    if found.content_type.split(";")[0].strip().lower() != PDF_TYPE:
        problem = "The attached file is not a PDF."
    elif found.size > settings.legal_pdf_max_bytes:
        problem = f"The PDF is too large: at most {settings.legal_pdf_max_bytes // (1024 * 1024)} MB."
    elif bucket.read_start(settings.attachments_bucket, key, len(PDF_MAGIC)) != PDF_MAGIC:
        problem = "The attached file is not a PDF (it does not start with %PDF-)."
    if problem:
        bucket.delete(settings.attachments_bucket, key)
        raise InvalidInput(f"{problem} Upload the request's PDF again.", fields={"pdf_key": "not_pdf"})
    return key


# --- intake --------------------------------------------------------------------------------------

def parse_checklist(raw: object) -> LegalRequest:
    """The checklist as `panel legal assess` reads it; a 400 says what is malformed."""
    if not isinstance(raw, dict):
        raise InvalidInput("The checklist must be a JSON object.", fields={"checklist": "invalid"})
    try:
        return LegalRequest.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput(describe(exc, REQUEST), fields=fields(exc, REQUEST)) from None


def _account_of(checklist: LegalRequest) -> str | None:
    """The account the request names, found by its e-mail only (L3)."""
    email = rules.account_email(checklist)
    found = users.get_by_email(normalize_email(email)) if email else None
    return found.user_id if found else None


def _pdf_matches(checklist: LegalRequest, pdf_key: str | None) -> None:
    says_pdf = checklist.document is not None and checklist.document.pdf is True
    if says_pdf and pdf_key is None and checklist.kind is not Kind.EMERGENCY:
        raise InvalidInput("The checklist says the request is a PDF: attach that PDF (or answer 'no').",
                           fields={"pdf_key": "required"})


def _received_at(received_on: date | None, now: datetime) -> datetime:
    day = now.astimezone(UTC).date()
    if received_on is None or received_on == day:
        return now
    if received_on > day:
        raise InvalidInput("The request cannot have been received in the future.", fields={"received_on": "future"})
    return datetime.combine(received_on, time(), UTC)


def intake(staff_id: str, raw_checklist: object, received_on: date | None, pdf_key: object) -> LegalEntry:
    """Register a request that came to the legal address (or, an emergency, by phone), with its
    verdict. All input is checked before anything is written."""
    checklist = parse_checklist(raw_checklist)
    now = clock.now()
    received_at = _received_at(received_on, now)
    key = _checked_pdf(pdf_key)
    _pdf_matches(checklist, key)
    entry = rules.new_entry(counters.next_id(COUNTER), checklist, received_at, staff_id, _account_of(checklist),
                            key, now)
    store.insert(entry, _audit(Action.LEGAL_REQUEST_RECEIVED, entry, staff_id, "received"))
    logger.info("legal request registered", extra={"request": entry.display, "verdict": entry.verdict.decision.value})
    metrics.add_metric(name="LegalRequestsReceived", unit="Count", value=1)
    return entry


# --- reading -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Listing:
    requests: list[LegalEntry]
    next_cursor: str | None


def listing(limit: int, cursor: str | None) -> Listing:
    found, after = store.page(limit, cursor)
    return Listing(found, after)


def detail(request_id: object) -> LegalEntry:
    found = store.get(rules.parse_id(request_id))
    if found is None:
        raise NotFound(NO_SUCH_REQUEST)
    return found


# --- changing ------------------------------------------------------------------------------------

def _change(request_id: object, version: int, staff_id: str, apply: Callable[[LegalEntry, datetime], LegalEntry],
            audits: Callable[[LegalEntry, LegalEntry], list[dict[str, Any]]]) -> LegalEntry:
    """Apply a rule to the entry as the staff member saw it (`version`) and store it on that
    condition with its audit records; a request changed since answers 409, nothing written."""
    current = detail(request_id)
    if version != current.version:
        raise Conflict(CHANGED_MEANWHILE, fields={"version": "stale"})
    after = replace(apply(current, clock.now()), version=current.version + 1)
    if not store.replace(current, after, audits(current, after)):
        raise Conflict(CHANGED_MEANWHILE, fields={"version": "stale"})
    logger.info("legal request changed", extra={"request": after.display, "status": after.status.value,
                                                "version": after.version})
    return after


def reassess(request_id: object, version: int, staff_id: str, raw_checklist: object, pdf_key: object) -> LegalEntry:
    """The corrected checklist (the authority sent corrected papers) and its new verdict."""
    checklist = parse_checklist(raw_checklist)
    current = detail(request_id)
    key = current.pdf_key if pdf_key is None or pdf_key == current.pdf_key else _checked_pdf(pdf_key)
    _pdf_matches(checklist, key)
    account = _account_of(checklist)
    return _change(request_id, version, staff_id,
                   lambda e, now: rules.reassess(e, checklist, account, key, staff_id, now),
                   lambda b, a: [_audit(Action.LEGAL_REQUEST_REASSESSED, a, staff_id, "reassessed", b)])


@dataclass(frozen=True)
class Decided:
    entry: LegalEntry
    pending_action: str | None
    """Why the accepted request's hold or package could not be made at once (retry with
    `fulfil`), or None."""


def _decision_audits(staff_id: str, note: str | None) -> Callable[[LegalEntry, LegalEntry], list[dict[str, Any]]]:
    def audits(before: LegalEntry, after: LegalEntry) -> list[dict[str, Any]]:
        found = [_audit(Action.LEGAL_REQUEST_DECIDED, after, staff_id, "decided", before, note)]
        if after.notice is Notice.WITHHELD:
            found.append(_audit(Action.LEGAL_NOTICE_WITHHELD, after, staff_id, "notice", note=after.notice_note))
        elif after.notice is Notice.SENT:
            found.append(_audit(Action.LEGAL_NOTICE_SENT, after, staff_id, "notice"))
        return found
    return audits


def decide(request_id: object, version: int, staff_id: str, decision: object, note: object,
           withhold: object = None, withhold_note: object = None) -> Decided:
    """Accept (only what the rules accept), refuse or mark incomplete (with a note). Accepting
    settles the user's notice (sent unless withheld on a ground) and then places the hold or
    builds the package; the acceptance stands if that step is not available yet."""
    try:
        chosen = StaffDecision(str(decision).strip().lower())
    except ValueError:
        raise InvalidInput(f"Decide one of: {', '.join(d.value for d in StaffDecision)}.",
                           fields={"decision": "unknown"}) from None
    text = rules.note_text(note, required=chosen is not StaffDecision.ACCEPT)
    ground = parse_ground(withhold)
    ground_note = rules.note_text(withhold_note, "withhold_note", required=False)
    follow_up = get_settings().legal_follow_up_business_days
    after = _change(request_id, version, staff_id,
                    lambda e, now: rules.decide(e, chosen, text, staff_id, now, now.astimezone(UTC).date(),
                                                follow_up, ground, ground_note),
                    _decision_audits(staff_id, text))
    metrics.add_metric(name=f"LegalRequests{chosen.value.capitalize()}", unit="Count", value=1)
    if after.notice is Notice.SENT:
        _queue_notice(after)
    if after.status not in (Status.ACCEPTED, Status.EMERGENCY_FOLLOW_UP_DUE):
        return Decided(after, None)
    try:
        return Decided(fulfil(after.display, after.version, staff_id), None)
    except DomainError as exc:   # the acceptance stands; staff retry the step (POST .../fulfilment)
        return Decided(after, exc.message)


# --- carrying out an accepted request ------------------------------------------------------------
# One call site per action: the preservation hold with its frozen copy (services/legal_holds.py)
# and the disclosure package (services/legal_disclosure.py).

# An emergency may come without a period (rule 2 accepts it whatever else is missing): its
# limited package then covers everything held, from before the service existed until today.
EARLIEST = date(2000, 1, 1)


def _period(entry: LegalEntry, today: date) -> tuple[date, date]:
    period = entry.checklist.period
    if period is not None and period.start is not None and period.end is not None:
        return period.start, period.end
    return EARLIEST, today


def _place_preservation_hold(entry: LegalEntry, staff_id: str) -> None:
    """Preservation (L7): the categories asked for (an accepted one names them, never `all`)."""
    assert entry.account_id is not None
    categories = [d.value for d in entry.checklist.data or () if d is not DataRequest.ALL]
    legal_holds.preserve(entry.display, entry.account_id, categories, _period(entry, clock.now().date()),
                         entry.hold_business_days, staff_id)


def _build_disclosure_package(entry: LegalEntry, staff_id: str) -> None:
    """Disclosure (L4) or emergency (L8): exactly the categories the verdict discloses."""
    assert entry.account_id is not None
    legal_disclosure.build(entry.display, entry.account_id, [c.value for c in entry.disclose],
                           _period(entry, clock.now().date()), staff_id, emergency=entry.kind is Kind.EMERGENCY)


def fulfil(request_id: object, version: int, staff_id: str) -> LegalEntry:
    """Place the hold (preservation) or build the package (disclosure, emergency) of an accepted
    request, then record it."""
    current = detail(request_id)
    if version != current.version:
        raise Conflict(CHANGED_MEANWHILE, fields={"version": "stale"})
    if current.status not in (Status.ACCEPTED, Status.EMERGENCY_FOLLOW_UP_DUE) or current.fulfilled_at is not None:
        raise Conflict(f"{current.display} has nothing left to carry out.", fields={"status": current.status.value})
    if current.account_id is None:
        raise Conflict(f"{current.display} names no account of ours: there is nothing to preserve or disclose.",
                       fields={"account_id": "none"})
    if current.kind is Kind.PRESERVATION:
        _place_preservation_hold(current, staff_id)
    else:
        _build_disclosure_package(current, staff_id)
    return _change(request_id, version, staff_id, lambda e, now: rules.fulfilled(e, staff_id, now),
                   lambda b, a: [_audit(Action.LEGAL_REQUEST_FULFILLED, a, staff_id, "fulfilled", b)])


def close(request_id: object, version: int, staff_id: str, note: object) -> LegalEntry:
    """Close an entry with a note (an emergency: the formal legal process that arrived)."""
    return _change(request_id, version, staff_id, lambda e, now: rules.close(e, note, staff_id, now),
                   lambda b, a: [_audit(Action.LEGAL_REQUEST_CLOSED, a, staff_id, "closed", b,
                                        a.history[-1].note)])


# --- the notice to the user (L10) ----------------------------------------------------------------

def send_withheld_notice(request_id: object, version: int, staff_id: str, note: object) -> LegalEntry:
    """Send a withheld notice now that its ground lapsed, with the note saying why."""
    def apply(entry: LegalEntry, now: datetime) -> LegalEntry:
        text = send_later(entry.notice, note if isinstance(note, str) else None)
        return replace(entry, notice=Notice.SENT, notice_sent_at=now,
                       history=(*entry.history, rules.Change("notice_sent", staff_id, now, entry.status, text)))

    after = _change(request_id, version, staff_id, apply,
                    lambda b, a: [_audit(Action.LEGAL_NOTICE_SENT, a, staff_id, "notice", b, a.history[-1].note)])
    _queue_notice(after)
    return after


def _queue_notice(entry: LegalEntry) -> None:
    """Queue the user's e-mail. The register already says `sent`: a failure here is an error
    log and a metric for the legal team to resend by hand (docs/legal.md)."""
    try:
        queue.send(get_settings().mail_queue_name, {"kind": NOTICE_MAIL, "request": entry.number})
    except Exception as exc:
        logger.error("legal notice not queued", extra={"request": entry.display, "error": type(exc).__name__})
        metrics.add_metric(name="LegalNoticeQueueFailed", unit="Count", value=1)
