"""Money reads as people read it: balances and charges in dollars and cents, rates per 1000 with
the places they need, and no page shows the API's 5-place amounts ("$50.00000")."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.catalog import ServiceType
from chalicelib.store import ledger as ledger_store
from tests.support.accounts import customer, email_of
from tests.support.browser import sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service

pytestmark = pytest.mark.e2e

# A dollar amount with 3 or more decimals: allowed only for a rate, which the pages write
# followed by " per 1000" (or " per package"), in the service picker's options, or in the
# staff's rate columns.
OVERLONG = re.compile(r"\$[\d,]+\.\d{3,}(?!\d| per )")

# The services page is left out: its rate columns are rates.
STAFF_PAGES = ["/admin/orders", "/admin/payments", "/admin/tasks", "/admin/reports", "/staff/claims"]
CUSTOMER_PAGES = ["/dashboard", "/order", "/orders", "/balance", "/add-funds", "/account", "/api-keys", "/tickets"]


def _overlong_amounts(page: Any) -> list[str]:
    """Dollar amounts with more than two decimals in the page's visible text, leaving out the
    service picker's options (each names a rate per 1000)."""
    text = page.evaluate("""() => [...document.querySelectorAll("option")]
        .reduce((text, option) => text.replaceAll(option.text, ""), document.body.innerText)""")
    return OVERLONG.findall(text)


def test_balances_and_charges_show_cents_and_rates_the_places_they_need(page) -> None:
    category = f"E2E-{secrets.token_hex(3)}"
    svc = service(ServiceType.DEFAULT, provider_rate="1.2345", category=category, name="E2E money followers")
    user_id = sign_in_customer(page, "50")

    page.goto("/balance")
    expect(page.locator("#balance")).to_have_text("$50.00")

    page.goto("/order")
    page.select_option("#category", category)
    page.select_option("#service", str(svc.service_id))
    expect(page.locator("#service option:checked")).to_have_text(re.compile(r"· \$1\.2345$"))
    expect(page.locator("#service-details")).to_contain_text("$1.2345 per 1000")
    page.fill("#f-link", "https://instagram.com/p/e2e-money")
    page.fill("#f-quantity", "500")                        # 1.2345 x 500 / 1000 = 0.61725
    expect(page.locator("#price")).to_have_text("$0.62")
    page.click("button[type=submit]")
    notice = page.locator("#form-notice")
    expect(notice).to_contain_text("placed for $0.62.")
    order_id = re.search(r"Order #(\d+)", notice.inner_text()).group(1)  # type: ignore[union-attr]
    assert ledger_store.account(user_id).balance == Decimal("49.38275")   # the ledger keeps 5 places

    page.goto("/orders")
    expect(page.locator("#orders-table tbody tr", has_text="E2E money followers")).to_contain_text("$0.62")
    page.goto(f"/orders/{order_id}")
    expect(page.locator("#order-detail tr", has_text="Charge")).to_contain_text("$0.62")
    expect(page.locator("#order-detail tr", has_text="Refunded")).to_contain_text("$0.00")
    page.goto("/balance")
    expect(page.locator("#balance")).to_have_text("$49.38")
    ledger_rows = page.locator("#ledger-table tbody tr")
    expect(ledger_rows.first).to_contain_text("-$0.62")
    expect(ledger_rows.first).to_contain_text("$49.38")

    for path in [*CUSTOMER_PAGES, f"/orders/{order_id}"]:
        page.goto(path)
        expect(page.locator("#view h1").first).to_be_visible()
        assert _overlong_amounts(page) == [], path
    assert page.errors == []


def test_staff_see_a_customers_money_in_cents(page) -> None:
    user_id = customer("1234.5")
    sign_in_as_new_staff(page)
    page.goto(f"/admin/users?email={email_of(user_id)}")
    expect(page.locator("#user-balance")).to_have_text("$1,234.50")
    expect(page.locator("#user-withdrawable")).to_have_text(re.compile(r"^\$[\d,]+\.\d\d$"))
    assert _overlong_amounts(page) == []
    for path in STAFF_PAGES:    # the other tests' orders, top-ups, tasks and claims fill them
        page.goto(path)
        expect(page.locator("#view h1").first).to_be_visible()
        assert _overlong_amounts(page) == [], path
    assert page.errors == []
