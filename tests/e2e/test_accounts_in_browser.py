"""A person registers, signs in, sees the dashboard and signs out, in a real browser."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from tests.support.browser import sign_in_as_new_staff

pytestmark = pytest.mark.e2e


def _register(page, email: str, username: str, password: str = "a-good-password", adult: bool = True) -> None:
    page.goto("/register")
    page.fill("#username", username)
    page.fill("#email", email)
    page.fill("#password", password)
    if adult:
        page.check("#adult")
    page.click("button[type=submit]")


def test_register_sign_out_and_sign_in_again(page, site) -> None:
    email = f"web-{secrets.token_hex(4)}@example.com"
    _register(page, email, "web" + email[4:12])
    expect(page).to_have_url(f"{site}/dashboard")
    expect(page.locator("#welcome-username")).to_have_text("web" + email[4:12])
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["session"]
    assert cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Lax"
    assert page.evaluate("Object.keys(localStorage).length + Object.keys(sessionStorage).length") == 0

    page.click("#sign-out")
    expect(page.locator("h1")).to_have_text("Sign in")
    assert page.context.cookies() == []
    page.goto("/dashboard")
    expect(page.locator("h1")).to_have_text("Sign in")  # signed out for real

    page.fill("#email", email.upper())
    page.fill("#password", "a-good-password")
    page.click("button[type=submit]")
    expect(page.locator("#welcome-username")).to_be_visible()
    assert page.errors == []


@pytest.mark.promise("P7")
def test_registration_without_the_18_plus_box_is_refused(page) -> None:
    email = f"minor-{secrets.token_hex(4)}@example.com"
    _register(page, email, "minor" + email[6:12], adult=False)
    expect(page.locator("#form-error")).to_have_text("You must confirm that you are 18 or older to open an account.")
    expect(page.locator("h1")).to_have_text("Create your account")


def test_wrong_password_shows_a_clear_message(page) -> None:
    page.goto("/login")
    page.fill("#email", "nobody@example.com")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit]")
    expect(page.locator("#form-error")).to_have_text("E-mail or password is incorrect.")


@pytest.mark.promise("P5")
def test_markup_in_a_username_is_shown_as_text_and_never_runs(page) -> None:
    email = f"xss-{secrets.token_hex(4)}@example.com"
    name = "<img/src/onerror=window.x=1>"
    _register(page, email, name)
    expect(page.locator("#welcome-username")).to_have_text(name)
    expect(page.locator("#nav-username")).to_have_text(name)
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.x") is None
    assert page.errors == []


@pytest.mark.promise("P5")
def test_pages_carry_a_strict_content_security_policy_and_no_inline_script(page, site) -> None:
    response = page.goto("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    scripts = page.eval_on_selector_all("script", "nodes => nodes.map(n => [n.src, n.textContent.trim()])")
    assert scripts and all(src and not text for src, text in scripts)


def test_staff_sign_in_with_the_totp_step(page) -> None:
    sign_in_as_new_staff(page)
    expect(page.locator(".stat", has_text="Role")).to_contain_text("admin")


def test_footer_links_to_every_policy(page) -> None:
    page.goto("/login")
    expect(page.locator("footer a[href^='mailto:']")).to_have_count(1)  # the brand's support address
    links = page.eval_on_selector_all("footer a", "nodes => nodes.map(n => n.getAttribute('href'))")
    assert [link for link in links if not link.startswith("mailto:")] == [
        "/legal/cookies", "/legal/privacy", "/legal/law-enforcement", "/legal/sla", "/status"]
    page.click("footer >> text=Privacy policy")
    expect(page.locator("h1")).to_have_text("Privacy policy")


def test_reset_password_page_can_revoke_every_api_key(page) -> None:
    import re

    from chalicelib.services import accounts, api_keys, passwords
    from tests.support.mail import mails_to

    email = f"reset-{secrets.token_hex(4)}@example.com"
    user = accounts.register("rs" + email[6:14], email, "a-good-password", True)
    api_keys.create(user.user_id, "my bot")
    assert passwords.send_password_reset(email)
    token = re.search(r"#token=([\w-]+)", mails_to(email)[-1]).group(1)
    page.goto(f"/reset-password#token={token}")
    page.fill("#password", "fresh-password-9")
    page.check("#revoke-api-keys")
    page.click("button[type=submit]")
    expect(page.locator("#form-notice")).to_contain_text("1 API key(s) were revoked")
    assert all(key.revoked for key in api_keys.of_user(user.user_id))
    assert page.errors == []
