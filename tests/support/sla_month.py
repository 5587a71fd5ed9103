"""A month of SLA inputs on DynamoDB Local, written through the real services and stores: three
monitors' probe records, maintenance windows, top-ups and first-response breaches (November 2026).

What it holds, and what the month's report must therefore say:

* Outage A, 3 Nov 10:00-20:59 (660 minutes): every probe of eu-west and us-east failed
  (ap-south saw nothing): downtime, 660 minutes (less whatever a later window covers).
* Outage B, 10 Nov 08:00-08:02: 3 failed minutes at two locations: too short to be downtime.
* Outage C, 20 Nov 02:00-02:29 at all three locations, inside a maintenance window: not downtime.
* Outage D, 12 Nov 06:00-06:19 at eu-west only: one location is not confirmation.
* Probes that answered around each outage, from all three locations.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from chalicelib.domain.maintenance import WindowKind
from chalicelib.domain.monitoring import MonitorKind, PageResult, ProbeRecord
from chalicelib.domain.payments import DisputeStatus, Method, TopUp, TopUpStatus
from chalicelib.services import audit_log, maintenance, monitoring
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.store import counters, payments, probes

MONTH = "2026-11"
MONITORS = {"sim-eu": "eu-west", "sim-us": "us-east", "sim-ap": "ap-south"}
OUTAGE_A = datetime(2026, 11, 3, 10, 0, tzinfo=UTC), 660
OUTAGE_B = datetime(2026, 11, 10, 8, 0, tzinfo=UTC), 3
OUTAGE_C = datetime(2026, 11, 20, 2, 0, tzinfo=UTC), 30
OUTAGE_D = datetime(2026, 11, 12, 6, 0, tzinfo=UTC), 20
UP = PageResult.answered(200, 40)


def _minutes(start: datetime, count: int) -> list[datetime]:
    return [start + timedelta(minutes=n) for n in range(count)]


def _fail(monitor_id: str, start: datetime, count: int, at: datetime) -> None:
    probes.record_failures(monitor_id, MONITORS[monitor_id], MonitorKind.UPTIMEROBOT, _minutes(start, count), at)


def _answer(monitor_id: str, minute: datetime) -> None:
    monitoring.record(ProbeRecord(monitor_id, MONITORS[monitor_id], MonitorKind.UPTIMEROBOT, minute,
                                  minute + timedelta(seconds=2), True, UP, UP))


def seed_monitoring(clock: object) -> None:
    """The monitors, their records and the maintenance window of outage C (declared on 25 Nov)."""
    for monitor_id, location in MONITORS.items():
        monitoring.register(monitor_id, location, MonitorKind.UPTIMEROBOT)
    at = datetime(2026, 11, 25, tzinfo=UTC)
    for start, count in (OUTAGE_A, OUTAGE_B):
        for monitor_id in ("sim-eu", "sim-us"):
            _fail(monitor_id, start, count, at)
    for monitor_id in MONITORS:
        _fail(monitor_id, *OUTAGE_C, at)
    _fail("sim-eu", *OUTAGE_D, at)
    for start, count in (OUTAGE_A, OUTAGE_B, OUTAGE_C, OUTAGE_D):
        for monitor_id in MONITORS:
            _answer(monitor_id, start - timedelta(minutes=1))
            _answer(monitor_id, start + timedelta(minutes=count))
    clock.at = at  # type: ignore[attr-defined]
    with audit_log.acting("staff-ops"):
        maintenance.declare(WindowKind.EMERGENCY, OUTAGE_C[0], OUTAGE_C[0] + timedelta(minutes=30),
                            "Database failover (internal note: replica lag)")


def late_window(clock: object) -> None:
    """An emergency window declared after the month ended, covering outage A's last hour."""
    clock.at = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # type: ignore[attr-defined]
    with audit_log.acting("staff-ops"):
        maintenance.declare(WindowKind.EMERGENCY, datetime(2026, 11, 3, 20, 0, tzinfo=UTC),
                            datetime(2026, 11, 3, 21, 0, tzinfo=UTC), "Upstream network work")


def top_up(user_id: str, amount: str, created_at: datetime, *, bonus: str = "0.00",
           status: TopUpStatus = TopUpStatus.SUCCEEDED, refunded: str = "0.00",
           disputes: dict[str, tuple[Decimal, DisputeStatus]] | None = None) -> None:
    payments.insert(TopUp(top_up_id=counters.next_id("topup"), user_id=user_id, amount=Decimal(amount),
                          bonus=Decimal(bonus), method=Method.CARD, status=status, created_at=created_at,
                          refunded=Decimal(refunded), disputes=disputes or {}))


def breaches(clock: object, user_ids: list[str], count: int = 10) -> list[int]:
    """`count` tickets per user opened on 2 Nov 2026 that nobody answers (the standard target ends
    11 Nov): each a first-response breach once the clock passes it. Needs ack_off."""
    clock.at = datetime(2026, 11, 2, 11, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    numbers = []
    for user_id in user_ids:
        for n in range(count):
            text = f"Question {n} about the panel, with all details. {secrets.token_hex(3)}"
            ticket, _ = customer_tickets.open_ticket(user_id, "No answer", "other", text)
            numbers.append(ticket.number)
    return numbers
