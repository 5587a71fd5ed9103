"""The SLA month report: saved by the monthly computation, read by claims' decisions.

A report can be recomputed (each save names the version it replaces) until the first claim of
its month is decided; from then on the month is decided and every save is refused, so the
numbers a decision was made from never change under it.
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.domain.errors import Conflict
from chalicelib.domain.numbers import checked_month
from chalicelib.domain.sla_report import Entitlement, MonthReport
from chalicelib.observability import logger
from chalicelib.store import sla_months
from chalicelib.store import sla_reports as store

DECIDED_MESSAGE = ("A claim for {month} has been decided, so its report is final and cannot be "
                   "recomputed.")


def save_month_report(report: MonthReport, entitlements: Iterable[Entitlement], expected_version: int) -> MonthReport:
    """Store `report` and its per-account entitlements as the version after `expected_version`
    (0 for the month's first report). Conflict (409) if the month is decided or the report
    changed since it was read; nothing changes then."""
    month = checked_month(report.month)
    try:
        saved = store.save(report, entitlements, expected_version)
    except store.MonthDecided:
        raise Conflict(DECIDED_MESSAGE.format(month=month)) from None
    except store.ReportVersionConflict:
        raise Conflict(f"The report for {month} changed since it was read; read it again.") from None
    logger.info("sla report saved", extra={"month": month, "version": saved.version})
    return saved


def month_report(month: str) -> MonthReport | None:
    return store.get(checked_month(month))


def entitlement(report: MonthReport, user_id: str) -> Entitlement | None:
    return store.entitlement(report, user_id)


def sla_month_decided(month: str) -> bool:
    """Whether any claim of `month` was decided (its report and maintenance windows are final)."""
    return sla_months.is_decided(checked_month(month))


def entitlements(report: MonthReport) -> list[Entitlement]:
    """Every entitlement item of `report`'s revision."""
    return store.entitlements(report)
