"""The availability SLA's arithmetic (S1-S3): one test per rule, then properties with hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.sla_availability import (
    CONTEXT,
    MIN_RUN,
    MaintenanceWindow,
    Month,
    Probe,
    availability_of,
    display_percent,
    down_minutes,
    minute_of,
    minute_start,
    month_report,
    runs_of,
)

OCT = Month(2026, 10)
T0 = datetime(2026, 10, 3, 10, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def failing(start: datetime, minutes: int, locations: tuple[str, ...] = ("eu", "us"),
            offset: timedelta = timedelta(seconds=0)) -> list[Probe]:
    """Failed probes from each location in each of `minutes` minutes from `start`."""
    return [Probe(f"m-{loc}", loc, start + n * MIN + offset, False) for n in range(minutes) for loc in locations]


def window(start: datetime, end: datetime) -> MaintenanceWindow:
    return MaintenanceWindow(start, end)


# --- months ---------------------------------------------------------------------------------------


@pytest.mark.promise("S3")
@pytest.mark.parametrize(("month", "minutes"), [
    ("2026-02", 28 * 1440), ("2028-02", 29 * 1440),  # 2028 is a leap year
    ("2000-02", 29 * 1440), ("2100-02", 28 * 1440),  # divisible by 400 leaps; by 100 only does not
    ("2026-04", 30 * 1440), ("2026-10", 31 * 1440), ("2026-12", 31 * 1440),
])
def test_a_month_has_the_minutes_of_its_calendar_days(month: str, minutes: int) -> None:
    parsed = Month.parse(month)
    assert parsed.minutes == minutes
    assert parsed.end - parsed.start == timedelta(minutes=minutes)
    assert str(parsed) == month


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-10", "2026/10", " 2026-10", "", "0000-01"])
def test_a_month_that_is_not_yyyy_mm_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(text)


def test_the_span_the_caller_supplies_reaches_four_minutes_past_each_edge() -> None:
    assert CONTEXT.total_seconds() == (MIN_RUN - 1) * 60
    assert OCT.span() == (at("2026-09-30T23:56:00"), at("2026-11-01T00:04:00"))


# --- minutes and probes ---------------------------------------------------------------------------


def test_a_probe_belongs_to_the_minute_holding_its_time() -> None:
    assert minute_of(at("2026-10-03T10:05:00")) == minute_of(at("2026-10-03T10:05:59.999999"))
    assert minute_of(at("2026-10-03T10:04:59.999999")) == minute_of(at("2026-10-03T10:05:00")) - 1
    assert minute_start(minute_of(at("2026-10-03T10:05:30"))) == at("2026-10-03T10:05:00")
    # the same instant in another zone is the same minute
    assert minute_of(datetime(2026, 10, 3, 12, 5, 30, tzinfo=timezone(timedelta(hours=2)))) == minute_of(
        at("2026-10-03T10:05:00"))
    assert minute_of(at("1969-12-31T23:59:30")) == -1


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        minute_of(datetime(2026, 10, 3, 10, 0))
    with pytest.raises(ValueError):
        down_minutes([Probe("m", "eu", datetime(2026, 10, 3, 10, 0), False)])


@pytest.mark.promise("S1")
def test_a_probe_at_exactly_a_minute_boundary_belongs_to_the_minute_it_starts() -> None:
    # eu fails at 10:00:59.999 (minute 10:00), us fails at 10:01:00 (minute 10:01): no minute has both
    probes = [Probe("a", "eu", at("2026-10-03T10:00:59.999999"), False),
              Probe("b", "us", at("2026-10-03T10:01:00"), False)]
    assert down_minutes(probes) == []
    probes.append(Probe("c", "us", at("2026-10-03T10:00:00"), False))
    assert down_minutes(probes) == [minute_of(at("2026-10-03T10:00"))]


@pytest.mark.promise("S1")
def test_a_minute_is_down_only_when_two_locations_saw_it_fail() -> None:
    assert down_minutes(failing(T0, 1, ("eu", "us"))) == [minute_of(T0)]
    assert down_minutes(failing(T0, 1, ("eu",))) == []


@pytest.mark.promise("S1")
def test_two_monitors_in_one_location_are_one_witness() -> None:
    probes = [Probe("m1", "eu", T0, False), Probe("m2", "eu", T0 + timedelta(seconds=20), False)]
    assert down_minutes(probes) == []


@pytest.mark.promise("S1")
def test_one_successful_probe_keeps_the_minute_up() -> None:
    probes = [*failing(T0, 1, ("eu", "us", "ap")), Probe("m-x", "ap", T0 + timedelta(seconds=45), True)]
    assert down_minutes(probes) == []


# --- maintenance ----------------------------------------------------------------------------------


@pytest.mark.promise("S2")
@pytest.mark.parametrize(("start", "end", "excluded"), [
    ("10:00:00", "10:01:00", ["10:00"]),                 # half-open: 10:01 stays
    ("10:00:30", "10:01:00", ["10:00"]),                 # any part of a minute excludes all of it
    ("10:00:59", "10:01:01", ["10:00", "10:01"]),
    ("09:59:59.999999", "10:00:00.000001", ["09:59", "10:00"]),
    ("09:00:00", "10:00:00", ["09:59"]),                 # ends exactly where 10:00 begins: 10:00 stays
    ("10:01:00", "10:02:00", ["10:01"]),
])
def test_a_maintenance_window_excludes_every_minute_it_touches(start: str, end: str, excluded: list[str]) -> None:
    probes = failing(at("2026-10-03T09:59"), 3)  # 09:59, 10:00 and 10:01 down
    left = down_minutes(probes, [window(at(f"2026-10-03T{start}"), at(f"2026-10-03T{end}"))])
    all_three = {minute_of(at(f"2026-10-03T{m}")) for m in ("09:59", "10:00", "10:01")}
    assert set(left) == all_three - {minute_of(at(f"2026-10-03T{m}")) for m in excluded}


def test_a_window_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError):
        MaintenanceWindow(T0, T0)
    with pytest.raises(ValueError):
        MaintenanceWindow(T0, T0 - MIN)
    with pytest.raises(ValueError):
        MaintenanceWindow(datetime(2026, 10, 3), datetime(2026, 10, 4))


@pytest.mark.promise("S2")
def test_a_window_in_the_middle_of_an_outage_splits_it_into_runs_that_may_not_qualify() -> None:
    probes = failing(T0, 9)  # 10:00-10:08
    assert month_report(OCT, probes).downtime_minutes == 9
    # 10:04 excluded: 4 + 4 minutes, neither is downtime
    assert month_report(OCT, probes, [window(T0 + 4 * MIN, T0 + 5 * MIN)]).downtime_minutes == 0


@pytest.mark.promise("S2")
def test_overlapping_and_touching_windows_merge() -> None:
    probes = failing(T0, 20)
    windows = [window(T0, T0 + 5 * MIN), window(T0 + 3 * MIN, T0 + 8 * MIN), window(T0 + 8 * MIN, T0 + 9 * MIN)]
    report = month_report(OCT, probes, windows)
    assert report.downtime_minutes == 11  # 10:09-10:19
    assert report.runs[0].start == T0 + 9 * MIN
    assert report.maintenance == tuple(windows)


# --- runs -----------------------------------------------------------------------------------------


@pytest.mark.promise("S1")
def test_downtime_is_a_run_of_at_least_five_minutes() -> None:
    assert month_report(OCT, failing(T0, 4)).downtime_minutes == 0
    report = month_report(OCT, failing(T0, 5))
    assert report.downtime_minutes == 5
    assert [(r.start, r.end, r.minutes, r.minutes_in_month) for r in report.runs] == [(T0, T0 + 5 * MIN, 5, 5)]


@pytest.mark.promise("S1")
def test_a_gap_of_one_minute_breaks_a_run() -> None:
    probes = failing(T0, 4) + failing(T0 + 5 * MIN, 4)  # 10:04 has no probes at all
    assert month_report(OCT, probes).downtime_minutes == 0
    probes += failing(T0 + 4 * MIN, 1, ("eu",))  # seen by one location only: still not down
    assert month_report(OCT, probes).downtime_minutes == 0


def test_runs_of_finds_each_long_enough_run() -> None:
    assert runs_of([1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 20]) == [(1, 6), (7, 13)]
    assert runs_of([]) == []
    assert runs_of([3, 4, 5], min_length=3) == [(3, 6)]


@pytest.mark.promise("S1", "S3")
def test_a_run_crossing_into_the_month_counts_only_its_minutes_in_the_month() -> None:
    start = at("2026-09-30T23:57")  # 23:57, 23:58, 23:59 in September; 00:00, 00:01 in October
    probes = failing(start, 5)
    october, september = month_report(OCT, probes), month_report(Month(2026, 9), probes)
    assert october.downtime_minutes == 2 and september.downtime_minutes == 3
    assert october.runs[0].minutes == 5 and october.runs[0].start == start
    # without the minutes before the month (caller did not supply the span) the 2 minutes alone do not qualify
    assert month_report(OCT, [p for p in probes if p.at >= OCT.start]).downtime_minutes == 0


@pytest.mark.promise("S1", "S3")
def test_a_run_crossing_out_of_the_month_counts_only_its_minutes_in_the_month() -> None:
    probes = failing(at("2026-10-31T23:59"), 6)
    assert month_report(OCT, probes).downtime_minutes == 1
    assert month_report(Month(2026, 11), probes).downtime_minutes == 5


def test_probes_within_the_span_are_enough_to_decide_an_edge_run() -> None:
    probes = failing(at("2026-09-30T23:50"), 14)  # 23:50-00:03
    start, end = OCT.span()
    clipped = [p for p in probes if start <= p.at < end]
    assert month_report(OCT, clipped).downtime_minutes == month_report(OCT, probes).downtime_minutes == 4


@pytest.mark.promise("S3")
def test_runs_outside_the_month_are_left_out() -> None:
    probes = failing(at("2026-09-10T10:00"), 30) + failing(T0, 6)
    report = month_report(OCT, probes)
    assert len(report.runs) == 1 and report.downtime_minutes == 6


# --- availability ---------------------------------------------------------------------------------


@pytest.mark.promise("S3")
def test_availability_is_exact_and_shown_with_three_decimals_rounded_half_up() -> None:
    report = month_report(OCT, failing(T0, 37))
    assert report.availability == Fraction(100 * (44640 - 37), 44640)
    assert report.availability_percent == "99.917"
    assert display_percent(Fraction(999995, 10000)) == "100.000"  # 99.9995: the half goes up
    assert display_percent(Fraction(100)) == "100.000"
    assert display_percent(Fraction(0)) == "0.000"
    assert display_percent(Fraction(989995, 10000)) == "99.000"  # shown 99.000, yet under the target


def test_display_rounds_half_up_not_to_even() -> None:
    assert display_percent(Fraction(98_0005, 10_000)) == "98.001"  # 98.0005 -> 98.001 (banker's would give 98.000)
    assert display_percent(Fraction(98_0015, 10_000)) == "98.002"
    assert display_percent(Fraction(98_00049, 100_000)) == "98.000"


@pytest.mark.promise("S3")
def test_the_target_is_compared_before_any_rounding() -> None:
    # 31-day month, 447 minutes down: 98.9986...%, shown "98.999" but under the 99.0 target
    report = month_report(OCT, failing(T0, 447))
    assert report.availability_percent == "98.999" and not report.meets_target
    assert month_report(OCT, failing(T0, 446)).meets_target  # 446 / 44640 = 0.9991% down


@pytest.mark.parametrize(("minutes", "down"), [(0, 0), (10, 11), (10, -1)])
def test_availability_refuses_impossible_counts(minutes: int, down: int) -> None:
    with pytest.raises(ValueError):
        availability_of(minutes, down)


def test_a_month_of_uninterrupted_service_is_100_percent() -> None:
    report = month_report(Month(2028, 2), [Probe("a", "eu", at("2028-02-29T12:00"), True)])
    assert (report.minutes, report.downtime_minutes, report.availability_percent) == (41760, 0, "100.000")


# --- properties -----------------------------------------------------------------------------------

MINUTES = st.lists(st.integers(min_value=0, max_value=200), max_size=120).map(lambda xs: sorted(set(xs)))


@pytest.mark.promise("S1")
@given(MINUTES)
def test_property_runs_shorter_than_five_never_count(minutes: list[int]) -> None:
    runs = runs_of(minutes)
    assert all(stop - first >= MIN_RUN for first, stop in runs)
    assert all(m in minutes for first, stop in runs for m in range(first, stop))
    # every maximal streak of 5+ is found, and nothing else
    covered = {m for first, stop in runs for m in range(first, stop)}
    for m in minutes:
        streak_start = m
        while streak_start - 1 in minutes:
            streak_start -= 1
        streak_end = m
        while streak_end + 1 in minutes:
            streak_end += 1
        assert (m in covered) == (streak_end - streak_start + 1 >= MIN_RUN)


def _probes_from(spec: list[tuple[int, int, bool]], base: datetime = T0) -> list[Probe]:
    """(minute offset, location number, ok) -> probes, at varying seconds within the minute."""
    return [Probe(f"m{loc}", f"loc{loc}", base + off * MIN + timedelta(seconds=(off * 7 + loc * 13) % 60), ok)
            for off, loc, ok in spec]


PROBE_SPECS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 2), st.sampled_from([False, False, False, True])),
                         max_size=200)
OUTAGES = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15), st.integers(1, 3)), max_size=4)
"""(minute offset, length, locations): outages long and wide enough to make downtime often."""


def _outages(spec: list[tuple[int, int, int]], answered: list[tuple[int, int, bool]]) -> list[Probe]:
    locations = ("eu", "us", "ap")
    return [*(p for off, length, n in spec for p in failing(T0 + off * MIN, length, locations[:n])),
            *(p for p in _probes_from(answered) if p.ok)]


WINDOWS = st.lists(st.tuples(st.integers(-5, 70), st.integers(1, 30), st.integers(0, 59)), max_size=3)


def _windows(spec: list[tuple[int, int, int]]) -> list[MaintenanceWindow]:
    return [window(T0 + off * MIN + timedelta(seconds=sec), T0 + (off + length) * MIN) for off, length, sec in spec]


@pytest.mark.promise("S2")
@given(OUTAGES, PROBE_SPECS, WINDOWS, st.tuples(st.integers(-5, 70), st.integers(1, 30), st.integers(0, 59)))
@settings(max_examples=150)
def test_property_adding_a_maintenance_window_never_increases_downtime(
        outages: list[tuple[int, int, int]], spec: list[tuple[int, int, bool]], windows: list[tuple[int, int, int]],
        extra: tuple[int, int, int]) -> None:
    probes = _outages(outages, spec)
    before = month_report(OCT, probes, _windows(windows)).downtime_minutes
    report = month_report(OCT, probes, _windows([*windows, extra]))
    assert report.downtime_minutes <= before
    # and no downtime run touches any window at all
    assert not any(w.overlaps(r.start, r.end) for r in report.runs for w in _windows([*windows, extra]))


@pytest.mark.promise("S1")
@given(st.lists(st.tuples(st.integers(0, 60), st.booleans()), max_size=200))
def test_property_a_single_location_never_makes_a_minute_down(spec: list[tuple[int, bool]]) -> None:
    probes = [Probe(f"m{n % 3}", "eu", T0 + off * MIN, ok) for n, (off, ok) in enumerate(spec)]
    assert down_minutes(probes) == []


@pytest.mark.promise("S1")
@given(PROBE_SPECS)
def test_property_a_down_minute_had_only_failures_from_two_locations(spec: list[tuple[int, int, bool]]) -> None:
    probes = _probes_from(spec)
    for minute in down_minutes(probes):
        seen = [p for p in probes if minute_of(p.at) == minute]
        assert not any(p.ok for p in seen) and len({p.location for p in seen}) >= 2


@given(st.sampled_from([Month(2026, 2), Month(2028, 2), Month(2026, 4), Month(2026, 10)]),
       st.integers(0, 40_320), st.integers(0, 40_320))
def test_property_availability_is_monotone_in_downtime(month: Month, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert availability_of(month.minutes, low) >= availability_of(month.minutes, high)
    assert Fraction(display_percent(availability_of(month.minutes, low))) >= Fraction(
        display_percent(availability_of(month.minutes, high)))


@pytest.mark.promise("S1", "S3")
@given(st.integers(-600, 600), st.integers(MIN_RUN, 300),
       st.sampled_from([Month(2026, 1), Month(2028, 2), Month(2026, 11)]))
@settings(max_examples=100)
def test_property_a_run_across_a_month_boundary_splits_into_each_months_own_minutes(
        offset: int, length: int, month: Month) -> None:
    before, after = _neighbours(month)
    probes = failing(month.end + offset * MIN, length)
    reports = [month_report(m, probes) for m in (before, month, after)]
    run_start, run_end = month.end + offset * MIN, month.end + (offset + length) * MIN
    for report in reports:
        own = max(timedelta(0), min(run_end, report.month.end) - max(run_start, report.month.start)) // MIN
        assert report.downtime_minutes == own
    assert sum(r.downtime_minutes for r in reports) == length


def _neighbours(month: Month) -> tuple[Month, Month]:
    before = Month(month.year - 1, 12) if month.month == 1 else Month(month.year, month.month - 1)
    after = month.end.astimezone(UTC)
    return before, Month(after.year, after.month)
