"""Monitors, probe records and maintenance windows on DynamoDB Local: idempotent records,
the failure rule under racing writes, refusals that store nothing, windows served to the
availability computation."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.maintenance import WindowKind
from chalicelib.domain.monitoring import MonitorKind, PageResult, ProbeRecord
from chalicelib.services import audit_log, maintenance, monitoring
from chalicelib.services.sla import reports as sla_months
from chalicelib.store import dynamo, keys, probes
from chalicelib.store import maintenance as maintenance_store
from chalicelib.store import sla_months as sla_months_store

MINUTE = datetime(2026, 11, 20, 23, 58, tzinfo=UTC)
UP, DOWN = PageResult.answered(200, 35), PageResult.no_answer(5001)


def _probe(monitor_id: str, minute: datetime, ok: bool, location: str = "local-a") -> ProbeRecord:
    pages = (UP, UP) if ok else (DOWN, PageResult.answered(503, 12))
    return ProbeRecord(monitor_id, location, MonitorKind.PROBE, minute, minute + timedelta(seconds=3), ok, *pages)


def _stored(monitor_id: str, minute: datetime) -> list[ProbeRecord]:
    return [r for r in probes.between(minute, minute + timedelta(minutes=1)) if r.monitor_id == monitor_id]


@pytest.fixture
def probe_monitor(fresh_table: str) -> str:
    monitoring.register("probe-a", "local-a", MonitorKind.PROBE)
    return "probe-a"


def test_a_record_keeps_both_pages_and_expires_after_thirteen_months(probe_monitor: str) -> None:
    assert monitoring.record(_probe(probe_monitor, MINUTE, False)) is probes.Written.STORED
    [record] = _stored(probe_monitor, MINUTE)
    assert record.ok is False and record.location == "local-a" and record.minute == MINUTE
    assert record.main == DOWN and record.panel == PageResult(False, 503, 12)
    item = dynamo.get(keys.probe(probe_monitor, MINUTE))
    assert item is not None
    assert 395 <= (datetime.fromtimestamp(int(item["ttl"]), UTC) - MINUTE).days <= 400


def test_the_same_monitor_and_minute_is_one_record_and_a_failure_sticks(probe_monitor: str) -> None:
    assert monitoring.record(_probe(probe_monitor, MINUTE, True)) is probes.Written.STORED
    assert monitoring.record(_probe(probe_monitor, MINUTE, True)) is probes.Written.KEPT
    assert monitoring.record(_probe(probe_monitor, MINUTE, False)) is probes.Written.STORED  # failure replaces ok
    assert monitoring.record(_probe(probe_monitor, MINUTE, True)) is probes.Written.KEPT     # never the reverse
    assert monitoring.record(_probe(probe_monitor, MINUTE, False)) is probes.Written.KEPT
    [record] = _stored(probe_monitor, MINUTE)
    assert record.ok is False


def test_unknown_disabled_or_other_kind_monitors_store_nothing(probe_monitor: str) -> None:
    with pytest.raises(NotFound):
        monitoring.record(_probe("nobody", MINUTE, True))
    external = ProbeRecord(probe_monitor, "x", MonitorKind.UPTIMEROBOT, MINUTE, MINUTE, False, None, None)
    with pytest.raises(NotFound):
        monitoring.record(external)
    monitoring.change(probe_monitor, enabled=False)
    with pytest.raises(NotFound):
        monitoring.record(_probe(probe_monitor, MINUTE, False))
    assert list(probes.between(MINUTE - timedelta(hours=1), MINUTE + timedelta(hours=1))) == []
    monitoring.change(probe_monitor, enabled=True)
    assert monitoring.record(_probe(probe_monitor, MINUTE, True)) is probes.Written.STORED


def test_between_reads_across_days_in_minute_order(probe_monitor: str) -> None:
    monitoring.register("probe-b", "local-b", MonitorKind.PROBE)
    minutes = [MINUTE + timedelta(minutes=i) for i in range(5)]   # 23:58 to 00:02 the next day
    for i, minute in enumerate(minutes):
        monitoring.record(_probe("probe-b", minute, i != 2, "local-b"))
        monitoring.record(_probe(probe_monitor, minute, True))
    found = list(probes.between(minutes[1], minutes[4]))
    expected = [(m, mid) for m in minutes[1:4] for mid in ("probe-a", "probe-b")]
    assert [(r.minute, r.monitor_id) for r in found] == expected
    assert [r.ok for r in found if r.monitor_id == "probe-b"] == [True, False, True]
    # a start inside a minute begins with the next whole minute
    assert {r.minute for r in probes.between(minutes[1] + timedelta(seconds=1), minutes[3])} == {minutes[2]}


def test_racing_writes_of_one_minute_end_failed(probe_monitor: str) -> None:
    """Successes and failures of one minute written at once: whatever order they land in,
    one record remains, and it is the failure."""
    for round_number in range(4):
        minute = MINUTE - timedelta(minutes=10 + round_number)
        barrier = threading.Barrier(8)
        errors: list[BaseException] = []

        def write(ok: bool, minute: datetime = minute, barrier: threading.Barrier = barrier,
                  errors: list[BaseException] = errors) -> None:
            barrier.wait()
            try:
                monitoring.record(_probe(probe_monitor, minute, ok))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(i % 2 == 0,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        [record] = _stored(probe_monitor, minute)
        assert record.ok is False


def test_registering_one_id_twice_at_once_keeps_one_and_its_secret(fresh_table: str) -> None:
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    secrets_shown: list[str | None] = []

    def register(location: str) -> None:
        barrier.wait()
        try:
            _, secret = monitoring.register("ur-race", location, MonitorKind.UPTIMEROBOT)
            outcomes.append("created")
            secrets_shown.append(secret)
        except Conflict:
            outcomes.append("taken")

    threads = [threading.Thread(target=register, args=(f"loc-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["created", "taken", "taken", "taken"]
    assert secrets_shown[0] and monitoring.webhook_secret("ur-race") == secrets_shown[0]


def test_staff_changes_to_monitors_are_audit_logged(fresh_table: str) -> None:
    with audit_log.acting("staff-1"):
        monitoring.register("ur-main", "UptimeRobot (Dallas)", MonitorKind.UPTIMEROBOT)
        monitoring.change("ur-main", enabled=False)
    records, _ = audit_log.subject_page("monitor:ur-main", 10, None)
    assert {(r.action.value, r.actor) for r in records} == {("monitor.registered", "staff-1"),
                                                            ("monitor.changed", "staff-1")}
    with pytest.raises(InvalidInput):
        monitoring.register("Bad Id", "x", MonitorKind.PROBE)
    with pytest.raises(Conflict):
        monitoring.register("ur-main", "elsewhere", MonitorKind.UPTIMEROBOT)


# --- maintenance windows --------------------------------------------------------------------

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.mark.promise("S2")
def test_a_declared_window_is_stored_and_served_to_the_computation(fresh_table: str, clock) -> None:
    clock.at = NOW
    with audit_log.acting("staff-2"):
        scheduled = maintenance.declare(WindowKind.SCHEDULED, NOW + timedelta(days=2),
                                        NOW + timedelta(days=2, hours=1), "database upgrade")
        emergency = maintenance.declare(WindowKind.EMERGENCY, NOW - timedelta(hours=3), NOW - timedelta(hours=2),
                                        "disk full")
    month = maintenance.between(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert [(w.window_id, w.kind, w.starts_at, w.ends_at) for w in month] == [
        (emergency.window_id, WindowKind.EMERGENCY, NOW - timedelta(hours=3), NOW - timedelta(hours=2)),
        (scheduled.window_id, WindowKind.SCHEDULED, NOW + timedelta(days=2), NOW + timedelta(days=2, hours=1))]
    assert maintenance.between(NOW - timedelta(hours=2), NOW + timedelta(days=2)) == []   # ends are exclusive
    assert [w.window_id for w in maintenance.upcoming_scheduled()] == [scheduled.window_id]
    records, _ = audit_log.subject_page(f"maintenance:{scheduled.window_id}", 10, None)
    assert [(r.action.value, r.actor) for r in records] == [("maintenance.declared", "staff-2")]


def test_bad_windows_are_refused_and_store_nothing(fresh_table: str, clock) -> None:
    clock.at = NOW
    for kind, start, end in [
        (WindowKind.SCHEDULED, NOW + timedelta(hours=2), NOW + timedelta(hours=1)),   # ends before it starts
        (WindowKind.SCHEDULED, NOW - timedelta(hours=1), NOW + timedelta(hours=1)),   # scheduled after the fact
        (WindowKind.EMERGENCY, NOW + timedelta(hours=1), NOW + timedelta(hours=2)),   # emergency in advance
    ]:
        with pytest.raises(InvalidInput):
            maintenance.declare(kind, start, end, "work")
    assert maintenance_store.all_windows() == []


def test_a_window_touching_a_decided_month_is_refused(fresh_table: str, clock) -> None:
    clock.at = NOW
    assert sla_months.sla_month_decided("2026-10") is False
    sla_months_store.mark_decided("2026-10")
    assert sla_months.sla_month_decided("2026-10") is True
    with pytest.raises(Conflict, match="2026-10 is already decided"):
        maintenance.declare(WindowKind.EMERGENCY, datetime(2026, 10, 31, 23, tzinfo=UTC),
                            datetime(2026, 11, 1, 1, tzinfo=UTC), "overnight outage")
    assert maintenance_store.all_windows() == []
    kept = maintenance.declare(WindowKind.EMERGENCY, datetime(2026, 11, 1, 0, tzinfo=UTC),
                               datetime(2026, 11, 1, 1, tzinfo=UTC), "overnight outage")
    assert [w.window_id for w in maintenance_store.all_windows()] == [kept.window_id]
    with pytest.raises(InvalidInput):
        sla_months.sla_month_decided("2026-13")


def test_a_decision_and_a_window_racing_never_leave_a_window_in_a_decided_month(fresh_table: str, clock) -> None:
    """The window's write checks the month flag in its own transaction: however a declaration and
    the month's decision interleave, a window is stored only if the month was undecided when it
    was written, so after the decision no declaration succeeds."""
    clock.at = NOW
    for day in range(1, 6):
        month_start = datetime(2026, 10, day, tzinfo=UTC)
        barrier = threading.Barrier(2)
        declared: list[bool] = []

        def declare(start: datetime = month_start, barrier: threading.Barrier = barrier,
                    declared: list[bool] = declared) -> None:
            barrier.wait()
            try:
                maintenance.declare(WindowKind.EMERGENCY, start, start + timedelta(hours=1), "race")
                declared.append(True)
            except Conflict:
                declared.append(False)

        def decide(barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            sla_months_store.mark_decided("2026-10")

        threads = [threading.Thread(target=declare), threading.Thread(target=decide)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(declared) == 1
        stored = [w for w in maintenance_store.all_windows() if w.starts_at == month_start]
        assert bool(stored) is declared[0]
        with pytest.raises(Conflict):
            maintenance.declare(WindowKind.EMERGENCY, month_start, month_start + timedelta(hours=2), "after")
        dynamo.delete(keys.sla_month("2026-10"))
