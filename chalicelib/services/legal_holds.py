"""Preservation holds (promise L7; docs/legal.md, "Preservation holds").

`preserve` is called by the legal request register when a preservation request is accepted: it
freezes a copy of the account's available data for the requested categories and period (the same
selection a disclosure would make, `domain/legal_disclosure.select`), stores it encrypted under
`legal/holds/`, and places the hold in one transaction with the user's hold marker and the audit
record. The copy is never served by any route: it only exists so the data survives until a formal
disclosure request arrives. `extend` lengthens a hold for a later request; `release_expired` (the
daily job) deletes the copies of holds past their last day and releases them.

While any hold stands, `services.holds.hold_on` answers with its request ids, so the retention
purge and erasure leave the user's data alone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from datetime import date
from typing import Any

from chalicelib.adapters import legal_files
from chalicelib.domain import legal_disclosure as selection
from chalicelib.domain.audit_log import SYSTEM, Action, SubjectKind
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.legal_holds import (
    Extension,
    Hold,
    Status,
    check_business_days,
    check_request_id,
    expiry,
    extended_expiry,
)
from chalicelib.observability import logger, metrics
from chalicelib.services import audit_log, clock
from chalicelib.settings import get_settings
from chalicelib.store import holds, legal_records

__all__ = ["Hold", "extend", "get", "of_user", "preserve", "release_expired"]

HOLD_PREFIX = "legal/holds/"
RELEASE_BATCH = 100
MAX_BATCHES = 20   # 2,000 holds a run at most; the next run continues


def bucket() -> str:
    settings = get_settings()
    return settings.legal_bucket or settings.attachments_bucket


def _audit(action: Action, hold: Hold, actor: str, **more: Any) -> dict[str, Any]:
    after = {"user_id": hold.user_id, "categories": list(hold.categories),
             "period": [hold.period[0].isoformat(), hold.period[1].isoformat()],
             "expires_on": hold.expires_on.isoformat(), **more}
    return audit_log.action(audit_log.build(action, SubjectKind.LEGAL_HOLD, hold.request_id, after=after,
                                            actor=actor))


def frozen_copy(request_id: str, user_id: str, categories: list[str], period: tuple[date, date],
                taken_at: str) -> tuple[bytes, dict[str, int]]:
    """The copy's bytes (JSON) and its record counts per category."""
    records = legal_records.account(user_id, period)
    if records is None:
        raise NotFound("No account with this id.")
    data = selection.select(records, categories, period)
    document = {"request_id": request_id, "kind": "preservation_copy", "taken_at": taken_at,
                "period": {"from": period[0].isoformat(), "to": period[1].isoformat()},
                "categories": sorted(data), "currency": "USD", "data": data}
    return json.dumps(document, sort_keys=True, indent=1).encode(), selection.counts(data)


def preserve(request_id: str, user_id: str, categories: list[str], period: tuple[date, date],
             business_days: int, staff_id: str) -> Hold:
    """Place the request's hold with its frozen copy; idempotent per request (a repeat, or a race
    of two, returns the hold that was placed). The hold's last day is `business_days` England and
    Wales business days after today."""
    check_request_id(request_id)
    check_business_days(business_days)
    chosen = [c.value for c in selection.categories_of(categories)]
    period = selection.check_period(period)
    existing = holds.get_legal(request_id)
    if existing is not None:
        return _same_account(existing, user_id)
    now = clock.now()
    body, counts = frozen_copy(request_id, user_id, chosen, period, now.isoformat())
    key = f"{HOLD_PREFIX}{request_id}/{secrets.token_hex(8)}.json"
    legal_files.put(bucket(), key, body, "application/json", get_settings().legal_kms_key_id)
    hold = Hold(request_id=request_id, user_id=user_id, categories=tuple(chosen), period=period,
                placed_by=staff_id, placed_at=now, business_days=business_days,
                expires_on=expiry(now.date(), business_days), copy_key=key,
                copy_sha256=hashlib.sha256(body).hexdigest(), counts=counts)
    try:
        placed = holds.insert(hold, _audit(Action.LEGAL_HOLD_PLACED, hold, staff_id, counts=counts,
                                           copy_sha256=hold.copy_sha256))
    except Exception:
        legal_files.delete(bucket(), key)
        raise
    if not placed:   # another call placed it first: keep theirs, drop our copy
        legal_files.delete(bucket(), key)
        winner = holds.get_legal(request_id)
        if winner is None:
            raise Conflict("The hold changed while it was being placed; try again.")
        return _same_account(winner, user_id)
    logger.info("preservation hold placed", extra={"request_id": request_id, "user_id": user_id,
                                                   "expires_on": hold.expires_on.isoformat()})
    return hold


def _same_account(hold: Hold, user_id: str) -> Hold:
    if hold.user_id != user_id:
        raise Conflict("This request already holds another account's data.", fields={"request_id": "taken"})
    return hold


def get(request_id: str) -> Hold:
    found = holds.get_legal(check_request_id(request_id))
    if found is None:
        raise NotFound("No preservation hold for this request.")
    return found


def of_user(user_id: str) -> list[Hold]:
    return holds.of_user(user_id)


def extend(request_id: str, by_request_id: str, business_days: int, staff_id: str) -> Hold:
    """Extend the hold for a later request: its new last day counts `business_days` from today
    (never shortening it). Recorded on the hold and in the audit log; idempotent per later request."""
    check_request_id(by_request_id)
    check_business_days(business_days)
    hold = get(request_id)
    if by_request_id == request_id or any(e.request_id == by_request_id for e in hold.extensions):
        return hold
    if hold.status is not Status.ACTIVE:
        raise Conflict("This hold has expired and is being released; place a new hold instead.")
    now = clock.now()
    new_expiry = extended_expiry(hold, now.date(), business_days)
    extension = Extension(by_request_id, staff_id, now, business_days, new_expiry)
    after = dataclasses.replace(hold, expires_on=new_expiry, extensions=(*hold.extensions, extension),
                                version=hold.version + 1)
    audit = _audit(Action.LEGAL_HOLD_EXTENDED, after, staff_id, by_request=by_request_id,
                   previous_expires_on=hold.expires_on.isoformat())
    if not holds.extend(hold, after, audit):
        raise Conflict("The hold changed meanwhile (extended or released); reload it and try again.")
    return after


def release_expired(today: date | None = None) -> dict[str, int]:
    """The daily job: every hold past its last day is claimed, its frozen copy deleted, and it is
    released with a `legal_hold.released` audit record. Safe to rerun and to overlap: each step is
    conditional, and a hold extended after it was read is left alone."""
    day = today or clock.now().date()
    released = changed = 0
    for _ in range(MAX_BATCHES):
        batch = holds.expired(day, RELEASE_BATCH)
        done = 0
        for hold in batch:
            claimed = holds.claim_release(hold)
            if claimed is None:
                changed += 1
                continue
            legal_files.delete(bucket(), claimed.copy_key)
            if holds.remove(claimed, _audit(Action.LEGAL_HOLD_RELEASED, claimed, SYSTEM, copy_deleted=True)):
                released += 1
                done += 1
                logger.info("preservation hold released", extra={"request_id": claimed.request_id})
            else:
                changed += 1
        if len(batch) < RELEASE_BATCH or not done:   # all read, or only holds changed meanwhile: next run
            break
    if released:
        metrics.add_metric(name="LegalHoldsReleased", unit="Count", value=released)
    return {"released": released, "changed": changed}
