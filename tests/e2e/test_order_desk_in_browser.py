"""The staff order desk in the browser: support finds a customer's order by e-mail and by link
and opens its file (history, ledger, the ticket naming it); an admin reconciles orders under
review from their file: marks one sent, cancels and refunds another (once)."""

from __future__ import annotations

import secrets
import time

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import orders
from chalicelib.services.tickets import customer as desk
from chalicelib.store import ledger as ledger_store
from chalicelib.store import orders as order_store
from tests.support.accounts import customer, email_of
from tests.support.browser import sign_in_as_new_staff
from tests.support.catalog import service

pytestmark = pytest.mark.e2e


def _placed(user_id: str, link: str) -> int:
    return orders.place(user_id, service().service_id, {"link": link, "quantity": 100}).order_id


def _to_review(order_id: int, reason: str) -> None:
    """Park an order for staff; the site's worker may be trying to send it meanwhile (its
    provider does not exist), so each try starts from the status it has now."""
    for _ in range(50):
        current = order_store.get(order_id)
        if current.status == OrderStatus.NEEDS_REVIEW or orders.to_review(order_id, current.status, reason):
            return
        time.sleep(0.1)
    raise AssertionError(f"order {order_id} never reached review")


def test_support_finds_an_order_by_email_and_by_link_and_reads_its_file(page) -> None:
    user_id = customer("5.00")
    link = f"https://instagram.com/p/desk-{secrets.token_hex(4)}"
    order_id = _placed(user_id, link)
    ticket, _ = desk.open_ticket(user_id, "Order not started", "orders", "It has not started yet.", [order_id])
    sign_in_as_new_staff(page, Role.SUPPORT)
    page.goto("/staff/orders")
    page.fill("#d-email", email_of(user_id))
    page.click("#desk-search button[type=submit]")
    expect(page.locator("#desk-table")).to_contain_text(link)
    page.fill("#d-email", "")
    page.fill("#d-link", link.rsplit("/", 1)[1])
    page.click("#desk-search button[type=submit]")
    expect(page.locator("#desk-table tbody tr")).to_have_count(1)
    page.click(f"#desk-table >> text=#{order_id}")
    expect(page.locator("h1")).to_have_text(f"Order #{order_id}")
    expect(page.locator("#order-facts")).to_contain_text(email_of(user_id))
    expect(page.locator("#order-history")).to_contain_text("placed: 100 units")
    expect(page.locator("#order-entries")).to_contain_text(f"order#{order_id}")
    expect(page.locator("#order-tickets")).to_contain_text(f"#{ticket.number}")
    expect(page.locator("#reconcile")).to_have_count(0)  # support reads; admins reconcile


def test_an_admin_marks_a_review_order_sent_and_cancels_another(page) -> None:
    user_id = customer("5.00")
    uncertain = _placed(user_id, f"https://x.com/p/u-{secrets.token_hex(3)}")
    parked = _placed(user_id, f"https://x.com/p/p-{secrets.token_hex(3)}")
    _to_review(uncertain, "uncertain: the provider timed out")
    _to_review(parked, "parked: provider out of funds")
    sign_in_as_new_staff(page, Role.ADMIN)

    page.goto(f"/staff/orders/{uncertain}")
    page.fill("#r-upstream", "UP-4242")
    page.click("#r-mark-sent button[type=submit]")
    expect(page.locator("#order-facts")).to_contain_text("UP-4242")
    expect(page.locator("#order-history tbody tr").first).to_contain_text("upstream id UP-4242")
    assert order_store.get(uncertain).status == OrderStatus.PROCESSING

    page.goto(f"/staff/orders/{parked}")
    page.click("#r-cancel")
    expect(page.locator("#order-facts")).to_contain_text("canceled")
    expect(page.locator("#reconcile")).to_have_count(0)  # nothing left to click twice
    expect(page.locator("#order-entries")).to_contain_text(f"refund#{parked}")
    assert ledger_store.has_entry(user_id, f"refund#{parked}")
