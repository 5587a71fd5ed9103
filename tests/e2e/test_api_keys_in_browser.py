"""A reseller creates, sees once, rotates and revokes API keys; the API page documents it."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from devstack.stack import TEST
from tests.support.api_v2 import call
from tests.support.browser import sign_in_customer

pytestmark = pytest.mark.e2e


def test_keys_are_shown_once_and_work_until_revoked(page) -> None:
    sign_in_customer(page, "3.00")
    page.click("nav >> text=API")
    page.fill("#key-label", "my panel")
    page.click("#key-form button[type=submit]")
    key = page.locator("#new-key-value").inner_text()
    assert len(key) == 40
    expect(page.locator("#copy-key")).to_be_visible()
    expect(page.locator("#keys-table")).to_contain_text(key[:6] + "…")
    assert page.content().count(key) == 1  # only in the shown-once notice
    answer = requests.post(f"{TEST.gateway_url}/api/v2", data={"key": key, "action": "balance"}, timeout=10)
    assert answer.json() == {"balance": "3.00000", "currency": "USD"}

    page.reload()
    expect(page.locator("#keys-table")).to_be_visible()
    assert key not in page.content()  # never shown again
    page.locator("#keys-table button", has_text="Rotate").click()
    rotated = page.locator("#new-key-value").inner_text()
    assert rotated != key
    page.locator("#keys-table tr", has_text=rotated[:6]).locator("button", has_text="Revoke").click()
    expect(page.locator("#keys-table tbody tr").nth(0)).to_contain_text("revoked")


def test_the_api_page_documents_every_action(page) -> None:
    page.goto("/api-docs")
    for action in ("services", "add", "status", "refill", "refill_status", "cancel", "balance"):
        section = page.locator(f"#action-{action}")
        expect(section).to_contain_text("curl -X POST")
        expect(section).to_contain_text("http_build_query")
        expect(section).to_contain_text("requests.post")
    expect(page.locator("#types-table")).to_contain_text("Mentions Custom List")
    expect(page.locator("body")).to_contain_text("Not enough funds on balance")
    expect(page.locator("#openapi-link")).to_have_attribute("href", "/api/openapi.json")
    assert page.errors == []


def test_limits_are_set_on_the_page_and_the_api_keeps_them(page) -> None:
    sign_in_customer(page, "3.00")
    page.goto("/api-keys")
    page.fill("#key-label", "tight bot")
    page.fill("#key-rps", "0")  # refused with the reason; nothing is created
    page.click("#key-form button[type=submit]")
    expect(page.locator("#form-error")).to_contain_text("rps_limit")
    page.fill("#key-rps", "5")
    page.fill("#key-daily", "1000")
    page.click("#key-form button[type=submit]")
    key = page.locator("#new-key-value").inner_text()
    row = page.locator("#keys-table tbody tr", has_text=key[:6])
    expect(row.locator("input[name=rps]")).to_have_value("5")
    expect(row.locator("input[name=daily]")).to_have_value("1000")

    # Tighter limits, changed from the keyboard, before the key is ever used.
    row.locator("input[name=daily]").fill("2")
    with page.expect_response(lambda r: r.url.endswith("/limits") and r.request.method == "PUT") as saved:
        row.locator("input[name=daily]").press("Enter")
    assert saved.value.ok  # stored before the key is used (the field shows what was typed at once)
    expect(page.locator("#keys-table tbody tr", has_text=key[:6]).locator("input[name=daily]")).to_have_value("2")
    assert call(key, "balance").status_code == 200
    assert call(key, "balance").status_code == 200
    over = call(key, "balance")
    assert over.status_code == 429 and over.json() == {"error": "Too many requests: this key allows 2 per day"}
    assert page.errors == []
