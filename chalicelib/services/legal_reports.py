"""Around the legal register (docs/legal.md): voluntary disclosures (L9), the yearly transparency
report, the daily check of emergencies whose formal legal process is overdue (L8), and the
mail worker's side of the user's notice (L10)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from chalicelib.domain import legal_transparency
from chalicelib.domain import staff_alerts as alert_rules
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.legal_notice import Notice
from chalicelib.domain.legal_register import VoluntaryDisclosure, display_id, follow_up_overdue, note_text
from chalicelib.domain.legal_request import DataCategory
from chalicelib.observability import LEGAL_FOLLOW_UPS_OVERDUE, logger, metrics
from chalicelib.services import audit_log, brand, clock, staff_alerts
from chalicelib.settings import get_settings
from chalicelib.store import counters, users
from chalicelib.store import legal_requests as store

VOLUNTARY_COUNTER = "legal_voluntary"
MAX_AUTHORITY = 300
FIRST_YEAR = 2000


class VoluntaryCategory(StrEnum):
    CSAM = "csam"
    TERRORISM = "terrorism"
    OTHER_SERIOUS_HARM = "other_serious_harm"


def voluntary_display(number: int) -> str:
    return f"VD-{number:06d}"


# --- voluntary disclosures (L9) -------------------------------------------------------------------

def record_voluntary(staff_id: str, category: object, authority: object, country: object, sent_on: date,
                     summary: object, account_id: object = None) -> VoluntaryDisclosure:
    """Record what was sent to which authority, when, and why, with its audit record."""
    try:
        kind = VoluntaryCategory(str(category).strip().lower())
    except ValueError:
        raise InvalidInput(f"The category is one of: {', '.join(c.value for c in VoluntaryCategory)}.",
                           fields={"category": "unknown"}) from None
    to = note_text(authority, "authority")
    assert to is not None
    if len(to) > MAX_AUTHORITY:
        raise InvalidInput(f"The authority's name is at most {MAX_AUTHORITY} characters.",
                           fields={"authority": "too_long"})
    code = None
    if country is not None:
        code = str(country).strip().upper()
        if len(code) != 2 or not code.isalpha() or not code.isascii() or code == "UK":
            raise InvalidInput("The country is a two-letter ISO 3166 code such as GB, US or FR (the United "
                               "Kingdom is GB).", fields={"country": "invalid"})
    what = note_text(summary, "summary")
    assert what is not None
    now = clock.now()
    if sent_on > now.astimezone(UTC).date():
        raise InvalidInput("The disclosure cannot have been sent in the future.", fields={"sent_on": "future"})
    account = str(account_id).strip() if isinstance(account_id, str) and account_id.strip() else None
    if account is not None and users.get(account) is None:
        raise InvalidInput("There is no account with this id.", fields={"account_id": "unknown"})
    record = VoluntaryDisclosure(counters.next_id(VOLUNTARY_COUNTER), kind.value, to, code, sent_on, what, account,
                                 staff_id, now)
    audit = audit_log.build(Action.VOLUNTARY_DISCLOSURE_RECORDED, SubjectKind.VOLUNTARY_DISCLOSURE,
                            voluntary_display(record.number), actor=staff_id,
                            record_id=f"legal-voluntary#{record.number}",
                            after={"category": kind.value, "country": code, "sent_on": sent_on.isoformat(),
                                   "account_named": account is not None})
    store.insert_voluntary(record, audit_log.action(audit))
    logger.info("voluntary disclosure recorded", extra={"disclosure": voluntary_display(record.number),
                                                        "category": kind.value})
    return record


def voluntary_list(limit: int, cursor: str | None) -> tuple[list[VoluntaryDisclosure], str | None]:
    return store.voluntary_page(limit, cursor)


# --- transparency report ------------------------------------------------------------------------

def check_year(year: object) -> int:
    now_year = clock.now().astimezone(UTC).year
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= now_year:
        raise InvalidInput(f"The year is a number from {FIRST_YEAR} to {now_year}.", fields={"year": "invalid"})
    return year


def transparency(year: object) -> dict[str, Any]:
    """Requests received in `year` (UTC) by country, kind, pathway and decision; voluntary
    disclosures by category. Counts only."""
    checked = check_year(year)
    return legal_transparency.report(checked, store.received_in(checked), store.voluntary_categories_in(checked))


# --- emergencies awaiting their formal process (L8) -----------------------------------------------

def check_follow_ups(today: date | None = None) -> dict[str, int]:
    """Daily: every accepted emergency whose follow-up deadline has passed is an error log and
    counts in the `LegalFollowUpsOverdue` metric (alarmed in the cloud)."""
    day = today or clock.now().astimezone(UTC).date()
    overdue = [e for e in store.follow_ups_due_by(day - timedelta(days=1)) if follow_up_overdue(e, day)]
    for entry in overdue:
        logger.error("emergency legal request: follow-up legal process overdue",
                     extra={"request": entry.display, "due": entry.follow_up_due.isoformat()
                            if entry.follow_up_due else None})
        staff_alerts.raise_alert(alert_rules.legal_follow_up_overdue(entry.display, entry.follow_up_due))
    metrics.add_metric(name=LEGAL_FOLLOW_UPS_OVERDUE, unit="Count", value=len(overdue))
    return {"overdue": len(overdue)}


# --- the notice e-mail (mail worker) --------------------------------------------------------------

_CATEGORY_WORDS = {
    DataCategory.BASIC_SUBSCRIBER: "your e-mail address and when your account was created",
    DataCategory.LOGIN_IPS: "the IP addresses you signed in from",
    DataCategory.TOP_UPS: "your top-up history (amounts, dates, transaction ids)",
    DataCategory.ORDERS: "your order history (dates, services, target links)",
}


def send_notice(number: int) -> bool:
    """Tell the user of an accepted request about their account, if the register still says the
    notice is sent (a withheld one never goes). The mail names the authority and what it asked
    for, never the case's details."""
    entry = store.get(number)
    user = users.get(entry.account_id) if entry and entry.account_id else None
    if entry is None or user is None or entry.notice is not Notice.SENT:
        logger.info("legal notice dropped", extra={"request": display_id(number)})
        return False
    authority = entry.checklist.authority
    who = (authority.name if authority and authority.name else "a public authority") + (
        f" ({authority.country})" if authority and authority.country else "")
    asked = [_CATEGORY_WORDS[c] for c in entry.disclose] or ["that your account's data be preserved"]
    received = entry.received_at.astimezone(UTC).date().isoformat() if isinstance(entry.received_at, datetime) else ""
    settings = get_settings()
    brand.send_mail(user.email, f"A legal request about your account ({entry.display})",
                    f"Hello {user.username},\n\nOn {received} we received a legal request from {who} about your "
                    f"account. Having checked it against our law-enforcement guidelines, we are bound to answer it. "
                    f"It concerns: {'; '.join(asked)}.\n\nOur guidelines: {settings.site_url}/legal/law-enforcement\n"
                    f"Questions: {brand.current().legal_email} (quote {entry.display}).\n")
    logger.info("legal notice mailed", extra={"request": entry.display})
    return True
