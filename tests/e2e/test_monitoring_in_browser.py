"""Staff see the monitors and declare a scheduled maintenance window; customers then see the
maintenance banner on their pages, on a phone too."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from chalicelib.domain.monitoring import MonitorKind, PageResult, ProbeRecord, minute_of
from chalicelib.services import monitoring
from tests.support.browser import sign_in_as_new_staff, sign_in_customer

pytestmark = pytest.mark.e2e


def test_staff_declare_a_scheduled_window_and_a_customer_sees_the_banner(page, browser, site) -> None:
    monitor_id = f"probe-{secrets.token_hex(3)}"
    monitoring.register(monitor_id, "Browser test", MonitorKind.PROBE)
    now = datetime.now(UTC)
    monitoring.record(ProbeRecord(monitor_id, "Browser test", MonitorKind.PROBE, minute_of(now), now, False,
                                  PageResult.no_answer(5000), PageResult.answered(503, 12)))

    sign_in_as_new_staff(page)
    page.click("#nav a[href='/staff/monitoring']")
    expect(page.locator("h1")).to_have_text("Monitoring")
    row = page.locator("#monitors-table tr", has_text=monitor_id)
    expect(row).to_contain_text("Down")
    expect(row).to_contain_text("control panel failed (HTTP 503, 12 ms)")

    start = (now + timedelta(days=3)).replace(second=0, microsecond=0)
    reason = f"Database upgrade {secrets.token_hex(3)}"
    page.select_option("#w-kind", "scheduled")
    page.fill("#w-start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#w-end", (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#w-reason", reason)
    page.press("#w-reason", "Enter")   # the keyboard submits the form
    expect(page.locator("#window-error")).to_have_text("The window must end after it starts.")

    page.fill("#w-end", (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.press("#w-reason", "Enter")
    window_row = page.locator("#windows-table tr", has_text=reason)
    expect(window_row).to_contain_text(f"{start:%Y-%m-%d %H:%M} UTC")
    expect(window_row).to_contain_text("scheduled")
    assert page.errors == []

    phone = browser.new_context(base_url=site, viewport={"width": 375, "height": 740}, is_mobile=True)
    customer_page = phone.new_page()
    try:
        sign_in_customer(customer_page)
        banner = customer_page.locator("#maintenance-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Scheduled maintenance")
        expect(banner).to_contain_text(f"{start:%Y-%m-%d %H:%M} UTC to {start + timedelta(hours=2):%Y-%m-%d %H:%M} UTC")
        expect(banner).not_to_contain_text(reason)   # staff's words stay with staff
        box = banner.bounding_box()
        assert box is not None and box["width"] <= 375
        expect(customer_page.locator("#nav a[href='/staff/monitoring']")).to_have_count(0)
    finally:
        phone.close()
