"""Pure rules of availability monitoring: what a probe means, minutes, the failure rule,
external alerts and the minutes they cover, maintenance windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.maintenance import WindowKind, WindowRefused, checked, months_touched
from chalicelib.domain.monitor_alerts import (
    MAX_OUTAGE,
    Alert,
    AlertState,
    MalformedAlert,
    betterstack_alert,
    check_time,
    coverage,
    uptimerobot_alert,
)
from chalicelib.domain.monitoring import (
    MonitoringError,
    PageResult,
    check_location,
    check_monitor_id,
    kept_ok,
    minute_of,
    minutes_between,
    page_loaded,
    probe_ok,
)

T = datetime(2026, 11, 20, 10, 7, 31, tzinfo=UTC)
UP, DOWN = PageResult.answered(200, 40), PageResult.no_answer(5000)


@pytest.mark.parametrize(("main", "panel", "ok"), [
    (UP, UP, True),
    (UP, DOWN, True),       # the control panel alone failing is a partial outage, not downtime
    (DOWN, UP, True),
    (DOWN, DOWN, False),
    (PageResult.answered(503, 10), PageResult.answered(500, 10), False),
])
@pytest.mark.promise("S1")
def test_a_probe_fails_only_when_neither_page_loads(main: PageResult, panel: PageResult, ok: bool) -> None:
    assert probe_ok(main, panel) is ok


@pytest.mark.parametrize(("status", "loaded"), [(200, True), (204, True), (301, True), (399, True), (400, False),
                                                (404, False), (500, False), (503, False), (None, False)])
def test_a_page_loads_with_a_status_below_400(status: int | None, loaded: bool) -> None:
    assert page_loaded(status) is loaded


@pytest.mark.parametrize(("existing", "new", "kept"), [
    (None, True, True), (None, False, False),
    (True, True, True), (True, False, False),
    (False, True, False),   # a later success never hides a failure
    (False, False, False),
])
def test_a_failure_sticks(existing: bool | None, new: bool, kept: bool) -> None:
    assert kept_ok(existing, new) is kept


def test_minutes_are_utc_and_drop_seconds() -> None:
    assert minute_of(T) == datetime(2026, 11, 20, 10, 7, tzinfo=UTC)
    assert minutes_between(T, T + timedelta(minutes=3)) == [datetime(2026, 11, 20, 10, m, tzinfo=UTC)
                                                            for m in (7, 8, 9)]
    assert minutes_between(T, T) == []
    with pytest.raises(ValueError, match="naive"):
        minute_of(datetime(2026, 11, 20, 10, 7))


def test_monitor_ids_and_locations_are_checked() -> None:
    assert check_monitor_id(" probe-eu-west-1 ") == "probe-eu-west-1"
    assert check_location("  Frankfurt   (eu-central-1) ") == "Frankfurt (eu-central-1)"
    for bad in ("", "A", "Probe", "x" * 41, "-lead", "a_b", "a/b"):
        with pytest.raises(MonitoringError):
            check_monitor_id(bad)
    with pytest.raises(MonitoringError):
        check_location("<script>")


def test_uptimerobot_alerts_are_read() -> None:
    epoch = str(int(T.timestamp()))
    down = uptimerobot_alert({"alertType": "1", "alertDateTime": epoch, "monitorID": "777"})
    assert down == Alert(AlertState.DOWN, T.replace(microsecond=0))
    up = uptimerobot_alert({"alertType": 2, "alertDateTime": epoch, "alertDuration": "600"})
    assert up.state is AlertState.UP and up.down_since == T.replace(microsecond=0) - timedelta(minutes=10)
    assert uptimerobot_alert({"alertType": "3", "alertDateTime": epoch}).state is AlertState.IGNORED
    for bad in ({}, {"alertType": "1"}, {"alertType": "down", "alertDateTime": epoch},
                {"alertType": "1", "alertDateTime": "yesterday"}, {"alertType": True, "alertDateTime": epoch},
                {"alertType": "2", "alertDateTime": epoch, "alertDuration": "-5"}):
        with pytest.raises(MalformedAlert):
            uptimerobot_alert(bad)


def test_betterstack_incidents_are_read() -> None:
    started = {"data": {"type": "incident", "attributes": {"started_at": "2026-11-20T10:07:31Z", "status": "Started",
                                                           "resolved_at": None}}}
    assert betterstack_alert(started) == Alert(AlertState.DOWN, T.replace(microsecond=0))
    resolved = {"data": {"attributes": {"started_at": "2026-11-20T10:07:31Z", "resolved_at": "2026-11-20T10:20:00Z",
                                        "status": "Resolved"}}}
    alert = betterstack_alert(resolved)
    assert alert.state is AlertState.UP and alert.down_since == T and alert.at == datetime(2026, 11, 20, 10, 20,
                                                                                            tzinfo=UTC)
    acknowledged = {"data": {"attributes": {"started_at": "2026-11-20T10:07:31Z", "status": "Acknowledged"}}}
    assert betterstack_alert(acknowledged).state is AlertState.IGNORED
    for bad in ({}, {"data": []}, {"data": {"attributes": {"started_at": "2026-11-20 10:07"}}},
                {"data": {"attributes": {"started_at": "2026-11-20T10:07:31Z", "resolved_at": "2026-11-20T10:00:00Z"}}},
                {"data": {"attributes": {"started_at": "2026-11-20T10:07:31Z", "status": "Resolved"}}}):
        with pytest.raises(MalformedAlert):
            betterstack_alert(bad)


def test_alert_times_are_bounded() -> None:
    check_time(Alert(AlertState.DOWN, T + timedelta(minutes=4)), T)
    with pytest.raises(MalformedAlert, match="future"):
        check_time(Alert(AlertState.DOWN, T + timedelta(minutes=6)), T)
    with pytest.raises(MalformedAlert, match="too old"):
        check_time(Alert(AlertState.DOWN, T - timedelta(days=63)), T)


def test_a_down_then_up_covers_the_minutes_between() -> None:
    down = coverage(Alert(AlertState.DOWN, T), None)
    assert down.down == [minute_of(T)] and down.up is None and down.open_since == T
    up_at = T + timedelta(minutes=6)
    up = coverage(Alert(AlertState.UP, up_at), down.open_since)
    assert up.down == minutes_between(T, up_at) and len(up.down) == 6
    assert up.up == minute_of(up_at) and up.open_since is None


def test_an_up_alert_alone_uses_its_own_start_and_the_earliest_wins() -> None:
    up_at = T + timedelta(minutes=10)
    alone = coverage(Alert(AlertState.UP, up_at, T), None)
    assert alone.down == minutes_between(T, up_at)
    earlier = coverage(Alert(AlertState.UP, up_at, T), T - timedelta(minutes=5))
    assert earlier.down[0] == minute_of(T - timedelta(minutes=5))
    nothing_known = coverage(Alert(AlertState.UP, up_at), None)
    assert nothing_known.down == [] and nothing_known.up == minute_of(up_at)


def test_a_very_long_outage_is_clipped() -> None:
    up_at = T + timedelta(days=40)
    clipped = coverage(Alert(AlertState.UP, up_at, T), None)
    assert clipped.down[0] == minute_of(up_at - MAX_OUTAGE)


def test_an_ignored_alert_changes_nothing() -> None:
    result = coverage(Alert(AlertState.IGNORED, T), T)
    assert result.down == [] and result.up is None and result.open_since == T


NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=72)


def test_a_scheduled_window_starts_in_the_future_and_ends_after_it_starts() -> None:
    start, end, reason = checked(WindowKind.SCHEDULED, NOW + timedelta(hours=1), NOW + timedelta(hours=2),
                                 "  database   upgrade ", now=NOW, max_length=DAY)
    assert (start, end, reason) == (NOW + timedelta(hours=1), NOW + timedelta(hours=2), "database upgrade")
    with pytest.raises(WindowRefused, match="end after it starts") as refused:
        checked(WindowKind.SCHEDULED, NOW + timedelta(hours=2), NOW + timedelta(hours=2), "x", now=NOW,
                max_length=DAY)
    assert refused.value.field == "ends_at"
    with pytest.raises(WindowRefused, match="in the future"):
        checked(WindowKind.SCHEDULED, NOW - timedelta(minutes=1), NOW + timedelta(hours=1), "x", now=NOW,
                max_length=DAY)


def test_an_emergency_window_is_declared_after_it_started() -> None:
    checked(WindowKind.EMERGENCY, NOW - timedelta(hours=3), NOW - timedelta(hours=2), "disk full", now=NOW,
            max_length=DAY)
    checked(WindowKind.EMERGENCY, NOW - timedelta(hours=1), NOW + timedelta(hours=1), "still going", now=NOW,
            max_length=DAY)
    with pytest.raises(WindowRefused, match="in the past"):
        checked(WindowKind.EMERGENCY, NOW + timedelta(hours=1), NOW + timedelta(hours=2), "x", now=NOW,
                max_length=DAY)


def test_windows_are_bounded_and_need_a_reason_and_a_zone() -> None:
    with pytest.raises(WindowRefused, match="at most 72 hours"):
        checked(WindowKind.SCHEDULED, NOW + timedelta(hours=1), NOW + timedelta(hours=74), "x", now=NOW,
                max_length=DAY)
    with pytest.raises(WindowRefused, match="reason"):
        checked(WindowKind.SCHEDULED, NOW + timedelta(hours=1), NOW + timedelta(hours=2), "   ", now=NOW,
                max_length=DAY)
    with pytest.raises(WindowRefused, match="zone"):
        checked(WindowKind.SCHEDULED, datetime(2026, 12, 1, 2), NOW + timedelta(days=12), "x",
                now=NOW, max_length=DAY)


def test_months_touched_by_a_window() -> None:
    assert months_touched(datetime(2026, 11, 30, 23, tzinfo=UTC), datetime(2026, 12, 1, 0, tzinfo=UTC)) == ["2026-11"]
    assert months_touched(datetime(2026, 12, 31, 23, tzinfo=UTC),
                          datetime(2027, 1, 1, 1, tzinfo=UTC)) == ["2026-12", "2027-01"]
