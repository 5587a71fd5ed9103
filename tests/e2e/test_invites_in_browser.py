"""The "Invites from Groups" type in the browser: the order form asks for its groups, and the
API page documents its parameters."""

from __future__ import annotations

import secrets
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from chalicelib.domain.catalog import ServiceType
from chalicelib.services import orders
from tests.support.browser import sign_in_customer
from tests.support.catalog import service

pytestmark = pytest.mark.e2e


def test_a_customer_orders_invites_from_groups_with_one_group_per_line(page) -> None:
    category = f"E2E-{secrets.token_hex(3)}"
    invites = service(ServiceType.INVITES_FROM_GROUPS, provider_rate="4.00", lo=100, hi=10_000, category=category,
                      name="E2E invites")
    user_id = sign_in_customer(page, "10.00")
    page.goto("/order")
    page.select_option("#category", category)
    page.select_option("#service", str(invites.service_id))
    expect(page.locator("#f-groups")).to_be_visible()
    page.fill("#f-link", "https://t.me/e2e_channel")
    page.fill("#f-quantity", "250")
    page.fill("#f-groups", "https://t.me/group_a\n\nhttps://t.me/group_b")
    expect(page.locator("#price")).to_have_text("$1.00")
    page.click("button[type=submit]")
    expect(page.locator("#form-notice")).to_contain_text("placed for $1.00")
    placed, _ = orders.list_for_user(user_id, orders.OrderFilter())
    assert [(o.type, o.quantity, o.charge, o.fields) for o in placed] == [
        (ServiceType.INVITES_FROM_GROUPS, 250, Decimal("1.00000"),
         {"quantity": 250, "groups": "https://t.me/group_a\nhttps://t.me/group_b"})]
    assert page.errors == []


def test_the_api_page_documents_invites_from_groups_and_the_leniency(page) -> None:
    page.goto("/api-docs")
    expect(page.locator("#types-table")).to_contain_text("Invites from Groups")
    expect(page.locator("#types-table")).to_contain_text("groups (one per line)")
    expect(page.locator("#action-add")).to_contain_text("A link without a scheme")
    expect(page.locator("#action-status")).to_contain_text("Paused")
    assert page.errors == []
