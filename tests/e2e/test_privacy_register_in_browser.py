"""A customer files a "Privacy request" ticket; support staff find it in the privacy request
register with its deadline and days left, verify the requester's identity, extend the deadline
with a reason and complete it, on a phone-sized screen and partly from the keyboard (P6)."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from tests.support.browser import follow_nav, sign_in_as_new_staff, sign_in_customer

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def register_row(staff, text: str):
    """The open list's row containing `text`, paging on with "Show more" (soonest deadline first)."""
    rows = staff.locator("#pr-table tbody tr")
    rows.first.wait_for()   # the list has rendered (the page shows "Loading…" until then)
    for _ in range(40):
        found = rows.filter(has_text=text)
        if found.count():
            return found.first
        more = staff.locator("#pr-table-more")
        if not more.count():
            break
        shown = rows.count()
        more.click()
        staff.wait_for_function(f"document.querySelectorAll('#pr-table tbody tr').length > {shown} "
                                "|| !document.querySelector('#pr-table-more')")
    raise AssertionError(f"no row with {text!r} in the register: {staff.locator('main').inner_text()[:1500]}")


@pytest.mark.promise("P6")
def test_a_privacy_ticket_is_registered_and_worked_to_completion_by_staff(page, browser, site) -> None:
    subject = f"Copy of my data {secrets.token_hex(3)}"
    sign_in_customer(page)
    page.click("nav >> text=Support")
    page.click("text=Open a ticket")
    expect(page.locator("#t-request-type")).to_be_hidden()
    page.fill("#t-subject", subject)
    page.select_option("#t-category", "privacy_request")
    expect(page.locator("#t-request-type")).to_be_visible()
    page.select_option("#t-request-type", "access")
    page.fill("#t-message", "Please send me a copy of all the personal data you hold about me.")
    page.click("#ticket-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text(subject)
    number = re.search(r"#(\d+)", page.locator("h1").inner_text()).group(1)
    assert page.errors == []

    staff_context = browser.new_context(base_url=site, viewport=PHONE)
    staff_context.set_default_timeout(10_000)
    staff = staff_context.new_page()
    staff.errors = []
    staff.on("pageerror", lambda exc: staff.errors.append(str(exc)))
    try:
        sign_in_as_new_staff(staff, Role.SUPPORT)
        follow_nav(staff, "Privacy requests")
        expect(staff.locator("h1")).to_have_text("Privacy requests")
        staff.select_option("#pr-view", "all")
        staff.click("#register-filters button[type=submit]")
        expect(staff).to_have_url(re.compile(r"/staff/privacy-requests\?view=all$"))
        staff.goto(f"/staff/tickets/{number}")  # the ticket itself is in the support desk too
        expect(staff.locator("h1")).to_contain_text(subject)
        staff.goto("/staff/privacy-requests")
        row = register_row(staff, f"Ticket #{number}:")
        expect(row).to_contain_text("Access / copy of my data")
        expect(row).to_contain_text("days left")
        row.locator("a").click()
        expect(staff.locator("h1")).to_contain_text("PR-")
        expect(staff.locator("#pr-facts")).to_contain_text(f"#{number}")
        expect(staff.locator("#pr-facts")).to_contain_text("received")
        assert staff.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll

        # Completing before the identity is verified is refused, in words, and changes nothing.
        staff.select_option("#s-status", "completed")
        staff.fill("#s-outcome", "Export sent")
        staff.click("#status-form button[type=submit]")
        expect(staff.locator("#status-error")).to_contain_text("Verify the requester's identity")

        staff.select_option("#i-check", "verified")
        staff.fill("#i-note", "Signed in to the account that opened the ticket")
        staff.click("#identity-form button[type=submit]")
        expect(staff.locator("#pr-facts")).to_contain_text("verified: Signed in to the account")

        staff.select_option("#e-months", "2")
        staff.click("#extension-form button[type=submit]")
        expect(staff.locator("#extension-error")).to_contain_text("why the request needs more time")
        staff.fill("#e-reason", "Several years of orders to gather")
        staff.click("#extension-form button[type=submit]")
        expect(staff.locator("#pr-facts")).to_contain_text("extended by 2 months")
        expect(staff.locator("#extension-form button[type=submit]")).to_be_disabled()

        staff.select_option("#s-status", "completed")
        staff.fill("#s-outcome", "Export and staff notes sent through the ticket")
        staff.focus("#s-outcome")
        staff.keyboard.press("Tab")  # to the form's button, then Enter: no mouse needed
        staff.keyboard.press("Enter")
        expect(staff.locator("#pr-facts")).to_contain_text("completed")
        expect(staff.locator("#status-form")).to_have_count(0)  # decided: no more actions
        expect(staff.locator("#history-table")).to_contain_text("deadline")
        expect(staff.locator("#history-table")).to_contain_text("Several years of orders to gather")
        assert staff.errors == []
    finally:
        staff_context.close()
