"""A legal staff member registers a UK court order with its PDF on a phone-sized screen, sees the
rules' verdict, accepts it with the user's notice withheld under a gag order, then sends the notice
once the order lapses; the customer gets the e-mail only then (L1, L10, L12)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from tests.support.accounts import customer, email_of
from tests.support.browser import follow_nav, sign_in_as_new_staff
from tests.support.mail import mails_to

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def wait_for_mail(address: str, count: int, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = mails_to(address)
        if len(found) >= count:
            return found
        time.sleep(0.5)
    return mails_to(address)


@pytest.mark.promise("L10")
def test_legal_staff_take_a_request_from_intake_to_acceptance_with_the_notice_withheld_then_sent(
        browser, site, tmp_path: Path) -> None:
    user = customer()
    address = email_of(user)
    pdf = tmp_path / "court-order.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% Production order, signed\n%%EOF\n")

    context = browser.new_context(base_url=site, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        sign_in_as_new_staff(page, Role.LEGAL)
        follow_nav(page, "Legal requests")
        expect(page.locator("h1")).to_have_text("Legal requests")
        page.click("#intake summary")
        page.select_option("#c-channel", "legal_mailbox")
        page.select_option("#c-kind", "disclosure")
        for box in ("#c-pdf", "#c-letterhead", "#c-signed"):
            page.check(box)
        page.set_input_files("#c-file", str(pdf))
        page.fill("#c-authority", "Metropolitan Police Service")
        page.fill("#c-country", "GB")
        page.fill("#c-officer", "DC Jane Smith")
        page.fill("#c-title", "Detective Constable")
        page.fill("#c-email", "jane.smith@met.police.uk")
        page.fill("#c-phone", "+44 20 7230 1212")
        page.focus("#c-official")
        page.keyboard.press("Space")  # a checkbox from the keyboard
        page.select_option("#c-id-type", "email")
        page.fill("#c-id-value", address)
        page.check("#c-data-login_ips")
        page.check("#c-data-orders")
        page.fill("#c-from", "2026-01-01")
        page.fill("#c-to", "2026-03-31")
        page.fill("#c-law", "Police and Criminal Evidence Act 1984, Sch. 1")
        page.fill("#c-case", "MET-2026-77")
        page.select_option("#c-pathway", "uk_court_order")
        page.select_option("#c-uk", "true")
        page.click("#intake-form button[type=submit]")

        expect(page.locator("h1")).to_contain_text("LR-")
        expect(page.locator("#verdict h2")).to_have_text("The rules say: accept")
        expect(page.locator("#verdict-reasons")).to_contain_text("login ips, orders")
        expect(page.locator("#legal-facts")).to_contain_text(user)
        expect(page.locator("#legal-facts")).to_contain_text("Attached")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll

        # Withholding needs what the ground rests on: refused in words, nothing changes.
        page.select_option("#d-decision", "accept")
        page.select_option("#d-withhold", "gag_order")
        page.click("#decision-form button[type=submit]")
        expect(page.locator("#decision-error")).to_contain_text("what the ground rests on")
        page.fill("#d-withhold-note", "Non-disclosure order WMC-4, three months")
        page.focus("#decision-form button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.locator("#legal-facts")).to_contain_text(re.compile(r"Status\s*disclosed"))
        expect(page.locator("#pending-action")).to_have_count(0)
        expect(page.locator("#legal-facts")).to_contain_text("withheld (gag order: Non-disclosure order WMC-4")
        expect(page.locator("#decision-form")).to_have_count(0)
        time.sleep(1)
        assert mails_to(address) == []

        page.fill("#n-note", "The order lapsed on 1 June.")
        page.click("#notice-form button[type=submit]")
        expect(page.locator("#legal-facts")).to_contain_text(re.compile(r"Notice to the user\s*sent"))
        expect(page.locator("#history-table")).to_contain_text("notice sent")
        expect(page.locator("#notice-form")).to_have_count(0)
        mails = wait_for_mail(address, 1)
        assert len(mails) == 1 and "Metropolitan Police Service" in mails[0]

        page.click("text=← Register")
        row = page.locator("#legal-table tbody tr").first
        expect(row).to_contain_text("disclosed")
        expect(row).to_contain_text("sent")
        assert errors == []
    finally:
        context.close()
