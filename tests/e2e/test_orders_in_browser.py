"""A customer orders in the browser; an admin imports a provider's services."""

from __future__ import annotations

import secrets
from decimal import Decimal

import pytest
import requests
from playwright.sync_api import expect

from chalicelib.domain.catalog import ServiceType
from chalicelib.store import ledger as ledger_store
from devstack.provider_sim import API_KEY
from devstack.stack import TEST
from tests.support.browser import sign_in_as_new_staff, sign_in_customer
from tests.support.catalog import service

pytestmark = pytest.mark.e2e


def test_a_customer_places_a_default_and_a_custom_comments_order(page) -> None:
    category = f"E2E-{secrets.token_hex(3)}"
    default = service(ServiceType.DEFAULT, provider_rate="2.00", category=category, name="E2E followers")
    comments = service(ServiceType.CUSTOM_COMMENTS, provider_rate="10.00", lo=2, hi=100, category=category,
                       name="E2E comments")
    user_id = sign_in_customer(page, "10.00")
    page.goto("/order")
    page.select_option("#category", category)
    page.select_option("#service", str(default.service_id))
    page.fill("#f-link", "https://instagram.com/p/e2e")
    page.fill("#f-quantity", "500")
    expect(page.locator("#price")).to_have_text("$1.00")
    page.click("button[type=submit]")
    expect(page.locator("#form-notice")).to_contain_text("placed for $1.00")

    page.select_option("#service", str(comments.service_id))
    expect(page.locator("#f-comments")).to_be_visible()
    page.fill("#f-link", "https://instagram.com/p/e2e-comments")
    page.fill("#f-comments", "great post\nlove it\nwow")
    expect(page.locator("#price")).to_have_text("$0.03")
    page.click("button[type=submit]")
    expect(page.locator("#form-notice")).to_contain_text("placed for $0.03")

    page.click("nav >> text=Orders")
    rows = page.locator("#orders-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("E2E comments")
    expect(rows.nth(1)).to_contain_text("E2E followers")
    page.click("nav >> text=Balance")
    expect(page.locator("#balance")).to_have_text("$8.97")
    assert ledger_store.account(user_id).balance == Decimal("8.97000")
    assert page.errors == []


def test_a_double_click_places_one_order(page) -> None:
    svc = service(ServiceType.DEFAULT, provider_rate="1.00", category=f"E2E-{secrets.token_hex(3)}")
    user_id = sign_in_customer(page, "5.00")
    page.goto("/order")
    page.select_option("#category", svc.category)
    page.fill("#f-link", "https://instagram.com/p/dbl")
    page.fill("#f-quantity", "1000")
    page.locator("button[type=submit]").dblclick()
    expect(page.locator("#form-notice")).to_contain_text("placed")
    page.wait_for_timeout(500)
    assert ledger_store.account(user_id).balance == Decimal("4.00000")


def test_an_admin_adds_the_simulator_and_imports_its_services(page) -> None:
    requests.post(f"http://127.0.0.1:{TEST.provider_port}/_sim/config", json={"reset": True}, timeout=5)
    sign_in_as_new_staff(page)
    page.click("nav >> text=Admin")
    name = f"Simulator {secrets.token_hex(3)}"
    page.fill("#p-name", name)
    page.fill("#p-url", f"http://127.0.0.1:{TEST.provider_port}/api/v2")
    page.fill("#p-key", API_KEY)
    page.click("#provider-form button[type=submit]")
    row = page.locator("#providers-table tr", has_text=name)
    expect(row).to_contain_text("…" + API_KEY[-4:])
    assert API_KEY not in page.content()
    row.locator("button", has_text="Check balance").click()
    expect(page.locator("#admin-notice")).to_contain_text("1250.40 USD")
    row.locator("button", has_text="Import services").click()
    boxes = page.locator("#upstream-table input[type=checkbox]")
    expect(boxes).to_have_count(8)
    for i in range(8):
        boxes.nth(i).check()
    page.click("#import-form button[type=submit]")
    expect(page.locator("#admin-notice")).to_contain_text("Imported 8 service(s)")
    page.click("a[href='/admin/services']")  # the admin tab, not the public services page
    expect(page.locator("#services-table")).to_contain_text("Instagram Custom Comments")
