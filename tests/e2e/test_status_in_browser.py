"""The public status page (/status): no sign-in, reached from the footer by keyboard, its 90 bars
and numbers the same as GET /api/status, a downtime we seeded shown amber, usable on a phone."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from chalicelib.domain.monitoring import MonitorKind
from chalicelib.services import monitoring
from chalicelib.services.sla import daily
from chalicelib.store import probes

pytestmark = pytest.mark.e2e


def _band(percent: str | None) -> str:
    if percent is None:
        return "none"
    return "good" if float(percent) >= 99 else "warn" if float(percent) >= 95 else "bad"


def _seed_outage() -> str:
    """30 minutes down at two locations three days ago (97.917% that day), and its day's item."""
    day = datetime.now(UTC).date() - timedelta(days=3)
    start = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    tag = secrets.token_hex(3)
    for location in ("eu-west", "us-east"):
        monitor_id = f"status-{location}-{tag}"
        monitoring.register(monitor_id, location, MonitorKind.UPTIMEROBOT)
        probes.record_failures(monitor_id, location, MonitorKind.UPTIMEROBOT,
                               [start + timedelta(minutes=n) for n in range(30)], start)
    daily.refresh_range(day.isoformat(), datetime.now(UTC).date().isoformat())
    return day.isoformat()


def test_the_status_page_shows_the_days_and_months_of_the_api(page, browser, site) -> None:
    day = _seed_outage()
    page.goto("/legal/sla")
    link = page.locator("footer a[href='/status']")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Platform status")
    data = page.request.get(f"{site}/api/status").json()

    bars = page.locator("#status-chart rect")
    expect(bars).to_have_count(90)
    assert bars.evaluate_all("rs => rs.map(r => [r.dataset.date, r.dataset.band])") == [
        [d["date"], _band(d["availability_percent"])] for d in data["days"]]
    seeded = page.locator(f"#status-chart rect[data-date='{day}']")
    expect(seeded).to_have_attribute("data-band", "warn")
    assert seeded.locator("title").text_content() == f"{day}: 97.917% available, 30 min downtime"
    rows = page.locator("#status-days tbody tr")
    expect(rows).to_have_count(90)
    expect(page.locator("#status-days tbody tr", has_text=day)).to_contain_text("97.917%")

    month_rows = page.locator("#status-months tbody tr")
    expect(month_rows).to_have_count(len(data["months"]))
    current = data["months"][-1]
    expect(month_rows.last).to_contain_text(f"{current['month']} (so far)")
    if current["availability_percent"] is not None:
        expect(month_rows.last).to_contain_text(f"{current['availability_percent']}%")
    expect(page.locator("#status-runs")).to_contain_text(f"{day} 10:00 UTC")
    state_text = {"up": "All systems operational", "degraded": "Degraded", "down": "Down",
                  "unknown": "No recent monitoring data"}[data["state"]]
    expect(page.locator("#status-state")).to_contain_text(state_text)
    assert page.errors == []

    phone = browser.new_context(base_url=site, viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        small = phone.new_page()
        small.goto("/status")
        chart = small.locator("#status-chart")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] <= 375
        overflow = small.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert overflow
    finally:
        phone.close()
