"""A customer files an SLA claim through the claim form; support staff approve a claim from the
claims queue; the credit shows on the customer's balance as service credit (S12, S13)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.domain.sla_claims import month_end, on_time, previous_month
from chalicelib.domain.sla_report import Entitlement, MonthReport
from chalicelib.services.sla import claims, reports
from tests.support.browser import sign_in_as_new_staff, sign_in_customer

pytestmark = pytest.mark.e2e


@pytest.mark.promise("S12")
def test_a_customer_files_a_claim_with_the_claim_form(page) -> None:
    sign_in_customer(page)
    now = datetime.now(UTC)
    month = previous_month(now)
    page.click("nav >> text=Support")
    page.click("#claim-link")
    expect(page.locator("h1")).to_have_text("Claim SLA compensation")
    expect(page.locator("#c-subject")).to_have_value("SLA Compensation Request")
    expect(page.locator("#c-month option")).to_have_text([month])
    day = month_end(month) - timedelta(days=3)
    page.fill("#p-start-0", f"{day:%Y-%m-%d}T10:00")
    page.fill("#p-end-0", f"{day:%Y-%m-%d}T10:45")
    page.fill("#c-monitor", "UptimeRobot")
    page.fill("#c-log", f"{day:%Y-%m-%d} 10:00 DOWN\n{day:%Y-%m-%d} 10:45 UP")
    page.keyboard.press("Tab")
    page.click("#claim-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("SLA Compensation Request")
    expect(page.locator("#claim")).to_contain_text(f"SLA claim for {month}")
    # The form files it now: pending inside the 24 hours after the month, void as late after them.
    expected = "waiting for a decision" if on_time(month, datetime.now(UTC)) else "void · late"
    expect(page.locator("#claim-status")).to_contain_text(expected)
    expect(page.locator("#messages")).to_contain_text("UptimeRobot")
    assert page.errors == []


@pytest.mark.promise("S13")
def test_staff_approve_a_claim_and_the_customer_sees_service_credit(page, browser, site, clock) -> None:
    user_id = sign_in_customer(page, "3.00")
    # A month of its own, far back, with the claim filed inside its window (the test's clock).
    month = f"{2000 + secrets.randbelow(20)}-{1 + secrets.randbelow(12):02d}"
    clock.at = month_end(month) + timedelta(hours=10)
    _, _, claim = claims.file_claim(user_id, month, [(f"{month}-03T10:00:00Z", f"{month}-03T11:00:00Z")],
                                    "UptimeRobot", "down 10:00, up 11:00", [], "")
    existing = reports.month_report(month)
    reports.save_month_report(MonthReport(month, 43200, 60, "99.861", (), (), clock.at),
                              [Entitlement(user_id, Decimal("1.20"), Decimal("0.00"), Decimal("1.20"),
                                           Decimal("40.00"), 0, "paid")], existing.version if existing else 0)
    clock.at = datetime.now(UTC)

    staff_context = browser.new_context(base_url=site)
    staff_context.set_default_timeout(10_000)
    staff = staff_context.new_page()
    try:
        sign_in_as_new_staff(staff, Role.SUPPORT)
        staff.click("nav >> text=SLA claims")
        row = staff.locator("#claims-table tr", has_text=f"#{claim.number}")
        expect(row).to_contain_text("overdue")          # filed years ago: long past its deadline
        row.locator("a").click()
        expect(staff.locator("#claim-numbers")).to_contain_text("99.861%")
        expect(staff.locator("#claim-numbers")).to_contain_text("$1.20")
        staff.click("#approve-form button[type=submit]")
        expect(staff.locator("#claim-status")).to_contain_text("approved")
        expect(staff.locator("#claim-credits")).to_contain_text("availability $1.20")
        expect(staff.locator("#approve-form")).to_have_count(0)
    finally:
        staff_context.close()

    page.goto("/balance")
    expect(page.locator("#balance")).to_have_text(re.compile(r"\$4\.20"))
    expect(page.locator("#non-withdrawable")).to_have_text("$1.20")
    page.goto(f"/tickets/{claim.number}")
    expect(page.locator("#claim-status")).to_contain_text("approved")
    expect(page.locator("#claim-credits")).to_contain_text("service credit")
    assert page.errors == []
