"""A month's SLA report as it is stored: what the monthly computation writes and the claims read.

The arithmetic that produces it is `sla_availability`'s; this module only says what a stored report
holds. Amounts are Decimals with two places; the availability percentage is the display string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

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
