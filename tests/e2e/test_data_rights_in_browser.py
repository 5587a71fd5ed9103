"""A customer downloads their data and deletes their account from the account page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chalicelib.store import users
from tests.support.accounts import PASSWORD, email_of
from tests.support.browser import sign_in_customer

pytestmark = pytest.mark.e2e


@pytest.mark.promise("P6")
def test_download_my_data_from_the_account_page(page) -> None:
    user_id = sign_in_customer(page, "3.00")
    page.goto("/account")
    expect(page.locator("#account-cookie-settings")).to_have_attribute("data-cc", "show-preferencesModal")
    with page.expect_download() as download_info:
        page.click("#export-link")
    download = download_info.value
    assert download.suggested_filename.startswith("my-data-") and download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["id"] == user_id and data["account"]["email"] == email_of(user_id)
    assert data["account"]["balance"] == "3.00000"
    assert page.errors == []


@pytest.mark.promise("P6")
def test_delete_my_account_shows_the_balance_and_asks_for_the_password(page) -> None:
    user_id = sign_in_customer(page, "4.50")
    email = email_of(user_id)
    page.goto("/account")
    page.click("#delete-start")
    expect(page.locator("#delete-balance")).to_contain_text("Your balance: $4.50.")
    page.fill("#delete-password", "not-my-password")
    page.check("#accept-balance-loss")
    page.click("#delete-form button[type=submit]")
    expect(page.locator("#delete-error")).to_have_text("The password is incorrect. Your account was not changed.")
    assert users.get(user_id).email == email  # type: ignore[union-attr]

    page.fill("#delete-password", PASSWORD)
    page.click("#delete-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Account deleted")
    expect(page.locator("#deleted-notice")).to_contain_text(user_id)
    assert users.get(user_id).email == ""  # type: ignore[union-attr]
    page.goto("/dashboard")
    expect(page.locator("h1")).to_have_text("Sign in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#form-error")).to_be_visible()
    assert page.errors == []
