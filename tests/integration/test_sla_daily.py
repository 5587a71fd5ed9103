"""Daily availability items on DynamoDB Local: computed from the stored records with the month's
rules, today's recomputed as the day goes, yesterday settled once after midnight, idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from chalicelib.services.sla import daily
from chalicelib.store import sla_days
from tests.support import sla_month as seed

OUTAGE_DAY = date(2026, 11, 3)


@pytest.fixture
def seeded(clock, fresh_table):
    seed.seed_monitoring(clock)
    return clock


@pytest.mark.promise("S1", "S2")
def test_today_is_recomputed_as_the_day_goes_and_running_again_changes_nothing(seeded) -> None:
    afternoon = daily.refresh_day(OUTAGE_DAY, datetime(2026, 11, 3, 15, 0, tzinfo=UTC))
    assert (afternoon.downtime_minutes, afternoon.availability_percent) == (300, "79.167")   # 10:00-14:59 so far
    evening = daily.refresh_day(OUTAGE_DAY, datetime(2026, 11, 3, 21, 30, tzinfo=UTC))
    assert (evening.downtime_minutes, evening.availability_percent) == (660, "54.167")
    stored = sla_days.get(OUTAGE_DAY)
    assert stored is not None and stored.summary == evening
    assert daily.refresh_day(OUTAGE_DAY, datetime(2026, 11, 3, 21, 40, tzinfo=UTC)) == evening
    # An older computation arriving late (a slow run) does not overwrite a newer one.
    assert not sla_days.save(afternoon, datetime(2026, 11, 3, 15, 0, tzinfo=UTC))
    assert sla_days.get(OUTAGE_DAY).summary == evening  # type: ignore[union-attr]


def test_short_one_location_and_maintenance_outages_are_no_downtime(seeded) -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    short, single, window = (daily.refresh_day(d, now) for d in (date(2026, 11, 10), date(2026, 11, 12),
                                                                  date(2026, 11, 20)))
    assert (short.down_minutes, short.downtime_minutes) == (3, 0)
    assert (single.down_minutes, single.downtime_minutes) == (0, 0)
    assert (window.downtime_minutes, window.maintenance_minutes, window.availability_percent) == (0, 30, "100.000")


def test_the_scheduled_run_settles_yesterday_once_after_midnight(seeded) -> None:
    seeded.at = datetime(2026, 11, 4, 0, 25, tzinfo=UTC)
    assert daily.refresh_recent()["days"] == ["2026-11-04", "2026-11-03"]
    seeded.at = datetime(2026, 11, 4, 0, 35, tzinfo=UTC)
    assert daily.refresh_recent()["days"] == ["2026-11-04"]
    assert sla_days.get(OUTAGE_DAY).summary.downtime_minutes == 660  # type: ignore[union-attr]


def test_operators_recompute_a_range_and_bad_ranges_are_refused(seeded) -> None:
    from chalicelib.domain.errors import InvalidInput

    seeded.at = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert daily.refresh_range("2026-11-01", "2026-11-25") == {"days": 25, "downtime_minutes": 660}
    assert [d.summary.day.day for d in sla_days.between(date(2026, 11, 1), date(2026, 11, 25))] == list(range(1, 26))
    for first, last, message in (("2026-11-31", "2026-12-01", "YYYY-MM-DD"), ("2026-11-05", "2026-11-01", "before"),
                                 ("2026-11-20", "2026-11-26", "future"), ("2026-01-01", "2026-11-01", "at most")):
        with pytest.raises(InvalidInput, match=message):
            daily.refresh_range(first, last)
