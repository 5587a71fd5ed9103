"""A customer's dashboard in the browser: balance, spend this month, the 5 newest orders (each
linking to its page) and the open tickets; staff keep their account summary."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import orders
from chalicelib.services.tickets import customer as desk
from tests.support.browser import sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service

pytestmark = pytest.mark.e2e


def test_the_dashboard_shows_balance_month_spend_recent_orders_and_open_tickets(page) -> None:
    svc = service(provider_rate="10.00", name=f"Dash {secrets.token_hex(2)}")
    user_id = sign_in_customer(page, "20.00")
    expect(page.locator("#recent-orders-empty")).to_be_visible()
    expect(page.locator("#dash-month-spend")).to_have_text("$0.00")

    placed = [orders.place(user_id, svc.service_id, {"link": f"https://instagram.com/p/d{i}", "quantity": 100 + i})
              for i in range(6)]                                             # $1.00 .. $1.05
    assert orders.settle(placed[0].order_id, OrderStatus.CANCELED, before_sending=True)  # $1.00 back
    asked, _ = desk.open_ticket(user_id, "Where is my order", "other", f"Not started. {secrets.token_hex(3)}")
    done, _ = desk.open_ticket(user_id, "Old question", "other", f"Answered. {secrets.token_hex(3)}")
    desk.close_as_customer(user_id, done.number)

    page.goto("/dashboard")
    expect(page.locator("#dash-balance")).to_have_text("$14.85")     # 20 - 6.15 + 1.00
    expect(page.locator("#dash-month-spend")).to_have_text("$5.15")  # 6.15 charged, 1.00 refunded
    rows = page.locator("#recent-orders tbody tr")
    expect(rows).to_have_count(5)
    newest = placed[-1]
    expect(rows.first).to_contain_text(f"#{newest.order_id}")
    expect(rows.first).to_contain_text(svc.name)
    expect(rows.first).to_contain_text("Pending")
    expect(rows.first).to_contain_text("$1.05")
    expect(page.locator("#recent-orders")).not_to_contain_text(f"#{placed[0].order_id}")  # the 6th newest
    tickets = page.locator("#open-tickets li")
    expect(tickets).to_have_count(1)
    expect(tickets.first).to_contain_text("Where is my order")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than the screen
    assert page.evaluate("document.querySelector('#view').scrollWidth <= window.innerWidth")

    rows.first.get_by_role("link").focus()  # from the keyboard
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Order #{newest.order_id}")
    page.go_back()
    page.click(f"#open-tickets >> text={asked.display}")
    expect(page).to_have_url(re.compile(rf"/tickets/{asked.number}$"))
    assert page.errors == []


def test_staff_keep_their_account_summary(page) -> None:
    email = sign_in_as_new_staff(page, Role.SUPPORT)
    expect(page.locator("#view")).to_contain_text(email)
    expect(page.locator("#dash-balance")).to_have_count(0)
    assert page.errors == []
