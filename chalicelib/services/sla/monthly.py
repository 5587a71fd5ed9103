"""The monthly SLA report (S1-S5, S11): a month's availability, downtime runs, maintenance and every
account's entitlement, computed with the same pure modules as `panel sla credits`
(`domain.sla_availability`, `domain.sla_credits`) and stored for the claims to read.

Runs on the 1st of each month for the month before (`run_previous_month`, scheduled in app.py) and
on an operator's demand for any ended month (`panel sla month --month 2026-10`, `compute_month`).

* Reads: the probes of `Month.span()` a page at a time (a month holds ~130k records; the arithmetic
  keeps only the minutes, so memory stays bounded by the month's 44,640 minutes, not its records),
  the maintenance windows of the span, the month's top-ups (the payments store's month index, a
  page at a time), the month's first-response breaches per account, and, for an account with
  breaches but no top-up in the month, whether it ever paid before the month ended.
* Accounts with neither a counted top-up nor a breach in the month get no entitlement item: the
  month gives them nothing to compute from, and a claim finds "no credit" for them.
* Idempotent: when the stored report already says exactly what the computation says, nothing is
  written (running twice changes nothing). When it differs (a maintenance window declared late,
  a late external alert), the report is saved as the next version, until a claim of the month is
  decided: from then on the month is final and a run only logs that it left it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.monitoring import ProbeRecord
from chalicelib.domain.numbers import checked_month
from chalicelib.domain.sla_availability import Month, MonthReport, month_report
from chalicelib.domain.sla_credits import AccountMonth, Plan, TopUpRecord, entitlement
from chalicelib.domain.sla_month import paid_before_end, probe_of, top_up_record, window_of
from chalicelib.domain.sla_report import Entitlement, same_numbers, stored_entitlement, stored_report
from chalicelib.observability import logger
from chalicelib.services import clock
from chalicelib.services.sla import reports
from chalicelib.services.tickets.breaches import breaches_by_user
from chalicelib.store import maintenance, payments, probes

TOP_UP_PAGE = 100
USER_PAGE = 50


@dataclass(frozen=True)
class MonthRun:
    month: str
    outcome: str            # "saved", "unchanged" or "decided" (left as it was)
    version: int            # the stored report's version after the run (0: none)
    availability_percent: str
    downtime_minutes: int
    probes: int             # records read
    entitlements: int       # accounts with an entitlement item

    def as_dict(self) -> dict[str, object]:
        return {"month": self.month, "outcome": self.outcome, "version": self.version,
                "availability_percent": self.availability_percent, "downtime_minutes": self.downtime_minutes,
                "probes": self.probes, "entitlements": self.entitlements}


def previous_month(now: datetime) -> Month:
    this = Month(now.year, now.month)
    return Month(this.year - 1, 12) if this.month == 1 else Month(this.year, this.month - 1)


def _availability(month: Month) -> tuple[MonthReport, dict[tuple[datetime, datetime], str], int]:
    start, end = month.span()
    windows = maintenance.between(start, end)
    seen = 0

    def counted(records: Iterator[ProbeRecord]) -> Iterator[ProbeRecord]:
        nonlocal seen
        for record in records:
            seen += 1
            yield record

    report = month_report(month, map(probe_of, counted(probes.between(start, end))), map(window_of, windows))
    return report, {(w.starts_at, w.ends_at): w.kind.value for w in windows}, seen


def _top_ups(month: Month) -> dict[str, list[TopUpRecord]]:
    found: dict[str, list[TopUpRecord]] = defaultdict(list)
    cursor = None
    while True:
        page, cursor = payments.in_month(str(month), limit=TOP_UP_PAGE, cursor=cursor)
        for top_up in page:
            record = top_up_record(top_up)
            if record is not None:
                found[top_up.user_id].append(record)
        if cursor is None:
            return found


def _ever_paid(user_id: str, month: Month) -> bool:
    cursor = None
    while True:
        page, cursor = payments.of_user(user_id, limit=USER_PAGE, cursor=cursor)
        if paid_before_end(page, month):
            return True
        if cursor is None:
            return False


def accounts_of(month: Month) -> list[AccountMonth]:
    """Every account the month gives something to compute from (a counted top-up or a breach)."""
    top_ups = _top_ups(month)
    breaches = {user: count for user, count in breaches_by_user(str(month)).items() if count > 0}
    accounts = []
    for user_id in sorted(top_ups.keys() | breaches.keys()):
        paid = user_id in top_ups or _ever_paid(user_id, month)
        accounts.append(AccountMonth(user_id, Plan.PAID if paid else Plan.TRIAL, tuple(top_ups.get(user_id, ())),
                                     breaches.get(user_id, 0)))
    return accounts


def _decided(month: Month, computed: MonthReport, entitlements: list[Entitlement], seen: int,
             version: int) -> MonthRun:
    logger.info("sla report left as it is: a claim of the month is decided", extra={"month": str(month)})
    return MonthRun(str(month), "decided", version, computed.availability_percent, computed.downtime_minutes,
                    seen, len(entitlements))


def compute_month(month_text: str) -> MonthRun:
    """Compute and store an ended month's report (see the module's docstring). 400 for a month
    that is not written YYYY-MM or has not ended yet."""
    month = Month.parse(checked_month(month_text))
    now = clock.now()
    if month.end > now:
        raise InvalidInput(f"{month} has not ended yet: a month's report is computed once it is over.",
                           fields={"month": "not_ended"})
    computed, kinds, seen = _availability(month)
    entitlements = [stored_entitlement(entitlement(a, computed)) for a in accounts_of(month)]
    fresh = stored_report(computed, now, kinds)
    for _attempt in range(2):  # a concurrent run may save first: read again and compare once more
        stored = reports.month_report(str(month))
        version = stored.version if stored else 0
        if reports.sla_month_decided(str(month)):
            return _decided(month, computed, entitlements, seen, version)
        if stored is not None and same_numbers(stored, reports.entitlements(stored), fresh, entitlements):
            logger.info("sla report unchanged", extra={"month": str(month), "version": version})
            return MonthRun(str(month), "unchanged", version, computed.availability_percent,
                            computed.downtime_minutes, seen, len(entitlements))
        try:
            saved = reports.save_month_report(fresh, entitlements, version)
        except Conflict:
            continue
        return MonthRun(str(month), "saved", saved.version, computed.availability_percent,
                        computed.downtime_minutes, seen, len(entitlements))
    if reports.sla_month_decided(str(month)):
        return _decided(month, computed, entitlements, seen, version)
    raise Conflict(f"The report for {month} kept changing while it was computed; run it again.")


def run_previous_month() -> dict[str, object]:
    """The scheduled run (1st of the month, just after 00:00 UTC): the month that just ended."""
    return compute_month(str(previous_month(clock.now()))).as_dict()
