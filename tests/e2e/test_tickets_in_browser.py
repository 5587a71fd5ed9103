"""A customer opens a ticket and sees the automatic acknowledgement; support staff answer it
from the console; the customer sees the answer (S7, O5)."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.services.tickets import customer as desk
from tests.support.accounts import customer
from tests.support.browser import sign_in_as_new_staff, sign_in_customer

pytestmark = pytest.mark.e2e
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.mark.promise("S7")
def test_a_ticket_is_acknowledged_answered_by_staff_and_the_answer_reaches_the_customer(page, browser, site) -> None:
    subject = f"Where is my refill {secrets.token_hex(3)}"
    sign_in_customer(page)
    page.click("nav >> text=Support")
    page.click("text=Open a ticket")
    page.fill("#t-subject", subject)
    page.select_option("#t-category", "other")
    page.fill("#t-message", "Hello, I have a question about how refills work on your panel.")
    # Straight from the browser to storage (moto's S3 here) with the presigned form.
    page.set_input_files("#t-files", files=[{"name": "screenshot.png", "mimeType": "image/png", "buffer": PNG},
                                            {"name": "client.log", "mimeType": "", "buffer": b"GET /api/v2 500\n"}])
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text(subject)
    number = re.search(r"#(\d+)", page.locator("h1").inner_text()).group(1)
    messages = page.locator("#messages li")
    expect(messages).to_have_count(2)
    expect(messages.nth(1)).to_contain_text("Automatic reply")
    expect(messages.nth(1)).to_contain_text(f"#{number}")
    expect(messages.nth(0)).to_contain_text("screenshot.png")
    expect(messages.nth(0)).to_contain_text("client.log")

    staff_context = browser.new_context(base_url=site)
    staff_context.set_default_timeout(10_000)
    staff = staff_context.new_page()
    try:
        sign_in_as_new_staff(staff, Role.SUPPORT)
        staff.click("nav >> text=Support desk")
        staff.click(f"#queue-table >> text=#{number}")
        expect(staff.locator("#sla-table")).to_contain_text("First response due")
        staff.fill("#s-note", "Customer is new; be thorough.")
        staff.click("#note-form button[type=submit]")
        expect(staff.locator("#messages")).to_contain_text("Internal note")
        staff.fill("#s-reply", "Refills are free within the refill window. Open the order and press Refill.")
        staff.click("#staff-reply-form button[type=submit]")
        expect(staff.locator("#messages li")).to_have_count(4)
    finally:
        staff_context.close()

    page.reload()
    expect(messages).to_have_count(3)  # the internal note never reaches the customer
    expect(messages.nth(2)).to_contain_text("Refills are free within the refill window")
    expect(page.locator("#messages")).not_to_contain_text("be thorough")
    expect(page.locator("#ticket-status")).to_contain_text("answered")
    assert page.errors == []


def test_the_support_desk_filters_closed_tickets(page) -> None:
    user_id = customer()
    closed, _ = desk.open_ticket(user_id, "Closed question", "other", f"Answered already. {secrets.token_hex(3)}")
    still_open, _ = desk.open_ticket(user_id, "Open question", "other", f"Still waiting. {secrets.token_hex(3)}")
    desk.close_as_customer(user_id, closed.number)
    sign_in_as_new_staff(page, Role.SUPPORT)
    page.click("nav >> text=Support desk")
    expect(page.locator("#queue-table")).to_contain_text(still_open.display)
    page.select_option("#f-status", "closed")
    page.click("#queue-filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"/staff/tickets\?status=closed$"))
    expect(page.locator("#queue-table")).to_contain_text(closed.display)
    expect(page.locator("#queue-table")).not_to_contain_text(still_open.display)
    expect(page.locator("#page-error")).to_have_count(0)
    assert page.errors == []
