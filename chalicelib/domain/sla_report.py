"""A month's SLA report as it is stored: what the monthly computation writes and the claims read.

The arithmetic that produces it is `sla_availability`'s (and `sla_credits`' for the entitlements);
this module says what a stored report holds, and `stored_report` / `stored_entitlement` are the one
bridge from the arithmetic's results to it. Amounts are Decimals with two places; the availability
percentage is the display string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from chalicelib.domain import sla_availability, sla_credits
from chalicelib.domain.sla_claims import Component

CENT = Decimal("0.01")


@dataclass(frozen=True)
class DowntimeRun:
    start: datetime
    end: datetime
    minutes: int                    # the run's minutes inside the month


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    kind: str = "scheduled"


@dataclass(frozen=True)
class MonthReport:
    month: str
    minutes: int
    downtime_minutes: int
    availability_percent: str       # e.g. "99.917"
    downtime_runs: tuple[DowntimeRun, ...]
    maintenance_windows: tuple[Window, ...]
    computed_at: datetime
    version: int = 0                # 1 for the first saved report, +1 per recomputation
    revision: str = ""              # names the entitlement items of this version


@dataclass(frozen=True)
class Entitlement:
    """One account's credits for the month, with the inputs they were computed from."""

    user_id: str
    availability: Decimal
    first_response: Decimal
    total: Decimal
    base_top_ups: Decimal           # the month's top-ups that count (bonus funds excluded)
    breaches: int                   # first-response breaches of the month (S11)
    plan: str                       # "paid" or "trial" (trial accounts are not covered)

    def of(self, component: Component) -> Decimal:
        return self.availability if component is Component.AVAILABILITY else self.first_response

    def as_map(self) -> dict[Component, Decimal]:
        return {c: self.of(c) for c in Component}


def check_entitlement(entitlement: Entitlement) -> None:
    """A report never stores an entitlement whose parts do not add up, or a negative one."""
    parts = (entitlement.availability, entitlement.first_response, entitlement.total)
    if any(p < 0 or p != p.quantize(CENT) for p in parts):
        raise ValueError(f"entitlement amounts must be non-negative with two decimals: {entitlement}")
    if entitlement.availability + entitlement.first_response != entitlement.total:
        raise ValueError(f"entitlement total does not add up: {entitlement}")


def stored_report(report: sla_availability.MonthReport, computed_at: datetime,
                  kinds: Mapping[tuple[datetime, datetime], str] | None = None) -> MonthReport:
    """The arithmetic's month report as it is stored (version and revision are the store's to set).
    `kinds` names each maintenance window's kind by its (start, end); "scheduled" if unnamed."""
    named = kinds or {}
    return MonthReport(
        month=str(report.month), minutes=report.minutes, downtime_minutes=report.downtime_minutes,
        availability_percent=report.availability_percent,
        downtime_runs=tuple(DowntimeRun(r.start, r.end, r.minutes_in_month) for r in report.runs),
        maintenance_windows=tuple(Window(w.start, w.end, named.get((w.start, w.end), "scheduled"))
                                  for w in report.maintenance),
        computed_at=computed_at,
    )


def stored_entitlement(entitlement: sla_credits.Entitlement) -> Entitlement:
    """The arithmetic's entitlement of one account as it is stored."""
    plan = sla_credits.Plan.PAID if entitlement.eligible else sla_credits.Plan.TRIAL
    return Entitlement(entitlement.account_id, entitlement.availability, entitlement.first_response,
                       entitlement.total, entitlement.base.quantize(CENT), entitlement.first_response_breaches,
                       plan.value)


def same_numbers(stored: MonthReport, stored_entitlements: Iterable[Entitlement], computed: MonthReport,
                 computed_entitlements: Iterable[Entitlement]) -> bool:
    """Whether a recomputation says exactly what is stored (when it was computed aside): then
    storing it again would change nothing a reader sees."""
    def bare(report: MonthReport) -> MonthReport:
        return replace(report, computed_at=datetime.min, version=0, revision="")

    def by_user(items: Iterable[Entitlement]) -> dict[str, Entitlement]:
        return {e.user_id: e for e in items}

    return bare(stored) == bare(computed) and by_user(stored_entitlements) == by_user(computed_entitlements)
