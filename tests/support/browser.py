"""Steps shared by browser tests (Playwright pages)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from tests.support.accounts import PASSWORD, customer, email_of, new_staff


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page.locator("#welcome-username")).to_be_visible()


def sign_in_customer(page: Any, balance: str = "0") -> str:
    """A new customer with `balance`, signed in on `page`; returns the user id."""
    user_id = customer(balance)
    sign_in(page, email_of(user_id))
    return user_id


def sign_in_as_new_staff(page: Any, role: Role = Role.ADMIN) -> str:
    """Create a staff account and sign in through both steps, as a person would; returns its e-mail."""
    staff = new_staff(role)
    page.goto("/login")
    page.fill("#email", staff.email)
    page.fill("#password", staff.password)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Two-step verification")
    page.fill("#totp", staff.totp.now())
    page.click("button[type=submit]")
    expect(page.locator("#welcome-username")).to_be_visible()
    return staff.email


def follow_nav(page: Any, text: str) -> None:
    """Follow a main navigation link as a person would: on a phone, open the Menu first."""
    toggle = page.locator("#nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.locator("#nav").get_by_role("link", name=text, exact=True).click()
