"""The staff support desk in the browser: a staff reply with a file the customer downloads,
closed tickets listed a page at a time and opened, an admin editing a canned reply that support
then uses, and the orders a ticket names on its thread page."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal

import pytest
import requests
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.services import orders
from chalicelib.services.tickets import canned
from chalicelib.services.tickets import customer as desk
from tests.support.accounts import customer
from tests.support.browser import follow_nav, sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _staff_page(browser, site, role: Role = Role.SUPPORT, **context_options):
    context = browser.new_context(base_url=site, **context_options)
    context.set_default_timeout(10_000)
    staff = context.new_page()
    staff.errors = []
    staff.on("pageerror", lambda exc: staff.errors.append(str(exc)))
    sign_in_as_new_staff(staff, role)
    return context, staff


def test_a_staff_reply_with_a_file_reaches_the_customer_who_downloads_it(page, browser, site) -> None:
    user_id = sign_in_customer(page)
    ticket, _ = desk.open_ticket(user_id, "How do I set a link?", "other", f"Please explain. {secrets.token_hex(3)}")
    context, staff = _staff_page(browser, site)
    try:
        staff.goto(f"/staff/tickets/{ticket.number}")
        staff.fill("#s-reply", "The screenshot shows where the link goes.")
        staff.set_input_files("#s-files", files=[{"name": "where.png", "mimeType": "image/png", "buffer": PNG}])
        staff.click("#staff-reply-form button[type=submit]")
        expect(staff.locator("#messages li")).to_have_count(3)
        expect(staff.locator("#messages li").nth(2)).to_contain_text("where.png")
        assert staff.errors == []
    finally:
        context.close()

    page.goto(f"/tickets/{ticket.number}")
    last = page.locator("#messages li").nth(2)
    expect(last).to_contain_text("The screenshot shows where the link goes.")
    with page.expect_response(re.compile(rf"/api/tickets/{ticket.number}/attachments/[0-9a-f]{{32}}$")) as answer:
        last.get_by_role("button", name=re.compile("where.png")).click()
    assert answer.value.status == 200
    link = answer.value.json()["attachment"]
    assert link["filename"] == "where.png"
    assert requests.get(link["url"], timeout=10).content == PNG
    assert page.errors == []


def test_closed_tickets_are_listed_a_page_at_a_time_and_open_normally(page) -> None:
    user_id = customer()
    older, _ = desk.open_ticket(user_id, "Old closed question", "other", f"First. {secrets.token_hex(3)}")
    newer, _ = desk.open_ticket(user_id, "New closed question", "other", f"Second. {secrets.token_hex(3)}")
    desk.close_as_customer(user_id, older.number)
    desk.close_as_customer(user_id, newer.number)
    sign_in_as_new_staff(page, Role.SUPPORT)
    page.goto("/staff/tickets?status=closed&limit=1")
    rows = page.locator("#queue-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(newer.display)
    page.click("#queue-table-more")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text(older.display)

    rows.nth(1).get_by_role("link", name=older.display).click()
    expect(page.locator("h1")).to_contain_text("Old closed question")
    expect(page.locator("#messages li").first).to_contain_text("First.")
    expect(page.locator("#sla-table")).to_contain_text("closed")
    expect(page.locator("#closed-note")).to_contain_text("Reopen it to answer")
    expect(page.locator("#staff-reply-form")).to_have_count(0)
    page.click("#staff-reopen")
    expect(page.locator("#staff-reply-form")).to_be_visible()
    expect(page.locator("#sla-table")).to_contain_text("open")
    assert page.errors == []


def test_an_admin_edits_a_canned_reply_and_support_uses_it(page, browser, site) -> None:
    title = f"Start times {secrets.token_hex(3)}"
    reply_id = title.lower().replace(" ", "-")
    sign_in_as_new_staff(page, Role.ADMIN)
    page.set_viewport_size(PHONE)
    follow_nav(page, "Support desk")
    page.click("#edit-canned")
    expect(page.locator("h1")).to_have_text("Canned replies")
    page.get_by_label("Title").first.fill(title)
    page.get_by_label("Text").first.fill("Orders start within a day.")
    page.click("#add-canned button[type=submit]")
    form = page.locator(f"#canned-{reply_id}")
    expect(form.locator("h2")).to_have_text(title)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll

    form.get_by_label("Text").fill("Orders start within 12 hours; we will keep you posted.")
    form.get_by_role("button", name="Save").click()
    expect(page.locator(f"#c-{reply_id}-text")).to_have_value("Orders start within 12 hours; we will keep you posted.")
    try:
        user_id = customer()
        ticket, _ = desk.open_ticket(user_id, "When does it start?", "other", f"Waiting. {secrets.token_hex(3)}")
        context, staff = _staff_page(browser, site)
        try:
            staff.goto(f"/staff/tickets/{ticket.number}")
            staff.get_by_label("Canned reply").select_option(label=title)
            expect(staff.locator("#s-reply")).to_have_value("Orders start within 12 hours; we will keep you posted.")
            staff.click("#staff-reply-form button[type=submit]")
            expect(staff.locator("#messages li")).to_have_count(3)
            expect(staff.locator("#messages li").nth(2)).to_contain_text("within 12 hours")
            assert staff.errors == []
        finally:
            context.close()
    finally:
        canned.delete("test-cleanup", reply_id)
    assert page.errors == []


def test_a_canned_reply_naming_a_provider_is_refused_on_the_page(page) -> None:
    from chalicelib.domain.providers import Provider
    from chalicelib.store import catalog, counters

    name = f"Boostly{secrets.token_hex(3)}"
    catalog.put_provider(Provider(counters.next_id("provider"), name, "https://provider.example/api", True, "abcd"))
    sign_in_as_new_staff(page, Role.ADMIN)
    page.goto("/staff/canned-replies")
    page.fill("#new-title", f"Refill {secrets.token_hex(3)}")
    page.fill("#new-text", f"We asked {name} for a refill.")
    page.click("#add-canned button[type=submit]")
    expect(page.locator("#add-error")).to_contain_text(f'must not name a provider; the text mentions "{name}"')
    assert page.errors == []


def test_the_orders_a_ticket_names_are_listed_on_its_thread(page) -> None:
    user_id = customer("5.00")
    first = orders.place(user_id, service().service_id, {"link": "https://x.com/p/1", "quantity": 100})
    second = orders.place(user_id, service().service_id, {"link": "https://x.com/p/2", "quantity": 300})
    ticket, _ = desk.open_ticket(user_id, "Orders not started", "orders",
                                 f"Also order #{second.order_id} is stuck. {secrets.token_hex(3)}",
                                 [first.order_id])
    sign_in_as_new_staff(page, Role.SUPPORT)
    page.goto(f"/staff/tickets/{ticket.number}")
    rows = page.locator("#ticket-orders-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"#{first.order_id}")
    expect(rows.nth(1)).to_contain_text(f"#{second.order_id}")
    expect(rows.nth(1)).to_contain_text(second.service_name)
    expect(rows.nth(1)).to_contain_text(f"${second.charge.quantize(Decimal('0.01'))}")
    # The site's worker sends new orders on, so the status is whichever it has reached.
    expect(rows.nth(1).locator("td").nth(1)).to_have_text(
        re.compile(r"^(pending|sending|in progress|processing|completed|partial|canceled|needs staff review)$"))
    rows.nth(0).locator(f"a >> text=#{first.order_id}").click()  # the order's file on the order desk
    expect(page.locator("h1")).to_have_text(f"Order #{first.order_id}")
    expect(page.locator("#order-tickets")).to_contain_text(f"#{ticket.number}")
    assert page.errors == []
