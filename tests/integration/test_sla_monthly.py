"""The monthly SLA report on DynamoDB Local (S1-S5, S11): computed from three monitors' records,
maintenance windows, top-ups and breaches; stored once (idempotent, also when two runs race);
recomputed after a late maintenance window; left alone once a claim of the month is decided."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.payments import DisputeStatus, TopUpStatus
from chalicelib.jobs import schedules
from chalicelib.services.sla import monthly, reports
from chalicelib.store import sla_months
from tests.support import sla_month as seed
from tests.support.accounts import customer

RUN_AT = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)
NOV = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def month(clock, fresh_table, ack_off):
    """November 2026 seeded (see tests/support/sla_month.py), the clock at the monthly run."""
    users = {name: customer() for name in ("paid", "paid_before", "trial", "quiet", "big")}
    seed.seed_monitoring(clock)
    seed.top_up(users["paid"], "120.00", NOV, bonus="6.00")
    seed.top_up(users["paid"], "50.00", NOV + timedelta(days=1), refunded="20.00")
    seed.top_up(users["paid"], "999.00", NOV + timedelta(days=2), status=TopUpStatus.FAILED)
    seed.top_up(users["paid"], "40.00", NOV + timedelta(days=3),
                disputes={"dp_1": (Decimal("40.00"), DisputeStatus.OPEN)})
    seed.top_up(users["paid_before"], "30.00", datetime(2026, 10, 15, tzinfo=UTC))
    seed.top_up(users["quiet"], "30.00", datetime(2026, 10, 16, tzinfo=UTC))
    seed.top_up(users["big"], "2000.00", NOV)
    seed.top_up(users["big"], "15.00", datetime(2026, 12, 1, 0, 1, tzinfo=UTC))  # December's
    seed.breaches(clock, [users["paid"], users["paid_before"], users["trial"]])
    clock.at = RUN_AT
    return users


def _entitlements(month: str = seed.MONTH) -> dict[str, tuple[str, str, str, str, int, str]]:
    report = reports.month_report(month)
    assert report is not None
    return {e.user_id: (f"{e.availability}", f"{e.first_response}", f"{e.total}", f"{e.base_top_ups}", e.breaches,
                        e.plan) for e in reports.entitlements(report)}


@pytest.mark.promise("S1", "S2", "S3", "S4", "S5", "S11")
def test_the_month_report_has_the_availability_and_every_accounts_entitlement(month) -> None:
    result = schedules.sla_month_report()   # what the scheduled function runs on the 1st
    assert result["month"] == "2026-11" and result["outcome"] == "saved" and result["version"] == 1
    report = reports.month_report(seed.MONTH)
    assert report is not None
    # Only outage A is downtime: B is too short, C is maintenance, D was seen from one location.
    assert (report.minutes, report.downtime_minutes, report.availability_percent) == (43200, 660, "98.472")
    assert [(r.start, r.end, r.minutes) for r in report.downtime_runs] == [
        (seed.OUTAGE_A[0], seed.OUTAGE_A[0] + timedelta(minutes=660), 660)]
    assert [(w.start, w.kind) for w in report.maintenance_windows] == [(seed.OUTAGE_C[0], "emergency")]
    assert _entitlements() == {
        # 1% of 120 + (50 - 20 refunded); the bonus, the failed and the disputed top-ups count nothing.
        month["paid"]: ("1.50", "1.00", "2.50", "150.00", 10, "paid"),
        month["paid_before"]: ("0.00", "1.00", "1.00", "0.00", 10, "paid"),   # paid in October
        month["trial"]: ("0.00", "0.00", "0.00", "0.00", 10, "trial"),        # never paid: not covered
        month["big"]: ("10.00", "0.00", "10.00", "2000.00", 0, "paid"),       # 1% of 2000 capped at $10
    }                                                                         # "quiet": nothing to compute
    assert result["entitlements"] == 4 and result["probes"] > 1320


@pytest.mark.promise("S3")
def test_running_twice_changes_nothing_and_a_late_window_recomputes(month, clock) -> None:
    first = monthly.compute_month(seed.MONTH)
    stored = reports.month_report(seed.MONTH)
    again = monthly.compute_month(seed.MONTH)
    assert (first.outcome, again.outcome, again.version) == ("saved", "unchanged", 1)
    assert reports.month_report(seed.MONTH) == stored       # same revision, same computed_at

    seed.late_window(clock)
    recomputed = monthly.compute_month(seed.MONTH)
    assert (recomputed.outcome, recomputed.version, recomputed.downtime_minutes) == ("saved", 2, 600)
    report = reports.month_report(seed.MONTH)
    assert report is not None and report.availability_percent == "98.611" and len(report.maintenance_windows) == 2
    assert _entitlements()[month["paid"]][:3] == ("1.50", "1.00", "2.50")


def test_a_decided_month_is_left_as_it_is(month, clock) -> None:
    monthly.compute_month(seed.MONTH)
    stored = reports.month_report(seed.MONTH)
    sla_months.mark_decided(seed.MONTH)   # as the first decision of a claim does
    assert reports.sla_month_decided(seed.MONTH)
    seed.top_up(month["quiet"], "500.00", NOV)   # would change the report, were it not final
    left = monthly.compute_month(seed.MONTH)
    assert (left.outcome, left.version) == ("decided", 1)
    assert reports.month_report(seed.MONTH) == stored


def test_two_runs_racing_store_one_version(month) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        outcomes.append(monthly.compute_month(seed.MONTH).outcome)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "unchanged"]
    report = reports.month_report(seed.MONTH)
    assert report is not None and report.version == 1


@pytest.mark.parametrize("text, message", [("2026-13", "month"), ("November", "month"),
                                           ("2026-12", "has not ended"), ("2027-01", "has not ended")])
def test_a_month_that_is_not_written_well_or_not_over_is_refused(clock, fresh_table, text, message) -> None:
    clock.at = RUN_AT
    with pytest.raises(InvalidInput, match=message):
        monthly.compute_month(text)
    assert reports.month_report("2026-12") is None and not sla_months.is_decided("2026-12")


def test_operators_run_a_month_from_the_command_line(month, fresh_table, monkeypatch) -> None:
    from click.testing import CliRunner

    from devstack.stack import STACKS
    from ops.cli import cli

    monkeypatch.setitem(STACKS["test"].env, "PANEL_TABLE_NAME", fresh_table)   # this test's own table
    runner = CliRunner()
    first = runner.invoke(cli, ["--stage", "test", "sla", "month", "--month", "2026-11"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output.splitlines()[-1])["outcome"] == "saved"
    again = runner.invoke(cli, ["--stage", "test", "sla", "month", "--month", "2026-11"])
    assert json.loads(again.output.splitlines()[-1])["outcome"] == "unchanged"
    early = runner.invoke(cli, ["--stage", "test", "sla", "month", "--month", "2026-12"])
    assert early.exit_code == 2 and "2026-12 has not ended yet" in early.output
