"""What the monthly SLA report reads from the panel's own records, as pure rules (S4, S5, S11).

* A monitoring record counts at the minute it is for (`ProbeRecord.minute`): an external
  monitor's alert may be reported later than the minute it describes.
* A top-up counts in the month its record was created (UTC) once it succeeded (the money arrived);
  created, pending and failed ones count nothing. What counts is the amount paid less what was
  refunded and what the bank holds or took back in a dispute (money the panel did not keep is no
  base for a credit); never below zero. The bonus credited on top (`TopUp.bonus`) is never part
  of the amount, so it never counts (SLA 1.5).
* An account is **paid** once it has made a successful top-up before the month ended; otherwise
  it is a free or trial account, which the SLA does not cover (SLA 1.5).
* An account needs an entitlement item only when the month gives it something to compute from:
  a counted top-up or a first-response breach. Every other account's entitlement is zero.
"""

from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.maintenance import Window
from chalicelib.domain.monitoring import ProbeRecord
from chalicelib.domain.payments import TopUp, TopUpStatus
from chalicelib.domain.sla_availability import MaintenanceWindow, Month, Probe
from chalicelib.domain.sla_credits import TopUpRecord

ZERO = Decimal("0.00")


def probe_of(record: ProbeRecord) -> Probe:
    """The arithmetic's probe for a stored record: its monitor, location and minute."""
    return Probe(record.monitor_id, record.location, record.minute, record.ok)


def window_of(window: Window) -> MaintenanceWindow:
    """The arithmetic's window for a declared one: its times only (kind and reason are for people)."""
    return MaintenanceWindow(window.starts_at, window.ends_at)


def paid_top_up(top_up: TopUp) -> bool:
    return top_up.status is TopUpStatus.SUCCEEDED


def counted_amount(top_up: TopUp) -> Decimal:
    """What a succeeded top-up adds to the credit base: paid less refunded and disputed, at least 0."""
    if not paid_top_up(top_up):
        return ZERO
    return max(top_up.amount - top_up.refunded - top_up.disputed, ZERO)


def top_up_record(top_up: TopUp) -> TopUpRecord | None:
    """The credits' record of a top-up, or None when it counts nothing (not paid)."""
    if not paid_top_up(top_up):
        return None
    return TopUpRecord(counted_amount(top_up), top_up.created_at)


def paid_before_end(top_ups: list[TopUp], month: Month) -> bool:
    """Whether any of `top_ups` is a successful top-up made before the month ended."""
    return any(paid_top_up(t) and t.created_at < month.end for t in top_ups)
