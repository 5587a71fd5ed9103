"""The public status page's data: no sign-in, cached briefly in the container and in browsers."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.contract import Reply
from chalicelib.api.http import Ctx, route
from chalicelib.api.schemas.status import StatusDay, StatusMonth, StatusPage, StatusPeriod
from chalicelib.services import status
from chalicelib.settings import get_settings

bp = Blueprint(__name__)


def _period(period: status.Period) -> StatusPeriod:
    return StatusPeriod(start=period.start.isoformat(), end=period.end.isoformat(), minutes=period.minutes,
                        text=period.text)


@route(bp, "/status", response=StatusPage)
def status_page(ctx: Ctx) -> Reply[StatusPage]:
    """The platform's availability: state now, the last 90 days, months against the target."""
    page = status.status_page()
    body = StatusPage(
        state=page.state.value, checked_at=page.checked_at.isoformat(), target_percent=page.target_percent,
        maintenance_now=[_period(p) for p in page.maintenance_now],
        days=[StatusDay(date=d.day.isoformat(), availability_percent=d.availability_percent,
                        downtime_minutes=d.downtime_minutes, maintenance_minutes=d.maintenance_minutes)
              for d in page.days],
        months=[StatusMonth(month=m.month, availability_percent=m.availability_percent, meets_target=m.meets_target,
                            downtime_minutes=m.downtime_minutes, final=m.final) for m in page.months],
        downtime_runs=[_period(p) for p in page.runs], maintenance_windows=[_period(p) for p in page.windows])
    seconds = int(get_settings().status_cache_seconds)
    return Reply(body, headers={"Cache-Control": f"public, max-age={seconds}"})
