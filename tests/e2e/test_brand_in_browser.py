"""An admin changes the panel's name, accent colour and support address and uploads a logo on
/admin/brand; a visitor then sees them on the home page (header, tab title, colours, footer)
and on the privacy policy page (its privacy address)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.domain.accounts import Role
from chalicelib.services import caches
from chalicelib.store import dynamo, keys
from tests.support.browser import sign_in_as_new_staff
from tests.support.phone import page_problems, phone_page

pytestmark = pytest.mark.e2e
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture
def phone(browser: Any, site: str) -> Iterator[Any]:
    with phone_page(browser, site) as page:
        yield page


@pytest.fixture(autouse=True)
def _default_brand() -> Iterator[None]:
    dynamo.delete(keys.brand_settings())
    caches.brand.clear()
    yield
    dynamo.delete(keys.brand_settings())  # the site's own cache lets it go within catalog_cache_seconds
    caches.brand.clear()


def test_an_admin_rebrands_the_panel_and_a_visitor_sees_it(page, browser, site) -> None:
    sign_in_as_new_staff(page, Role.ADMIN)
    page.goto("/admin/brand")
    expect(page.locator("h1")).to_have_text("Brand")
    page.fill("#b-name", "Acme Boost")
    page.fill("#b-accent", "#ffdd00")  # too light for white text: refused, nothing saved
    page.click("#brand-form button[type=submit]")
    expect(page.locator("#brand-error")).to_contain_text("too light")
    expect(page.locator(".topbar .brand")).to_have_text("SMM Panel")

    page.fill("#b-accent", "#8a1538")
    page.fill("#b-support", "help@acme.example")
    page.fill("#b-privacy", "dpo@acme.example")
    page.set_input_files("#b-logo", files=[{"name": "acme.png", "mimeType": "image/png", "buffer": PNG}])
    expect(page.locator("#logo-preview")).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    page.click("#brand-form button[type=submit]")
    expect(page.locator("#brand-saved")).to_contain_text("Saved")
    expect(page.locator("#brand-name")).to_have_text("Acme Boost")  # at once, on the admin's own page
    expect(page).to_have_title("Brand · Acme Boost")
    assert page.errors == []

    visitor_context = browser.new_context(base_url=site)
    visitor_context.set_default_timeout(10_000)
    visitor = visitor_context.new_page()
    try:
        visitor.goto("/")
        expect(visitor.locator("#brand-name")).to_have_text("Acme Boost")
        expect(visitor).to_have_title(re.compile(r" · Acme Boost$"))
        logo = visitor.locator("#brand-logo")
        expect(logo).to_have_attribute("src", re.compile(r"^/api/brand/logo\?v="))
        visitor.wait_for_function("document.getElementById('brand-logo').naturalWidth === 1")  # served, decoded
        accent = visitor.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()")
        assert accent == "#8a1538"
        expect(visitor.locator("#footer-support-email")).to_have_text("help@acme.example")
        visitor.click("text=Privacy policy")
        expect(visitor.locator("h1")).to_contain_text("Privacy")
        expect(visitor.locator("#policy-privacy-email").first).to_have_text("dpo@acme.example")
        expect(visitor.locator("#view")).not_to_contain_text("privacy@panel.example")
        expect(visitor.locator(".footer")).to_contain_text("help@acme.example")
        expect(visitor).to_have_title(re.compile(r" · Acme Boost$"))
    finally:
        visitor_context.close()


def test_a_dark_branded_header_with_a_logo_still_fits_a_phone_and_passes_axe(phone) -> None:
    sign_in_as_new_staff(phone, Role.ADMIN)
    phone.goto("/admin/brand")
    phone.fill("#b-name", "Acme Boost Worldwide Marketing")
    phone.fill("#b-header", "#101828")
    phone.set_input_files("#b-logo", files=[{"name": "acme.png", "mimeType": "image/png", "buffer": PNG}])
    phone.click("#brand-form button[type=submit]")
    expect(phone.locator("#brand-saved")).to_contain_text("Saved")
    expect(phone.locator(".topbar .brand")).to_have_css("color", "rgb(255, 255, 255)")  # white on the dark header
    problems = page_problems(phone, ["/admin/brand", "/dashboard"])
    phone.click("#nav-toggle")
    phone.click("#sign-out")
    expect(phone.locator("#email")).to_be_visible()
    problems += page_problems(phone, ["/login", "/legal/privacy"])
    assert problems == []
    assert phone.errors == []
