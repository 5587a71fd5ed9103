"""An admin changes a provider's URL: the page asks for the API key again."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from devstack.provider_sim import API_KEY
from devstack.stack import TEST
from tests.support.browser import sign_in_as_new_staff

pytestmark = pytest.mark.e2e


def test_changing_a_providers_url_requires_its_key_again(page) -> None:
    sign_in_as_new_staff(page)
    page.goto("/admin/providers")
    name = f"Edited {secrets.token_hex(3)}"
    page.fill("#p-name", name)
    page.fill("#p-url", f"http://127.0.0.1:{TEST.provider_port}/api/v2")
    page.fill("#p-key", API_KEY)
    page.click("#provider-form button[type=submit]")
    row = page.locator("#providers-table tr", has_text=name)
    row.locator("button", has_text="Edit").click()

    expect(page.locator("#e-key")).not_to_have_attribute("required", "")
    new_url = f"http://localhost:{TEST.provider_port}/api/v2"
    page.fill("#e-url", new_url)
    expect(page.locator("#e-key")).to_have_attribute("required", "")
    expect(page.locator("#e-key-hint")).to_contain_text("API key again")
    page.click("#provider-edit-form button[type=submit]")
    expect(page.locator("#provider-edit-error")).to_have_text(
        "Enter the provider's API key again to change its API URL.")
    expect(row).not_to_contain_text(new_url)

    page.fill("#e-url", "https://169.254.169.254/latest/")
    page.fill("#e-key", "another-key-1234")
    page.click("#provider-edit-form button[type=submit]")
    expect(page.locator("#provider-edit-error")).to_contain_text("link-local")

    page.fill("#e-url", new_url)
    page.fill("#e-key", API_KEY)
    page.click("#provider-edit-form button[type=submit]")
    expect(page.locator("#providers-table tr", has_text=name)).to_contain_text(new_url)
    assert page.errors == []
