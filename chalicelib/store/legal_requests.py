"""The legal request register and the voluntary disclosures (formats in `keys/legal.py`).

An entry is one item, `LEGALREQ#<number>`, carrying its checklist (the exact JSON of
`domain/legal_request.py`'s model), its verdict, its append-only history and a `version`.
Every change after creation replaces it on condition that the stored version is still the one
read, in one transaction with its audit record: of two legal staff changing one request at once
only one wins, and no change exists without its record (L12).

Every entry is indexed by receipt (GSI1), so a year is a key range (the transparency report);
accepted emergencies awaiting their formal process sit in the work index (GSI2) by due day.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime
from typing import Any

from chalicelib.domain.errors import Conflict
from chalicelib.domain.legal_assessment import DataCategory, Decision, Reason, Verdict
from chalicelib.domain.legal_notice import Notice, NoticeGround
from chalicelib.domain.legal_register import Change, LegalEntry, Status, VoluntaryDisclosure
from chalicelib.domain.legal_request import LegalRequest
from chalicelib.store import dynamo, keys, schema

ABSENT = "attribute_not_exists(pk)"


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment else None


def _item(entry: LegalEntry) -> dict[str, Any]:
    waiting = entry.status is Status.EMERGENCY_FOLLOW_UP_DUE and entry.follow_up_due is not None
    index = keys.legal_follow_up_position(entry.follow_up_due, entry.number) if waiting and entry.follow_up_due else {}
    return {
        **keys.legal_request(entry.number),
        **keys.legal_received_index(keys.utc_stamp(entry.received_at), entry.number),
        **index,
        "type": "legal_request", "number": entry.number,
        "checklist": entry.checklist.model_dump_json(by_alias=True),
        "verdict": json.dumps(entry.verdict.as_json(), sort_keys=True),
        "received_at": entry.received_at.isoformat(), "received_by": entry.received_by,
        "status": entry.status.value, "account_id": entry.account_id, "pdf_key": entry.pdf_key,
        "disclose": [c.value for c in entry.disclose], "hold_business_days": entry.hold_business_days,
        "decided_by": entry.decided_by, "decided_at": _iso(entry.decided_at), "decision_note": entry.decision_note,
        "follow_up_due": _iso(entry.follow_up_due), "fulfilled_at": _iso(entry.fulfilled_at),
        "notice": entry.notice.value, "notice_ground": entry.notice_ground.value if entry.notice_ground else None,
        "notice_note": entry.notice_note, "notice_sent_at": _iso(entry.notice_sent_at),
        "history": [{"event": c.event, "by": c.by, "at": c.at.isoformat(), "status": c.status.value,
                     "note": c.note} for c in entry.history],
        "version": entry.version,
    }


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _verdict(text: str) -> Verdict:
    data = json.loads(text)
    return Verdict(Decision(data["decision"]), tuple(Reason(r) for r in data["reasons"]),
                   tuple(DataCategory(c) for c in data["disclose"]), int(data["hold_business_days"]))


def _entry(item: dict[str, Any]) -> LegalEntry:
    ground = item.get("notice_ground")
    due = item.get("follow_up_due")
    return LegalEntry(
        number=int(item["number"]), checklist=LegalRequest.model_validate_json(item["checklist"]),
        verdict=_verdict(item["verdict"]), received_at=datetime.fromisoformat(item["received_at"]),
        received_by=item["received_by"], status=Status(item["status"]), account_id=item.get("account_id"),
        pdf_key=item.get("pdf_key"), disclose=tuple(DataCategory(c) for c in item.get("disclose", [])),
        hold_business_days=int(item.get("hold_business_days", 0)), decided_by=item.get("decided_by"),
        decided_at=_when(item.get("decided_at")), decision_note=item.get("decision_note"),
        follow_up_due=date.fromisoformat(due) if due else None, fulfilled_at=_when(item.get("fulfilled_at")),
        notice=Notice(item.get("notice", Notice.NOT_DUE.value)),
        notice_ground=NoticeGround(ground) if ground else None, notice_note=item.get("notice_note"),
        notice_sent_at=_when(item.get("notice_sent_at")),
        history=tuple(Change(c["event"], c["by"], datetime.fromisoformat(c["at"]), Status(c["status"]), c.get("note"))
                      for c in item.get("history", [])),
        version=int(item.get("version", 0)),
    )


def new_pdf_key() -> str:
    """A fresh S3 key under `legal/` for an authority's PDF."""
    return keys.legal_pdf_key(secrets.token_hex(16))


def is_pdf_key(key: object) -> bool:
    return keys.is_legal_pdf_key(key)


# --- writes -------------------------------------------------------------------------------------

def insert(entry: LegalEntry, audit: dict[str, Any]) -> None:
    """Store a new entry with its audit record (the number is fresh from the counter)."""
    put = {"Put": {"Item": dynamo.to_attributes(_item(entry)), "ConditionExpression": ABSENT}}
    try:
        dynamo.transact_write([put, audit])
    except dynamo.TransactionCancelled as exc:
        raise Conflict("The request could not be registered; please try again.") from exc


def replace(before: LegalEntry, after: LegalEntry, audits: list[dict[str, Any]]) -> bool:
    """Write `after` if the stored entry is still `before` (its version), with its audit
    records; False if someone changed it first (nothing is written)."""
    assert after.version == before.version + 1 and after.number == before.number
    put = dynamo.put_at_version(_item(after), before.version)
    try:
        dynamo.transact_write([put, *audits])
    except dynamo.TransactionCancelled:
        return False
    return True


# --- reads --------------------------------------------------------------------------------------

def get(number: int) -> LegalEntry | None:
    item = dynamo.get(keys.legal_request(number))
    return _entry(item) if item else None


def page(limit: int, cursor: str | None) -> tuple[list[LegalEntry], str | None]:
    """Every request, the most recently received first."""
    found = dynamo.query_page(schema.GSI1, keys.LEGAL_ALL, limit=limit, cursor=cursor, newest_first=True)
    return [_entry(i) for i in found.items], found.cursor


def received_in(year: int) -> list[LegalEntry]:
    """Every request received in a calendar year (UTC), read as a key range page by page."""
    between = (keys.legal_received_bound(year, last=False), keys.legal_received_bound(year, last=True))
    found: list[LegalEntry] = []
    cursor: str | None = None
    while True:
        got = dynamo.query_page(schema.GSI1, keys.LEGAL_ALL, limit=500, cursor=cursor, newest_first=False,
                                sort_between=between)
        found.extend(_entry(i) for i in got.items)
        if got.cursor is None:
            return found
        cursor = got.cursor


def follow_ups_due_by(day: date, limit: int = 500) -> list[LegalEntry]:
    """Accepted emergencies whose follow-up is due on or before `day`, soonest first."""
    got = dynamo.query_page(schema.GSI2, keys.LEGAL_FOLLOW_UP, limit=limit, newest_first=False,
                            sort_between=("0", keys.legal_follow_up_bound(day)))
    return [_entry(i) for i in got.items]


# --- voluntary disclosures (L9) -------------------------------------------------------------------

def insert_voluntary(record: VoluntaryDisclosure, audit: dict[str, Any]) -> None:
    item = {**keys.voluntary_disclosure(record.number), **keys.voluntary_index(record.sent_on, record.number),
            "type": "voluntary_disclosure", "number": record.number, "category": record.category,
            "authority": record.authority, "country": record.country, "sent_on": record.sent_on.isoformat(),
            "summary": record.summary, "account_id": record.account_id, "recorded_by": record.recorded_by,
            "recorded_at": record.recorded_at.isoformat()}
    try:
        dynamo.transact_write([{"Put": {"Item": dynamo.to_attributes(item), "ConditionExpression": ABSENT}}, audit])
    except dynamo.TransactionCancelled as exc:
        raise Conflict("The disclosure could not be recorded; please try again.") from exc


def voluntary_page(limit: int, cursor: str | None) -> tuple[list[VoluntaryDisclosure], str | None]:
    got = dynamo.query_page(schema.GSI1, keys.LEGAL_VOLUNTARY, limit=limit, cursor=cursor, newest_first=True)
    return [VoluntaryDisclosure(int(i["number"]), i["category"], i["authority"], i.get("country"),
                                date.fromisoformat(i["sent_on"]), i["summary"], i.get("account_id"),
                                i["recorded_by"], datetime.fromisoformat(i["recorded_at"]))
            for i in got.items], got.cursor


def voluntary_categories_in(year: int) -> list[str]:
    """The category of each voluntary disclosure sent in a calendar year."""
    found: list[str] = []
    cursor: str | None = None
    while True:
        got = dynamo.query_page(schema.GSI1, keys.LEGAL_VOLUNTARY, limit=500, cursor=cursor, newest_first=False,
                                sort_between=keys.voluntary_year_bounds(year))
        found.extend(str(i["category"]) for i in got.items)
        if got.cursor is None:
            return found
        cursor = got.cursor
