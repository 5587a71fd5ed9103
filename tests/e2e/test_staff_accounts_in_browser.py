"""An admin manages staff accounts in the browser: creates a support account (password and
second factor shown once), the new person signs in with them, the admin disables the account
(the person's session ends), enables it, and resets its second factor (the old code is
refused, the new one works). Every step from the keyboard or a click, as a person would."""

from __future__ import annotations

import secrets

import pyotp
import pytest
from playwright.sync_api import expect

from tests.support.browser import sign_in_as_new_staff

pytestmark = pytest.mark.e2e


def _password_step(page, email: str, password: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def _code_step(page, secret: str) -> None:
    expect(page.locator("h1")).to_have_text("Two-step verification")
    page.fill("#totp", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")


def test_an_admin_creates_disables_enables_and_resets_a_support_account(page, browser, site) -> None:
    sign_in_as_new_staff(page)
    page.goto("/admin/providers")
    page.click("nav.subnav a[href='/admin/staff']")
    expect(page.locator("h1")).to_have_text("Staff accounts")

    email = f"new-support-{secrets.token_hex(4)}@example.com"
    page.fill("#s-email", email)
    page.select_option("#s-role", "support")
    page.press("#s-email", "Enter")   # the keyboard submits the form
    shown = page.locator("#staff-secrets")
    expect(shown).to_contain_text(f"For {email}")
    password = page.locator("#new-password").inner_text()
    secret = page.locator("#new-totp-secret").inner_text()
    expect(page.locator("#new-totp-uri")).to_contain_text("otpauth://totp/")
    expect(page.locator("#new-totp-uri")).to_contain_text(secret)
    row = page.locator("#staff-table tr", has_text=email)
    expect(row).to_contain_text("support")
    expect(row).to_contain_text("Enabled")

    page.fill("#s-email", email)    # the same address again: refused, nothing shown again
    page.press("#s-email", "Enter")
    expect(page.locator("#create-error")).to_contain_text("already exists")
    page.reload()
    expect(page.locator("#staff-table tr", has_text=email)).to_be_visible()
    expect(page.locator("#staff-secrets")).to_be_hidden()   # shown once: never after
    assert secret not in page.content() and password not in page.content()

    other = browser.new_context(base_url=site)
    person = other.new_page()
    try:
        _password_step(person, email, password)
        _code_step(person, secret)
        expect(person.locator("#welcome-username")).to_be_visible()

        row = page.locator("#staff-table tr", has_text=email)
        row.get_by_role("button", name=f"Disable {email}").click()
        expect(row).to_contain_text("Disabled")
        person.goto("/tickets")   # their session ended at once
        expect(person.locator("h1")).to_have_text("Sign in")
        _password_step(person, email, password)
        expect(person.locator("#form-error")).to_contain_text("disabled")

        row.get_by_role("button", name=f"Enable {email}").click()
        expect(row).to_contain_text("Enabled")
        _password_step(person, email, password)
        expect(person.locator("h1")).to_have_text("Two-step verification")

        row.get_by_role("button", name=f"Reset second factor of {email}").click()
        expect(shown).to_contain_text("New second factor")
        new_secret = page.locator("#new-totp-secret").inner_text()
        assert new_secret != secret
        expect(page.locator("#new-password")).to_have_count(0)   # the password is unchanged

        _password_step(person, email, password)
        _code_step(person, secret)   # the old secret's code
        expect(person.locator("#form-error")).to_contain_text("incorrect")
        _password_step(person, email, password)
        _code_step(person, new_secret)
        expect(person.locator("#welcome-username")).to_be_visible()
    finally:
        other.close()
    assert page.errors == []
