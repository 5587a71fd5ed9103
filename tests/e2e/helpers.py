"""Steps shared by browser tests."""

from __future__ import annotations

import secrets

import pyotp
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.services import accounts


def sign_in(page, email: str, password: str = "a-good-password") -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page.locator("#welcome-username")).to_be_visible()


def sign_in_as_new_staff(page, role: Role = Role.ADMIN) -> str:
    """Create a staff account and sign in through both steps, as a person would."""
    email = f"staff-{secrets.token_hex(4)}@example.com"
    _user, password, secret = accounts.create_staff(email, role)
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Two-step verification")
    page.fill("#totp", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    expect(page.locator("#welcome-username")).to_be_visible()
    return email
