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
from devstack.stack import ROOT
from tests.support.accounts import customer
from tests.support.browser import sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service
from tests.support.site_pages import ADMIN_PAGES, CUSTOMER_PAGES, LEGAL_PAGES, VISITOR_PAGES

pytestmark = pytest.mark.e2e

AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
# Overflow: anything reaching past the viewport's right edge that is not inside a box that scrolls.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
    const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll' || x === 'hidden') return true; }
    return false; };
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const box = el.getBoundingClientRect(); return box.width > 0 && box.right > width + 1 && !inScroller(el); });
  return { scrollWidth: document.documentElement.scrollWidth, width,
           wide: wide.slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
             + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')) };
}"""
SERIOUS = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}"""


@pytest.fixture
def phone(browser: Any, site: str) -> Iterator[Any]:
    # bypass_csp lets the test inject axe-core; the pages' own scripts are the site's, unchanged.
    context = browser.new_context(base_url=site, viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    context.set_default_timeout(10_000)
    # The consent banner hides from automated browsers; this one shows it, so axe checks it too.
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });")
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def _problems(page: Any, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => !document.querySelector('#view > p.muted:only-child')")  # rendered
        layout = page.evaluate(OVERFLOW)
        if layout["scrollWidth"] > layout["width"] or layout["wide"]:
            found.append(f"{path}: {layout['scrollWidth']} px wide on a {layout['width']} px screen: {layout['wide']}")
        page.add_script_tag(path=str(AXE))
        found += [f"{path}: {violation}" for violation in page.evaluate(SERIOUS)]
    return found


def _dismiss_banner(page: Any) -> None:
    page.goto("/login")
    page.locator("#cc-main .cm [data-role=necessary]").click()


def test_visitor_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    problems = _problems(phone, ["/login"])  # with the consent banner open
    _dismiss_banner(phone)
    problems += _problems(phone, VISITOR_PAGES)
    assert problems == [], "\n".join(problems)


def test_customer_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    _dismiss_banner(phone)
    user_id = sign_in_customer(phone, "20.00")
    order = orders.place(user_id, service(provider_rate="2.00").service_id,
                         {"link": "https://instagram.com/p/phone", "quantity": 500})
    ticket, _ = customer_tickets.open_ticket(user_id, "Where is my order", "other", "It has not started yet.",
                                             None, None, None)
    problems = _problems(phone, [*CUSTOMER_PAGES, f"/orders/{order.order_id}", f"/tickets/{ticket.number}"])
    assert problems == [], "\n".join(problems)


def test_staff_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    _dismiss_banner(phone)
    ticket, _ = customer_tickets.open_ticket(customer("5"), "Refund please", "other", "Please refund my order.",
                                             None, None, None)
    held = orders.place(customer("5"), service().service_id, {"link": "https://x.com/p/phone-desk", "quantity": 100})
    orders.to_review(held.order_id, OrderStatus.PENDING, "parked: provider out of funds")  # shows the reconcile forms
    sign_in_as_new_staff(phone)
    problems = _problems(phone, [*ADMIN_PAGES, f"/staff/tickets/{ticket.number}", f"/staff/orders/{held.order_id}",
                                 f"/admin/customers/{ticket.user_id}"])
    assert problems == [], "\n".join(problems)


def test_legal_pages_fit_a_phone_and_pass_axe(phone: Any) -> None:
    _dismiss_banner(phone)
    sign_in_as_new_staff(phone, Role.LEGAL)
    problems = _problems(phone, LEGAL_PAGES)
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
