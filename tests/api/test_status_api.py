"""GET /api/status, public (S1-S3 as customers see them): the state now, 90 days, months against the
99.0% target, downtime runs and maintenance windows with public text only, cached for 60 seconds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.sla import daily, monthly
from tests.support import sla_month as seed

NOW = datetime(2026, 11, 25, 12, 0, 30, tzinfo=UTC)


@pytest.fixture
def seeded(clock, fresh_table):
    seed.seed_monitoring(clock)
    for monitor_id in seed.MONITORS:                      # every location answered a moment ago
        seed._answer(monitor_id, NOW.replace(second=0) - timedelta(minutes=1))
    clock.at = NOW
    monthly.compute_month("2026-10")                      # October: a quiet month, reported
    daily.refresh_range("2026-11-01", "2026-11-25")
    return clock


@pytest.mark.promise("S1", "S2", "S3")
def test_the_status_page_shows_the_stored_days_months_runs_and_windows(client, seeded) -> None:
    answer = client.get("/status")
    assert answer.status_code == 200, answer.data
    assert answer.headers["cache-control"] == "public, max-age=60"
    page = answer.data
    assert page["state"] == "up" and page["target_percent"] == "99.000" and page["maintenance_now"] == []
    days = {d["date"]: d for d in page["days"]}
    assert len(page["days"]) == 90
    assert (page["days"][0]["date"], page["days"][-1]["date"]) == ("2026-08-28", "2026-11-25")
    assert days["2026-11-03"] == {"date": "2026-11-03", "availability_percent": "54.167", "downtime_minutes": 660,
                                  "maintenance_minutes": 0}
    assert days["2026-11-20"]["availability_percent"] == "100.000" and days["2026-11-20"]["maintenance_minutes"] == 30
    assert days["2026-11-05"]["availability_percent"] is None and days["2026-09-01"]["availability_percent"] is None
    months = {m["month"]: m for m in page["months"]}
    assert list(months) == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert months["2026-09"]["availability_percent"] is None       # no report stored
    assert months["2026-10"] == {"month": "2026-10", "availability_percent": "100.000", "meets_target": True,
                                 "downtime_minutes": 0, "final": True}
    # 24 days and 12 hours of November so far (35,280 minutes), 660 of them downtime.
    assert months["2026-11"] == {"month": "2026-11", "availability_percent": "98.129", "meets_target": False,
                                 "downtime_minutes": 660, "final": False}
    assert page["downtime_runs"] == [{"start": "2026-11-03T10:00:00+00:00", "end": "2026-11-03T21:00:00+00:00",
                                      "minutes": 660, "text": ""}]
    assert page["maintenance_windows"] == [{"start": "2026-11-20T02:00:00+00:00", "end": "2026-11-20T02:30:00+00:00",
                                            "minutes": 30, "text": "Emergency maintenance"}]
    assert "replica" not in json.dumps(page) and "failover" not in json.dumps(page)   # staff's words stay inside


def test_the_answer_is_cached_for_a_minute_and_a_refresh_shows_new_data(client, seeded) -> None:
    first = client.get("/status").data
    seeded.at = NOW + timedelta(minutes=10)
    assert client.get("/status").data == first                    # the container's copy
    seeded.at = NOW + timedelta(minutes=20)
    daily.refresh_recent()                                         # the job refreshes today and drops the copy
    later = client.get("/status").data
    assert later["checked_at"] != first["checked_at"] and later["state"] == "unknown"   # no probe for 20 minutes


def test_during_maintenance_the_page_says_so(client, clock, fresh_table) -> None:
    from chalicelib.domain.maintenance import WindowKind
    from chalicelib.services import audit_log, maintenance

    clock.at = NOW
    with audit_log.acting("staff-ops"):
        maintenance.declare(WindowKind.EMERGENCY, NOW - timedelta(minutes=10), NOW + timedelta(hours=1),
                            "Disk replacement on db-2")
    page = client.get("/status").data
    assert [(p["text"], p["minutes"]) for p in page["maintenance_now"]] == [("Emergency maintenance", 70)]
    assert page["state"] == "unknown"
