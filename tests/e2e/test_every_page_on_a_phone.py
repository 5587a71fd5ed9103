"""Every page at a phone's width (390 px): nothing wider than the screen (tables scroll inside
their own box), and axe-core finds no serious or critical accessibility violation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import orders
from chalicelib.services.tickets import customer as customer_tickets
from tests.support.accounts import customer
from tests.support.browser import sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service
from tests.support.phone import page_problems, phone_page
from tests.support.site_pages import ADMIN_PAGES, CUSTOMER_PAGES, LEGAL_PAGES, VISITOR_PAGES

pytestmark = pytest.mark.e2e

@pytest.fixture
def phone(browser: Any, site: str) -> Iterator[Any]:
    with phone_page(browser, site, show_consent_banner=True) as page:
        yield page


def _dismiss_banner(page: Any) -> None:
    page.goto("/login")
    page.locator("#cc-main .cm [data-role=necessary]").click()


def test_visitor_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    problems = page_problems(phone, ["/login"])  # with the consent banner open
    _dismiss_banner(phone)
    problems += page_problems(phone, VISITOR_PAGES)
    assert problems == [], "\n".join(problems)


def test_customer_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    _dismiss_banner(phone)
    user_id = sign_in_customer(phone, "20.00")
    order = orders.place(user_id, service(provider_rate="2.00").service_id,
                         {"link": "https://instagram.com/p/phone", "quantity": 500})
    ticket, _ = customer_tickets.open_ticket(user_id, "Where is my order", "other", "It has not started yet.",
                                             None, None, None)
    problems = page_problems(phone, [*CUSTOMER_PAGES, f"/orders/{order.order_id}", f"/tickets/{ticket.number}"])
    assert problems == [], "\n".join(problems)


def test_staff_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    _dismiss_banner(phone)
    ticket, _ = customer_tickets.open_ticket(customer("5"), "Refund please", "other", "Please refund my order.",
                                             None, None, None)
    held = orders.place(customer("5"), service().service_id, {"link": "https://x.com/p/phone-desk", "quantity": 100})
    orders.to_review(held.order_id, OrderStatus.PENDING, "parked: provider out of funds")  # shows the reconcile forms
    sign_in_as_new_staff(phone)
    problems = page_problems(phone, [*ADMIN_PAGES, f"/staff/tickets/{ticket.number}", f"/staff/orders/{held.order_id}",
                                 f"/admin/customers/{ticket.user_id}"])
    assert problems == [], "\n".join(problems)


def test_legal_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    _dismiss_banner(phone)
    sign_in_as_new_staff(phone, Role.LEGAL)
    problems = page_problems(phone, LEGAL_PAGES)
    assert problems == [], "\n".join(problems)


def test_the_navigation_folds_behind_a_menu_button_on_a_phone(phone: Any) -> None:
    _dismiss_banner(phone)
    sign_in_customer(phone, "5.00")
    menu, orders_link = phone.locator("#nav-toggle"), phone.locator("#nav a", has_text="Orders")
    expect(orders_link).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.focus()
    phone.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(orders_link).to_be_visible()
    phone.keyboard.press("Escape")
    expect(orders_link).to_be_hidden()
    expect(menu).to_be_focused()
    menu.click()
    orders_link.click()
    expect(phone).to_have_url(re.compile(r"/orders$"))
    expect(orders_link).to_be_hidden()  # folded again after following a link
    phone.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_hidden()
    expect(orders_link).to_be_visible()
