"""A day's availability and the current state (the status page's arithmetic), on the SLA's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chalicelib.domain.availability_days import (
    State,
    current_state,
    day_span,
    day_summary,
    merged_runs,
    month_so_far,
)
from chalicelib.domain.sla_availability import MaintenanceWindow, Probe

DAY = date(2026, 11, 3)
MIDNIGHT = datetime(2026, 11, 4, tzinfo=UTC)


def _down(start: datetime, minutes: int, locations: tuple[str, ...] = ("eu", "us")) -> list[Probe]:
    return [Probe(f"m-{loc}", loc, start + timedelta(minutes=n), False) for n in range(minutes) for loc in locations]


def test_a_run_crossing_midnight_counts_its_own_minutes_in_each_day_on_its_whole_length() -> None:
    probes = _down(MIDNIGHT - timedelta(minutes=2), 5)    # 23:58-00:02: 2 minutes then 3
    before, after = day_summary(DAY, probes), day_summary(DAY + timedelta(days=1), probes)
    assert (before.downtime_minutes, after.downtime_minutes) == (2, 3)
    assert before.availability_percent == "99.861" and after.availability_percent == "99.792"
    assert merged_runs([*before.runs, *after.runs]) == [(MIDNIGHT - timedelta(minutes=2),
                                                          MIDNIGHT + timedelta(minutes=3))]


def test_short_runs_are_down_minutes_not_downtime_and_maintenance_minutes_are_whole() -> None:
    start = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    window = MaintenanceWindow(start + timedelta(hours=1, seconds=30), start + timedelta(hours=1, minutes=10))
    summary = day_summary(DAY, [*_down(start, 4), *_down(start + timedelta(hours=1), 20)], [window])
    assert (summary.down_minutes, summary.downtime_minutes, summary.maintenance_minutes) == (14, 10, 10)
    assert summary.observed_minutes == 24


def test_a_day_without_probes_has_no_data_and_the_span_reaches_four_minutes_around_it() -> None:
    assert day_summary(DAY, []).availability_percent is None
    assert day_span(DAY) == (datetime(2026, 11, 2, 23, 56, tzinfo=UTC), datetime(2026, 11, 4, 0, 4, tzinfo=UTC))


def test_the_current_state_needs_fresh_probes_and_two_locations_to_say_down() -> None:
    now = datetime(2026, 11, 3, 12, 0, 30, tzinfo=UTC)
    minute = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
    ok = Probe("m-ap", "ap", minute, True)
    assert current_state([], now) is State.UNKNOWN
    assert current_state([Probe("m-eu", "eu", minute - timedelta(minutes=6), False)], now) is State.UNKNOWN
    assert current_state([ok], now) is State.UP
    assert current_state([*_down(minute, 1), ok], now) is State.DEGRADED
    assert current_state(_down(minute, 1, ("eu",)), now) is State.DEGRADED
    assert current_state(_down(minute, 1), now) is State.DOWN


def test_the_month_so_far() -> None:
    summary = day_summary(DAY, _down(datetime(2026, 11, 3, 8, 0, tzinfo=UTC), 30))
    assert month_so_far([summary], 0) is None
    assert month_so_far([summary], 3000) == 99
